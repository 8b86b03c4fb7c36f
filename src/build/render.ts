// Renders every document of the site once (the list in src/shared/documents.ts), with its address left open
// (src/shared/http/open-origin.ts). The current documents go into the script; the rest into the store
// (src/store/), where the Worker reads them on demand.
import { createHash } from "node:crypto";
import { isPublicPath } from "../shared/addresses";
import { Catalog } from "../shared/catalog";
import { mediaSources } from "../shared/content/media";
import type { Article, Collection } from "../shared/content/schema";
import { type Asset, type CurrentBundle, type Meta, OPEN_ORIGIN, type StoredEntry } from "../shared/contract";
import { type Dependencies, type DocumentSpec, siteDocuments } from "../shared/documents";
import { bodyText, etagOf, type Rendered, taggedText } from "../shared/http/representation";
import { type SiteVars, siteFrom } from "../shared/site";
import { articleJson } from "./article-json";
import { digest, digestOf } from "./cache";
import { EntryEncoder } from "./entry-encoder";
import { ContentError } from "./errors";

export interface RenderedSite {
  current: CurrentBundle;
  /** Every other document, by key. */
  stored: Map<string, StoredEntry>;
  /** Documents rendered, and those taken from the cache as earlier builds rendered them. */
  rendered: number;
  reused: number;
  /** The signatures of the documents this site holds (./cache.ts keeps those, and prunes the rest). */
  signatures: Set<string>;
  /** With a cache: each stored document's key (`key@i` in a later epoch) and signature, the store's manifest. */
  manifest: Map<string, string>;
}

/** Documents rendered by earlier builds, by signature (./cache.ts). */
export interface DocumentCache {
  /** What the build's code, settings and libraries are (./code-version.mjs): part of every signature. */
  code: string;
  /** `stored`: the key it is stored under in this build, to read it from if the cache no longer keeps it. */
  read(signature: string, stored?: string): Promise<StoredEntry | undefined>;
  /** The same, its validators only. */
  validators(signature: string, stored?: string): Promise<Meta | undefined>;
  /** Stores the document rendered from `signature` before under `key`, unread; false if it was not kept. */
  reuse(key: string, signature: string): Promise<boolean>;
  /** Keeps a document the script carries (a stored one is kept by `put`). */
  keep(signature: string, entry: StoredEntry): Promise<void>;
}

/**
 * Documents the build's thread renders itself before it hands the rest to its renderers: a change of a few
 * articles renders a few dozen documents, fewer than starting worker threads would cost. At least INLINE,
 * and one for every ARTICLES_PER_INLINE articles: a worker is sent every article and walks the site's lists
 * as far as its documents, which at 100,000 stories kept each of them busy 1.8 s, while this thread rendered
 * an addition's 208 documents in 0.28 s. With 4,000 there, a change that renders more waits about 5 s
 * longer for its workers than it would have.
 */
const INLINE = 200;
const ARTICLES_PER_INLINE = 25;

/** Renders stored documents elsewhere (./render-pool.ts), each by its epoch and its place in the epoch's list. */
export interface Renderers {
  /**
   * Hands a document over, `doc` at its place `index` in its epoch's list (siteEpochs), to be stored under
   * `at` (resolves when another may be handed over, not when it is stored).
   */
  render(epoch: number, index: number, at: string, signature: string, doc: DocumentSpec): Promise<void>;
  /**
   * Waits until every document handed over is stored and kept; with the validators of those of later
   * epochs, by the key each is stored under.
   */
  drain(): Promise<ReadonlyMap<string, Meta>>;
}

