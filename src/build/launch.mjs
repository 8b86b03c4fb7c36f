// How every build runs (./commands.ts BUILD_ARGV): its TypeScript bundled by esbuild, once for each
// version of the code (./code-version.mjs), into node_modules/.cache/edgefeed/, and run from there. Loaded
// from its sources through tsx, a build spent half a second or more resolving modules through tsx's
// hooks, and each of its threads a few tenths more starting (docs/performance.md). The libraries stay
// where npm put them; `feed` alone is bundled, for it writes through src/shared/feeds/xml-writer.js.
// The folder can be deleted at any time: the next build bundles again.
import { createHash } from "node:crypto";
import { readdir, rename, rm, stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";
import { codeVersion } from "./code-version.mjs";

const project = resolve(import.meta.dirname, "../..");
const src = join(project, "src");
/** The bundle's entries: the build, and the threads it starts (./code-loading.ts ThreadModule). */
const ENTRIES = ["cli", "render-worker", "inputs-worker"];
/** Bundles kept for other versions of the code (a build of one may still be running). */
const KEEP = 4;

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

/** Leaves the KEEP newest bundles of other versions, and the temporary folders of builds still bundling. */
async function prune() {
  const names = (await readdir(cache)).filter((name) => /^build-[0-9a-f]+$/.test(name));
  const dated = await Promise.all(names.map(async (name) => ({ name, at: (await stat(join(cache, name))).mtimeMs })));
  dated.sort((a, b) => b.at - a.at);
  for (const { name } of dated.slice(KEEP + 1)) {
    if (join(cache, name) !== folder) await rm(join(cache, name), { recursive: true, force: true });
  }
}

// The project's place is part of the key: the bundle names its sources (./code-loading.ts SOURCES).
const key = createHash("sha256")
  .update(`${src}\0${await codeVersion(project, join(src, "generated"))}`)
  .digest("hex");
const folder = join(cache, `build-${key.slice(0, 32)}`);
if (!(await stat(join(folder, "cli.mjs")).catch(() => undefined))) await bundle();
await import(pathToFileURL(join(folder, "cli.mjs")).href);
