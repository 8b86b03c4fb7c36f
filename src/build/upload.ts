// Puts the store (src/generated/kv-store/, written by the build) into Workers KV when wrangler.toml says
// STORE = "kv". With STORE = "assets" there is nothing to do: Static Assets ship with the deploy.
// Keys are addresses; each value's metadata holds its ETag, so a document that has not changed is
// never uploaded again, and keys the build no longer writes are deleted only with --prune (after the
// new Worker is live, so the old one never misses a document it links to).
//   --local    miniflare's local KV, the one `wrangler dev` reads (`npm start` does this)
//   --prune    delete keys the store no longer has
//   --dry-run  say what would change, change nothing (without CLOUDFLARE_API_TOKEN, offline: KV is not read,
//              so every document counts as new)
import { execFile } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs, promisify } from "node:util";
import { parse } from "smol-toml";
import { decodeEntry, keyOfFile } from "../shared/contract";
import { ASSETS_PREFIX, KV_KEY_BYTES } from "../worker/store";
import { readSiteConfig } from "./site-vars";
import { storeFolders } from "./store-folder";

const run = promisify(execFile);
const BINDING = "STORE_KV";
const FOLDER = join(storeFolders("src/generated", "kv").entries, ASSETS_PREFIX);
/** Entries per `wrangler kv bulk put` file (the API takes 10,000 per request; wrangler splits further). */
const BULK = 10_000;

const { values } = parseArgs({
  options: {
    local: { type: "boolean", default: false },
    prune: { type: "boolean", default: false },
    "dry-run": { type: "boolean", default: false },
  },
});
const where = values.local ? ["--local"] : ["--remote"];

async function wrangler(args: string[]): Promise<string> {
  const { stdout } = await run("npx", ["wrangler", ...args], {
    maxBuffer: 1 << 30,
    env: { ...process.env, WRANGLER_SEND_METRICS: "false" },
  });
  return stdout;
}

async function main(): Promise<number> {
  // As the build reads it: wrangler.toml, with what `npm start -- --var STORE:kv` gave.
  if ((await readSiteConfig("wrangler.toml")).config.STORE !== "kv") {
    console.log('edgefeed: STORE = "assets": the store ships with the deploy as Static Assets; nothing to upload.');
    return 0;
  }
  const config = parse(await readFile("wrangler.toml", "utf8")) as { kv_namespaces?: { binding?: string }[] };
  if (!config.kv_namespaces?.some((ns) => ns.binding === BINDING)) {
    console.error(
      `edgefeed: STORE = "kv" needs a KV namespace bound as ${BINDING}: add [[kv_namespaces]] with binding = "${BINDING}" ` +
        `to wrangler.toml (\`npx wrangler kv namespace create ${BINDING}\` gives its id; locally any id works). See README, "The store".`,
    );
    return 1;
  }
  const offline = values["dry-run"] && !values.local && !process.env.CLOUDFLARE_API_TOKEN;
  const listed = (offline ? [] : JSON.parse(await wrangler(["kv", "key", "list", "--binding", BINDING, ...where]))) as {
    name: string;
    metadata?: { etag?: string };
  }[];
  const uploaded = new Map(listed.map((k) => [k.name, k.metadata?.etag]));
  const files = await readdir(FOLDER);
  const keys = files.map((f) => keyOfFile(`/${f}`));
  const long = keys.find((key) => Buffer.byteLength(key) > KV_KEY_BYTES);
  if (long) throw new Error(`edgefeed: KV keys are at most ${KV_KEY_BYTES} bytes; this address is longer: ${long}`);
  const present = new Set(keys);
  const stale = [...uploaded.keys()].filter((key) => !present.has(key));
  const work = await mkdtemp(join(tmpdir(), "edgefeed-kv-"));
  let changed = 0;
  let bytes = 0;
  try {
    // In batches, so that the upload never holds the whole store in memory.
    let batch: { key: string; value: string; metadata: { etag: string } }[] = [];
    const flush = async () => {
      if (batch.length === 0) return;
      if (!values["dry-run"]) {
        const file = join(work, "put.json");
        await writeFile(file, JSON.stringify(batch));
        await wrangler(["kv", "bulk", "put", file, "--binding", BINDING, ...where]);
      }
      batch = [];
    };
    for (const [i, file] of files.entries()) {
      const value = await readFile(join(FOLDER, file), "utf8");
      const { etag } = decodeEntry(value);
      if (uploaded.get(keys[i]!) === etag) continue;
      changed += 1;
      bytes += Buffer.byteLength(value);
      batch.push({ key: keys[i]!, value, metadata: { etag } });
      if (batch.length >= BULK) await flush();
    }
    await flush();
    if (values.prune && stale.length > 0 && !values["dry-run"]) {
      const file = join(work, "delete.json");
      await writeFile(file, JSON.stringify(stale));
      await wrangler(["kv", "bulk", "delete", file, "--binding", BINDING, "--force", ...where]);
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  console.log(
    `edgefeed: ${files.length} documents in the store; ${changed} new or changed (${(bytes / 1024).toFixed(1)} KiB)${values["dry-run"] ? " would be" : ""} uploaded; ${stale.length} no longer written${values.prune ? " (deleted)" : ""}${offline ? " (KV not read: no CLOUDFLARE_API_TOKEN, so every document counts as new)" : ""}.`,
  );
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
