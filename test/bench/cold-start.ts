// Cold start: a fresh workerd process, so a fresh isolate, per sample. workerd 1.20261117 accepts
// connections before it has evaluated the Worker's module (1.20260426 evaluated it first), so the first
// request waits for the rest of start-up (for edgefeed: parsing the current documents the script
// carries), then fills in the site's address in the document it asks for.
import { get } from "./http";
import type { WorkerConfig } from "./project";
import { serve } from "./serve";
import type { WorkerModule } from "./workerd-config";

export interface ColdStart {
  /** Spawn to the port accepting connections: process start (the module's evaluation may still be under way). */
  listenMs: number;
  /** The first request's latency in the fresh isolate. */
  firstMs: number;
  /** The second request's latency (the memoized representation). */
  secondMs: number;
}

export interface ColdWorker {
  /** A Cap'n Proto identifier (see ./workerd-config.ts). */
  name: string;
  modules: readonly WorkerModule[];
}

async function sample(dir: string, worker: ColdWorker, n: number, config: WorkerConfig, path: string) {
  const served = await serve(`${worker.name}${n}`, dir, worker.modules, config);
  try {
    const t0 = performance.now();
    const first = await get(served.origin + path);
    const t1 = performance.now();
    await get(served.origin + path);
    const t2 = performance.now();
    if (first.status !== 200) throw new Error(`cold start ${worker.name} ${path}: expected 200, got ${first.status}`);
    return { listenMs: served.listeningAt - served.server.startedAt, firstMs: t1 - t0, secondMs: t2 - t1 };
  } finally {
    await served.server.stop();
  }
}

/**
 * The median of `samples` fresh processes per Worker, each figure on its own. The Workers take turns,
 * one process each and in alternating order, so drift over the run (other load, a warming disk cache)
 * falls on all alike.
 */
export async function coldStarts(
  dir: string,
  workers: readonly ColdWorker[],
  config: WorkerConfig,
  path: string,
  samples: number,
): Promise<Map<string, ColdStart>> {
  const runs = new Map<string, ColdStart[]>(workers.map((w) => [w.name, []]));
  for (let i = 0; i < samples; i++) {
    const order = i % 2 === 0 ? workers : [...workers].reverse();
    for (const worker of order) runs.get(worker.name)!.push(await sample(dir, worker, i, config, path));
  }
  const median = (list: readonly ColdStart[], pick: (r: ColdStart) => number) => {
    const sorted = list.map(pick).sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)]!;
  };
  return new Map(
    [...runs].map(([name, list]) => [
      name,
      {
        listenMs: median(list, (r) => r.listenMs),
        firstMs: median(list, (r) => r.firstMs),
        secondMs: median(list, (r) => r.secondMs),
      },
    ]),
  );
}
