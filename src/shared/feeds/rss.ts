// RSS 2.0 (https://www.rssboard.org/rss-specification) with the Atom, Dublin Core and content modules:
// `feed`'s tree for the document, corrected, then written.
import type { Site } from "../site";
import { corrected, RSS_CORRECTIONS } from "./corrections";
import type { FeedDocument } from "./document";
import { toFeed } from "./feed-package";
import { unwritten, writeXmlPieces } from "./xml-writer.js";

export function renderRss(doc: FeedDocument, site: Site): string[] {
  const { tree, options } = unwritten(toFeed(doc, site, "rss").rss2());
  return writeXmlPieces(corrected(tree, RSS_CORRECTIONS, { doc, site }), options);
}
