// `npm run build:content`: compiles content/ and renders the site into src/generated/, or fails listing
// every bad file. Writes the current documents the script carries (current.js) and the store the Worker
// reads the rest from (store/, as Static Assets, with the media; with STORE = "kv" the documents go to
// kv-store/ instead, for `npm run deploy` to put into KV). Nothing holds the whole collection as one
// text: a million articles' JSON is longer than V8's longest string.
//   --content <dir>  read articles from <dir> (default: $EDGEFEED_CONTENT_DIR, else content)
//   --out <dir>      write into <dir> (default: src/generated)
// EDGEFEED_YEAR pins the year that year-less wire dates resolve against (default: the current year).
// A build made from the same inputs as the last one (./inputs.ts) stops before rendering: it would write
// the same bytes.
import { access, mkdir, readFile, writeFile } from "node:fs/promises";
import { register } from "node:module";
import { dirname, join } from "node:path";
import { parseArgs } from "node:util";
import { ConfigError } from "../site";
import { buildAssets, renderAssetsModule } from "./assets";
import { DEV_SERVER } from "./commands";
import { ContentError } from "./errors";
import { forgetInputs, hashInputs, recordInputs, upToDate } from "./inputs";
import { renderCurrentModule, renderProblemsModule } from "./module";
import { siteIcons, siteTimeZone, siteVars, storeMode } from "./site-vars";
import { summaryLines } from "./summary";

// `feed` must write through src/feeds/xml-writer.js here too, so ./render.ts is imported after this.
register("./alias-hook.mjs", import.meta.url);

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
  const mode = await storeMode(values.config);
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
  // First: src/addresses.ts (which the parsers use) imports the generated stylesheet's name, so on a
  // fresh clone nothing that imports it may load before this is written.
  const assets = renderAssetsModule(await buildAssets());
  await writeIfChanged(join(out, "assets.js"), assets.js);
  await writeIfChanged(join(out, "assets.d.ts"), assets.dts);
  const { buildCollection } = await import("./collection");
  const timeZone = await siteTimeZone(values.config);
  const icons = await siteIcons(values.config);
  const { collection, errors, media } = await buildCollection(values.content, { referenceYear, timeZone, icons });
  if (errors.length > 0) {
    // Under `npm start`, a file saved half-written must not stop the site: the last good build stays,
    // and its pages say what is wrong (src/middleware/problems.ts). Anywhere else nothing is built.
    const serving = process.env[DEV_SERVER] === "1" && (await wrote(out, mode));
    console.error(
      `edgefeed: ${errors.length} problem${errors.length === 1 ? "" : "s"} in ${values.content}/; ${serving ? "still serving the last good build" : "nothing was built"}:\n`,
    );
    for (const error of errors) console.error(`${error.message}\n`);
    if (!serving) return 1;
    await writeProblems(
      out,
      errors.map((e) => e.message),
    );
    return 0;
  }
  if (collection.articles.length === 0) {
    console.error(
      `edgefeed: ${values.content}/ has no articles; add a .txt or .md file (see README.md, "Adding an article").`,
    );
    return 1;
  }
  const { renderSite } = await import("./render");
  const { storeFolders, storeWriter } = await import("./store-folder");
  const store = await storeWriter(storeFolders(out, mode));
  const now = Date.now();
  const site = await renderSite(collection, await siteVars(values.config), {
    now,
    put: (key, entry) => store.put(key, entry),
  });
  const { paths } = await import("../addresses");
  const { ASSETS_HEADERS } = await import("./media");
  const { factsEntry, factsKey } = await import("../routes/media");
  for (const file of media) {
    await store.file(paths.media(file.name), { source: file.source });
    await store.put(factsKey(paths.media(file.name)), factsEntry(file.name, file.type, file.length));
  }
  await store.file("_headers", { text: ASSETS_HEADERS });
  const current = renderCurrentModule(site.current, "current.txt");
  // Write only on change, so watchers (wrangler dev) do not rebuild in a loop.
  const changed = await writeIfChanged(join(out, "current.txt"), current.data);
  await writeIfChanged(join(out, "current.js"), current.js);
  await writeIfChanged(join(out, "current.d.ts"), current.dts);
  await writeProblems(out, []);
  await store.commit();
  const next = site.current.epochs[0]?.at;
  await recordInputs(out, { inputs, articles: collection.articles.length, ...(next ? { until: next } : {}) });
  const ms = Math.round(performance.now() - started);
  for (const line of summaryLines({ articles: collection.articles, now, out, changed, ms })) console.log(line);
  return 0;
}

/** Whether `out` still holds what a build writes (a stamp alone, its folders deleted, is not a build). */
async function wrote(out: string, mode: string): Promise<boolean> {
  const { storeFolders } = await import("./store-folder");
  const { assets, entries } = storeFolders(out, mode);
  const files = [
    join(out, "assets.js"),
    join(out, "current.js"),
    join(out, "current.txt"),
    join(out, "problems.js"),
    assets,
    entries,
  ];
  return Promise.all(files.map((f) => access(f))).then(
    () => true,
    () => false,
  );
}

async function writeProblems(out: string, problems: readonly string[]): Promise<void> {
  const module = renderProblemsModule(problems);
  await writeIfChanged(join(out, "problems.js"), module.js);
  await writeIfChanged(join(out, "problems.d.ts"), module.dts);
}

async function writeIfChanged(file: string, text: string): Promise<boolean> {
  const old = await readFile(file, "utf8").catch(() => undefined);
  if (old === text) return false;
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, text);
  return true;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof ContentError || error instanceof ConfigError ? `edgefeed: ${error.message}` : error);
    process.exit(1);
  },
);
