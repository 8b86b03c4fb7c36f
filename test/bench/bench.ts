// `npm run bench`: edgefeed in bare workerd (its store folder served by a disk service as ASSETS) against
// a Worker that returns the same bytes as constants, plus CPU per request in-process (a memo hit and a
// request from a new origin), cold start, the bundle's size, and the isolate's heap after 2,000 hostile
// 16 KB 404s (./hostile-heap.ts). Exits 1 if a target does not hold.
//   --seconds N      length of each measurement (default 5)
//   --rounds N       ours/baseline alternations per route (default 2)
//   --connections N  concurrent connections (default 64)
import { mkdtemp, rm } from "node:fs/promises";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { serveKv } from "../scale/kv";
import { BASELINE_MODULES, type Exchange, serveBaseline } from "./baseline";
import { buildBundle } from "./bundle";
import { coldStarts } from "./cold-start";
import { hostileHeap, type StartWithInspector } from "./hostile-heap";
import { get } from "./http";
import { churnCpu, cpuPerRequest, edgefeedHandler, moduleHandler } from "./in-process";
import { type LoadResult, load } from "./load-generator";
import { ARTICLE, type Route, routes } from "./routes";
import { type Served, serve } from "./serve";
import { wireReport } from "./wire-bytes";
import { cpuSeconds } from "./workerd";

const TARGET = {
  fresh: 0.9,
  notModified: 1.0,
  gzipKiB: 30,
  /** Ours' first /rss.xml in a fresh process against the baseline's, at most. */
  coldFirst: 1.5,
  /** In-process CPU of a request from a new origin against a memo hit, at most. */
  churn: 1.5,
  /** The isolate's V8 heap after 2,000 distinct 16 KB 404s, after a full collection, at most (MiB). */
  hostileHeapMiB: 16,
};

const { values } = parseArgs({
  options: {
    seconds: { type: "string", default: "5" },
    rounds: { type: "string", default: "2" },
    connections: { type: "string", default: "64" },
  },
});
const seconds = Number(values.seconds);
const rounds = Number(values.rounds);
const connections = Number(values.connections);

interface Measured extends LoadResult {
  /** workerd's CPU time per request served, microseconds. */
  cpuUs: number;
}

const failures: string[] = [];
const verdict = (holds: boolean, what: string) => {
  if (!holds) failures.push(what);
  return holds ? "ok" : "MISSED";
};
const fixed = (n: number, digits = 2) => n.toFixed(digits);
const row = (cells: readonly (string | number)[], widths: readonly number[]) =>
  cells.map((c, i) => (i === 0 ? String(c).padEnd(widths[0]!) : String(c).padStart(widths[i]!))).join(" ");

