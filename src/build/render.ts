// Renders every document of the site once, with its address left open (src/http/open-origin.ts), by
// asking the renderer (src/renderer.ts) for every address it serves. The current documents go into
// the script; the rest into the store (src/store/), where the Worker reads them on demand.
import { FEED_FORMATS, isPublicPath, paths } from "../addresses";
import type { CurrentBundle } from "../app";
import { Catalog } from "../catalog";
import { mediaSources } from "../content/media";
import type { Article, Collection } from "../content/schema";
import { archiveCount } from "../feeds/archive";
import { CACHE } from "../http/cache-policy";
import { NAVIGATION } from "../http/negotiation";
import { OPEN_ORIGIN } from "../http/open-origin";
import { represent } from "../http/representation";
import { createRenderer } from "../renderer";
import { sitemapFiles } from "../routes/meta";
import { pageCount } from "../routes/pages";
import type { SiteVars } from "../site";
import { entryKey, type StoredEntry, type Variant } from "../store/entry";
import { ContentError } from "./errors";

export interface RenderedSite {
  current: CurrentBundle;
  /** Every other document, by key. */
  stored: Map<string, StoredEntry>;
}

interface Address {
  path: string;
  /** A feed's HTML view, as a browser's navigation gets it (src/http/negotiation.ts). */
  variant?: Extract<Variant, "view">;
  /** Rides in the script: what most requests and a fresh isolate's first ones ask for. */
  current?: boolean;
  /** A subscription feed: a WebSub topic (src/websub/publisher.ts). */
  topic?: boolean;
}

export interface RenderOptions {
  /** The build's clock: articles dated after it are scheduled (default: now). */
  now?: number;
  /** Where stored documents go as they are rendered (a folder, src/build/store-folder.ts); default: `stored`. */
  put?: (key: string, entry: StoredEntry) => Promise<void>;
}

/**
 * The site as it is now, and as it will be at each scheduled article's time: epoch 0 holds the
 * articles dated up to the build, epoch i adds those dated up to the i-th later date. Epoch 0's
 * documents are stored under their keys; a later epoch stores only the documents it changes, under
 * `key@i`, and lists them, so the Worker serves each document as of its own clock (src/app.ts) and
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
  const holder = collection.articles.find((a) =>
    JSON.stringify({
      ...a,
      contentHtml: opened(a.contentHtml),
      image: a.image && { ...a.image, url: opened(a.image.url) },
      attachments: a.attachments?.map((m) => ({ ...m, url: opened(m.url) })),
    }).includes(host),
  );
  if (holder) {
    throw new ContentError(holder.file, 1, `expected text without "${host}" (a name edgefeed reserves), found it`);
  }
  const now = options.now ?? Date.now();
  const pageSize = Number(vars.PAGE_SIZE || "20");
  const dates = collection.articles.map((a) => Date.parse(a.published));
  const times = [...new Set(dates.filter((t) => t > now))].sort((x, y) => x - y);
  const out = (until: number) => ({
    ...collection,
    articles: collection.articles.filter((_, i) => dates[i]! <= until),
  });

  const current: CurrentBundle = {
    vars,
    newest: [],
    entries: {},
    epochs: [],
    topics: {},
    media: mediaSources(out(now)),
    ...(collection.icons ? { icons: collection.icons } : {}),
  };
  const stored = new Map<string, StoredEntry>();
  const put = options.put ?? (async (key: string, entry: StoredEntry) => void stored.set(key, entry));
  const previous = new Map<string, string>();
  for (const [epoch, until] of [now, ...times].entries()) {
    const collectionThen = out(until);
    const changed: string[] = [];
    const topics: Record<string, string> = {};
    for await (const [key, { entry, inScript, topic }] of renderEpoch(collectionThen, vars, pageSize)) {
      const tag = `${entry.etag} ${entry.cacheControl}`;
      if (epoch > 0 && previous.get(key) === tag) continue;
      previous.set(key, tag);
      if (epoch > 0) changed.push(key);
      if (topic) topics[key] = entry.etag;
      const at = epoch === 0 ? key : `${key}@${epoch}`;
      if (inScript) current.entries[at] = entry;
      else await put(at, entry);
    }
    const newest = collectionThen.articles.slice(0, pageSize);
    if (epoch === 0) {
      current.newest = newest;
      current.topics = topics;
    } else {
      const media = mediaSources(collectionThen);
      current.epochs.push({ at: new Date(until).toISOString(), changed, newest, topics, media });
    }
  }
  return { current, stored };
}

interface RenderedDocument {
  entry: StoredEntry;
  inScript: boolean;
  topic?: boolean;
}

/** Every document of one collection, by key, and whether it rides in the script, one at a time. */
async function* renderEpoch(
  collection: Collection,
  vars: Omit<SiteVars, "SITE_URL">,
  pageSize: number,
): AsyncGenerator<[string, RenderedDocument]> {
  const env = { ...vars, SITE_URL: OPEN_ORIGIN };
  const renderer = createRenderer(collection);
  const catalog = new Catalog(collection);
  for (const address of addresses(catalog, pageSize)) {
    // A document under a path outside the paths' alphabet could never be asked for (src/store/entry.ts).
    if (!isPublicPath(address.path)) throw new Error(`${address.path}: not a path the Worker can serve`);
    const entry = await rendered(renderer, address, env);
    yield [
      entryKey(address.path, address.variant),
      { entry, inScript: address.current === true, topic: address.topic === true && address.variant === undefined },
    ];
  }
  // A tag's newest articles, for its `?limit` feeds (the site's ride in the script as `newest`).
  for (const { tag } of catalog.tags()) {
    const items: Article[] = (catalog.tagged(tag) ?? []).slice(0, pageSize);
    const body = JSON.stringify(items);
    const rep = await represent({ body, contentType: JSON_TYPE, lastModified: new Date(0), cacheControl: CACHE.none });
    yield [
      entryKey(paths.tag(tag), "items"),
      {
        entry: {
          etag: rep.etag,
          contentType: JSON_TYPE,
          lastModified: new Date(0).toUTCString(),
          cacheControl: CACHE.none,
          body,
        },
        inScript: false,
      },
    ];
  }
}

