// Permanent ids of the feeds derived from the site feed (one per tag), computed in the Worker.
// They used to be "<FEED_ID>#tags/<tag>", but with a urn:uuid FEED_ID that is not a UUID URN any more:
// the W3C Feed Validation Service rejects it in Atom (InvalidUUID, an error). An RFC 9562 name-based
// (v5) UUID of that same IRI is as stable, derived from FEED_ID alone, and valid wherever an id goes.
import { URL_NAMESPACE, uuidV5 } from "../content/uuid";

export async function tagFeedId(feedId: string, tag: string): Promise<string> {
  return `urn:uuid:${await uuidV5(`${feedId}#tags/${tag}`, URL_NAMESPACE)}`;
}
