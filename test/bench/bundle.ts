// Builds the bundle that ships (`wrangler deploy --dry-run`: the same build, [build] command, module
// rules and [alias] entries as a deploy) and measures it as wrangler reports it.
import { execFile } from "node:child_process";
import { readdir, readFile } from "node:fs/promises";
import { extname, join } from "node:path";
import { promisify } from "node:util";
import { gzipSync } from "node:zlib";
import { ROOT } from "./project";
import type { ModuleType, WorkerModule } from "./workerd-config";

export interface Bundle {
  dir: string;
  /** The main module first, then the modules it imports (e.g. the collection as a Text module). */
  modules: WorkerModule[];
  bytes: number;
  /** As wrangler counts it: the modules concatenated, then gzipped. */
  gzipBytes: number;
  /** wrangler's own "Total Upload: … / gzip: …" line. */
  wranglerSays: string;
}

const run = promisify(execFile);
const MAIN = "index.js";

/** wrangler's default module rules, by extension. */
const TYPES: Record<string, ModuleType> = {
  ".js": "esModule",
  ".mjs": "esModule",
  ".cjs": "commonJsModule",
  ".txt": "text",
  ".html": "text",
  ".sql": "text",
  ".bin": "data",
  ".wasm": "wasm",
};

export async function buildBundle(outdir: string, extraArgs: readonly string[] = []): Promise<Bundle> {
  const env = { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: "false", WRANGLER_SEND_METRICS: "false" };
  const { stdout, stderr } = await run(
    join(ROOT, "node_modules/.bin/wrangler"),
    ["deploy", "--dry-run", "--outdir", outdir, ...extraArgs],
    { cwd: ROOT, env, timeout: 120_000, maxBuffer: 8 << 20 },
  );
  const total = /Total Upload: .*/.exec(stdout + stderr)?.[0];
  if (!total) throw new Error(`wrangler deploy --dry-run printed no "Total Upload" line:\n${stdout}\n${stderr}`);
  const files = (await readdir(outdir)).filter((f) => f !== "README.md" && !f.endsWith(".map") && f !== MAIN).sort();
  const modules: WorkerModule[] = [MAIN, ...files].map((name) => {
    const type = TYPES[extname(name)];
    if (!type) throw new Error(`${outdir}/${name}: no workerd module type for "${extname(name)}"`);
    return { name, type };
  });
  const contents = await Promise.all(modules.map((m) => readFile(join(outdir, m.name))));
  // wrangler puts the main module last before gzipping the lot.
  const all = Buffer.concat([...contents.slice(1), contents[0]!]);
  return { dir: outdir, modules, bytes: all.byteLength, gzipBytes: gzipSync(all).byteLength, wranglerSays: total };
}
