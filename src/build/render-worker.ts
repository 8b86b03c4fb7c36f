// A render worker of ./render-pool.ts: loads its code, is sent what it renders from, then walks the list
// of documents of that collection in order, and renders, stores and keeps those it is handed; it replies with how many it finished and what
// it wrote, once each batch is written whole.
import { register } from "node:module";
import { deserialize } from "node:v8";
import { parentPort } from "node:worker_threads";

// Before `feed` is loaded: it writes through src/shared/feeds/xml-writer.js (./alias-hook.mjs).
register("./alias-hook.mjs", import.meta.url);
const { epochDocuments } = await import("./render");
const { EntryEncoder } = await import("./entry-encoder");
const { DocumentFolder } = await import("./cache");
const { entryWriter } = await import("./store-folder");
const { articlesFrom } = await import("./render-pool");

type Walk = {
  store: import("./store-folder").EntryWriter;
  documents: ReturnType<typeof epochDocuments>;
  next: IteratorResult<{ doc: import("../shared/documents").DocumentSpec }>;
  at: number;
};
let walk: Walk | undefined;
const encoder = new EntryEncoder();

parentPort!.on("message", (message: import("./render-pool").Message) => {
  if (!Array.isArray(message)) {
    walk = begin(message);
    return;
  }
  void work(message).catch((error: unknown) => {
    const reply: import("./render-pool").Reply = {
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    };
    parentPort!.postMessage(reply);
  });
});

function begin(message: { data: Uint8Array; articles: import("./render-pool").Articles }): Walk {
  const data = deserialize(message.data) as import("./render-pool").PoolData;
  const articles = articlesFrom(message.articles);
  const store = entryWriter(data.folders, new DocumentFolder(data.documents));
  const documents = epochDocuments({ ...data.collection, articles }, data.vars, data.style);
  return { store, documents, next: documents.next(), at: 0 };
}

let queue = Promise.resolve();
/** Batches one after another: each walks the list on from where the last one stopped. */
function work(jobs: import("./render-pool").Job[]): Promise<void> {
  queue = queue.then(async () => {
    const current = walk;
    if (!current) throw new Error("render worker: handed documents before what they are rendered from");
    const { store, documents } = current;
    const before = { ...store.written };
    for (const [index, key, signature] of jobs) {
      while (!current.next.done && current.at < index) {
        current.next = documents.next();
        current.at++;
      }
      if (current.next.done || current.at !== index) {
        throw new Error(`render worker: no document ${index} (the list has ${current.at})`);
      }
      await store.putNow(key, encoder.encode(await current.next.value.doc.render()).bytes, signature);
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
