// A feed document in each format, as the routes and the build render it (with the XSL for browsers).
import { type FeedFormat, paths } from "../addresses";
import type { Site } from "../site";
import { renderAtom } from "./atom";
import type { FeedDocument } from "./document";
import { renderJsonFeed } from "./json-feed";
import { renderRss } from "./rss";

export const RENDER: Record<FeedFormat, (doc: FeedDocument, site: Site) => string> = {
  rss: (doc, site) => renderRss(doc, site, paths.feedStylesheet),
  atom: (doc, site) => renderAtom(doc, site, paths.feedStylesheet),
  json: renderJsonFeed,
};