export interface RenderOptions {
  /** The build's clock: articles dated after it are scheduled (default: now). */
  now?: number;
  /** The stylesheet the pages link to (default: src/assets/style.css, as the build makes it). */
  stylesheet?: Asset;
  /**
   * Where stored documents go as they are rendered (a folder, src/build/store-folder.ts), with the
   * signature they were rendered from when there is a cache; default: `stored`.
   */
  put?: (key: string, entry: StoredEntry, signature?: string) => Promise<void>;
  /**
   * Where a stored document rendered here goes as encoded bytes (src/build/entry-encoder.ts), written before
   * it resolves; without it, through `put`.
   */
  putBytes?: (key: string, bytes: Uint8Array, signature?: string) => Promise<void>;
  /** Documents earlier builds rendered: a document whose signature is there is not rendered again. */
  cache?: DocumentCache;
  /** With a cache: where stored documents are rendered (default: here, in turn). */
  renderers?: Renderers;
  /**
   * Removes a later epoch's document, stored under `key`, that turned out the same as the epoch before's
   * (default: from `stored`; required with `put`).
   */
  drop?: (key: string) => Promise<void>;
}

/**
 * The site as it is now, and as it will be at each scheduled article's time: epoch 0 holds the
 * articles dated up to the build, epoch i adds those dated up to the i-th later date. Epoch 0's
 * documents are stored under their keys; a later epoch stores only the documents it changes, under
 * `key@i`, and lists them, so the Worker serves each document as of its own clock (src/worker/app.ts) and
 * nothing reveals a scheduled article before its time.
 */
