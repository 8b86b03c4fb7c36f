// Atom 1.0 (RFC 4287), with RFC 5005 archive links.
import type { Site } from "../site";
import { correctAtom } from "./corrections";
import type { FeedDocument } from "./document";
import { toFeed } from "./feed-package";
import { writeCorrected } from "./xml-writer.js";

export function renderAtom(doc: FeedDocument, site: Site): string {
  const feed = toFeed(doc, site, "atom");
  return writeCorrected(() => feed.atom1(), correctAtom(doc, site));
}
