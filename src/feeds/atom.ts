// Atom 1.0 (RFC 4287), with RFC 5005 archive links.
import type { Site } from "../site";
import type { FeedDocument } from "./document";
import { toFeed, xmlAttr } from "./feed-package";

export function renderAtom(doc: FeedDocument, site: Site, stylesheet?: string): string {
  let xml = toFeed(doc, site, "atom", stylesheet).atom1();
  // `feed` writes entry links without rel; RFC 4287 §4.2.7.2 reads that as "alternate", and we say so
  // explicitly for readers that look for it. Its feed-level and enclosure links always carry rel first.
  xml = xml.replaceAll('<link href="', '<link rel="alternate" href="');
  const archive = doc.archive;
  if (archive) {
    const url = (path: string) => xmlAttr(site.baseUrl + path);
    const links = [`<link rel="current" href="${url(archive.current.atom)}"/>`];
    if (archive.prev) links.push(`<link rel="prev-archive" href="${url(archive.prev.atom)}"/>`);
    if (archive.next) links.push(`<link rel="next-archive" href="${url(archive.next.atom)}"/>`);
    if (archive.isArchive) links.push("<fh:archive/>");
    // Placed before the first entry: RFC 4287 allows feed metadata in any order, but before entries.
    const at = xml.indexOf("<entry>");
    xml = `${xml.slice(0, at)}${links.join("\n    ")}\n    ${xml.slice(at)}`;
    if (archive.isArchive) {
      xml = xml.replace(
        '<feed xmlns="http://www.w3.org/2005/Atom"',
        '<feed xmlns="http://www.w3.org/2005/Atom" xmlns:fh="http://purl.org/syndication/history/1.0"',
      );
    }
  }
  return xml;
}
