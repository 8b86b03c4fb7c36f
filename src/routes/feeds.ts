// Feed routes: the site feed, tag feeds and their RFC 5005 archives in three formats, and /feed negotiation.
import { type Context, Hono } from "hono";
import { accepts } from "hono/accepts";
import type { AppEnv } from "../app-env";
import { archiveCount } from "../feeds/archive";
import { renderAtom } from "../feeds/atom";
import { type FeedDocument, type FeedFormat, lastUpdated, MEDIA_TYPES } from "../feeds/document";
import { archiveDocument, currentDocument, type Scope, siteScope, tagScope } from "../feeds/documents";
import { renderJsonFeed } from "../feeds/json-feed";
import { renderRss } from "../feeds/rss";
import { CACHE } from "../http/cache-policy";
import { send } from "../http/send";
import { FEED_STYLESHEET } from "./assets";
import { notFound } from "./errors";
import { parseFormat, parseLimit, parsePage, single } from "./params";

const BROWSER_XML = "application/xml; charset=utf-8";

const FILES: Record<string, FeedFormat> = { "rss.xml": "rss", "atom.xml": "atom", "feed.json": "json" };

const RENDER: Record<FeedFormat, (doc: FeedDocument, site: AppEnv["Variables"]["site"]) => string> = {
  rss: (doc, site) => renderRss(doc, site, FEED_STYLESHEET),
  atom: (doc, site) => renderAtom(doc, site, FEED_STYLESHEET),
  json: renderJsonFeed,
};

/** Content negotiation for /feed (RFC 9110 §12.5.1): q-values honoured, RSS when nothing else is preferred. */
const NEGOTIABLE: Record<string, FeedFormat> = {
  "application/rss+xml": "rss",
  "application/atom+xml": "atom",
  "application/feed+json": "json",
  "application/json": "json",
  "application/xml": "rss",
  "text/xml": "rss",
};

export const feeds = new Hono<AppEnv>();

feeds.get("/feed", (c) => {
  const format = single(c.req.queries("format"), "format");
  const scope = siteScope(c.var.catalog, c.var.site);
  // ?format= names one representation outright: that response does not vary with Accept.
  if (format !== undefined) return serveCurrent(c, scope, parseFormat(format));
  const type = accepts(c, { header: "Accept", supports: Object.keys(NEGOTIABLE), default: "application/rss+xml" });
  return serveCurrent(c, scope, NEGOTIABLE[type] ?? "rss", ["Accept"]);
});

feeds.get("/:file{(?:rss\\.xml|atom\\.xml|feed\\.json)}", (c) =>
  serveCurrent(c, siteScope(c.var.catalog, c.var.site), FILES[c.req.param("file")]!),
);

feeds.get("/archive/:n/:file{(?:rss\\.xml|atom\\.xml|feed\\.json)}", (c) =>
  serveArchive(c, siteScope(c.var.catalog, c.var.site), c.req.param("n"), FILES[c.req.param("file")]!),
);

feeds.get("/tags/:tag/:file{(?:rss\\.xml|atom\\.xml|feed\\.json)}", (c) => {
  const scope = tagScope(c.var.catalog, c.var.site, c.req.param("tag"));
  return scope ? serveCurrent(c, scope, FILES[c.req.param("file")]!) : notFound(c);
});

feeds.get("/tags/:tag/archive/:n/:file{(?:rss\\.xml|atom\\.xml|feed\\.json)}", (c) => {
  const scope = tagScope(c.var.catalog, c.var.site, c.req.param("tag"));
  return scope ? serveArchive(c, scope, c.req.param("n"), FILES[c.req.param("file")]!) : notFound(c);
});

async function serveCurrent(c: Context<AppEnv>, scope: Scope, format: FeedFormat, vary: string[] = []) {
  const site = c.var.site;
  const limit = parseLimit(single(c.req.queries("limit"), "limit"), site.pageSize);
  const media = mediaType(c, format);
  const key = `${site.baseUrl} ${scope.prefix}/${format} ${limit ?? ""} ${media.type}`;
  const rep = await c.var.memo.get(key, () => {
    const doc = currentDocument(scope, site, limit);
    return {
      body: RENDER[format](doc, site),
      contentType: media.type,
      lastModified: lastUpdated(doc.items),
      cacheControl: CACHE.feed,
    };
  });
  return send(c, rep, [...new Set([...vary, ...media.vary])]);
}

async function serveArchive(c: Context<AppEnv>, scope: Scope, page: string, format: FeedFormat) {
  const site = c.var.site;
  const n = parsePage(page);
  if (n === undefined || n > archiveCount(scope.items.length, site.pageSize)) return notFound(c);
  const media = mediaType(c, format);
  const key = `${site.baseUrl} ${scope.prefix}/archive/${n}/${format} ${media.type}`;
  // The document is built only on a memo miss, like the current feed's.
  const rep = await c.var.memo.get(key, () => {
    const doc = archiveDocument(scope, site, n)!;
    return {
      body: RENDER[format](doc, site),
      contentType: media.type,
      lastModified: lastUpdated(doc.items),
      cacheControl: CACHE.archive,
    };
  });
  return send(c, rep, media.vary);
}

/**
 * Browsers show application/rss+xml and application/atom+xml as source text and never apply the
 * feed's XSL stylesheet (seen in Chromium 156); served as application/xml, the same bytes render as the
 * readable page. So a request that prefers text/html to the feed's own type (a person following a
 * link) gets application/xml, and feed readers, which ask for feeds or for anything, get the feed's
 * own media type. JSON Feed has no browser view and does not vary.
 */
function mediaType(c: Context<AppEnv>, format: FeedFormat): { type: string; vary: string[] } {
  if (format === "json") return { type: MEDIA_TYPES.json, vary: [] };
  const own = MEDIA_TYPES[format].split(";")[0]!;
  const preferred = accepts(c, { header: "Accept", supports: [own, "text/html"], default: own });
  return { type: preferred === "text/html" ? BROWSER_XML : MEDIA_TYPES[format], vary: ["Accept"] };
}
