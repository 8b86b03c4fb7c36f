// `npm run load`: 60 s at 64 connections against the shipped bundle in bare workerd on loopback.
// Four kinds of client at once, each expecting one status, so any other status is counted as unexpected:
//   readers  40 connections, every page and feed kind          → 200
//   pollers  12 connections, feeds with their ETags            → 304
//   churn     8 connections, a new Host (origin) per request    → 200, filled in anew: the bounded memo's worst case
//   lost      4 connections, addresses that do not exist        → 404
// Passes when there are no socket errors (in the warm-up slices or the run), no unexpected statuses in the
// run, and workerd's resident memory at the end is within 10% of what it was after the warm-up. Exits 1
// otherwise. The Worker reads its store through a workerd disk service (see ./serve.ts).
// Memory is read from /proc/<pid>/status once a second; "after warm-up" and "at the end" are each the peak
// of the last 10 s of readings (see ./rss-monitor.ts). The warm-up runs the same load in 10 s slices until
// that peak settles (within 5% of the slice before): workerd's heap grows for the first ~20 s under load,
// even for a Worker that returns a constant.
//   --seconds N (default 60)   --warmup N: at least N s of warm-up (default 60), at most 90
//   --against baseline [--spin N]: the same clients against the constant Worker of ./baseline.ts (edgefeed's
//     responses, captured for every path the clients ask for), spinning N loop iterations per request: the
//     runtime's own behaviour under this load at a chosen CPU per request, with none of edgefeed's code.
import { mkdtemp, rm } from "node:fs/promises";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { type Exchange, serveBaseline } from "./baseline";
import { buildBundle } from "./bundle";
import { get } from "./http";
import { type LoadOptions, type LoadResult, load } from "./load-generator";
import { RssMonitor } from "./rss-monitor";
import { type Served, serve } from "./serve";
import { cpuSeconds } from "./workerd";

const { values } = parseArgs({
  options: {
    seconds: { type: "string", default: "60" },
    warmup: { type: "string", default: "60" },
    against: { type: "string", default: "edgefeed" },
    spin: { type: "string", default: "0" },
  },
});
if (values.against !== "edgefeed" && values.against !== "baseline")
  throw new Error(`--against: expected "edgefeed" or "baseline", found "${values.against}"`);
const seconds = Number(values.seconds);
const warmup = Number(values.warmup);
const RSS_TOLERANCE = 0.1;
const SETTLED = 0.05;
const MAX_WARMUP = 90;
/** Warm-up slice and the window whose peak RSS counts. */
const WINDOW = 10;

interface Client {
  name: string;
  expect: number;
  options: Omit<LoadOptions, "seconds" | "countStatuses">;
}

/** The clients, with paths and validators taken from what the Worker serves now. */
async function clients(origin: string): Promise<Client[]> {
  const feed = await get(`${origin}/feed.json`);
  const item: unknown = JSON.parse(feed.body.toString()).items?.[0];
  const url = item && typeof item === "object" && "url" in item && typeof item.url === "string" ? item.url : "";
  const tags = item && typeof item === "object" && "tags" in item && Array.isArray(item.tags) ? item.tags : [];
  const article = new URL(url, origin).pathname;
  const tag = typeof tags[0] === "string" ? encodeURIComponent(tags[0]) : undefined;
  if (!article.startsWith("/articles/") || !tag) throw new Error("/feed.json: expected an item with a url and a tag");
  const feeds = ["/rss.xml", "/atom.xml", "/feed.json"];
  const etags: string[] = [];
  for (const path of feeds) {
    const etag = (await get(origin + path)).headers.find(([name]) => name.toLowerCase() === "etag")?.[1];
    if (!etag) throw new Error(`${path}: expected an ETag`);
    etags.push(etag);
  }
  const pages = ["/", "/feed", article, "/tags", `/tags/${tag}`, `/tags/${tag}/rss.xml`, "/sitemap.xml", "/robots.txt"];
  return [
    { name: "readers", expect: 200, options: { url: origin, paths: [...feeds, ...pages], connections: 40 } },
    {
      name: "pollers",
      expect: 304,
      // One If-None-Match listing all three validators (RFC 9110 §13.1.2): each feed finds its own.
      options: { url: origin, paths: feeds, headers: { "If-None-Match": etags.join(", ") }, connections: 12 },
    },
    {
      name: "churn",
      expect: 200,
      options: { url: origin, paths: [feeds[0]!, article], randomHost: true, connections: 8 },
    },
    {
      name: "lost",
      expect: 404,
      options: {
        url: origin,
        paths: ["/no-such-page", "/articles/no-such-article", "/tags/no-such-tag"],
        connections: 4,
      },
    },
  ];
}

