// `npm run scale -- --count 10000`: how edgefeed behaves with many articles, as it ships: built by
// `wrangler deploy --dry-run` in a scratch copy of the project (src/generated/ is untouched), served by bare
// workerd with the store folder as its ASSETS binding (test/bench/serve.ts). Prints, next to the same figures
// for a 100-article site: build time, script size, what is uploaded (store files and bytes), start-up time,
// the V8 heap after start-up and after 1,000 distinct requests (workerd's inspector), and feed, article page
// and archive latency. Exits 1 if a target does not hold.
//   --count N             articles (default 10000): N − 1 generated plus the bundled one
//   --size bundled|short  bundled (default): copies of the bundled article, its size; short: a few lines each
//   --store assets|kv     where the documents outside the script live (default assets). kv: Miniflare's own
//                         emulation of Workers KV (./kv.ts), filled as `npm run deploy` fills the real one
//   --baseline N          articles of the site to compare with (default 100)
//   --requests N          distinct requests before the second heap reading (default 1000)
//   --keep                keep the scratch projects (each is kept anyway when its measurement fails)
//   --reuse DIR           measure the --count site in DIR, a scratch project a run kept, without generating,
//                         building or uploading it again (a million articles take most of an hour each)
//   --builds              measure publishing instead (./builds.ts): a full build, adding one story and
//                         editing one with the build cache, the scheduled-article overhead, and Hugo beside it
import { cp, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { Agent } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { ASSETS_PREFIX } from "../../src/worker/store";
import { type Bundle, buildBundle, readBundle } from "../bench/bundle";
import { get } from "../bench/http";
import { type HeapUsage, heapUsage, inspector } from "../bench/inspector";
import { ROOT, workerConfig } from "../bench/project";
import { type Served, serve } from "../bench/serve";
import { freePort, rssKiB } from "../bench/workerd";
import { type ArticleSize, BUNDLED_ARTICLE, generateArticles, parseSize } from "../support/generate-articles";
import { measureBuilds } from "./builds";
import { kvEntries, serveKv, type Upload, uploadKv } from "./kv";

const TARGET = {
  scriptBytes: 2 * 2 ** 20,
  /** The heap after start-up against the baseline site's, at most this much apart. */
  startHeap: 0.2,
  requestsHeapBytes: 32 * 2 ** 20,
};
/** Workers Static Assets: files per version, on Free and on Paid. */
const ASSET_FILES = { free: 20_000, paid: 100_000 };
const ASSET_FILE_BYTES = 25 * 2 ** 20;
/** Wire dates without a year resolve against this one, as in `npm test`. */
const ENV = { EDGEFEED_YEAR: "2026" };
const STARTS = 3;
const WARM = 200;

const { values } = parseArgs({
  options: {
    count: { type: "string", default: "10000" },
    size: { type: "string", default: "bundled" },
    store: { type: "string", default: "assets" },
    baseline: { type: "string", default: "100" },
    requests: { type: "string", default: "1000" },
    keep: { type: "boolean", default: false },
    reuse: { type: "string" },
    builds: { type: "boolean", default: false },
  },
});

interface Latency {
  /** The first request for each document (a store read, unless the script carries it): median and p90, ms. */
  firstMs: number;
  firstP90Ms?: number;
  /** One document asked again and again (the memo): median, ms. */
  warmMs: number;
}

interface Figures {
  articles: number;
  /** The build's own time, as src/build/cli.ts prints it (no tsx start-up). */
  buildMs: number;
  /** `wrangler deploy --dry-run`, wall: the build, esbuild and reading the store folder. */
  wranglerMs: number;
  bundle: Bundle;
  /** With --store kv: what was put into KV, and how long it took. */
  upload?: Upload;
  /** wrangler's "Read N files from the assets directory" line. */
  wranglerAssets: string;
  /** Spawn to listening, median of STARTS fresh processes. */
  startMs: number;
  heapStart: HeapUsage;
  heapAfter: HeapUsage;
  rssStartKiB: number;
  rssAfterKiB: number;
  requests: number;
  /** Documents the requests asked for; with fewer than `requests`, each is asked again from other origins. */
  documents: number;
  feed: Latency;
  page?: Latency;
  archive?: Latency;
}

const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
const p90 = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.9)] ?? Number.NaN;

