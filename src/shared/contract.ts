// The contract between the build and the Worker: the bundle the script carries (the current documents,
// the epochs of scheduled articles, the site's settings and files), the stored entries and the keys
// they are kept under, and the open address documents are rendered with. The build writes these
// (src/build/render.ts, src/build/module.ts); the Worker reads them (src/worker/app.ts) and checks the bundle
// once, at start-up (readBundle).
import { isPublicPath } from "./addresses";
import type { BundledVars } from "./config";
import type { Article, Icons } from "./content/schema";
import { CACHE } from "./http/cache-policy";

/** A base URL no content can contain (RFC 6761 reserves .invalid; the build checks every file). */
export const OPEN_ORIGIN = "https://origin.edgefeed.invalid";

/** What the build puts in the script (src/generated/current.js). */
export interface CurrentBundle {
  /** The [vars] the documents were rendered with; only SITE_URL is read per request. */
  vars: BundledVars;
  /** The site feed's newest articles, for `?limit` documents. */
  newest: Article[];
  /** The site's icons, as the documents name them. */
  icons?: Icons;
  /** The stylesheet's address (a hash of its bytes in its name), which every page links to. */
  stylesheet: string;
  /** Where the pages load images, audio and video from (their CSP), as of the build. */
  media: MediaSources;
  /** The current documents, by key (src/shared/contract.ts). */
  entries: Record<string, StoredEntry>;
  /** Each subscription feed (a WebSub topic) by path, with its ETag before the address is filled in. */
  topics: Record<string, string>;
  /**
   * When scheduled articles come out: each epoch's time, the keys it changes (stored as `key@i`), its
   * newest articles, the topics it changes, and where its pages load media from.
   */
  epochs: { at: string; changed: string[]; newest: Article[]; topics: Record<string, string>; media: MediaSources }[];
}

/** Where an epoch's pages load images and audio/video from: what their CSP allows (src/shared/content/media.ts). */
export interface MediaSources {
  /** Origins of remote images (lead images and images in bodies), beside the site's own. */
  img: string[];
  /** Origins of the players' audio and video ("self" for the site's own), or none when no page plays any. */
  media: string[];
}

/** A file the build made for the site, such as its stylesheet: its address and its text. */
export interface Asset {
  path: string;
  body: string;
}

/** One scheduled release: see CurrentBundle.epochs. */
export type Epoch = CurrentBundle["epochs"][number];

/**
 * The bundle as the Worker reads it from the script, checked: a script built by another version of the
 * build, or a hand-edited one, stops at start-up with what is wrong, rather than answering wrongly.
 */
export function readBundle(value: unknown): CurrentBundle {
  const fail = (what: string): never => {
    throw new Error(`src/generated/current.txt: expected ${what}; run \`npm run build:content\` again`);
  };
  const record = (v: unknown, what: string): Record<string, unknown> =>
    typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : fail(what);
  const bundle = record(value, "the bundle as a JSON object");
  record(bundle.vars, '"vars", an object');
  if (!Array.isArray(bundle.newest)) fail('"newest", an array of articles');
  record(bundle.media, '"media", an object');
  if (typeof bundle.stylesheet !== "string") fail('"stylesheet", the stylesheet\'s address');
  for (const [key, entry] of Object.entries(record(bundle.entries, '"entries", an object'))) {
    const e = record(entry, `entry ${key} as an object`);
    for (const field of ["etag", "contentType", "lastModified", "cacheControl", "body"]) {
      if (typeof e[field] !== "string") fail(`entry ${key} to have a string "${field}"`);
    }
  }
  record(bundle.topics, '"topics", an object');
  if (!Array.isArray(bundle.epochs)) fail('"epochs", an array');
  for (const [i, epoch] of (bundle.epochs as unknown[]).entries()) {
    const e = record(epoch, `epoch ${i} as an object`);
    if (typeof e.at !== "string" || Number.isNaN(Date.parse(e.at))) fail(`epoch ${i} to have a date "at"`);
    if (!Array.isArray(e.changed) || !Array.isArray(e.newest)) fail(`epoch ${i} to have "changed" and "newest" arrays`);
    record(e.topics, `epoch ${i} to have "topics"`);
    record(e.media, `epoch ${i} to have "media"`);
  }
  return bundle as unknown as CurrentBundle;
}

