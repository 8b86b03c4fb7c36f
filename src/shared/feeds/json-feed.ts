// JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/): `feed`'s version 1 object for the document,
// corrected to 1.1 (./corrections.ts), then written with its fields in a fixed order.
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

export function renderJsonFeed(doc: FeedDocument, site: Site): string {
  // `feed` hands back JSON.stringify of the object it built: parsing it gives that object back exactly.
  const v1 = JSON.parse(toFeed(doc, site, "json").json1()) as JsonFeed;
  const feed = corrected(v1, JSON_FEED_CORRECTIONS, { doc, site });
  return JSON.stringify(
    ordered({ ...feed, items: feed.items.map((item) => ordered(item, ITEM_FIELDS)) }, FEED_FIELDS),
    null,
    2,
  );
}

/** `object` with the `fields` first, in that order, then any others as they were. */
function ordered<T extends object>(object: T, fields: readonly (keyof T)[]): T {
  const result: Partial<T> = {};
  for (const field of fields) if (field in object) result[field] = object[field];
  return Object.assign(result, object);
}
