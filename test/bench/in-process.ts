// CPU per request without a network or a runtime around it: a Worker's fetch in a loop in Node.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import type { Bundle } from "./bundle";
import type { Route } from "./routes";

export type Handler = (request: Request) => Response | Promise<Response>;

export interface CpuFigures {
  label: string;
  /** CPU (user + system) per request, microseconds, once every representation is memoized. */
  warmUs: number;
  /**
   * Wall time of the first request to a fresh handler, median of 21 (for edgefeed: opening the stored
   * document and filling in the origin, with V8's code already warm).
   */
  firstMs: number;
}

/**
 * A fresh edgefeed Worker (empty memos) each call: the app the script exports, over the current
 * documents the bundle carries, with an ASSETS binding that reads the bundle's store folder from disk
 * (the one workerd's disk service serves). The app is imported late: it imports src/generated/.
 */
export async function edgefeedHandler(bundle: Bundle): Promise<() => Handler> {
  const { createApp } = await import("../../src/worker/app");
  const module = bundle.modules.find((m) => m.type === "text" && m.name.endsWith("current.txt"));
  if (!module) throw new Error(`${bundle.dir}: the bundle has no current.txt Text module`);
  const current = JSON.parse(await readFile(join(bundle.dir, module.name), "utf8"));
  const folder = bundle.config.assets?.directory;
  if (!folder) throw new Error("wrangler.toml: expected an [assets] folder (the store)");
  const env = { ...bundle.config.vars, ASSETS: diskFetcher(folder) };
  return () => {
    const app = createApp({ current });
    return (request) => app.fetch(request, env);
  };
}

/** The part of a Fetcher the store uses, answering as workerd's disk service does: the file, or 404. */
function diskFetcher(folder: string) {
  return {
    async fetch(input: RequestInfo | URL): Promise<Response> {
      const url = new URL(input instanceof Request ? input.url : String(input));
      try {
        return new Response(await readFile(join(folder, decodeURIComponent(url.pathname))));
      } catch (error) {
        if (error instanceof Error && "code" in error && error.code === "ENOENT")
          return new Response(null, { status: 404 });
        throw error;
      }
    },
  };
}

/** The baseline Worker module (see ./baseline.ts), which keeps no state. */
export async function moduleHandler(file: string): Promise<() => Handler> {
  const module: unknown = await import(pathToFileURL(file).href);
  const worker = typeof module === "object" && module !== null && "default" in module ? module.default : undefined;
  if (typeof worker !== "object" || worker === null || !("fetch" in worker) || typeof worker.fetch !== "function")
    throw new Error(`${file}: expected a default export with a fetch method`);
  const fetch = worker.fetch;
  return () => (request) => fetch.call(worker, request);
}

const ORIGIN = "http://127.0.0.1:8787";

async function call(handler: Handler, route: Route, origin = ORIGIN) {
  const res = await handler(new Request(origin + route.path, { headers: route.headers }));
  await res.arrayBuffer();
  if (res.status !== route.status) throw new Error(`${route.label}: expected ${route.status}, got ${res.status}`);
}

/** CPU (user + system) per call of `step`, microseconds, over `ms` of calls in batches of 100. */
async function cpuPer(step: (i: number) => Promise<void>, ms: number): Promise<number> {
  const cpu0 = process.cpuUsage();
  const end = performance.now() + ms;
  let n = 0;
  while (performance.now() < end) {
    for (let i = 0; i < 100; i++) await step(n + i);
    n += 100;
  }
  const cpu = process.cpuUsage(cpu0);
  return (cpu.user + cpu.system) / n;
}

export async function cpuPerRequest(make: () => Handler, routes: readonly Route[], ms: number): Promise<CpuFigures[]> {
  // Warm the JIT on every route first, so "first request" is each route's own work, not V8's, and the
  // first route's CPU does not include V8 optimizing the shared code on its background threads.
  const scratch = make();
  routes = await Promise.all(routes.map((route) => withOwnValidator(scratch, route)));
  for (const route of routes) for (let i = 0; i < 2000; i++) await call(scratch, route);
  const figures: CpuFigures[] = [];
  for (const route of routes) {
    const firsts: number[] = [];
    for (let i = 0; i < 21; i++) {
      const fresh = make();
      const t0 = performance.now();
      await call(fresh, route);
      firsts.push(performance.now() - t0);
    }
    const firstMs = firsts.sort((a, b) => a - b)[10]!;

    const handler = make();
    for (let i = 0; i < 500; i++) await call(handler, route);
    const warmUs = await cpuPer(() => call(handler, route), ms);
    figures.push({ label: route.label, warmUs, firstMs });
  }
  return figures;
}

export interface ChurnFigures {
  /** CPU per request from one origin, its document memoized. */
  memoUs: number;
  /** CPU per request from a new origin each time (a new Host): the document filled in for it anew. */
  churnUs: number;
}

/** The same route asked from one origin, then from a new origin per request, alternating `rounds` times. */
export async function churnCpu(make: () => Handler, route: Route, ms: number, rounds = 3): Promise<ChurnFigures> {
  const handler = make();
  for (let i = 0; i < 2000; i++) await call(handler, route, i % 2 === 0 ? ORIGIN : `http://w${i}.example`);
  const memo: number[] = [];
  const churn: number[] = [];
  let host = 0;
  for (let r = 0; r < rounds; r++) {
    memo.push(await cpuPer(() => call(handler, route), ms));
    churn.push(await cpuPer(() => call(handler, route, `http://h${++host}.example`), ms));
  }
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  return { memoUs: median(memo), churnUs: median(churn) };
}

/** A conditional route with If-None-Match set to the ETag this handler gives (its bytes follow the origin). */
async function withOwnValidator(handler: Handler, route: Route): Promise<Route> {
  if (route.headers["If-None-Match"] === undefined) return route;
  const etag = (await handler(new Request(ORIGIN + route.path))).headers.get("ETag");
  return etag === null ? route : { ...route, headers: { ...route.headers, "If-None-Match": etag } };
}