export async function renderSite(
  collection: Collection,
  vars: Omit<SiteVars, "SITE_URL">,
  options: RenderOptions = {},
): Promise<RenderedSite> {
  // The open address must mean only the site's address: no article may contain it but where the
  // parser resolved a relative link against it (src/build/parsers/markdown.ts), or named a file it
  // serves (src/build/media.ts; a remote medium's URL cannot be on the open address).
  const host = new URL(OPEN_ORIGIN).host;
  const opened = (s: string) => s.replaceAll(`${OPEN_ORIGIN}/`, "");
  // Each article's JSON, written once: what is looked through here and what its signature digests.
  const json = collection.articles.map(articleJson);
  const holder = collection.articles.find(
    (a, i) =>
      // Opening only takes the name out: an article whose JSON lacks it cannot hold it.
      json[i]!.includes(host) &&
      JSON.stringify({
        ...a,
        contentHtml: opened(a.contentHtml),
        image: a.image && { ...a.image, url: opened(a.image.url) },
        attachments: a.attachments?.map((m) => ({ ...m, url: opened(m.url) })),
        episode: a.episode && {
          ...a.episode,
          transcripts: a.episode.transcripts.map((t) => ({ ...t, url: opened(t.url) })),
          chapters: a.episode.chapters && { ...a.episode.chapters, url: opened(a.episode.chapters.url) },
        },
      }).includes(host),
  );
  // A show's text, the same way: only its artwork is on the open address.
  const show = collection.shows?.find((s) =>
    JSON.stringify({ ...s, artwork: { ...s.artwork, url: opened(s.artwork.url) } }).includes(host),
  );
  if (holder ?? show) {
    const file = (holder ?? show)!.file;
    throw new ContentError(file, 1, `expected text without "${host}" (a name edgefeed reserves), found it`);
  }
  const now = options.now ?? Date.now();
  const pageSize = Number(vars.PAGE_SIZE || "20");
  const dates = collection.articles.map((a) => Date.parse(a.published));

  const style = options.stylesheet ?? (await (await import("./assets")).buildStylesheet());
  const current: CurrentBundle = {
    vars,
    newest: [],
    entries: {},
    epochs: [],
    topics: {},
    media: mediaSources(releasedBy(collection, now, dates)),
    ...(collection.icons ? { icons: collection.icons } : {}),
    stylesheet: style.path,
  };
  const site: RenderedSite = {
    current,
    stored: new Map(),
    rendered: 0,
    reused: 0,
    signatures: new Set(),
    manifest: new Map(),
  };
  const put = options.put ?? (async (key: string, entry: StoredEntry) => void site.stored.set(key, entry));
  const drop = options.drop ?? (async (key: string) => void site.stored.delete(key));
  const encoder = new EntryEncoder();
  const { cache } = options;
  const inline = Math.max(INLINE, Math.ceil(collection.articles.length / ARTICLES_PER_INLINE));
  const signers = cache && signer(collection, json, vars, style, cache.code);
  // What each document was sent with as the epoch before stored it (its tag), or the signature to read it by.
  // Kept only when there is a later epoch to compare: at 200,000 documents it held a few hundred megabytes.
  const previous = new Map<string, string | { signature: string }>();
  const tagOf = async (key: string) => {
    const was = previous.get(key);
    if (typeof was !== "object") return was;
    const meta = await cache!.validators(was.signature, key);
    return meta && tag(meta);
  };
  // With a cache, a later epoch's documents are stored as they are rendered, wherever that is, like the
  // build's own epoch's, and compared with the epoch before's once all are stored (`settle`): the
  // workers render them beside this thread instead of waiting for it.
  const stored: Stored[] = [];
  const settle = async (done: Stored, elsewhere?: ReadonlyMap<string, Meta>) => {
    const made = done.made ?? elsewhere?.get(done.at) ?? (await cache!.validators(done.signature, done.at));
    if (!made) throw new Error(`${done.at}: stored, and then not found in the store`);
    const epoch = current.epochs[done.epoch - 1]!;
    if ((await tagOf(done.key)) === tag(made)) return drop(done.at);
    previous.set(done.key, tag(made));
    epoch.changed.push(done.key);
    if (done.topic) epoch.topics[done.key] = made.etag;
    site.signatures.add(done.signature);
    site.manifest.set(done.at, done.signature);
  };
  for (const { epoch, until, collection: collectionThen, documents, later } of siteEpochs(
    collection,
    vars,
    style,
    now,
    dates,
  )) {
    const changed: string[] = [];
    const topics: Record<string, string> = {};
    if (epoch > 0) {
      const media = mediaSources(collectionThen);
      const newest = collectionThen.articles.slice(0, pageSize);
      current.epochs.push({ at: new Date(until).toISOString(), changed, newest, topics, media });
    }
    const sign = signers?.(collectionThen.articles);
    let index = -1;
    for (const { doc, dependencies } of documents) {
      index++;
      const { key, topic } = doc;
      const at = epoch === 0 ? key : `${key}@${epoch}`;
      // Only the current documents ride in the script: a later epoch's are read from the store once it is
      // out (and kept in the isolate's memory like any other, src/worker/app.ts), until the next build
      // makes them current. Each epoch in the script would add its feeds to it, half a megabyte an article.
      const inScript = doc.inScript && epoch === 0;
      const signature = sign?.(key, dependencies);
      // Stored as it is, when neither the script nor the topics need to read it now: as an earlier build
      // rendered it, or rendered elsewhere (its tag is read back from the cache when an epoch compares it).
      if (signature && !inScript && (epoch > 0 || !topic)) {
        const reused = await cache!.reuse(at, signature);
        if (reused || (options.renderers && site.rendered >= inline)) {
          if (!reused) await options.renderers!.render(epoch, index, at, signature, doc);
          if (reused) site.reused++;
          else site.rendered++;
          if (epoch > 0) stored.push({ epoch, key, at, signature, topic });
          else {
            if (later) previous.set(key, { signature });
            site.signatures.add(signature);
            site.manifest.set(at, signature);
          }
          continue;
        }
      }
      let entry: StoredEntry | Meta | undefined = signature ? await cache!.read(signature) : undefined;
      const fresh = entry === undefined;
      // A stored document rendered here goes to the store as bytes when it can (src/build/entry-encoder.ts):
      // a feed document made into one string costs more than rendering it.
      let encoded: Uint8Array | undefined;
      if (entry === undefined) {
        const rendered = await doc.render();
        if (options.putBytes && !inScript) ({ meta: entry, bytes: encoded } = encoder.encode(rendered));
        else entry = await storedEntry(rendered);
        site.rendered++;
      } else site.reused++;
      if (epoch > 0 && signature) {
        // Settled with the rest of its epoch, once every document is stored.
        if (encoded) await options.putBytes!(at, encoded, signature);
        else await put(at, entry as StoredEntry, signature);
        const { etag, contentType, lastModified, cacheControl } = entry;
        stored.push({ epoch, key, at, signature, topic, made: { etag, contentType, lastModified, cacheControl } });
        continue;
      }
      // A document is the same when all it is sent with is: its bytes (the tag), policy and date.
      if (epoch > 0 && (await tagOf(key)) === tag(entry)) continue;
      if (later) previous.set(key, tag(entry));
      if (epoch > 0) changed.push(key);
      if (topic) topics[key] = entry.etag;
      if (signature) site.signatures.add(signature);
      if (inScript) {
        // Never encoded: a document the script carries is kept as an entry.
        const scripted = entry as StoredEntry;
        current.entries[at] = scripted;
        if (fresh && signature) await cache!.keep(signature, scripted);
      } else {
        if (fresh || !signature || !(await cache!.reuse(at, signature))) {
          if (encoded) await options.putBytes!(at, encoded, signature);
          else await put(at, entry as StoredEntry, signature);
        }
        if (signature) site.manifest.set(at, signature);
      }
    }
    if (epoch === 0) {
      current.newest = collectionThen.articles.slice(0, pageSize);
      current.topics = topics;
    }
  }
  const elsewhere = await options.renderers?.drain();
  for (const done of stored) await settle(done, elsewhere);
  return site;
}

