// The shipped Worker for the browser tests: `wrangler deploy --dry-run` builds the exact bundle a deploy
// would upload, and Miniflare (workerd) serves it on 127.0.0.1 with wrangler.toml's [vars].
// Miniflare rather than `wrangler dev`: it starts in-process on a random free port, needs no log
// scraping to learn the address, and its dispose() stops workerd for certain.
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { Miniflare } from "miniflare";
import { parse } from "smol-toml";
import { buildCollection } from "../../src/build/collection";
import type { Collection } from "../../src/content/schema";

const ROOT = resolve(import.meta.dirname, "../..");

export interface RunningWorker {
  /** The address workerd listens on, e.g. http://127.0.0.1:41234 */
  origin: string;
  port: number;
  /** wrangler.toml [vars], as the Worker sees them. */
  vars: Record<string, string>;
  /** content/ read by the build's parser, for expected values (the pages are rendered from it). */
  collection: Collection;
  dispose(): Promise<void>;
}

interface WranglerConfig {
  compatibilityDate: string;
  compatibilityFlags: string[];
  vars: Record<string, string>;
  /** The [version_metadata] binding's name, when the Worker has one. */
  versionMetadata?: string;
}

/** A TOML table as a plain record, or undefined for anything else. */
function table(value: unknown): Record<string, unknown> | undefined {
  if (!value || typeof value !== "object" || Array.isArray(value) || value instanceof Date) return undefined;
  return Object.fromEntries(Object.entries(value));
}

async function readWranglerConfig(): Promise<WranglerConfig> {
  const toml = parse(await readFile(join(ROOT, "wrangler.toml"), "utf8"));
  const date = toml.compatibility_date;
  if (typeof date !== "string") throw new Error("wrangler.toml: expected compatibility_date to be a string");
  const flags = Array.isArray(toml.compatibility_flags) ? toml.compatibility_flags.map(String) : [];
  const vars: Record<string, string> = {};
  for (const [name, value] of Object.entries(table(toml.vars) ?? {})) {
    if (typeof value !== "string") throw new Error(`wrangler.toml [vars] ${name}: expected a string`);
    vars[name] = value;
  }
  const binding = table(toml.version_metadata)?.binding;
  return {
    compatibilityDate: date,
    compatibilityFlags: flags,
    vars,
    ...(typeof binding === "string" ? { versionMetadata: binding } : {}),
  };
}

export async function startWorker(): Promise<RunningWorker> {
  const outdir = await mkdtemp(join(tmpdir(), "edgefeed-bundle-"));
  const config = await readWranglerConfig();
  // The [build] command compiles content/ first; EDGEFEED_YEAR is pinned as `npm test` pins it.
  const referenceYear = process.env.EDGEFEED_YEAR ?? "2026";
  await promisify(execFile)(
    process.execPath,
    [join(ROOT, "node_modules/wrangler/bin/wrangler.js"), "deploy", "--dry-run", "--outdir", outdir],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        EDGEFEED_YEAR: referenceYear,
        CLOUDFLARE_CF_FETCH_ENABLED: "false",
        WRANGLER_SEND_METRICS: "false",
      },
    },
  );
  const mf = new Miniflare({
    modules: true,
    scriptPath: join(outdir, "index.js"),
    modulesRoot: outdir,
    // wrangler's default module rules: the bundle may import content as text modules.
    modulesRules: [
      { type: "Text", include: ["**/*.txt", "**/*.html"] },
      { type: "Data", include: ["**/*.bin"] },
      { type: "CompiledWasm", include: ["**/*.wasm", "**/*.wasm?module"] },
    ],
    compatibilityDate: config.compatibilityDate,
    compatibilityFlags: config.compatibilityFlags,
    bindings: config.vars,
    ...(config.versionMetadata ? { versionMetadata: config.versionMetadata } : {}),
    host: "127.0.0.1",
    port: 0,
  });
  const url = await mf.ready;
  const { collection } = await buildCollection(join(ROOT, "content"), {
    referenceYear: Number(referenceYear),
    timeZone: config.vars.SITE_TIMEZONE || "UTC",
  });
  return {
    origin: url.origin,
    port: Number(url.port),
    vars: config.vars,
    collection,
    async dispose() {
      await mf.dispose();
      await rm(outdir, { recursive: true, force: true });
    },
  };
}
