// Rendering over the machine's cores: worker threads (./render-worker.ts) that each hold the collection
// and render the stored documents they are handed, by their epoch and their place in its list of documents
// (./render.ts siteEpochs, the same order in every thread), writing each into the store and keeping it in
// the cache as the build's own thread does (./store-folder.ts). The build's thread renders its share of
// them too (./build.ts), and what the script carries.
import { availableParallelism } from "node:os";
import { serialize } from "node:v8";
import type { Article, Collection } from "../shared/content/schema";
import type { Asset, Meta } from "../shared/contract";
import type { SiteVars } from "../shared/site";
import { articleJson } from "./article-json";
import { startThread } from "./code-loading";
import type { StoreFolders } from "./store-folder";

/** What each worker renders from. */
export interface PoolData {
  /** Every article, those of later epochs too. */
  collection: Collection;
  /** The build's clock: articles dated after it are of later epochs. */
  now: number;
  vars: Omit<SiteVars, "SITE_URL">;
  style: Asset;
  folders: StoreFolders;
  /** The cache's document folder (./cache.ts). */
  documents: string;
}

/**
 * A message to a worker: what it renders from (first, once), then batches of documents. The articles go
 * as their JSON (./article-json.ts, written once) in UTF-8, one after another in memory the workers
 * share, with where each ends; each worker parses its own copy, one article at a time (as one string,
 * 10,000 of them were a 176 MB string to make first). Cloning or serializing them took the build's
 * thread over a second at 10,000 articles, while the workers waited; the rest is small, and serialized.
 */
export type Message = { data: Uint8Array; articles: Articles } | Job[];

export interface Articles {
  bytes: SharedArrayBuffer;
  /** Where each article's JSON ends in `bytes` (each begins where the one before ends). */
  ends: Uint32Array | Float64Array;
}

function articlesText(articles: readonly Article[]): Articles {
  const json = articles.map(articleJson);
  let length = 0;
  for (const text of json) length += text.byteLength;
  const bytes = new SharedArrayBuffer(length);
  // Offsets past 4 GiB do not fit 32 bits.
  const ends = length < 2 ** 32 ? new Uint32Array(json.length) : new Float64Array(json.length);
  const view = new Uint8Array(bytes);
  let at = 0;
  for (const [i, text] of json.entries()) {
    view.set(text, at);
    at += text.byteLength;
    ends[i] = at;
  }
  return { bytes, ends };
}

/** The articles `articlesText` wrote. */
export function articlesFrom({ bytes, ends }: Articles): Article[] {
  const view = Buffer.from(bytes);
  const articles: Article[] = [];
  let start = 0;
  for (const end of ends) {
    articles.push(JSON.parse(view.toString("utf8", start, end)) as Article);
    start = end;
  }
  return articles;
}

/** One document to render: its epoch, its place in the epoch's list, the key to store it under, and its signature. */
export type Job = [epoch: number, index: number, at: string, signature: string];

/** A batch done: with the validators of its documents of later epochs, by the key each is stored under. */
export type Reply =
  | { done: number; entries: number; bytes: number; made: [at: string, meta: Meta][] }
  | { error: string };

/** Documents handed to a worker at once, and at most in flight over all of them. */
const BATCH = 16;
const IN_FLIGHT = 512;

/**
 * Worker threads for a build on this machine: one a core but the build's own, which renders too
 * (./build.ts); none on one core. Each holds a copy of the collection.
 */
export const poolSize = () => availableParallelism() - 1;

export interface RenderPool {
  /** Worker threads. */
  readonly size: number;
  /** Documents handed over and not yet stored. */
  readonly backlog: number;
  /** Hands a document over by its epoch and place in the list (resolves when another may be, not when it is stored). */
  render(epoch: number, index: number, at: string, signature: string): Promise<void>;
  /** Waits until every document handed over is stored and kept; with the validators of those of later epochs. */
  drain(): Promise<ReadonlyMap<string, Meta>>;
  /** What the workers wrote. */
  readonly written: { entries: number; bytes: number };
  /** Gives the workers what they render from: before any document is handed over, once. */
  begin(data: PoolData): void;
  /** Stops the workers. */
  close(): Promise<void>;
}

/**
 * Starts `size` workers, which load their code and wait for `begin`: a build that will render everything
 * starts them before it parses, so that they are ready when it is.
 */
export function renderPool(size: number): RenderPool {
  const written = { entries: 0, bytes: 0 };
  const made = new Map<string, Meta>();
  let failed: Error | undefined;
  let inFlight = 0;
  let waiting: (() => void) | undefined;
  const wake = () => {
    const resolve = waiting;
    waiting = undefined;
    resolve?.();
  };
  const workers = Array.from({ length: size }, () => {
    const worker = startThread("render-worker");
    const state = { worker, pending: 0 };
    worker.on("message", (reply: Reply) => {
      if ("error" in reply) failed ??= new Error(reply.error);
      else {
        state.pending -= reply.done;
        inFlight -= reply.done;
        written.entries += reply.entries;
        written.bytes += reply.bytes;
        for (const [at, meta] of reply.made) made.set(at, meta);
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
    size,
    get backlog() {
      return inFlight + batch.length;
    },
    written,
    begin({ collection, ...rest }) {
      const { articles, ...others } = collection;
      const message: Message = { data: serialize({ ...rest, collection: others }), articles: articlesText(articles) };
      for (const { worker } of workers) worker.postMessage(message);
    },
    async render(epoch, index, at, signature) {
      if (failed) throw failed;
      batch.push([epoch, index, at, signature]);
      if (batch.length >= BATCH) send();
      if (inFlight >= IN_FLIGHT) await until(() => inFlight < IN_FLIGHT / 2);
    },
    async drain() {
      send();
      await until(() => inFlight === 0);
      return made;
    },
    async close() {
      await Promise.all(workers.map(({ worker }) => worker.terminate()));
    },
  };
}
