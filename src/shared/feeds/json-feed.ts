// JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/): `feed`'s version 1 object for the document,
// corrected to 1.1 (./corrections.ts), then written with its fields in a fixed order.

import type { Feed } from "feed";
import type { Site } from "../site";
import { corrected, JSON_FEED_CORRECTIONS, type JsonFeed, type JsonFeedItem } from "./corrections";
import type { FeedDocument } from "./document";
import { toFeed } from "./feed-package";

/** The order fields are written in: JSON Feed gives none, and the same document must be the same bytes. */
const FEED_FIELDS: readonly (keyof JsonFeed)[] = [
  "version",
  "title",
  "home_page_url",
  "feed_url",
  "description",
  "icon",
  "favicon",
  "language",
  "authors",
  "next_url",
  "hubs",
  "items",
];
const ITEM_FIELDS: readonly (keyof JsonFeedItem)[] = [
  "id",
  "url",
  "external_url",
  "title",
  "summary",
  "content_html",
  "date_published",
  "date_modified",
  "image",
  "banner_image",
  "authors",
  "tags",
  "attachments",
];

export function renderJsonFeed(doc: FeedDocument, site: Site): string[] {
  const feed = corrected(builtObject(toFeed(doc, site, "json")), JSON_FEED_CORRECTIONS, { doc, site });
  return prettyJson(ordered({ ...feed, items: feed.items.map((item) => ordered(item, ITEM_FIELDS)) }, FEED_FIELDS));
}

/**
 * The object `feed` builds for JSON Feed, as it built it. json1() returns JSON.stringify of that object
 * and nothing else (feed 6.0.0, src/json.ts): JSON.stringify is borrowed for that one synchronous call to
 * keep the object, where writing it out and parsing it back cost more than the rest of the document did.
 */
function builtObject(feed: Feed): JsonFeed {
  const stringify = JSON.stringify;
  let built: unknown;
  JSON.stringify = ((value: unknown) => {
    built = value;
    return "";
  }) as typeof JSON.stringify;
  try {
    feed.json1();
  } finally {
    JSON.stringify = stringify;
  }
  if (typeof built !== "object" || built === null) throw new Error("feed's json1() did not stringify its object");
  return built as JsonFeed;
}

/** `object` with the `fields` first, in that order, then any others as they were. */
function ordered<T extends object>(object: T, fields: readonly (keyof T)[]): T {
  const result: Partial<T> = {};
  for (const field of fields) if (field in object) result[field] = object[field];
  return Object.assign(result, object);
}

/**
 * JSON.stringify(object, null, 2), in pieces (src/shared/http/representation.ts, Body): each member on
 * its own, and each item of a list on its own, so that no piece holds the whole document.
 */
export function prettyJson(object: object): string[] {
  const out = ["{"];
  let members = 0;
  for (const [key, value] of Object.entries(object)) {
    if (value === undefined || typeof value === "function" || typeof value === "symbol") continue;
    out.push(members++ === 0 ? "\n  " : ",\n  ", JSON.stringify(key), ": ");
    if (Array.isArray(value) && value.length > 0) {
      out.push("[");
      for (const [i, item] of value.entries()) out.push(i === 0 ? "\n    " : ",\n    ", indented(item, "    "));
      out.push("\n  ]");
    } else out.push(indented(value, "  "));
  }
  out.push(members === 0 ? "}" : "\n}");
  return out;
}

/** A value as JSON.stringify writes it two spaces to an indent, `pad` deep (its strings hold no line break). */
const indented = (value: unknown, pad: string) =>
  (JSON.stringify(value, null, 2) ?? "null").replaceAll("\n", `\n${pad}`);
