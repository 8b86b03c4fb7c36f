// How every build runs (./commands.ts BUILD_ARGV): its TypeScript bundled by esbuild, once for each
// version of the code (./code-version.mjs), into node_modules/.cache/edgefeed/, and run from there. Loaded
// from its sources through tsx, a build spent half a second or more resolving modules through tsx's
// hooks, and each of its threads a few tenths more starting (docs/performance.md). The libraries stay
// where npm put them; `feed` alone is bundled, for it writes through src/shared/feeds/xml-writer.js.
// The folder can be deleted at any time: the next build bundles again.
import { createHash } from "node:crypto";
import { readdir, rename, rm, stat, utimes } from "node:fs/promises";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";
import { codeVersion } from "./code-version.mjs";

const project = resolve(import.meta.dirname, "../..");
const src = join(project, "src");
/** The bundle's entries: the build, and the threads it starts (./code-loading.ts ThreadModule). */
const ENTRIES = ["cli", "render-worker", "inputs-worker"];
/**
 * How long a bundle no build has started from is kept: a build of other code (a copy of the project, an
 * earlier commit) may still be running from it, and the longest take an hour.
 */
const UNUSED_MS = 24 * 3600 * 1000;

const cache = join(project, "node_modules/.cache/edgefeed");

/** Bundles the build into `folder`: whole, or not at all (two builds at once each bundle, and one is kept). */
async function bundle() {
  const temporary = `${folder}.${process.pid}.tmp`;
  await build({
    entryPoints: Object.fromEntries(ENTRIES.map((name) => [name, join(src, "build", `${name}.ts`)])),
    outdir: temporary,
    outExtension: { ".js": ".mjs" },
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: `node${process.versions.node.split(".")[0]}`,
    alias: { "xml-js": join(src, "shared/feeds/xml-writer.js") },
    define: { EDGEFEED_BUNDLE: JSON.stringify({ src }) },
    plugins: [libraries],
    logLevel: "warning",
  });
  await rename(temporary, folder).catch(async (error) => {
    await rm(temporary, { recursive: true, force: true });
    if (!(await stat(join(folder, "cli.mjs")).catch(() => undefined))) throw error;
  });
  await prune();
}

/** Every library but `feed` is imported from node_modules, as npm installed it. */
const libraries = {
  name: "libraries",
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, ({ path }) =>
      path === "feed" || path.startsWith("feed/") || path === "xml-js" ? undefined : { path, external: true },
    );
  },
};

/** Removes the bundles no build has started from for UNUSED_MS (each start marks its bundle's folder). */
async function prune() {
  for (const name of await readdir(cache)) {
    const path = join(cache, name);
    if (!/^build-[0-9a-f]+$/.test(name) || path === folder) continue;
    const used = await stat(path).then(
      (info) => info.mtimeMs,
      () => Date.now(),
    );
    if (Date.now() - used > UNUSED_MS) await rm(path, { recursive: true, force: true });
  }
}

// The project's place is part of the key: the bundle names its sources (./code-loading.ts SOURCES).
const key = createHash("sha256")
  .update(`${src}\0${await codeVersion(project, join(src, "generated"))}`)
  .digest("hex");
const folder = join(cache, `build-${key.slice(0, 32)}`);
if (await stat(join(folder, "cli.mjs")).catch(() => undefined)) {
  const now = new Date();
  await utimes(folder, now, now);
} else await bundle();
await import(pathToFileURL(join(folder, "cli.mjs")).href);
