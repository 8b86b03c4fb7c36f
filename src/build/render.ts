// Renders every document of the site once (the list in src/shared/documents.ts), with its address left open
// (src/shared/http/open-origin.ts). The current documents go into the script; the rest into the store
// (src/store/), where the Worker reads them on demand.
import { isPublicPath } from "../shared/addresses";
import { Catalog } from "../shared/catalog";
import { mediaSources } from "../shared/content/media";
import type { Collection } from "../shared/content/schema";
import { type Asset, type CurrentBundle, OPEN_ORIGIN, type StoredEntry } from "../shared/contract";
import { type Dependencies, siteDocuments } from "../shared/documents";
import { type Rendered, represent } from "../shared/http/representation";
import { type SiteVars, siteFrom } from "../shared/site";
import { ContentError } from "./errors";

export interface RenderedSite {
  current: CurrentBundle;
  /** Every other document, by key. */
  stored: Map<string, StoredEntry>;
}

export interface RenderOptions {
  /** The build's clock: articles dated after it are scheduled (default: now). */
  now?: number;
  /** The stylesheet the pages link to (default: src/assets/style.css, as the build makes it). */
  stylesheet?: Asset;
  /** Where stored documents go as they are rendered (a folder, src/build/store-folder.ts); default: `stored`. */
  put?: (key: string, entry: StoredEntry) => Promise<void>;
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

  const style = options.stylesheet ?? (await (await import("./assets")).buildStylesheet());
  const current: CurrentBundle = {
    vars,
    newest: [],
    entries: {},
    epochs: [],
    topics: {},
    media: mediaSources(out(now)),
    ...(collection.icons ? { icons: collection.icons } : {}),
    stylesheet: style.path,
  };
  const stored = new Map<string, StoredEntry>();
  const put = options.put ?? (async (key: string, entry: StoredEntry) => void stored.set(key, entry));
  const previous = new Map<string, string>();
  // A later epoch renders only the documents that what it releases can change (src/shared/documents.ts
  // dependsOn): every other one is the same as the epoch before's, which the Worker serves on.
  const before: Before = { made: new Map(), released: new Set() };
  let last = -Infinity;
  for (const [epoch, until] of [now, ...times].entries()) {
    const collectionThen = out(until);
    const changed: string[] = [];
    const topics: Record<string, string> = {};
    before.released = new Set(
      collection.articles.filter((_, i) => dates[i]! > last && dates[i]! <= until).map((a) => a.slug),
    );
    last = until;
    for await (const [key, { entry, inScript, topic }] of renderEpoch(collectionThen, vars, style, before)) {
      // A document is the same when all it is sent with is: its bytes (the tag), policy and date.
      const tag = `${entry.etag} ${entry.cacheControl} ${entry.lastModified}`;
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
  topic: boolean;
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
 * Every document of one collection, by key, and whether it rides in the script, one at a time; with
 * `before`, only those that may differ from the epoch before (and `before` learns what each is made from).
 */
async function* renderEpoch(
  collection: Collection,
  vars: Omit<SiteVars, "SITE_URL">,
  style: Asset,
  before?: Before,
): AsyncGenerator<[string, RenderedDocument]> {
  // A bad [vars] value stops the build here, with the variable named (a ConfigError).
  const files = { icons: collection.icons, stylesheet: style.path };
  const site = siteFrom({ ...vars, SITE_URL: OPEN_ORIGIN }, OPEN_ORIGIN, files);
  for (const doc of siteDocuments(new Catalog(collection), site, style)) {
    // A document under a path outside the paths' alphabet could never be asked for (src/shared/contract.ts).
    if (!isPublicPath(doc.path)) throw new Error(`${doc.path}: not a path the Worker can serve`);
    if (before) {
      const deps = doc.dependsOn();
      const made = written(deps);
      const same =
        before.made.get(doc.key) === made &&
        deps.articles !== "all" &&
        !deps.articles.some((a) => before.released.has(a));
      before.made.set(doc.key, made);
      if (same) continue;
    }
    yield [doc.key, { entry: await storedEntry(await doc.render()), inScript: doc.inScript, topic: doc.topic }];
  }
}

/**
 * A rendered document as the store holds it: its identity bytes' strong validator (the one a request
 * without Accept-Encoding gets; the Worker derives the gzip one and the filled-in ones from it) and its
 * Last-Modified as an HTTP-date, to the second.
 */
async function storedEntry(rendered: Rendered): Promise<StoredEntry> {
  const rep = await represent(rendered);
  return {
    etag: rep.etag,
    contentType: rep.contentType,
    lastModified: rep.lastModified.toUTCString(),
    cacheControl: rep.cacheControl,
    body: rendered.body,
  };
}
