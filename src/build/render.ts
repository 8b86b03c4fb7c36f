// Renders every document of the site once, with its address left open (src/http/open-origin.ts), by
// asking the renderer (src/renderer.ts) for every address it serves. The current documents go into
// the script; the rest into the store (src/store/), where the Worker reads them on demand.
import { FEED_FORMATS, FORMATS, paths } from "../addresses";
import type { CurrentBundle } from "../app";
import { Catalog } from "../catalog";
import type { Article, Collection } from "../content/schema";
import { archiveCount } from "../feeds/archive";
import { CACHE } from "../http/cache-policy";
import { BROWSER_XML } from "../http/negotiation";
import { OPEN_ORIGIN } from "../http/open-origin";
import { represent } from "../http/representation";
import { createRenderer } from "../renderer";
import { sitemapFiles } from "../routes/meta";
import { pageCount } from "../routes/pages";
import { type SiteVars, siteFrom } from "../site";
import { entryKey, type StoredEntry } from "../store/entry";
import { ContentError } from "./errors";

export interface RenderedSite {
  current: CurrentBundle;
  /** Every other document, by key. */
  stored: Map<string, StoredEntry>;
}

interface Address {
  path: string;
  /** A styled feed as browsers get it (application/xml). */
  browser?: boolean;
  /** Rides in the script: what most requests and a fresh isolate's first ones ask for. */
  current?: boolean;
}

export async function renderSite(collection: Collection, vars: Omit<SiteVars, "SITE_URL">): Promise<RenderedSite> {
  // The open address must mean only the site's address: no article may contain it.
  const host = new URL(OPEN_ORIGIN).host;
  const holder = collection.articles.find((a) => JSON.stringify(a).includes(host));
  if (holder) {
    throw new ContentError(holder.file, 1, `expected text without "${host}" (a name edgefeed reserves), found it`);
  }
  const env = { ...vars, SITE_URL: OPEN_ORIGIN };
  // A bad [vars] value stops the build here, with the variable named (a ConfigError), not as a 500 per document.
  siteFrom(env, OPEN_ORIGIN);
  const renderer = createRenderer(collection);
  const catalog = new Catalog(collection);
  const pageSize = Number(vars.PAGE_SIZE || "20");
  const current: CurrentBundle = { vars, newest: collection.articles.slice(0, pageSize), entries: {} };
  const stored = new Map<string, StoredEntry>();

  let reader: { path: string; entry: StoredEntry } | undefined;
  for (const address of addresses(catalog, pageSize)) {
    // A styled feed's browser variant is the same bytes under another media type (src/http/negotiation.ts),
    // so it is tagged, not rendered again. Its address follows the reader's.
    const entry =
      address.browser && reader?.path === address.path
        ? await asBrowserXml(reader.entry)
        : await rendered(renderer, address, env);
    if (!address.browser) reader = { path: address.path, entry };
    const key = entryKey(address.path, address.browser);
    if (address.current) current.entries[key] = entry;
    else stored.set(key, entry);
  }
  // A tag's newest articles, for its `?limit` feeds (the site's ride in the script as `newest`).
  for (const { tag } of catalog.tags()) {
    const items: Article[] = (catalog.tagged(tag) ?? []).slice(0, pageSize);
    stored.set(entryKey(`${paths.tag(tag)} items`), {
      etag: '""',
      contentType: "application/json",
      lastModified: new Date(0).toUTCString(),
      cacheControl: CACHE.none,
      body: JSON.stringify(items),
    });
  }
  return { current, stored };
}

async function rendered(
  renderer: ReturnType<typeof createRenderer>,
  address: Address,
  env: Record<string, string>,
): Promise<StoredEntry> {
  const headers: Record<string, string> = address.browser ? { Accept: "text/html" } : {};
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

async function asBrowserXml(entry: StoredEntry): Promise<StoredEntry> {
  const rep = await represent({ ...entry, contentType: BROWSER_XML, lastModified: new Date(entry.lastModified) });
  return { ...entry, contentType: BROWSER_XML, etag: rep.etag };
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
  for (const path of [paths.stylesheet, paths.feedStylesheet, paths.icon]) yield { path, current: true };
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
      yield { path, current: inScript };
      if (FORMATS[format].styled) yield { path, browser: true, current: inScript };
    }
  }
}
