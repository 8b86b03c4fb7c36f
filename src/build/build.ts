// The build (`npm run build:content`, ./cli.ts): compiles content/ and renders the site into src/generated/,
// or fails listing every bad file. Writes the current documents the script carries (current.js) and the
// store the Worker reads the rest from (store/, as Static Assets, with the media; with STORE = "kv" the
// documents go to kv-store/ instead, for `npm run deploy` to put into KV). Nothing holds the whole
// collection as one text: a million articles' JSON is longer than V8's longest string.
// A build made from the same inputs as the last one (./inputs.ts) stops before rendering: it would write
// the same bytes. One made from other inputs parses and renders only what changed since the builds before
// (the build cache, ./cache.ts). Everything is written into a folder of the build's own and made live in
// one step (./output.ts): a reader never sees half a build, and a failed one leaves nothing behind.
// `feed` must write through src/shared/feeds/xml-writer.js (./alias-hook.mjs, registered by ./cli.ts).
import { access, readFile, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { siteLanguage, siteText } from "../shared/config-values";
import type { Meta } from "../shared/contract";
import { buildStylesheet } from "./assets";
import { BuildCache, documentsFolder } from "./cache";
import { codeVersion } from "./code-version.mjs";
import { DEV_SERVER } from "./commands";
import { checkContentFolder } from "./content-files";
import { EntryEncoder } from "./entry-encoder";
import { keepHeapDown } from "./heap";
import { forgetInputs, hashInputsAside, recordInputs, upToDate } from "./inputs";
import { renderCurrentModule, renderProblemsModule, scriptSizeProblem } from "./module";
import { type Build, liveSource, type Reserved, reserveBuild, startBuild, writeOnce } from "./output";
import type { Renderers } from "./render";
import { poolSize, type RenderPool, renderPool } from "./render-pool";
import { type BuildConfig, readSiteConfig } from "./site-vars";
import { summaryLines } from "./summary";

/** The build cache's folder in the output folder (./cache.ts). */
const CACHE = "cache";

export interface BuildRequest {
  /** The content folder. */
  content: string;
  /** The output folder (src/generated for the Worker). */
  out: string;
  /** wrangler.toml: its [vars]. */
  config: string;
  /** The year wire dates without one resolve against. */
  referenceYear: number;
  /** The project whose src/ and package-lock.json render (default: the config's folder). */
  project?: string;
  /** The build's clock (default: now): articles dated after it are scheduled. */
  now?: number;
  /**
   * Worker threads that render beside the build's own (./render-pool.ts; 0: none). Default: one a core
   * but the build's, for a site of POOLED articles or more (below that, starting them costs more than
   * they save).
   */
  workers?: number;
  /** Store entries from which the build leaves spares for the next builds (default SPARED). */
  spared?: number;
}

/** Articles from which a build renders over worker threads by default. */
const POOLED = 1000;
/** Documents a worker is kept ahead by, while the build's thread renders the rest itself. */
const AHEAD = 48;
/**
 * Store entries from which a build leaves spares for the next builds (./output.ts, Build `spares`). Each
 * costs this build a link an entry and saves the next one as many: 0.3 s for 10,000 stories' 21,000
 * (an addition there takes 2.5 s of its 5), 3 s for 100,000 stories' 210,000 (9 s of its 10).
 */
const SPARED = 50_000;

/**
 * Builds `content` into `out` and makes it live, printing what it did; 0 when the site is live (built, or
 * already built from these inputs), 1 when nothing could be built (every problem printed). A content or
 * configuration mistake the build cannot list throws a ContentError or ConfigError.
 */
export async function buildSite(values: BuildRequest): Promise<number> {
  const started = performance.now();
  // Checked once, before anything else: a mistake in it is named before any content is read.
  const site = await readSiteConfig(values.config);
  // Before its files are hashed: a content folder that is a link could name any folder.
  await checkContentFolder(values.content);
  const reserved = await reserveBuild(values.out);
  try {
    return await buildInto(reserved, site, values, started);
  } finally {
    await reserved.release();
  }
}

async function buildInto(
  reserved: Reserved,
  site: BuildConfig,
  values: BuildRequest,
  started: number,
): Promise<number> {
  const out = values.out;
  const referenceYear = Number(process.env.EDGEFEED_YEAR ?? new Date().getFullYear());
  const mode = site.config.STORE;
  const code = await codeVersion(values.project ?? join(values.config, ".."), out);
  const cache = await BuildCache.open(join(out, CACHE));
  const hashing = hashInputsAside({ ...values, out, referenceYear, code }, join(out, CACHE));
  // Meanwhile, what the build reads if it is not up to date: the articles earlier builds parsed, until the
  // inputs' digest says it is.
  const reading = new AbortController();
  const articles = cache.readArticles(code, reading.signal);
  articles.catch(() => undefined);
  try {
    const inputs = await hashing.inputs;
    const now = values.now ?? Date.now();
    const built = await upToDate(out, inputs, now);
    if (built !== undefined && (await wrote(out, mode))) {
      reading.abort();
      const ms = Math.round(performance.now() - started);
      console.log(
        `edgefeed: ${built} article${built === 1 ? "" : "s"} → ${out} (unchanged: built from these inputs, ${ms} ms)`,
      );
      return 0;
    }
    await articles;
    const files = await hashing.files;
    await forgetInputs(out);
    const build = await startBuild(out, values.content, { recycle: code, reserved });
    const threads: Threads = {};
    try {
      return await render(
        build,
        { ...values, site, out, mode, referenceYear, inputs, code, files, cache, now, started },
        threads,
      );
    } finally {
      await threads.pool?.close();
      await build.discard();
    }
  } finally {
    reading.abort();
    await articles.catch(() => undefined);
    // A thread keeps the files' digests after it sends them; one that could not only makes the next build
    // read every file again.
    await hashing.kept.catch(() => undefined);
  }
}

interface Settings {
  content: string;
  site: BuildConfig;
  out: string;
  mode: string;
  referenceYear: number;
  inputs: string;
  /** The code's version (./inputs.ts), which the cache keys everything by. */
  code: string;
  /** Each content file's SHA-256 as the inputs' hash read it. */
  files: ReadonlyMap<string, string>;
  cache: BuildCache;
  now: number;
  /** Worker threads to render over (BuildRequest.workers). */
  workers?: number;
  spared?: number;
  started: number;
}

/** The build's render workers, once started (./render-pool.ts); the caller stops them. */
interface Threads {
  pool?: RenderPool;
}

/** Renders the site into the build's own folder and makes it live; 1 (nothing live changed) when it cannot. */
async function render(build: Build, settings: Settings, threads: Threads): Promise<number> {
  const { content, site, out, mode, referenceYear, inputs, code, files, cache, now, started } = settings;
  const stylesheet = await buildStylesheet();
  const { buildCollection } = await import("./collection");
  // A build with no articles parsed by this code re-renders every document too (the cache keys both by
  // the code): its workers start now and load their code while this thread parses. Any other build
  // starts them when it first hands a document over (./render.ts renders the first few itself).
  const expected = settings.workers ?? poolSize();
  if (!cache.hasArticles && files.size >= POOLED && expected > 0) threads.pool = renderPool(expected);
  const { collection, errors, media } = await buildCollection(content, {
    referenceYear,
    timeZone: site.config.SITE_TIMEZONE,
    icons: site.icons,
    cache: { articles: cache, code, files },
    showDefaults: {
      language: siteLanguage(site.config.SITE_LANGUAGE),
      author: siteText(site.config.SITE_AUTHOR),
      ...(site.config.SITE_URL ? { siteUrl: site.config.SITE_URL } : {}),
    },
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
  // The articles this build parsed, for later builds: saved while its workers render, once they have what
  // they render from (they are what the files say whatever becomes of this build); else at the end.
  let saved: Promise<{ error: unknown } | undefined> | undefined;
  const save = () =>
    (saved ??= cache.saveArticles().then(
      () => undefined,
      (error: unknown) => ({ error }),
    ));
  const { renderSite } = await import("./render");
  const { linkStore, readManifest, storeFolders, storeWriter } = await import("./store-folder");
  const folders = storeFolders(build.dir, mode);
  build.changing();
  const previous = build.recycled ? await readManifest(build.dir, folders) : undefined;
  if (build.recycled && !previous) await build.empty();
  const store = await storeWriter(folders, cache.documents, previous);

  const workers = settings.workers ?? (collection.articles.length >= POOLED ? poolSize() : 0);
  if (threads.pool && threads.pool.size !== workers) {
    await threads.pool.close();
    delete threads.pool;
  }
  let begun = false;
  const data = {
    collection,
    now,
    vars: site.bundle,
    style: stylesheet,
    folders,
    documents: documentsFolder(join(out, CACHE)),
  };
  const encoder = new EntryEncoder();
  // The validators of later epochs' documents, as this thread and the workers rendered them.
  const made = new Map<string, Meta>();
  const renderers: Renderers = {
    async render(epoch, index, at, signature, doc) {
      threads.pool ??= renderPool(workers);
      if (!begun) {
        threads.pool.begin(data);
        void save();
      }
      begun = true;
      // This thread renders too: the next document is its own whenever the workers have enough in hand.
      if (threads.pool.backlog < AHEAD * workers) return threads.pool.render(epoch, index, at, signature);
      const { meta, bytes } = encoder.encode(await doc.render());
      await store.putNow(at, bytes, signature);
      if (epoch > 0) made.set(at, meta);
      keepHeapDown();
      // The workers' replies are events: without a turn of the event loop their backlog never shrinks.
      await new Promise(setImmediate);
    },
    async drain() {
      for (const [at, meta] of (await threads.pool?.drain()) ?? []) made.set(at, meta);
      return made;
    },
  };
  // What the cache holds before this build adds to it: all that it may prune at the end.
  const cached = cache.documents.listing();
  cached.catch(() => undefined);
  const rendered = await renderSite(collection, site.bundle, {
    ...(workers > 0 ? { renderers } : {}),
    now,
    stylesheet,
    put: (key, entry, signature) => store.put(key, entry, signature),
    putBytes: (key, bytes, signature) => store.putNow(key, bytes, signature),
    drop: (key) => store.drop(key),
    cache: {
      code,
      read: async (signature, key) =>
        (await cache.documents.read(signature)) ?? (key === undefined ? undefined : store.read(key)),
      validators: async (signature, key) =>
        cache.documents.validators(signature) ?? (key === undefined ? undefined : store.read(key)),
      reuse: (key, signature) => store.reuse(key, signature),
      keep: (signature, entry) => cache.documents.write(signature, entry),
    },
  });
  const { paths } = await import("../shared/addresses");
  const { ASSETS_HEADERS } = await import("./media");
  const { factsEntry, factsKey } = await import("../shared/contract");
  for (const file of media) {
    await store.file(paths.media(file.name), { source: file.source });
    const key = factsKey(paths.media(file.name));
    await store.put(key, factsEntry(file.name, file.type, file.length));
    rendered.manifest.set(key, "");
  }
  await store.file("_headers", { text: ASSETS_HEADERS });
  await store.commit();
  await store.seal(rendered.manifest, build.dir);
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
  // What a later build can reuse: this build's documents (and no others), and the articles it parsed.
  await cache.documents.prune(rendered.signatures, cached);
  const saving = await save();
  if (saving) throw saving.error;
  const next = rendered.current.epochs[0]?.at;
  await recordInputs(out, { inputs, articles: collection.articles.length, ...(next ? { until: next } : {}) });
  if (rendered.manifest.size >= (settings.spared ?? SPARED))
    await build.spares((spare) => linkStore(build.dir, spare, mode));
  const ms = Math.round(performance.now() - started);
  const written = {
    entries: store.written.entries + (threads.pool?.written.entries ?? 0),
    bytes: store.written.bytes + (threads.pool?.written.bytes ?? 0),
  };
  const documents = { rendered: rendered.rendered, reused: rendered.reused, written };
  for (const line of summaryLines({ articles: collection.articles, now, out, changed, ms, documents })) {
    console.log(line);
  }
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
