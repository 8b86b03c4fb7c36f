// The part of autocannon's API the benchmarks use (the package ships no types).
declare module "autocannon" {
  interface Options {
    url: string;
    connections?: number;
    /** Seconds. */
    duration?: number;
    headers?: Record<string, string>;
    pipelining?: number;
    /** Socket timeout in seconds. */
    timeout?: number;
    /** Requests each connection sends in turn. */
    requests?: RequestSpec[];
  }
  interface RequestSpec {
    path?: string;
    headers?: Record<string, string>;
    setupRequest?: (request: { headers?: Record<string, string> }) => { headers?: Record<string, string> };
  }
  interface Result {
    /** Per-second samples of completed requests. */
    requests: { average: number; total: number };
    /** Milliseconds, integer resolution. */
    latency: { p50: number; p99: number; average: number };
    /** Socket errors, timeouts included. */
    errors: number;
    timeouts: number;
    /** Seconds. */
    duration: number;
    statusCodeStats: Record<string, { count: number }>;
  }
  function autocannon(options: Options): Promise<Result>;
  export default autocannon;
}
