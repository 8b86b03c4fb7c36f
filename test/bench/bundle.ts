// Builds the bundle that ships (`wrangler deploy --dry-run`: the same build, [build] command, module
// rules and [alias] entries as a deploy) and measures it as wrangler reports it, with the [assets]
// folder the build wrote beside it.
import { spawn } from "node:child_process";
import { cp, readdir, readFile, stat } from "node:fs/promises";
import { extname, join, resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { ROOT, type WorkerConfig, workerConfig } from "./project";
import type { ModuleType, WorkerModule } from "./workerd-config";

export interface BundleOptions {
  /** The project to build in (its wrangler.toml, content/ and src/); default: this one. */
  project?: string;
  extraArgs?: readonly string[];
  /** Added to the environment wrangler and the [build] command run in (e.g. EDGEFEED_YEAR). */
  env?: Record<string, string>;
  /**
   * Copy the [assets] folder into the output folder and serve the copy (default: true). The build
   * writes it inside the project, where the next build (`npm test`, `wrangler dev`) replaces it whole:
   * a Worker serving the project's own folder would lose its files in the middle of a run.
   */
  snapshotAssets?: boolean;
  /**
   * How long the build may take before it is stopped, wrangler and the [build] command together (default
   * 30 min; 0: no limit, for `npm run scale`, where a million articles take most of an hour to build).
   */
  timeoutMs?: number;
}

export interface AssetsFolder {
  /** Files in the folder, all of them uploaded (Static Assets counts these against its file limit). */
  files: number;
  bytes: number;
  /** The largest file, in bytes (Static Assets takes files up to 25 MiB). */
  largest: number;
}

export interface Bundle {
  dir: string;
  /** The main module first, then the modules it imports (e.g. the collection as a Text module). */
  modules: WorkerModule[];
  bytes: number;
  /** As wrangler counts it: the modules concatenated, then gzipped. */
  gzipBytes: number;
  /** wrangler's own "Total Upload: … / gzip: …" line. */
  wranglerSays: string;
  /** What wrangler printed, the [build] command's output included. */
  output: string;
  /** The project's wrangler.toml, with [assets] pointing at the folder to serve (the snapshot, by default). */
  config: WorkerConfig;
  /** The [assets] folder, measured. */
  assets?: AssetsFolder;
}

/**
 * Runs a command in a process group of its own and collects its output. A timeout stops the whole group:
 * stopping wrangler alone would leave its [build] command writing into a folder the caller then removes.
 */
function runGroup(
  file: string,
  args: readonly string[],
  options: { cwd: string; env: NodeJS.ProcessEnv },
  timeoutMs: number,
): Promise<{ stdout: string; stderr: string }> {
  return new Promise((ok, fail) => {
    const child = spawn(file, args, { ...options, detached: true, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    let timedOut = false;
    const timer =
      timeoutMs > 0
        ? setTimeout(() => {
            timedOut = true;
            if (child.pid !== undefined) process.kill(-child.pid, "SIGTERM");
          }, timeoutMs)
        : undefined;
    child.on("error", fail);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      // wrangler exits 0 when stopped: a timeout is a failure whatever the code.
      if (code === 0 && !timedOut) return ok({ stdout, stderr });
      const why = timedOut ? `timed out after ${timeoutMs / 1000} s` : `exited with ${code ?? signal}`;
      fail(new Error(`${file} ${args.join(" ")}: ${why}\n${stdout}\n${stderr}`));
    });
  });
}
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

export async function buildBundle(outdir: string, options: BundleOptions = {}): Promise<Bundle> {
  const { project = ROOT, extraArgs = [], snapshotAssets = true, timeoutMs = 1_800_000 } = options;
  const env = { ...process.env, ...options.env, CLOUDFLARE_CF_FETCH_ENABLED: "false", WRANGLER_SEND_METRICS: "false" };
  const { stdout, stderr } = await runGroup(
    join(project, "node_modules/.bin/wrangler"),
    ["deploy", "--dry-run", "--outdir", outdir, ...extraArgs],
    { cwd: project, env },
    timeoutMs,
  );
  const output = stdout + stderr;
  const config = await workerConfig(join(project, "wrangler.toml"));
  if (config.assets && snapshotAssets) {
    const copy = join(outdir, "assets");
    // The folder is a link to the live build (src/build/output.ts): copy its files, not the link.
    await cp(config.assets.directory, copy, { recursive: true, dereference: true });
    config.assets = { ...config.assets, directory: copy };
  }
  return readBundle(outdir, config, output);
}

/** The modules `wrangler deploy --dry-run` wrote into `outdir`: the main module first, then the rest by name. */
export async function bundleModules(outdir: string): Promise<WorkerModule[]> {
  const files = (await readdir(outdir, { withFileTypes: true }))
    .filter((f) => f.isFile() && f.name !== "README.md" && !f.name.endsWith(".map") && f.name !== MAIN)
    .map((f) => f.name)
    .sort();
  return [MAIN, ...files].map((name) => {
    const type = TYPES[extname(name)];
    if (!type) throw new Error(`${outdir}/${name}: no workerd module type for "${extname(name)}"`);
    return { name, type };
  });
}

/** A bundle `wrangler deploy --dry-run` wrote into `outdir`, measured; `output` is what it printed. */
export async function readBundle(outdir: string, config: WorkerConfig, output: string): Promise<Bundle> {
  const total = /Total Upload: .*/.exec(output)?.[0];
  if (!total) throw new Error(`wrangler deploy --dry-run printed no "Total Upload" line:\n${output}`);
  const modules = await bundleModules(outdir);
  const contents = await Promise.all(modules.map((m) => readFile(join(outdir, m.name))));
  // wrangler puts the main module last before gzipping the lot.
  const all = Buffer.concat([...contents.slice(1), contents[0]!]);
  return {
    dir: outdir,
    modules,
    bytes: all.byteLength,
    gzipBytes: gzipSync(all).byteLength,
    wranglerSays: total,
    output,
    config,
    ...(config.assets ? { assets: await measureFolder(config.assets.directory) } : {}),
  };
}

export async function measureFolder(dir: string): Promise<AssetsFolder> {
  const names = await readdir(dir, { recursive: true });
  const sizes: number[] = [];
  // Batches: a 100,000-file store must not open 100,000 stat calls at once.
  for (let i = 0; i < names.length; i += 512) {
    const batch = await Promise.all(names.slice(i, i + 512).map((n) => stat(resolve(dir, n))));
    for (const s of batch) if (s.isFile()) sizes.push(s.size);
  }
  return {
    files: sizes.length,
    bytes: sizes.reduce((a, b) => a + b, 0),
    largest: sizes.reduce((a, b) => Math.max(a, b), 0),
  };
}