const JSON_TYPE = "application/json";

async function rendered(
  renderer: ReturnType<typeof createRenderer>,
  address: Address,
  env: Record<string, string>,
): Promise<StoredEntry> {
  const headers: Record<string, string> = address.variant === "view" ? { ...NAVIGATION } : {};
  const res = await renderer.request(OPEN_ORIGIN + encodeURI(address.path), { headers }, env);
  const body = await res.text();
  if (res.status !== 200) throw new Error(`${address.path}: the renderer answered ${res.status}: ${body.trim()}`);
  return {
    etag: header(res, "ETag", address.path),
    contentType: header(res, "Content-Type", address.path),
    lastModified: header(res, "Last-Modified", address.path),
    cacheControl: header(res, "Cache-Control", address.path),
    body,
  };
}

function header(res: Response, name: string, path: string): string {
  const value = res.headers.get(name);
  if (value === null) throw new Error(`${path}: the renderer sent no ${name}`);
  return value;
}

/** Every address the renderer answers with a document. */
function* addresses(catalog: Catalog, pageSize: number): Generator<Address> {
  const articles = catalog.articles;
  yield* list("", articles.length, pageSize);
  for (const [i, article] of articles.entries()) yield { path: paths.article(article.slug), current: i < pageSize };
  yield { path: paths.tags, current: true };
  yield* feeds("", articles.length, pageSize, true);
  for (const { tag, count } of catalog.tags()) {
    yield* list(paths.tag(tag), count, pageSize);
    yield* feeds(paths.tag(tag), count, pageSize, false);
  }
  yield { path: paths.sitemap, current: true };
  for (const { path } of sitemapFiles(catalog, pageSize)) yield { path };
  yield { path: paths.robots, current: true };
  for (const path of [paths.stylesheet, paths.icon]) yield { path, current: true };
}

function* list(base: string, count: number, pageSize: number): Generator<Address> {
  for (let n = 1; n <= pageCount(count, pageSize); n++)
    yield { path: paths.list(base, n), current: base === "" && n === 1 };
}

function* feeds(prefix: string, count: number, pageSize: number, current: boolean): Generator<Address> {
  const documents = [prefix];
  for (let n = 1; n <= archiveCount(count, pageSize); n++) documents.push(paths.archive(prefix, n));
  for (const [i, document] of documents.entries()) {
    for (const format of FEED_FORMATS) {
      const path = paths.feed(document, format);
      const inScript = current && i === 0;
      yield { path, current: inScript, topic: i === 0 };
      // Its browser view goes where it goes: the site's "RSS" link brings people to the current one.
      yield { path, variant: "view", current: inScript };
    }
  }
}
