// The shipped Worker for the browser tests: `wrangler deploy --dry-run` builds the exact bundle a deploy
// would upload, and Miniflare (workerd) serves it on 127.0.0.1 with wrangler.toml's [vars].
// Miniflare rather than `wrangler dev`: it starts in-process on a random free port, needs no log
// scraping to learn the address, and its dispose() stops workerd for certain.
import { execFile } from "node:child_process";
import { cp, mkdtemp, readdir, readFile, rm, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { convertV4MiniflareOptions, Miniflare } from "miniflare";
import { parse } from "smol-toml";
import { buildCollection } from "../../src/build/collection";
import { BUILD_ARGV } from "../../src/build/commands";
import type { Collection } from "../../src/shared/content/schema";
import { keyOfFile } from "../../src/shared/contract";
import { ASSETS_PREFIX } from "../../src/worker/store";
import { assetsOptions } from "../support/assets-options";
import { readMiniflareModules } from "../support/miniflare-modules";

const ROOT = resolve(import.meta.dirname, "../..");

export interface RunningWorker {
  /** The address workerd listens on, e.g. http://127.0.0.1:41234 */
  origin: string;
  port: number;
  /** wrangler.toml [vars], as the Worker sees them. */
  vars: Record<string, string>;
  /** content/ (or the content option) read by the build's parser, for expected values (the pages are rendered from it). */
  collection: Collection;
  /** The store the build wrote for this Worker (one file per document; src/shared/contract.ts). */
  storeDir: string;
  /** Where its bundle and the project it was built from are (for `from`). */
  outdir: string;
  project: string;
  dispose(): Promise<void>;
}

interface WranglerConfig {
  compatibilityDate: string;
  compatibilityFlags: string[];
  vars: Record<string, string>;
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
  return { compatibilityDate: date, compatibilityFlags: flags, vars };
}

export interface WorkerOptions {
  /**
   * A folder of articles to serve instead of content/. The [build] command writes the compiled content
   * to src/generated/, so this bundle is built in a scratch copy of the project (src/, wrangler.toml,
   * package.json, tsconfig.json; node_modules linked): the working tree's src/generated/ keeps content/.
   */
  content?: string;
  /** The store mode (wrangler.toml STORE): "kv" puts the build's store into miniflare's KV first. */
  store?: "assets" | "kv";
  /** [vars] to set over wrangler.toml's, for the build and the Worker (e.g. SITE_URL, so that two Workers on two ports give the same bytes). */
  vars?: Record<string, string>;
  /** Serve the bundle another running Worker built (it must be disposed last), instead of building one. */
  from?: RunningWorker;
  /**
   * With `content`: build it once first, then call this (which changes the content), then build the
   * bundle, so that the build it serves is an incremental one, made with what the first left in the
   * build cache (src/build/cache.ts).
   */
  changeAfterFirstBuild?: () => Promise<void>;
}

/** A copy of what `wrangler deploy` builds from, without src/generated/ (the build writes it afresh). */
async function scratchProject(): Promise<string> {
  const work = await mkdtemp(join(tmpdir(), "edgefeed-project-"));
  for (const entry of ["src", "wrangler.toml", "package.json", "tsconfig.json"]) {
    await cp(join(ROOT, entry), join(work, entry), {
      recursive: true,
      filter: (from) => from !== join(ROOT, "src/generated"),
    });
  }
  await symlink(join(ROOT, "node_modules"), join(work, "node_modules"));
  return work;
}

export async function startWorker(options: WorkerOptions = {}): Promise<RunningWorker> {
  const outdir = options.from?.outdir ?? (await mkdtemp(join(tmpdir(), "edgefeed-bundle-")));
  const project = options.from?.project ?? (options.content ? await scratchProject() : ROOT);
  const kv = options.store === "kv";
  const cleanUp = async () => {
    if (options.from) return;
    await rm(outdir, { recursive: true, force: true });
    if (project !== ROOT) await rm(project, { recursive: true, force: true });
  };
  const config = await readWranglerConfig();
  // The [build] command compiles content/ first; EDGEFEED_YEAR is pinned as `npm test` pins it.
  const referenceYear = process.env.EDGEFEED_YEAR ?? "2026";
  const contentDir = options.content ? resolve(options.content) : join(ROOT, "content");
  if (!options.from && options.content && options.changeAfterFirstBuild) {
    await promisify(execFile)(process.execPath, [...BUILD_ARGV], {
      cwd: project,
      env: {
        ...process.env,
        EDGEFEED_YEAR: referenceYear,
        EDGEFEED_CONTENT_DIR: contentDir,
        ...(options.vars ? { EDGEFEED_VARS: JSON.stringify(options.vars) } : {}),
      },
    });
    await options.changeAfterFirstBuild();
  }
  if (!options.from) await build();
  async function build() {
    await promisify(execFile)(
      process.execPath,
      [join(ROOT, "node_modules/wrangler/bin/wrangler.js"), "deploy", "--dry-run", "--outdir", outdir],
      {
        cwd: project,
        env: {
          ...process.env,
          EDGEFEED_YEAR: referenceYear,
          ...(options.content ? { EDGEFEED_CONTENT_DIR: contentDir } : {}),
          // As `npm start -- --var NAME:VALUE` gives them to the build (src/build/site-vars.ts).
          ...(options.vars ? { EDGEFEED_VARS: JSON.stringify(options.vars) } : {}),
          CLOUDFLARE_CF_FETCH_ENABLED: "false",
          WRANGLER_SEND_METRICS: "false",
        },
      },
    ).catch(async (error: unknown) => {
      await cleanUp();
      throw error;
    });
  }
  const mf = new Miniflare(
    convertV4MiniflareOptions({
      // The bundle's modules by wrangler's default module rules: the collection rides as a Text module.
      modulesRoot: outdir,
      modules: await readMiniflareModules(outdir),
      compatibilityDate: config.compatibilityDate,
      compatibilityFlags: config.compatibilityFlags,
      bindings: { ...config.vars, ...options.vars, ...(kv ? { STORE: "kv" } : {}) },
      ...(kv ? { kvNamespaces: ["STORE_KV"] } : {}),
      // wrangler.toml [assets]: the store the build wrote, which the Worker reads through ASSETS.
      assets: assetsOptions(join(project, "src/generated/store")),
      host: "127.0.0.1",
      port: 0,
    }),
  );
  const url = await mf.ready;
  const storeDir = join(project, "src/generated/store", ASSETS_PREFIX);
  if (kv) {
    const namespace = await mf.getKVNamespace("STORE_KV");
    const files = await readdir(storeDir);
    for (let i = 0; i < files.length; i += 64) {
      await Promise.all(
        files
          .slice(i, i + 64)
          .map(async (file) => namespace.put(keyOfFile(`/${file}`), await readFile(join(storeDir, file), "utf8"))),
      );
    }
  }
  const { collection } = await buildCollection(contentDir, {
    referenceYear: Number(referenceYear),
    timeZone: config.vars.SITE_TIMEZONE || "UTC",
  });
  return {
    origin: url.origin,
    port: Number(url.port),
    vars: { ...config.vars, ...options.vars },
    collection,
    storeDir,
    outdir,
    project,
    async dispose() {
      await mf.dispose();
      await cleanUp();
    },
  };
}