/** A later epoch's document, stored, and compared with the epoch before's once every document is. */
interface Stored {
  epoch: number;
  key: string;
  at: string;
  signature: string;
  topic: boolean;
  /** Its validators, when rendered here (else as its renderer tells, or read back from the cache). */
  made?: Meta;
}

/** One epoch of the site (see renderSite): when it begins, its articles, and its documents in order. */
export interface EpochWalk {
  epoch: number;
  until: number;
  collection: Collection;
  documents: Generator<{ doc: DocumentSpec; dependencies: Dependencies }>;
  /** Whether the site has later epochs than the build's own. */
  later: boolean;
}

/**
 * The site's epochs in order, each with its documents (epochDocuments): the build's own, holding the
 * articles dated up to `now`, then one for each later date an article has. A later epoch lists only the
 * documents that what it releases can change (src/shared/documents.ts dependsOn): every other one is the
 * same as the epoch before's, which the Worker serves on. The same walk in every thread, so a document's
 * place in its epoch's list names it (./render-pool.ts).
 */
export function* siteEpochs(
  collection: Collection,
  vars: Omit<SiteVars, "SITE_URL">,
  style: Asset,
  now: number,
  dates: readonly number[] = collection.articles.map((a) => Date.parse(a.published)),
): Generator<EpochWalk> {
  const times = [...new Set(dates.filter((t) => t > now))].sort((x, y) => x - y);
  const later = times.length > 0;
  // What the epoch before made each document from: kept only when there is a later epoch to compare.
  const before: Before | undefined = later ? { made: new Map(), released: new Set() } : undefined;
  let last = -Infinity;
  for (const [epoch, until] of [now, ...times].entries()) {
    if (before) {
      before.released = new Set(
        collection.articles.filter((_, i) => dates[i]! > last && dates[i]! <= until).map((a) => a.slug),
      );
    }
    last = until;
    const then = releasedBy(collection, until, dates);
    const documents = epochDocuments(then, vars, style, before);
    yield { epoch, until, collection: then, documents, later };
    // The rest of its list, which the next epoch's is compared with.
    if (before) for (const _ of documents);
  }
}

/** The collection as it is at `until`: the articles dated up to it (`dates`: theirs, parsed, if known). */
export function releasedBy(collection: Collection, until: number, dates?: readonly number[]): Collection {
  const dated = dates ?? collection.articles.map((a) => Date.parse(a.published));
  return { ...collection, articles: collection.articles.filter((_, i) => dated[i]! <= until) };
}

const tag = (entry: Meta) => `${entry.etag} ${entry.cacheControl} ${entry.lastModified}`;

/**
 * What a document is rendered from, as one digest: the code, the settings and stylesheet, its key, and its
 * dependencies with the content of each article it names (every article's, for "all"). Two builds that
 * give a document the same signature give it the same bytes; deleting, editing or adding an article
 * changes the signature of every document that shows it, and of the lists whose counts it changes.
 */
