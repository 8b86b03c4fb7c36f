// `npm run build:content`: compiles content/ and renders the site into src/generated/, or fails listing
// every bad file. Writes the current documents the script carries (current.js) and the store the Worker
// reads the rest from (store/, as Static Assets, with the media; with STORE = "kv" the documents go to
// kv-store/ instead, for `npm run deploy` to put into KV). Nothing holds the whole collection as one
// text: a million articles' JSON is longer than V8's longest string.
//   --content <dir>  read articles from <dir> (default: $EDGEFEED_CONTENT_DIR, else content)
//   --out <dir>      write into <dir> (default: src/generated)
// EDGEFEED_YEAR pins the year that year-less wire dates resolve against (default: the current year).
// A build made from the same inputs as the last one (./inputs.ts) stops before rendering: it would write
// the same bytes. Everything is written into a folder of the build's own and made live in one step
// (./output.ts): a reader never sees half a build, and a failed one leaves nothing behind.
import { access, readFile, writeFile } from "node:fs/promises";
import { register } from "node:module";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { ConfigError } from "../shared/config-values";
import { buildStylesheet } from "./assets";
import { DEV_SERVER } from "./commands";
import { checkContentFolder } from "./content-files";
import { ContentError } from "./errors";
import { forgetInputs, hashInputs, recordInputs, upToDate } from "./inputs";
import { renderCurrentModule, renderProblemsModule, scriptSizeProblem } from "./module";
import { type Build, liveSource, startBuild, writeOnce } from "./output";
import { type BuildConfig, readSiteConfig } from "./site-vars";
import { summaryLines } from "./summary";

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      content: { type: "string", default: process.env.EDGEFEED_CONTENT_DIR || "content" },
      out: { type: "string", default: "src/generated" },
      config: { type: "string", default: "wrangler.toml" },
    },
  });
  const started = performance.now();
  const out = values.out;
  const referenceYear = Number(process.env.EDGEFEED_YEAR ?? new Date().getFullYear());
  // Checked once, before anything else: a mistake in it is named before any content is read.
  const site = await readSiteConfig(values.config);
  const mode = site.config.STORE;
  // Before its files are hashed: a content folder that is a link could name any folder.
  await checkContentFolder(values.content);
  const inputs = await hashInputs({ content: values.content, config: values.config, out, referenceYear });
  const built = await upToDate(out, inputs, Date.now());
  if (built !== undefined && (await wrote(out, mode))) {
    const ms = Math.round(performance.now() - started);
    console.log(
      `edgefeed: ${built} article${built === 1 ? "" : "s"} → ${out} (unchanged: built from these inputs, ${ms} ms)`,
    );
    return 0;
  }
  await forgetInputs(out);
  const build = await startBuild(out, values.content);
  try {
    return await render(build, { ...values, site, out, mode, referenceYear, inputs, started });
  } finally {
    await build.discard();
  }
}

interface Settings {
  content: string;
  site: BuildConfig;
  out: string;
  mode: string;
  referenceYear: number;
  inputs: string;
  started: number;
}

/** Renders the site into the build's own folder and makes it live; 1 (nothing live changed) when it cannot. */
async function render(build: Build, settings: Settings): Promise<number> {
  const { content, site, out, mode, referenceYear, inputs, started } = settings;
  const stylesheet = await buildStylesheet();
  // `feed` writes through src/shared/feeds/xml-writer.js here too (./alias-hook.mjs).
  register("./alias-hook.mjs", import.meta.url);
  const { buildCollection } = await import("./collection");
  const { collection, errors, media } = await buildCollection(content, {
    referenceYear,
    timeZone: site.config.SITE_TIMEZONE,
    icons: site.icons,
  });
  if (errors.length > 0) {
    // Under `npm start`, a file saved half-written must not stop the site: the last good build stays
    // live, and its pages say what is wrong (src/worker/middleware/problems.ts). Anywhere else nothing is built.
    // Only a live build of this same content folder is worth serving on.
    const serving =
      process.env[DEV_SERVER] === "1" && (await wrote(out, mode)) && (await liveSource(out)) === resolve(content);
    console.error(
      `edgefeed: ${errors.length} problem${errors.length === 1 ? "" : "s"} in ${content}/; ${serving ? "still serving the last good build" : "nothing was built"}:\n`,
    );
    for (const error of errors) console.error(`${error.message}\n`);
    if (!serving) return 1;
    const problems = renderProblemsModule(errors.map((e) => e.message));
    await writeOnce(join(out, "problems.js"), problems.js);
    return 0;
  }
  if (collection.articles.length === 0) {
    console.error(
      `edgefeed: ${content}/ has no articles; add a .txt or .md file (see README.md, "Adding an article").`,
    );
    return 1;
  }
  const { renderSite } = await import("./render");
  const { storeFolders, storeWriter } = await import("./store-folder");
  const store = await storeWriter(storeFolders(build.dir, mode));
  const now = Date.now();
  const rendered = await renderSite(collection, site.bundle, {
    now,
    stylesheet,
    put: (key, entry) => store.put(key, entry),
  });
  const { paths } = await import("../shared/addresses");
  const { ASSETS_HEADERS } = await import("./media");
  const { factsEntry, factsKey } = await import("../shared/contract");
  for (const file of media) {
    await store.file(paths.media(file.name), { source: file.source });
    await store.put(factsKey(paths.media(file.name)), factsEntry(file.name, file.type, file.length));
  }
  await store.file("_headers", { text: ASSETS_HEADERS });
  await store.commit();
  const current = renderCurrentModule(rendered.current, "current.txt");
  const tooLarge = scriptSizeProblem(current.data, rendered.current.newest);
  if (tooLarge) {
    console.error(`edgefeed: nothing was built: ${tooLarge}.`);
    return 1;
  }
  await writeFile(join(build.dir, "current.txt"), current.data);
  const changed = (await readFile(join(out, "current.txt"), "utf8").catch(() => undefined)) !== current.data;
  const problems = renderProblemsModule([]);
  await build.publish({
    "current.js": current.js,
    "problems.js": problems.js,
  });
  const next = rendered.current.epochs[0]?.at;
  await recordInputs(out, { inputs, articles: collection.articles.length, ...(next ? { until: next } : {}) });
  const ms = Math.round(performance.now() - started);
  for (const line of summaryLines({ articles: collection.articles, now, out, changed, ms })) console.log(line);
  return 0;
}

/** Whether `out` still holds what a build writes (a stamp alone, its folders deleted, is not a build). */
async function wrote(out: string, mode: string): Promise<boolean> {
  const { storeFolders } = await import("./store-folder");
  const { assets, entries } = storeFolders(out, mode);
  const files = [join(out, "current.js"), join(out, "current.txt"), join(out, "problems.js"), assets, entries];
  return Promise.all(files.map((f) => access(f))).then(
    () => true,
    () => false,
  );
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof ContentError || error instanceof ConfigError ? `edgefeed: ${error.message}` : error);
    process.exit(1);
  },
);