async function scratchProject(count: number, size: ArticleSize): Promise<string> {
  const work = await mkdtemp(join(tmpdir(), "edgefeed-scale-"));
  for (const entry of ["src", "wrangler.toml", "package.json", "tsconfig.json"]) {
    // Not src/generated/: the build writes it afresh (and its builds would be copied for nothing).
    await cp(join(ROOT, entry), join(work, entry), {
      recursive: true,
      filter: (from) => from !== join(ROOT, "src/generated"),
    });
  }
  await symlink(join(ROOT, "node_modules"), join(work, "node_modules"));
  const content = join(work, "content");
  await mkdir(content);
  await generateArticles(content, count - 1, size);
  await cp(BUNDLED_ARTICLE, join(content, "us-mexico-partnership-fentanyl-migration.txt"));
  return work;
}

/**
 * The documents of the store, by kind, as request paths. A store file is named for its key
 * (src/shared/contract.ts, entryFile): "/" written "!", then "~" and a variant. Variants (a feed as browsers
 * get it, a tag's items) are left out: a plain path is one request.
 */
async function storedPaths(store: string) {
  const files = await readdir(join(store, ASSETS_PREFIX));
  const paths = files
    .filter((f) => !f.includes("~"))
    .map((f) => f.replaceAll("!", "/"))
    .sort();
  return {
    pages: paths.filter((p) => p.startsWith("/articles/")),
    archives: paths.filter((p) => p.includes("/archive/")),
    others: paths.filter((p) => !p.startsWith("/articles/") && !p.includes("/archive/")),
  };
}

/** `n` of `list`, evenly spread over it (all of it when it has fewer). */
function evenly<T>(list: readonly T[], n: number): T[] {
  if (list.length <= n) return [...list];
  return Array.from({ length: n }, (_, i) => list[Math.floor((i * list.length) / n)]!);
}

/** Both lists, each in its order, mixed in proportion to their lengths. */
function interleave<T>(a: readonly T[], b: readonly T[]): T[] {
  const out: T[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && i * b.length <= j * a.length)) out.push(a[i++]!);
    else out.push(b[j++]!);
  }
  return out;
}

async function timed(url: string, agent: Agent, host?: string): Promise<number> {
  const what = `${url}${host ? ` (Host: ${host})` : ""}`;
  const t0 = performance.now();
  const res = await get(url, host ? { Host: host } : {}, agent).catch((error: unknown) => {
    throw new Error(`${what}: ${String(error)}`, { cause: error });
  });
  const ms = performance.now() - t0;
  if (res.status !== 200) throw new Error(`${what}: expected 200, got ${res.status}`);
  return ms;
}

async function warm(url: string, agent: Agent): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < WARM; i++) times.push(await timed(url, agent));
  return median(times);
}

type StoreMode = "assets" | "kv";

/** A running Worker: bare workerd with a disk service as ASSETS, or Miniflare with its KV. */
interface Running {
  origin: string;
  pid: number;
  startMs: number;
  stop(): Promise<void>;
}

async function start(bundle: Bundle, mode: StoreMode, name: string, persist: string, inspectorPort?: number) {
  if (mode === "kv") return serveKv(bundle, persist, inspectorPort);
  const args = inspectorPort === undefined ? [] : [`--inspector-addr=127.0.0.1:${inspectorPort}`];
  const s: Served = await serve(name, bundle.dir, bundle.modules, bundle.config, args);
  return {
    origin: s.origin,
    pid: s.server.pid,
    startMs: s.listeningAt - s.server.startedAt,
    stop: () => s.server.stop(),
  };
}

/** What a scratch project keeps of its build and upload, so that `--reuse` can measure it again. */
const BUILT = "built.json";
interface Built {
  articles: number;
  mode: StoreMode;
  wranglerMs: number;
  output: string;
  upload?: Upload;
}

