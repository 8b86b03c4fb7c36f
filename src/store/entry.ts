// A stored representation: what the build renders once (an open-origin body and its validators), in the
// one format every store holds it in, under a key named for the request it answers.
import { isPublicPath } from "../addresses";

export interface StoredEntry {
  /** Strong validator of the open body and its media type (src/http/representation.ts). */
  etag: string;
  contentType: string;
  /** An HTTP-date. */
  lastModified: string;
  cacheControl: string;
  /** The body, with OPEN_ORIGIN where the site's address goes (src/http/open-origin.ts). */
  body: string;
}

type Meta = Omit<StoredEntry, "body">;

/** One line of JSON for the validators, then the body as it is. */
export function encodeEntry(entry: StoredEntry): string {
  const { body, ...meta } = entry;
  return `${JSON.stringify(meta)}\n${body}`;
}

export function decodeEntry(text: string): StoredEntry {
  const end = text.indexOf("\n");
  const meta: Partial<Meta> = end > 0 ? JSON.parse(text.slice(0, end)) : {};
  const { etag, contentType, lastModified, cacheControl } = meta;
  if (
    typeof etag !== "string" ||
    typeof contentType !== "string" ||
    typeof lastModified !== "string" ||
    typeof cacheControl !== "string"
  ) {
    throw new Error("stored entry: expected a line of validators before the body");
  }
  return { etag, contentType, lastModified, cacheControl, body: text.slice(end + 1) };
}

/**
 * Entries stored beside a path's own document: its HTML view for browsers (a feed's, src/views/feed-page.tsx),
 * a tag's newest articles, for its `?limit` feeds (src/app.ts), and a media file's facts (its bytes are a
 * Static Asset; the Worker needs their length to answer byte ranges: src/routes/media.ts).
 */
export type Variant = "view" | "items" | "facts";

/** The key of the representation a request names: its path, and which variant of it, if not the path's own document. */
export function entryKey(path: string, variant?: Variant): string {
  return variant ? `${path} ${variant}` : path;
}

/**
 * The key of the document a request names (its path's own, or a feed's view for a browser's navigation),
 * or undefined when the path is not one the site could serve. The only way from a request to a key: its
 * keys are written in the paths' alphabet (src/addresses.ts isPublicPath), and every internal key has a
 * character that alphabet lacks (an internal variant after " ", an epoch after "@": src/schedule.ts), so
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
