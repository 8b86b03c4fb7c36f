// CPU per request without a network or a runtime around it: a Worker's fetch in a loop in Node.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import type { CurrentBundle } from "../../src/app";
import { ROOT, type WorkerConfig } from "./project";
import type { Route } from "./routes";

export type Handler = (request: Request) => Response | Promise<Response>;

export interface CpuFigures {
  label: string;
  /** CPU (user + system) per request, microseconds, once every representation is memoized. */
  warmUs: number;
  /**
   * Wall time of the first request to a fresh handler, median of 21 (for edgefeed: rendering the body
   * and its ETag, with V8's code already warm).
   */
  firstMs: number;
}

/**
 * A fresh edgefeed app (empty memo) each call, over the documents the script carries
 * (src/generated/current.txt, which the bundle's build writes): every benchmarked route is among them.
 * The app is imported late: it needs src/generated/.
 */
export async function edgefeedHandler(config: WorkerConfig): Promise<() => Handler> {
  const { createApp } = await import("../../src/app");
  const current: CurrentBundle = JSON.parse(await readFile(join(ROOT, "src/generated/current.txt"), "utf8"));
  return () => {
    const app = createApp({ current });
    return (request) => app.fetch(request, config.vars);
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

export async function cpuPerRequest(make: () => Handler, routes: readonly Route[], ms: number): Promise<CpuFigures[]> {
  const call = async (handler: Handler, route: Route) => {
    const res = await handler(new Request(ORIGIN + route.path, { headers: route.headers }));
    await res.arrayBuffer();
    if (res.status !== route.status) throw new Error(`${route.label}: expected ${route.status}, got ${res.status}`);
  };
  // Warm the JIT on every route first, so "first request" is each route's own work, not V8's.
  const scratch = make();
  routes = await Promise.all(routes.map((route) => withOwnValidator(scratch, route)));
  for (const route of routes) for (let i = 0; i < 50; i++) await call(scratch, route);
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
    const cpu0 = process.cpuUsage();
    const end = performance.now() + ms;
    let n = 0;
    while (performance.now() < end) {
      for (let i = 0; i < 100; i++) await call(handler, route);
      n += 100;
    }
    const cpu = process.cpuUsage(cpu0);
    figures.push({ label: route.label, warmUs: (cpu.user + cpu.system) / n, firstMs });
  }
  return figures;
}

/** A conditional route with If-None-Match set to the ETag this handler gives (its bytes follow the origin). */
async function withOwnValidator(handler: Handler, route: Route): Promise<Route> {
  if (route.headers["If-None-Match"] === undefined) return route;
  const etag = (await handler(new Request(ORIGIN + route.path))).headers.get("ETag");
  return etag === null ? route : { ...route, headers: { ...route.headers, "If-None-Match": etag } };
}