async function preflight(origin: string, client: Client) {
  for (const path of client.options.paths ?? []) {
    const res = await get(origin + path, client.options.headers);
    if (res.status !== client.expect)
      throw new Error(`${client.name} ${path}: expected ${client.expect}, got ${res.status}`);
  }
}

const windows = (readings: readonly number[], size: number) =>
  Array.from({ length: Math.ceil(readings.length / size) }, (_, i) => readings.slice(i * size, (i + 1) * size));

const runAll = (list: readonly Client[], s: number) =>
  Promise.all(list.map((c) => load({ ...c.options, seconds: s, countStatuses: true })));

/** Each request the clients make, as edgefeed answers it (the churn's new Host changes nothing but the address). */
async function exchanges(origin: string, list: readonly Client[]): Promise<Exchange[]> {
  const captured: Exchange[] = [];
  for (const client of list) {
    const headers = client.options.headers ?? {};
    for (const path of client.options.paths ?? []) {
      captured.push({ path, headers, response: await get(origin + path, headers) });
    }
  }
  return captured;
}

async function main(): Promise<number> {
  const dir = await mkdtemp(join(tmpdir(), "edgefeed-load-"));
  let served: Served | undefined;
  try {
    const bundle = await buildBundle(dir);
    served = await serve("edgefeed", dir, bundle.modules, bundle.config);
    let list = await clients(served.origin);
    for (const client of list) await preflight(served.origin, client);
    if (values.against === "baseline") {
      const captured = await exchanges(served.origin, list);
      await served.server.stop();
      served = await serveBaseline(dir, captured, bundle.config, Number(values.spin));
      const origin = served.origin;
      list = list.map((c) => ({ ...c, options: { ...c.options, url: origin } }));
      for (const client of list) await preflight(origin, client);
      console.log(`Against the constant baseline Worker, spinning ${Number(values.spin)} iterations per request.`);
    }

    const rss = new RssMonitor(served.server.pid);
    const peaks: number[] = [];
    const settled = () => {
      const [a, b] = peaks.slice(-2);
      return a !== undefined && b !== undefined && Math.abs(b - a) / a <= SETTLED;
    };
    let warmed = 0;
    // A socket error is a request that got no response, whenever it happens: warm-up slices count too.
    const warmupErrors: Record<string, number> = {};
    let warmupSocketErrors = 0;
    while (warmed < Math.min(warmup, MAX_WARMUP) || (!settled() && warmed < MAX_WARMUP)) {
      const slice = await runAll(list, WINDOW);
      const sliceErrors = slice.reduce((n, r) => n + r.socketErrors, 0);
      if (sliceErrors > 0)
        console.log(
          `  warm-up ${warmed}–${warmed + WINDOW} s: ${sliceErrors} socket errors; longest gap between this` +
            ` process's once-a-second readings: ${rss.longestGap(performance.now() - WINDOW * 1000).toFixed(2)} s`,
        );
      for (const [i, r] of slice.entries()) {
        warmupSocketErrors += r.socketErrors;
        for (const [kind, n] of Object.entries(r.socketErrorKinds)) {
          if (n > 0) {
            const key = `${list[i]!.name} ${kind}`;
            warmupErrors[key] = (warmupErrors[key] ?? 0) + n;
          }
        }
      }
      warmed += WINDOW;
      peaks.push(rss.peak(WINDOW));
    }
    const rssAfterWarmup = peaks.at(-1)!;
    const runStart = performance.now();
    const cpuBefore = cpuSeconds(served.server.pid);
    const results = await runAll(list, seconds);
    const cpu = cpuSeconds(served.server.pid) - cpuBefore;
    const rssAtEnd = rss.peak(WINDOW);
    const gap = rss.longestGap();
    const during = rss.readings(runStart);
    rss.stop();

    const connections = list.reduce((n, c) => n + c.options.connections, 0);
    console.log(
      `Load: ${seconds} s at ${connections} connections against bare workerd on loopback (after ${warmed} s of warm-up),` +
        ` ${results[0]!.tool}, load average ${loadavg()[0]!.toFixed(2)}.\n`,
    );
    let socketErrors = 0;
    let unexpected = 0;
    results.forEach((r: LoadResult, i) => {
      const c = list[i]!;
      const others = Object.entries(r.statuses).filter(([status]) => status !== String(c.expect));
      const wrong = others.reduce((n, [, count]) => n + count, 0);
      socketErrors += r.socketErrors;
      unexpected += wrong;
      console.log(
        `  ${c.name.padEnd(8)} ${String(c.options.connections).padStart(2)} conn  ${String(r.requests).padStart(8)} requests` +
          `  ${r.reqPerSec.toFixed(0).padStart(6)} req/s  p50 ${r.p50Ms.toFixed(2)} ms  p99 ${r.p99Ms.toFixed(2)} ms` +
          `  expected ${c.expect}: ${r.statuses[String(c.expect)] ?? 0}  other: ${others.length ? JSON.stringify(Object.fromEntries(others)) : 0}` +
          `  socket errors: ${r.socketErrors}${r.socketErrors ? ` ${JSON.stringify(r.socketErrorKinds)}` : ""}`,
      );
    });
    const total = results.reduce((n, r) => n + r.requests, 0);
    const drift = (rssAtEnd - rssAfterWarmup) / rssAfterWarmup;
    const mib = (kib: number) => `${(kib / 1024).toFixed(1)} MiB`;
    console.log(`\n  warm-up: peak RSS of each ${WINDOW} s: ${peaks.map((k) => (k / 1024).toFixed(0)).join(", ")} MiB`);
    console.log(`  total: ${total} requests, ${(total / seconds).toFixed(0)} req/s`);
    // Moves much less than req/s with what else the machine runs: the figure to compare two Workers by.
    console.log(`  workerd CPU (user + system) per request: ${((cpu * 1e6) / total).toFixed(1)} µs`);
    console.log(
      `  socket errors in the warm-up: ${warmupSocketErrors} (must be 0) ${warmupSocketErrors === 0 ? "ok" : "FAILED"}` +
        (warmupSocketErrors ? ` ${JSON.stringify(warmupErrors)}` : ""),
    );
    console.log(`  socket errors in the run: ${socketErrors} (must be 0) ${socketErrors === 0 ? "ok" : "FAILED"}`);
    // Readings are due once a second; a longer gap means the machine stalled (see ./rss-monitor.ts).
    console.log(`  longest gap between memory readings (due each second), warm-up and run: ${gap.toFixed(2)} s`);
    console.log(`  unexpected statuses: ${unexpected} (must be 0) ${unexpected === 0 ? "ok" : "FAILED"}`);
    const memoryOk = Math.abs(drift) <= RSS_TOLERANCE;
    console.log(
      `  workerd RSS (peak of ${WINDOW} s): ${mib(rssAfterWarmup)} after warm-up, ${mib(rssAtEnd)} at the end` +
        ` (${drift >= 0 ? "+" : ""}${(drift * 100).toFixed(1)}%, must be within ±${RSS_TOLERANCE * 100}%) ${memoryOk ? "ok" : "FAILED"}`,
    );
    console.log(
      `  readings during the run: ${mib(Math.min(...during))}–${mib(Math.max(...during))};` +
        ` by ${WINDOW} s: ${windows(during, WINDOW)
          .map((w) => (Math.max(...w) / 1024).toFixed(0))
          .join(", ")} MiB (peaks)`,
    );
    const log = served.server.log().trim();
    if (log) console.log(`\nworkerd's log (tail):\n${log.slice(-2000)}`);
    return socketErrors === 0 && warmupSocketErrors === 0 && unexpected === 0 && memoryOk ? 0 : 1;
  } finally {
    await served?.server.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(2);
  },
);