function signer(
  collection: Collection,
  json: readonly Uint8Array[],
  vars: Omit<SiteVars, "SITE_URL">,
  style: Asset,
  code: string,
) {
  const global = digest(code, JSON.stringify(vars), JSON.stringify(collection.icons ?? null), style.path, style.body);
  const articles = new Map(collection.articles.map((a, i) => [a.slug, digest(json[i]!)]));
  // What a list of several articles digests to, by their slugs: a list page and the six feed documents of
  // the same archive show the same articles, and at 100,000 stories writing out their digests again for
  // each document was the walk's costliest line.
  const lists = new Map<string, string>();
  /** The signer for one epoch's articles, the ones an "all" names. */
  return (epoch: readonly Article[]) => {
    let all: string | undefined;
    const every = () => {
      all ??= digestOf(epoch.map((a) => articles.get(a.slug)!));
      return all;
    };
    return (key: string, dependencies: Dependencies): string => {
      const names = dependencies.articles;
      const made = written(dependencies);
      if (names === "all") return digest(global, key, made, every());
      if (names.length === 1) return digest(global, key, made, articles.get(names[0]!)!);
      const list = made.slice(0, made.indexOf("\n"));
      let of = lists.get(list);
      if (of === undefined) {
        of = digestOf(names.map((slug) => articles.get(slug)!));
        lists.set(list, of);
      }
      return digest(global, key, made, of);
    };
  };
}

/**
 * What the epoch before rendered each document from (its dependencies, written out), and the articles
 * this epoch releases: a document made from the same articles and counts, none of them released now, is
 * the same as it was, and is not rendered again.
 */
interface Before {
  made: Map<string, string>;
  released: Set<string>;
}

const written = ({ articles, counts }: Dependencies) =>
  `${articles === "all" ? "*" : articles.join(" ")}\n${counts.join(" ")}`;

/**
 * Every document of one collection, in order, with what it is made from; with `before`, only those that
 * may differ from the epoch before (and `before` learns what each is made from).
 */
function* epochDocuments(
  collection: Collection,
  vars: Omit<SiteVars, "SITE_URL">,
  style: Asset,
  before?: Before,
): Generator<{ doc: DocumentSpec; dependencies: Dependencies }> {
  // A bad [vars] value stops the build here, with the variable named (a ConfigError).
  const files = { icons: collection.icons, stylesheet: style.path };
  const site = siteFrom({ ...vars, SITE_URL: OPEN_ORIGIN }, OPEN_ORIGIN, files);
  for (const doc of siteDocuments(new Catalog(collection), site, style)) {
    // A document under a path outside the paths' alphabet could never be asked for (src/shared/contract.ts).
    if (!isPublicPath(doc.path)) throw new Error(`${doc.path}: not a path the Worker can serve`);
    const dependencies = doc.dependsOn();
    if (before) {
      const made = written(dependencies);
      const same =
        before.made.get(doc.key) === made &&
        dependencies.articles !== "all" &&
        !dependencies.articles.some((a) => before.released.has(a));
      before.made.set(doc.key, made);
      if (same) continue;
    }
    yield { doc, dependencies };
  }
}

/**
 * A rendered document as the store holds it: its identity bytes' strong validator (the one a request
 * without Accept-Encoding gets; the Worker derives the gzip one and the filled-in ones from it) and its
 * Last-Modified as an HTTP-date, to the second.
 */
export async function storedEntry(rendered: Rendered): Promise<StoredEntry> {
  const body = bodyText(rendered.body);
  return {
    etag: etagOf(
      createHash("sha256")
        .update(taggedText({ ...rendered, body }))
        .digest(),
    ),
    contentType: rendered.contentType,
    // HTTP dates have one-second precision (RFC 9110 §5.6.7): toUTCString drops the milliseconds.
    lastModified: rendered.lastModified.toUTCString(),
    cacheControl: rendered.cacheControl,
    body,
  };
}
