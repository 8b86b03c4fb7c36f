// JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/). `feed` emits 1.0 (a singular `author`, no
// `language`, no item `authors`), so its output is upgraded here, field by field, to 1.1.
import type { ArticleImage } from "../content/schema";
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

function isLandscape(image: ArticleImage | undefined): boolean {
  return image?.width !== undefined && image.height !== undefined && image.width > image.height;
}

export function renderJsonFeed(doc: FeedDocument, site: Site): string {
  const v10 = JSON.parse(toFeed(doc, site, "json").json1()) as JsonFeed10;
  const feed = {
    version: "https://jsonfeed.org/version/1.1",
    title: v10.title,
    home_page_url: v10.home_page_url,
    feed_url: v10.feed_url,
    description: v10.description,
    // JSON Feed 1.1 "icon" (square, 512 × 512 or larger) and "favicon" (small, square).
    icon: site.icons?.icon?.url,
    favicon: site.icons?.favicon?.url,
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
      image: doc.items[i]?.image?.url,
      // "banner_image": shown above the item; a landscape lead image is one.
      banner_image: isLandscape(doc.items[i]?.image) ? doc.items[i]!.image!.url : undefined,
      authors: item.author ? [item.author] : undefined,
      tags: item.tags,
      attachments: doc.items[i]?.attachments?.map((a) => ({
        url: a.url,
        mime_type: a.type,
        title: a.title,
        size_in_bytes: a.length,
        duration_in_seconds: a.duration,
      })),
    })),
  };
  return JSON.stringify(feed, null, 2);
}
