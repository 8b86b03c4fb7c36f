// A render worker of ./render-pool.ts: loads its code, is sent what it renders from, then walks the lists
// of documents of the site's epochs in order (./render.ts siteEpochs), and renders, stores and keeps those
// it is handed; it replies with how many it finished and what it wrote, once each batch is written whole.
import { deserialize } from "node:v8";
import { parentPort } from "node:worker_threads";
import { aliasModules } from "./code-loading";

aliasModules();
const { siteEpochs } = await import("./render");
const { EntryEncoder } = await import("./entry-encoder");
const { DocumentFolder } = await import("./cache");
const { entryWriter } = await import("./store-folder");
const { articlesFrom } = await import("./render-pool");
const { keepHeapDown } = await import("./heap");

type Walk = {
  store: import("./store-folder").EntryWriter;
  epochs: ReturnType<typeof siteEpochs>;
  /** The epoch walked, and where in its list. */
  epoch: IteratorResult<import("./render").EpochWalk>;
  next: IteratorResult<{ doc: import("../shared/documents").DocumentSpec }> | undefined;
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
  const epochs = siteEpochs({ ...data.collection, articles }, data.vars, data.style, data.now);
  return { store, epochs, epoch: epochs.next(), next: undefined, at: -1 };
}

/** The document at `index` in epoch `epoch`'s list: the walk goes on from where it is, never back. */
function documentAt(walk: Walk, epoch: number, index: number) {
  while (!walk.epoch.done && walk.epoch.value.epoch < epoch) {
    walk.epoch = walk.epochs.next();
    walk.next = undefined;
    walk.at = -1;
  }
  if (walk.epoch.done || walk.epoch.value.epoch !== epoch) throw new Error(`render worker: no epoch ${epoch}`);
  const { documents } = walk.epoch.value;
  while (walk.at < index && !walk.next?.done) {
    walk.next = documents.next();
    walk.at++;
  }
  if (!walk.next || walk.next.done || walk.at !== index) {
    throw new Error(`render worker: no document ${index} in epoch ${epoch} (its list has ${walk.at})`);
  }
  return walk.next.value.doc;
}

let queue = Promise.resolve();
/** Batches one after another: each walks the list on from where the last one stopped. */
function work(jobs: import("./render-pool").Job[]): Promise<void> {
  queue = queue.then(async () => {
    const current = walk;
    if (!current) throw new Error("render worker: handed documents before what they are rendered from");
    const { store } = current;
    const before = { ...store.written };
    const made: [string, import("../shared/contract").Meta][] = [];
    for (const [epoch, index, key, signature] of jobs) {
      const { meta, bytes } = encoder.encode(await documentAt(current, epoch, index).render());
      await store.putNow(key, bytes, signature);
      if (epoch > 0) made.push([key, meta]);
    }
    await store.commit();
    keepHeapDown();
    const reply: import("./render-pool").Reply = {
      done: jobs.length,
      entries: store.written.entries - before.entries,
      bytes: store.written.bytes - before.bytes,
      made,
    };
    parentPort!.postMessage(reply);
  });
  return queue;
}
