// A feed document as it is sent: its format's own bytes for readers, or its HTML view for a person whose
// browser opened it (src/worker/http/negotiation.ts, isNavigation). The routes and the build render through here.
import { type FeedFormat, FORMATS, HTML_TYPE } from "../addresses";
import { feedCacheControl } from "../http/cache-policy";
import type { Body, Rendered } from "../http/representation";
import type { Site } from "../site";
import { FeedPage } from "../views/feed-page";
import { renderAtom } from "./atom";
import { type FeedDocument, lastUpdated } from "./document";
import { currentDocument, type Scope } from "./documents";
import { renderJsonFeed } from "./json-feed";
import { renderRss } from "./rss";

export const RENDER: Record<FeedFormat, (doc: FeedDocument, site: Site) => Body> = {
  rss: renderRss,
  atom: renderAtom,
  json: renderJsonFeed,
};

/** The document in `format`, or its view: the same articles, with that format's address to copy. */
export function renderFeed(
  doc: FeedDocument,
  site: Site,
  format: FeedFormat,
  view: boolean,
): { body: Body; contentType: string } {
  if (view) return { body: FeedPage({ site, format, feed: doc }).toString(), contentType: HTML_TYPE };
  return { body: RENDER[format](doc, site), contentType: FORMATS[format].mediaType };
}

/**
 * A current (subscription) feed document in one format, or its view, as the build stores it; only the
 * newest `limit` items when given (a `?limit` document, which the Worker renders on request).
 */
export async function currentFeed(
  scope: Scope,
  site: Site,
  format: FeedFormat,
  view: boolean,
  limit?: number,
): Promise<Rendered> {
  const doc = await currentDocument(scope, site, limit);
  return {
    ...renderFeed(doc, site, format, view),
    lastModified: lastUpdated(doc.items),
    cacheControl: feedCacheControl(doc.poll),
  };
}
