// Drives HTTP load at a loopback URL with wrk (Debian's `wrk`, when installed: C, microsecond latencies,
// little CPU of its own) or else autocannon from npm, and reports both in the same units.
import { execFile } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { delimiter, join, resolve } from "node:path";
import { promisify } from "node:util";
import autocannon from "autocannon";

export interface LoadOptions {
  /** An origin and path; with `paths`, the origin only counts. */
  url: string;
  /** Paths to cycle through, one request each in turn. */
  paths?: readonly string[];
  headers?: Record<string, string>;
  /** A new Host header on every request: for the Worker, every request comes from a new origin. */
  randomHost?: boolean;
  connections: number;
  seconds: number;
  /** Count every response's status (load test); benchmarks rely on the error counters instead. */
  countStatuses?: boolean;
}

export interface LoadResult {
  tool: "wrk" | "autocannon";
  requests: number;
  reqPerSec: number;
  p50Ms: number;
  p99Ms: number;
  /** Connect, read and write errors and timeouts: requests that got no HTTP response. */
  socketErrors: number;
  /** The same by kind, as the tool reports them. */
  socketErrorKinds: Record<string, number>;
  /** Responses by status; with wrk and no `countStatuses`, only those ≥ 400 are known (under "4xx/5xx"). */
  statuses: Record<string, number>;
}

const run = promisify(execFile);

export function findWrk(): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    const file = join(dir, "wrk");
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {}
  }
  return undefined;
}

export async function load(options: LoadOptions): Promise<LoadResult> {
  const wrk = process.env.EDGEFEED_LOAD_TOOL === "autocannon" ? undefined : findWrk();
  return wrk ? withWrk(wrk, options) : withAutocannon(options);
}

async function withWrk(wrk: string, o: LoadOptions): Promise<LoadResult> {
  // One thread: on a small machine the other cores belong to workerd.
  const args = ["-t", "1", "-c", String(o.connections), "-d", `${o.seconds}s`, "--timeout", "10s"];
  for (const [name, value] of Object.entries(o.headers ?? {})) args.push("-H", `${name}: ${value}`);
  args.push("-s", resolve(import.meta.dirname, "wrk-report.lua"), o.url);
  const env = {
    ...process.env,
    WRK_COUNT_STATUSES: o.countStatuses ? "1" : "0",
    WRK_PATHS: (o.paths ?? []).join(" "),
    WRK_RANDOM_HOST: o.randomHost ? "1" : "0",
  };
  const { stdout } = await run(wrk, args, { env, timeout: (o.seconds + 30) * 1000, maxBuffer: 1 << 20 });
  const line = stdout.split("\n").find((l) => l.startsWith("WRK-JSON "));
  if (!line) throw new Error(`wrk printed no report:\n${stdout}`);
  const r: unknown = JSON.parse(line.slice("WRK-JSON ".length));
  if (!isRecord(r) || !isRecord(r.statuses)) throw new Error(`wrk report: expected an object: ${line}`);
  const n = (key: string): number => {
    const value = r[key];
    if (typeof value !== "number") throw new Error(`wrk report: expected a number for ${key}: ${line}`);
    return value;
  };
  const statuses: Record<string, number> = {};
  for (const [status, count] of Object.entries(r.statuses)) if (typeof count === "number") statuses[status] = count;
  if (!o.countStatuses && n("status") > 0) statuses["4xx/5xx"] = n("status");
  return {
    tool: "wrk",
    requests: n("requests"),
    reqPerSec: n("requests") / (n("durationUs") / 1e6),
    p50Ms: n("p50Us") / 1000,
    p99Ms: n("p99Us") / 1000,
    socketErrors: n("connect") + n("read") + n("write") + n("timeout"),
    socketErrorKinds: { connect: n("connect"), read: n("read"), write: n("write"), timeout: n("timeout") },
    statuses,
  };
}

async function withAutocannon(o: LoadOptions): Promise<LoadResult> {
  const headers = o.headers ?? {};
  const randomHost = (request: { headers?: Record<string, string> }) => ({
    ...request,
    headers: { ...request.headers, host: `h${Math.floor(Math.random() * 1e9)}.example` },
  });
  const r = await autocannon({
    url: o.url,
    connections: o.connections,
    duration: o.seconds,
    headers,
    timeout: 10,
    ...(o.paths || o.randomHost
      ? {
          requests: (o.paths ?? [new URL(o.url).pathname]).map((path) => ({
            path,
            ...(o.randomHost ? { setupRequest: randomHost } : {}),
          })),
        }
      : {}),
  });
  const statuses: Record<string, number> = {};
  for (const [status, { count }] of Object.entries(r.statusCodeStats)) statuses[status] = count;
  const answered = Object.values(statuses).reduce((a, b) => a + b, 0);
  return {
    tool: "autocannon",
    requests: answered,
    reqPerSec: answered / r.duration,
    p50Ms: r.latency.p50,
    p99Ms: r.latency.p99,
    // autocannon counts timeouts among its errors.
    socketErrors: r.errors,
    socketErrorKinds: { timeout: r.timeouts, other: r.errors - r.timeouts },
    statuses,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
