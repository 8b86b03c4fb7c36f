// RSS 2.0 (https://www.rssboard.org/rss-specification) with the Atom, Dublin Core and content modules.
import type { Site } from "../site";
import { correctRss } from "./corrections";
import type { FeedDocument } from "./document";
import { toFeed } from "./feed-package";
import { writeCorrected } from "./xml-writer.js";

export function renderRss(doc: FeedDocument, site: Site): string {
  const feed = toFeed(doc, site, "rss");
  return writeCorrected(() => feed.rss2(), correctRss(doc, site));
}
