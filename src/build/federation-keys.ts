// The fediverse Worker's key (src/federation/keys.ts), made once. `npm start` keeps a development key in
// src/federation/.dev.vars (git-ignored; wrangler dev reads it beside the Worker's wrangler.toml), made the
// first time and never again, so a local follower's server keeps trusting the site across restarts.
// `npm run federation:key` prints a new one for production: `wrangler secret put ACTOR_KEY --config
// src/federation/wrangler.toml` and paste it, once — a new key is a new identity to every follower.
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { newActorKey } from "../federation/keys";

export const DEV_VARS = join(import.meta.dirname, "../federation/.dev.vars");

/** The development key's file, made if it is not there yet; what it holds is left as it is. */
export async function ensureDevKey(path = DEV_VARS): Promise<"kept" | "made"> {
  const existing = await readFile(path, "utf8").catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return undefined;
    throw error;
  });
  if (existing !== undefined && /^ACTOR_KEY=/m.test(existing)) return "kept";
  const lines = [
    "# Made by `npm start` for local development only (src/build/federation-keys.ts). Never deploy this key.",
    `ACTOR_KEY=${await newActorKey()}`,
    "FEDERATION_DEV=1",
    "",
  ];
  await writeFile(path, lines.join("\n"), { flag: existing === undefined ? "wx" : "w", mode: 0o600 });
  return "made";
}

if (process.argv[1] === import.meta.filename) {
  if (process.argv[2] === "--dev") console.log(`${DEV_VARS}: ${await ensureDevKey()}`);
  else console.log(await newActorKey());
}