/** A scratch project with the site built (and with --store kv, uploaded): a new one, or the one to reuse. */
async function builtProject(count: number, size: ArticleSize, mode: StoreMode, reuse?: string) {
  if (reuse !== undefined) {
    const built = JSON.parse(await readFile(join(reuse, BUILT), "utf8")) as Built;
    if (built.articles !== count || built.mode !== mode)
      throw new Error(
        `--reuse ${reuse}: it holds ${built.articles} articles built for --store ${built.mode}, not ${count} for ${mode}`,
      );
    const bundle = await readBundle(
      join(reuse, "dist"),
      await workerConfig(join(reuse, "wrangler.toml")),
      built.output,
    );
    return { work: reuse, bundle, built };
  }
  const work = await scratchProject(count, size);
  console.error(`scale: ${count} articles in ${work}`);
  const t0 = performance.now();
  // Built as a KV site is deployed: STORE = "kv" keeps the documents out of the Static Assets upload.
  const env = mode === "kv" ? { ...ENV, EDGEFEED_VARS: JSON.stringify({ STORE: "kv" }) } : ENV;
  const bundle = await buildBundle(join(work, "dist"), { project: work, env, snapshotAssets: false, timeoutMs: 0 });
  const wranglerMs = performance.now() - t0;
  const upload = mode === "kv" ? await uploadKv(bundle, join(work, "kv")) : undefined;
  const built: Built = { articles: count, mode, wranglerMs, output: bundle.output, upload };
  await writeFile(join(work, BUILT), JSON.stringify(built));
  return { work, bundle, built };
}

async function measure(count: number, size: ArticleSize, requests: number, mode: StoreMode, reuse?: string) {
  const servers: Running[] = [];
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  let work: string | undefined;
  let failed = true;
  try {
    const project = await builtProject(count, size, mode, reuse);
    work = project.work;
    const { bundle, built: b } = project;
    const { wranglerMs, upload } = b;
    const built = /edgefeed: \d+ articles? → .*?, (\d+) ms\)/.exec(bundle.output);
    if (!built) throw new Error(`the build printed no "edgefeed: N articles → …" line:\n${bundle.output}`);
    const assets = bundle.config.assets?.directory;
    if (!assets) throw new Error("wrangler.toml: expected an [assets] folder (the store)");
    const store = mode === "kv" ? kvEntries(bundle) : assets;
    const persist = join(work, "kv");

    const starts: number[] = [];
    const firstFeeds: number[] = [];
    for (let i = 0; i < STARTS; i++) {
      const s = await start(bundle, mode, `start${i}`, persist);
      try {
        starts.push(s.startMs);
        firstFeeds.push(await timed(`${s.origin}/rss.xml`, new Agent()));
      } finally {
        await s.stop();
      }
    }

    // Listed before the Worker starts: with a million articles, sorting the paths keeps this process busy
    // for seconds, past the 5 s workerd keeps an idle connection open.
    const kinds = await storedPaths(store);
    const port = await freePort();
    const s = await start(bundle, mode, "heap", persist, port);
    servers.push(s);
    const session = await inspector(port);
    const poke = () => timed(`${s.origin}/robots.txt`, agent);
    const heapStart = await heapUsage(session, poke);
    const rssStartKiB = rssKiB(s.pid);

    // V8 compiles the request path on first use: warm it with addresses the store does not have, which
    // run the same code (a store read included) and keep no document.
    for (let i = 0; i < 100; i++) await get(`${s.origin}/articles/no-such-article-${i}`, {}, agent);

    // Mostly store reads: two article pages to one archive document, spread over the whole site, taking
    // turns so that neither kind has the isolate's first requests to itself.
    const pages = evenly(kinds.pages, Math.ceil((requests * 2) / 3));
    const archives = evenly(kinds.archives, requests - pages.length);
    const documents = interleave(pages, archives);
    documents.push(...evenly(kinds.others, requests - documents.length));
    const times = new Map<string, number>();
    for (let i = 0; i < requests; i++) {
      const path = documents[i % documents.length]!;
      const round = Math.floor(i / documents.length);
      // Past the last document, the same ones again from another origin: a distinct request all the same.
      const ms = await timed(s.origin + path, agent, round === 0 ? undefined : `r${round}.example`);
      if (round === 0) times.set(path, ms);
    }
    const heapAfter = await heapUsage(session, poke);
    const rssAfterKiB = rssKiB(s.pid);
    session.close();

    const latency = async (list: readonly string[]): Promise<Latency | undefined> => {
      // A site too small for an archive has none to time.
      if (list.length === 0) return undefined;
      const firsts = list.map((p) => times.get(p)!);
      return { firstMs: median(firsts), firstP90Ms: p90(firsts), warmMs: await warm(s.origin + list[0]!, agent) };
    };
    const figures: Figures = {
      articles: count,
      buildMs: Number(built[1]),
      wranglerMs,
      bundle,
      upload,
      wranglerAssets: /Read \d+ files? from the assets directory/.exec(bundle.output)?.[0] ?? "?",
      startMs: median(starts),
      heapStart,
      heapAfter,
      rssStartKiB,
      rssAfterKiB,
      requests,
      documents: documents.length,
      // The feed rides in the script: its first request is a fresh process's.
      feed: { firstMs: median(firstFeeds), warmMs: await warm(`${s.origin}/rss.xml`, agent) },
      page: await latency(pages),
      archive: await latency(archives),
    };
    failed = false;
    return figures;
  } finally {
    agent.destroy();
    for (const s of servers) await s.stop();
    if (work !== undefined && work !== reuse) {
      if (failed || values.keep) console.error(`scale: kept ${work} (measure it again with --reuse ${work})`);
      else await rm(work, { recursive: true, force: true });
    }
  }
}

