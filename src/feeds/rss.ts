// RSS 2.0 (https://www.rssboard.org/rss-specification) with the Atom, Dublin Core and content modules.
import type { Site } from "../site";
import type { FeedDocument } from "./document";
import { toFeed, xmlAttr } from "./feed-package";

export function renderRss(doc: FeedDocument, site: Site, stylesheet?: string): string {
  const feed = toFeed(doc, site, "rss", stylesheet);
  // Attribute values: xml-js escapes only `"`, so "&" in a base URL is escaped here.
  const url = (path: string) => xmlAttr(site.baseUrl + path);
  const links: Record<string, string>[] = [{ href: url(doc.paths.rss), rel: "self", type: "application/rss+xml" }];
  const archive = doc.archive;
  if (archive) {
    // RFC 5005 §4 in RSS: atom:link elements (replacing the self link `feed` emits, so it is listed again first).
    links.push({ href: url(archive.current.rss), rel: "current", type: "application/rss+xml" });
    if (archive.prev) links.push({ href: url(archive.prev.rss), rel: "prev-archive", type: "application/rss+xml" });
    if (archive.next) links.push({ href: url(archive.next.rss), rel: "next-archive", type: "application/rss+xml" });
    feed.addExtension({
      name: "atom:link",
      objects: links.map((a) => ({ _attributes: a })) as unknown as Record<string, unknown>,
    });
    if (archive.isArchive) feed.addExtension({ name: "fh:archive", objects: {} });
  }
  const xml = feed.rss2();
  return archive?.isArchive ? xml.replace("<rss ", '<rss xmlns:fh="http://purl.org/syndication/history/1.0" ') : xml;
}
