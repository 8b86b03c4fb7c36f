// A render worker of ./render-pool.ts: walks the list of documents of the collection it was given, in
// order, and renders, stores and keeps those it is handed; it replies with how many it finished and what
// it wrote, once each batch is written whole.
import { register } from "node:module";
import { parentPort, workerData } from "node:worker_threads";

// Before `feed` is loaded: it writes through src/shared/feeds/xml-writer.js (./alias-hook.mjs).
register("./alias-hook.mjs", import.meta.url);
const { epochDocuments } = await import("./render");
const { EntryEncoder } = await import("./entry-encoder");
const { DocumentFolder } = await import("./cache");
const { entryWriter } = await import("./store-folder");

const data = workerData as import("./render-pool").PoolData;
const store = entryWriter(data.folders, new DocumentFolder(data.documents));
const encoder = new EntryEncoder();
const documents = epochDocuments(data.collection, data.vars, data.style);
let at = 0;
let next = documents.next();

parentPort!.on("message", (jobs: import("./render-pool").Job[]) => {
  void work(jobs).catch((error: unknown) => {
    const reply: import("./render-pool").Reply = {
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    };
    parentPort!.postMessage(reply);
  });
});

let queue = Promise.resolve();
/** Batches one after another: each walks the list on from where the last one stopped. */
function work(jobs: import("./render-pool").Job[]): Promise<void> {
  queue = queue.then(async () => {
    const before = { ...store.written };
    for (const [index, key, signature] of jobs) {
      while (!next.done && at < index) {
        next = documents.next();
        at++;
      }
      if (next.done || at !== index) throw new Error(`render worker: no document ${index} (the list has ${at})`);
      await store.putNow(key, encoder.encode(await next.value.doc.render()), signature);
    }
    await store.commit();
    const reply: import("./render-pool").Reply = {
      done: jobs.length,
      entries: store.written.entries - before.entries,
      bytes: store.written.bytes - before.bytes,
    };
    parentPort!.postMessage(reply);
  });
  return queue;
}