export interface StoredEntry {
  /** Strong validator of the open body and its media type (src/shared/http/representation.ts). */
  etag: string;
  contentType: string;
  /** An HTTP-date. */
  lastModified: string;
  cacheControl: string;
  /** The body, with OPEN_ORIGIN where the site's address goes (src/shared/http/open-origin.ts). */
  body: string;
}

export type Meta = Omit<StoredEntry, "body">;

/** An entry's bytes as encodeEntry writes them, from its validators and its body's UTF-8 bytes. */
export function encodeEntryBytes(meta: Meta, body: Uint8Array): Uint8Array {
  const head = new TextEncoder().encode(`${JSON.stringify(meta)}\n`);
  const bytes = new Uint8Array(head.byteLength + body.byteLength);
  bytes.set(head);
  bytes.set(body, head.byteLength);
  return bytes;
}

/** One line of JSON for the validators, then the body as it is. */
export function encodeEntry(entry: StoredEntry): string {
  const { body, ...meta } = entry;
  return `${JSON.stringify(meta)}\n${body}`;
}

export function decodeEntry(text: string): StoredEntry {
  const end = text.indexOf("\n");
  return { ...decodeMeta(end > 0 ? text.slice(0, end) : ""), body: text.slice(end + 1) };
}

/** An entry's first line: its validators. */
export function decodeMeta(line: string): Meta {
  const meta: Partial<Meta> = line ? JSON.parse(line) : {};
  const { etag, contentType, lastModified, cacheControl } = meta;
  if (
    typeof etag !== "string" ||
    typeof contentType !== "string" ||
    typeof lastModified !== "string" ||
    typeof cacheControl !== "string"
  ) {
    throw new Error("stored entry: expected a line of validators before the body");
  }
  return { etag, contentType, lastModified, cacheControl };
}

/**
 * Entries stored beside a path's own document: its HTML view for browsers (a feed's, src/shared/views/feed-page.tsx),
 * a tag's newest articles, for its `?limit` feeds (src/worker/app.ts), and a media file's facts (its bytes are a
 * Static Asset; the Worker needs their length to answer byte ranges: src/worker/media.ts).
 */
export type Variant = "view" | "items" | "facts";

/** The key of the representation a request names: its path, and which variant of it, if not the path's own document. */
export function entryKey(path: string, variant?: Variant): string {
  return variant ? `${path} ${variant}` : path;
}

/**
 * The key of the document a request names (its path's own, or a feed's view for a browser's navigation),
 * or undefined when the path is not one the site could serve. The only way from a request to a key: its
 * keys are written in the paths' alphabet (src/shared/addresses.ts isPublicPath), and every internal key has a
 * character that alphabet lacks (an internal variant after " ", an epoch after "@": src/worker/schedule.ts), so
 * no URL, however spelled, names an entry the Worker keeps for itself or a document before its time.
 */
export function requestKey(path: string, variant?: Extract<Variant, "view">): string | undefined {
  return isPublicPath(path) ? entryKey(path, variant) : undefined;
}

/**
 * A key as a file name in the store's folder, one flat folder: "/" becomes "!" and the variant follows
 * "~" (no path or tag holds either), so "/tags/x" and "/tags/x/rss.xml" never need a file to also be a
 * folder, and no folder name has a dot (the asset server of the pinned vitest pool answers 500 there).
 */
export function entryFile(key: string): string {
  return `/${key.replaceAll("/", "!").replace(" ", "~")}`;
}

/** The key a store file holds (entryFile read backwards). */
export function keyOfFile(file: string): string {
  return file.slice(1).replaceAll("!", "/").replace("~", " ");
}

/** What the Worker knows of a media file before it reads it: its type, length and validator. */
export interface MediaFacts {
  type: string;
  length: number;
  /** Strong: the content hash in the file's name, so the same name is always the same bytes. */
  etag: string;
}

/** The key of a media file's facts in the store, by its address. */
export const factsKey = (path: string) => entryKey(path, "facts");

/** A media file's facts as a store entry (the build writes one for each file it publishes). */
export function factsEntry(name: string, type: string, length: number): StoredEntry {
  return {
    etag: `"${name.split(".").at(-2)}"`,
    contentType: type,
    lastModified: new Date(0).toUTCString(),
    cacheControl: CACHE.immutable,
    body: JSON.stringify({ length }),
  };
}

export function readFacts(entry: Pick<StoredEntry, "etag" | "contentType" | "body">): MediaFacts {
  const { length } = JSON.parse(entry.body) as { length: number };
  return { type: entry.contentType, length, etag: entry.etag };
}
