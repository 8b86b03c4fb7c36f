// Rendering over the machine's cores: worker threads (./render-worker.ts) that each hold the collection
// and render the stored documents of the build's own epoch they are handed, by their place in the list of
// documents (src/shared/documents.ts, the same order in every thread), writing each into the store and
// keeping it in the cache as the build's own thread does (./store-folder.ts). What the script carries,
// and every later epoch, stays with the build's thread, which keeps the order those are written in.
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import type { Collection } from "../shared/content/schema";
import type { Asset } from "../shared/contract";
import type { SiteVars } from "../shared/site";
import type { Renderers } from "./render";
import type { StoreFolders } from "./store-folder";

/** What each worker is started with. */
export interface PoolData {
  /** The epoch's articles (those dated up to the build's clock). */
  collection: Collection;
  vars: Omit<SiteVars, "SITE_URL">;
  style: Asset;
  folders: StoreFolders;
  /** The cache's document folder (./cache.ts). */
  documents: string;
}

/** One document to render: its place in the list, the key to store it under, and its signature. */
export type Job = [index: number, at: string, signature: string];

export type Reply = { done: number; entries: number; bytes: number } | { error: string };

/** Documents handed to a worker at once, and at most in flight over all of them. */
const BATCH = 16;
const IN_FLIGHT = 512;

/** Worker threads for a build on this machine: one a core, none on one core. */
export const poolSize = () => {
  const cores = availableParallelism();
  return cores > 1 ? cores : 0;
};

export interface RenderPool extends Renderers {
  /** What the workers wrote. */
  readonly written: { entries: number; bytes: number };
  /** Stops the workers. */
  close(): Promise<void>;
}

export async function renderPool(data: PoolData, size: number): Promise<RenderPool> {
  const written = { entries: 0, bytes: 0 };
  let failed: Error | undefined;
  let inFlight = 0;
  let waiting: (() => void) | undefined;
  const wake = () => {
    const resolve = waiting;
    waiting = undefined;
    resolve?.();
  };
  const workers = Array.from({ length: size }, () => {
    // The worker loads TypeScript as the build does (wrangler.toml [build]: node --import tsx).
    const worker = new Worker(join(import.meta.dirname, "render-worker.ts"), {
      workerData: data,
      execArgv: ["--import", import.meta.resolve("tsx")],
    });
    const state = { worker, pending: 0 };
    worker.on("message", (reply: Reply) => {
      if ("error" in reply) failed ??= new Error(reply.error);
      else {
        state.pending -= reply.done;
        inFlight -= reply.done;
        written.entries += reply.entries;
        written.bytes += reply.bytes;
      }
      wake();
    });
    worker.on("error", (error) => {
      failed ??= error;
      wake();
    });
    worker.on("exit", (code) => {
      if (code !== 0) failed ??= new Error(`a render worker stopped (exit code ${code})`);
      wake();
    });
    return state;
  });
  let batch: Job[] = [];
  const send = () => {
    if (batch.length === 0) return;
    // The least busy worker; each gets its documents in the list's order, as it walks the list.
    const state = workers.reduce((a, b) => (b.pending < a.pending ? b : a));
    state.pending += batch.length;
    inFlight += batch.length;
    state.worker.postMessage(batch);
    batch = [];
  };
  const until = (done: () => boolean) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (failed) reject(failed);
        else if (done()) resolve();
        else waiting = check;
      };
      check();
    });
  return {
    written,
    async render(index, at, signature) {
      if (failed) throw failed;
      batch.push([index, at, signature]);
      if (batch.length >= BATCH) send();
      if (inFlight >= IN_FLIGHT) await until(() => inFlight < IN_FLIGHT / 2);
    },
    async drain() {
      send();
      await until(() => inFlight === 0);
    },
    async close() {
      await Promise.all(workers.map(({ worker }) => worker.terminate()));
    },
  };
}
