// Cold start: a fresh workerd process, so a fresh isolate, per sample. workerd evaluates the Worker's
// module before it listens; the first request then renders and hashes the representation it asks for.
import { get } from "./http";
import type { WorkerConfig } from "./project";
import { serve } from "./serve";
import type { WorkerModule } from "./workerd-config";

export interface ColdStart {
  /** Spawn to the port accepting connections: process start and the module's top-level evaluation. */
  listenMs: number;
  /** The first request's latency in the fresh isolate. */
  firstMs: number;
  /** The second request's latency (the memoized representation). */
  secondMs: number;
}

export async function coldStart(
  dir: string,
  modules: readonly WorkerModule[],
  config: WorkerConfig,
  path: string,
  samples: number,
) {
  const runs: ColdStart[] = [];
  for (let i = 0; i < samples; i++) {
    const served = await serve(`cold${i}`, dir, modules, config);
    try {
      const t0 = performance.now();
      const first = await get(served.origin + path);
      const t1 = performance.now();
      await get(served.origin + path);
      const t2 = performance.now();
      if (first.status !== 200) throw new Error(`cold start ${path}: expected 200, got ${first.status}`);
      runs.push({ listenMs: served.listeningAt - served.server.startedAt, firstMs: t1 - t0, secondMs: t2 - t1 });
    } finally {
      await served.server.stop();
    }
  }
  const median = (pick: (r: ColdStart) => number) => {
    const sorted = runs.map(pick).sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)]!;
  };
  return {
    listenMs: median((r) => r.listenMs),
    firstMs: median((r) => r.firstMs),
    secondMs: median((r) => r.secondMs),
  };
}
