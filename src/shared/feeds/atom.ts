// Atom 1.0 (RFC 4287), with RFC 5005 archive links: `feed`'s tree for the document, corrected, then written.
import type { Site } from "../site";
import { ATOM_CORRECTIONS, corrected } from "./corrections";
import type { FeedDocument } from "./document";
import { toFeed } from "./feed-package";
import { unwritten, writeXmlPieces } from "./xml-writer.js";

export function renderAtom(doc: FeedDocument, site: Site): string[] {
  const { tree, options } = unwritten(toFeed(doc, site, "atom").atom1());
  return writeXmlPieces(corrected(tree, ATOM_CORRECTIONS, { doc, site }), options);
}