async function main(): Promise<number> {
  const dir = await mkdtemp(join(tmpdir(), "edgefeed-bench-"));
  const servers: Served[] = [];
  try {
    const bundle = await buildBundle(dir);
    const { config } = bundle;
    const gzipKiB = bundle.gzipBytes / 1024;
    console.log(`bundle: ${bundle.modules.map((m) => m.name).join(" + ")}`);
    console.log(`  ${fixed(bundle.bytes / 1024)} KiB, gzip ${fixed(gzipKiB)} KiB (wrangler: ${bundle.wranglerSays})`);
    console.log(`  target ≤ ${TARGET.gzipKiB} KiB gzip: ${verdict(gzipKiB <= TARGET.gzipKiB, "bundle size")}`);
    if (bundle.assets && config.assets)
      console.log(
        `store: ${bundle.assets.files} files, ${fixed(bundle.assets.bytes / 1024)} KiB, served as ${config.assets.binding} by a workerd disk service\n`,
      );

    const mib = (bytes: number) => fixed(bytes / 2 ** 20);
    const modes: [string, StartWithInspector][] = [
      [
        "Static Assets",
        async (port) => {
          const s = await serve("hostile", dir, bundle.modules, config, [`--inspector-addr=127.0.0.1:${port}`]);
          return { origin: s.origin, stop: () => s.server.stop() };
        },
      ],
      // An empty namespace: every path is a miss, remembered (keys over KV's 512 bytes without a read).
      ["KV", (port) => serveKv(bundle, join(dir, "hostile-kv"), port)],
    ];
    for (const [mode, start] of modes) {
      const hostile = await hostileHeap(start);
      console.log(
        `hostile 404s (${mode}): ${hostile.requests} distinct paths of ${hostile.pathBytes / 1024} KiB; V8 heap after a` +
          ` full collection ${mib(hostile.beforeBytes)} MiB before, ${mib(hostile.afterBytes)} MiB after` +
          ` (target < ${TARGET.hostileHeapMiB} MiB): ${verdict(hostile.afterBytes < TARGET.hostileHeapMiB * 2 ** 20, `hostile heap (${mode})`)}`,
      );
    }
    console.log("");

    const ours = await serve("ours", dir, bundle.modules, config);
    servers.push(ours);
    const list = await routes(ours.origin);
    const exchanges: Exchange[] = [];
    for (const route of list) {
      const response = await get(ours.origin + route.path, route.headers);
      if (response.status !== route.status)
        throw new Error(`${route.label}: expected ${route.status}, got ${response.status}`);
      exchanges.push({ path: route.path, headers: route.headers, response });
    }
    const baseline = await serveBaseline(dir, exchanges, config);
    servers.push(baseline);
    console.log(`${await wireReport(ours.origin, baseline.origin, list)}\n`);

    const measure = async (server: Served, route: Route, s: number): Promise<Measured> => {
      const cpu0 = cpuSeconds(server.server.pid);
      const r = await load({ url: server.origin + route.path, headers: route.headers, connections, seconds: s });
      const cpuUs = ((cpuSeconds(server.server.pid) - cpu0) * 1e6) / r.requests;
      const expected = Object.keys(r.statuses).every((status) => status === String(route.status));
      if (r.socketErrors > 0 || !expected)
        throw new Error(`${route.label}: ${r.socketErrors} socket errors, statuses ${JSON.stringify(r.statuses)}`);
      return { ...r, cpuUs };
    };
    for (const route of list) {
      await measure(ours, route, 1);
      await measure(baseline, route, 1);
    }
    const results = new Map<Route, { ours: Measured[]; baseline: Measured[] }>(
      list.map((route) => [route, { ours: [], baseline: [] }]),
    );
    for (let round = 0; round < rounds; round++) {
      for (const [route, slot] of results) {
        // Alternate which goes first, so drift over the run (other load, heat) falls on both alike.
        const order = round % 2 === 0 ? (["ours", "baseline"] as const) : (["baseline", "ours"] as const);
        for (const who of order) slot[who].push(await measure(who === "ours" ? ours : baseline, route, seconds));
      }
    }
    for (const s of servers.splice(0)) await s.server.stop();

    const tool = results.get(list[0]!)?.ours[0]?.tool ?? "?";
    const load1 = loadavg()[0]!;
    console.log(
      `Throughput: bare workerd ${config.compatibilityDate} on loopback, ${tool}, ${connections} connections,` +
        ` ${rounds} × ${seconds} s per route and Worker, alternating (load average ${fixed(load1)}).`,
    );
    console.log(
      `The baseline returns the same status, headers and bytes as constants. <slug> = ${ARTICLE.slice(10)}\n`,
    );
    const widths = [18, 10, 7, 7, 7, 10, 7, 7, 7, 6, 6, 14];
    console.log(
      row(
        [
          "route",
          "ours req/s",
          "p50 ms",
          "p99 ms",
          "CPU µs",
          "base req/s",
          "p50 ms",
          "p99 ms",
          "CPU µs",
          "ratio",
          "CPU",
          "target",
        ],
        widths,
      ),
    );
    for (const [route, slot] of results) {
      const o = summarize(slot.ours);
      const b = summarize(slot.baseline);
      const ratio = o.reqPerSec / b.reqPerSec;
      const target = route.status === 304 ? TARGET.notModified : TARGET.fresh;
      const cells = [route.label, fixed(o.reqPerSec, 0), fixed(o.p50Ms), fixed(o.p99Ms), fixed(o.cpuUs, 0)];
      cells.push(fixed(b.reqPerSec, 0), fixed(b.p50Ms), fixed(b.p99Ms), fixed(b.cpuUs, 0));
      cells.push(
        fixed(ratio),
        fixed(b.cpuUs / o.cpuUs),
        `≥ ${fixed(target, 1)} ${verdict(ratio >= target, route.label)}`,
      );
      console.log(row(cells, widths));
    }
    console.log(`"ratio" is ours/baseline req/s; "CPU" is baseline/ours workerd CPU per request (1.00 = no overhead).`);
    // The other reading of "a 304 costs less than a full body": our 304 against the runtime sending the full feed.
    const conditional = list.find((r) => r.status === 304);
    const full = list.find((r) => r.status === 200 && r.path === conditional?.path);
    if (conditional && full) {
      const o = summarize(results.get(conditional)!.ours);
      const b = summarize(results.get(full)!.baseline);
      console.log(
        `Our ${conditional.label} against the baseline's full ${full.label}: ${fixed(o.reqPerSec / b.reqPerSec)}× req/s,` +
          ` ${fixed(b.cpuUs / o.cpuUs)}× CPU.`,
      );
    }

    console.log("\nCPU per request in-process (Node, each Worker's fetch in a loop, 1 s per route and Worker):");
    const edgefeed = await edgefeedHandler(bundle);
    const oursCpu = await cpuPerRequest(edgefeed, list, 1000);
    const baseCpu = await cpuPerRequest(await moduleHandler(join(dir, "baseline.js")), list, 1000);
    console.log(row(["  route", "ours µs", "base µs", "ours' first request"], [20, 8, 8, 21]));
    oursCpu.forEach((o, i) => {
      const cells = [`  ${o.label}`, fixed(o.warmUs, 1), fixed(baseCpu[i]!.warmUs, 1), `${fixed(o.firstMs)} ms`];
      console.log(row(cells, [20, 8, 8, 21]));
    });

    const feedRoute = list.find((r) => r.path === "/rss.xml" && r.status === 200)!;
    const churn = await churnCpu(edgefeed, feedRoute, 500);
    const churnRatio = churn.churnUs / churn.memoUs;
    console.log(
      `  ${feedRoute.label} from a new origin each request ${fixed(churn.churnUs, 1)} µs, from one origin (memo hit)` +
        ` ${fixed(churn.memoUs, 1)} µs: ${fixed(churnRatio)}× (target ≤ ${fixed(TARGET.churn, 1)}×)` +
        ` ${verdict(churnRatio <= TARGET.churn, "churn CPU")}`,
    );

    const samples = 5;
    console.log(`\nCold start (a fresh workerd process per sample, median of ${samples}, GET /rss.xml):`);
    const cold = await coldStarts(
      dir,
      [
        { name: "edgefeed", modules: bundle.modules },
        { name: "baseline", modules: BASELINE_MODULES },
      ],
      config,
      "/rss.xml",
      samples,
    );
    for (const [name, c] of cold) {
      console.log(
        `  ${name.padEnd(9)} spawn → listening ${fixed(c.listenMs, 1)} ms; first request ${fixed(c.firstMs)} ms; second ${fixed(c.secondMs)} ms`,
      );
    }
    const coldRatio = cold.get("edgefeed")!.firstMs / cold.get("baseline")!.firstMs;
    console.log(
      `  first request, edgefeed/baseline: ${fixed(coldRatio)}× (target ≤ ${fixed(TARGET.coldFirst, 1)}×)` +
        ` ${verdict(coldRatio <= TARGET.coldFirst, "cold start")}`,
    );
    console.log(failures.length === 0 ? "\nAll targets hold." : `\nTargets missed: ${failures.join(", ")}.`);
    return failures.length === 0 ? 0 : 1;
  } finally {
    for (const s of servers) await s.server.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

/** Pooled over rounds: each figure is the mean of the rounds'. */
function summarize(runs: readonly Measured[]) {
  const mean = (pick: (r: Measured) => number) => runs.reduce((a, r) => a + pick(r), 0) / runs.length;
  return {
    reqPerSec: mean((r) => r.reqPerSec),
    p50Ms: mean((r) => r.p50Ms),
    p99Ms: mean((r) => r.p99Ms),
    cpuUs: mean((r) => r.cpuUs),
  };
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(2);
  },
);