const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(2)} MiB`;
const ms = (x: number) => `${x.toFixed(x < 10 ? 2 : 0)} ms`;
const lat = (l: Latency | undefined) =>
  l === undefined
    ? "none"
    : `first ${ms(l.firstMs)}${l.firstP90Ms === undefined ? "" : ` (p90 ${ms(l.firstP90Ms)})`}, again ${ms(l.warmMs)}`;

async function main(): Promise<number> {
  const store = values.store;
  if (store !== "assets" && store !== "kv")
    throw new Error(`--store: expected "assets" or "kv", found ${JSON.stringify(store)}`);
  const size = parseSize(values.size);
  const count = Number(values.count);
  const baseline = Number(values.baseline);
  const requests = Number(values.requests);
  for (const [name, n] of [
    ["--count", count],
    ["--baseline", baseline],
    ["--requests", requests],
  ] as const) {
    if (!Number.isInteger(n) || n < 1) throw new Error(`${name}: expected a whole number ≥ 1, found ${n}`);
  }
  if (values.builds) return measureBuilds(count, size);
  const rows: Figures[] = [];
  for (const n of [baseline, count]) {
    console.error(`scale: building and measuring ${n} ${size} articles…`);
    rows.push(await measure(n, size, requests, store, n === count ? values.reuse : undefined));
  }

  console.log(
    `Scale: ${size === "bundled" ? "copies of the bundled article" : "short generated articles"}, ` +
      (store === "kv"
        ? "store = kv (Miniflare's own KV emulation, persisted on disk; requests go through Miniflare's entry Worker)"
        : "store = assets (a workerd disk service as ASSETS), bare workerd") +
      " on loopback, one request at a time over keep-alive.\n",
  );
  const lines: [string, (f: Figures) => string][] = [
    ["build (src/build/cli.ts)", (f) => ms(f.buildMs)],
    ["wrangler deploy --dry-run (wall)", (f) => ms(f.wranglerMs)],
    ["script (modules, gzip)", (f) => `${mib(f.bundle.bytes)}, gzip ${mib(f.bundle.gzipBytes)}`],
    ["  wrangler says", (f) => f.bundle.wranglerSays.replace("Total Upload: ", "")],
    [
      "Static Assets uploaded (files, bytes)",
      (f) =>
        `${f.bundle.assets?.files ?? 0} files, ${mib(f.bundle.assets?.bytes ?? 0)} (largest ${((f.bundle.assets?.largest ?? 0) / 1024).toFixed(1)} KiB)`,
    ],
    ["  wrangler says", (f) => f.wranglerAssets],
    ...(store === "kv"
      ? ([
          [
            "put into KV (entries, bytes, time)",
            (f) => `${f.upload!.entries} entries, ${mib(f.upload!.bytes)}, ${ms(f.upload!.ms)}`,
          ],
        ] as [string, (f: Figures) => string][])
      : []),
    [
      store === "kv"
        ? `start-up (new Miniflare → ready, median of ${STARTS})`
        : `start-up (spawn → listening, median of ${STARTS})`,
      (f) => ms(f.startMs),
    ],
    ["V8 heap after start-up (used / total)", (f) => `${mib(f.heapStart.usedBytes)} / ${mib(f.heapStart.totalBytes)}`],
    ["V8 heap after the requests", (f) => `${mib(f.heapAfter.usedBytes)} / ${mib(f.heapAfter.totalBytes)}`],
    ["  requests (documents)", (f) => `${f.requests} (${f.documents})`],
    ["workerd RSS after start-up, requests", (f) => `${mib(f.rssStartKiB * 1024)}, ${mib(f.rssAfterKiB * 1024)}`],
    [`feed /rss.xml (first: fresh process, median of ${STARTS})`, (f) => lat(f.feed)],
    ["article page (first: store read)", (f) => lat(f.page)],
    ["archive document (first: store read)", (f) => lat(f.archive)],
  ];
  const width = Math.max(...lines.map(([label]) => label.length)) + 2;
  console.log(`${"".padEnd(width)}${rows.map((r) => `${r.articles} articles`.padEnd(62)).join("")}`);
  for (const [label, cell] of lines)
    console.log(`${label.padEnd(width)}${rows.map((r) => cell(r).padEnd(62)).join("")}`);

  const [base, big] = [rows[0]!, rows[1]!];
  const failures: string[] = [];
  const verdict = (holds: boolean, what: string) => {
    if (!holds) failures.push(what);
    return holds ? "ok" : "MISSED";
  };
  const drift = (big.heapStart.usedBytes - base.heapStart.usedBytes) / base.heapStart.usedBytes;
  console.log(`\nTargets at ${big.articles} articles:`);
  console.log(
    `  script ${mib(big.bundle.bytes)} < ${mib(TARGET.scriptBytes)}: ${verdict(big.bundle.bytes < TARGET.scriptBytes, "script size")}`,
  );
  console.log(
    `  heap after start-up ${mib(big.heapStart.usedBytes)}, ${drift >= 0 ? "+" : ""}${(drift * 100).toFixed(1)}% against ${base.articles} articles` +
      ` (within ±${TARGET.startHeap * 100}%): ${verdict(Math.abs(drift) <= TARGET.startHeap, "start-up heap")}`,
  );
  console.log(
    `  heap after ${big.requests} distinct requests ${mib(big.heapAfter.usedBytes)} < ${mib(TARGET.requestsHeapBytes)}:` +
      ` ${verdict(big.heapAfter.usedBytes < TARGET.requestsHeapBytes, "heap after requests")}`,
  );
  if (store === "assets") {
    const files = big.bundle.assets?.files ?? 0;
    const largest = big.bundle.assets?.largest ?? 0;
    // Past the Paid limit the deploy is refused: a site that size needs STORE = "kv".
    const plan = files <= ASSET_FILES.free ? "Free and Paid" : files <= ASSET_FILES.paid ? "Paid only" : "neither plan";
    console.log(
      `  Static Assets: ${files} files (limits ${ASSET_FILES.free} Free, ${ASSET_FILES.paid} Paid), fits ${plan}:` +
        ` ${verdict(files <= ASSET_FILES.paid, "Static Assets file count")}; largest file ${(largest / 1024).toFixed(1)} KiB` +
        ` (limit 25 MiB): ${verdict(largest <= ASSET_FILE_BYTES, "Static Assets file size")}`,
    );
  } else {
    console.log(`  Static Assets: not used (STORE = kv); KV holds ${big.upload!.entries} entries`);
  }
  console.log(failures.length === 0 ? "\nAll targets hold." : `\nTargets missed: ${failures.join(", ")}.`);
  return failures.length === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(2);
  },
);
