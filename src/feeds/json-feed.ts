// JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/). `feed` emits 1.0 (a singular `author`, no
// `language`, no item `authors`), so its output is upgraded here, field by field, to 1.1.
import type { Site } from "../site";
import type { FeedDocument } from "./document";
import { toFeed } from "./feed-package";

interface JsonFeed10 {
  title: string;
  home_page_url?: string;
  feed_url?: string;
  description?: string;
  author?: { name?: string; url?: string };
  items: {
    id: string;
    url?: string;
    title?: string;
    summary?: string;
    content_html?: string;
    date_modified?: string;
    date_published?: string;
    author?: { name?: string };
    tags?: string[];
  }[];
}

export function renderJsonFeed(doc: FeedDocument, site: Site): string {
  const v10 = JSON.parse(toFeed(doc, site, "json").json1()) as JsonFeed10;
  const feed = {
    version: "https://jsonfeed.org/version/1.1",
    title: v10.title,
    home_page_url: v10.home_page_url,
    feed_url: v10.feed_url,
    description: v10.description,
    language: site.language,
    authors: v10.author ? [v10.author] : undefined,
    // JSON Feed 1.1 "next_url": the next (older) page, for readers that backfill.
    next_url: doc.archive?.prev ? site.baseUrl + doc.archive.prev.json : undefined,
    // JSON Feed 1.1 "hubs": endpoints for real-time notification (WebSub).
    hubs: doc.hubs?.map((url) => ({ type: "WebSub", url })),
    items: v10.items.map((item, i) => ({
      id: item.id,
      url: item.url,
      external_url: doc.items[i]?.source?.url,
      title: item.title,
      summary: item.summary,
      content_html: item.content_html,
      date_published: item.date_published,
      date_modified: item.date_modified,
      authors: item.author ? [item.author] : undefined,
      tags: item.tags,
    })),
  };
  return JSON.stringify(feed, null, 2);
}
