// Feed routes: the site feed, tag feeds and their RFC 5005 archives in three formats, and /feed negotiation.
import { type Context, Hono } from "hono";
import { accepts } from "hono/accepts";
import { FEED_FILE_PATTERN, type FeedFormat, FORMATS, formatOfFile, NEGOTIATED_FEED, paths } from "../addresses";
import type { AppEnv } from "../app-env";
import { archiveCount } from "../feeds/archive";
import { renderAtom } from "../feeds/atom";
import { type FeedDocument, lastUpdated } from "../feeds/document";
import { archiveDocument, currentDocument, type Scope, siteScope, tagScope } from "../feeds/documents";
import { renderJsonFeed } from "../feeds/json-feed";
import { renderRss } from "../feeds/rss";
import { CACHE } from "../http/cache-policy";
import { parseFormat, parseLimit, parsePage, single } from "../http/params";
import { serve } from "../http/send";
import { notFound } from "./errors";

const BROWSER_XML = "application/xml; charset=utf-8";

const RENDER: Record<FeedFormat, (doc: FeedDocument, site: AppEnv["Variables"]["site"]) => string> = {
  rss: (doc, site) => renderRss(doc, site, paths.feedStylesheet),
  atom: (doc, site) => renderAtom(doc, site, paths.feedStylesheet),
  json: renderJsonFeed,
};

/** Content negotiation for /feed (RFC 9110 §12.5.1): q-values honoured, RSS when nothing else is preferred. */
const NEGOTIABLE: Record<string, FeedFormat> = {
  [mediaTypeOf("rss")]: "rss",
  [mediaTypeOf("atom")]: "atom",
  [mediaTypeOf("json")]: "json",
  "application/json": "json",
  "application/xml": "rss",
  "text/xml": "rss",
};

export const feeds = new Hono<AppEnv>();

feeds.all(NEGOTIATED_FEED, (c) => {
  const format = single(c.req.queries("format"), "format");
  const scope = siteScope(c.var.catalog, c.var.site);
  // ?format= names one representation outright: that response does not vary with Accept.
  if (format !== undefined) return serveCurrent(c, scope, parseFormat(format));
  const type = accepts(c, { header: "Accept", supports: Object.keys(NEGOTIABLE), default: mediaTypeOf("rss") });
  return serveCurrent(c, scope, NEGOTIABLE[type] ?? "rss", ["Accept"]);
});

const file = (c: Context) => formatOfFile(c.req.param("file") ?? "")!;

feeds.all(`/:file{${FEED_FILE_PATTERN}}`, (c) => serveCurrent(c, siteScope(c.var.catalog, c.var.site), file(c)));

feeds.all(`${paths.archive("", ":n")}/:file{${FEED_FILE_PATTERN}}`, (c) =>
  serveArchive(c, siteScope(c.var.catalog, c.var.site), c.req.param("n") ?? "", file(c)),
);

feeds.all(`${paths.tag(":tag")}/:file{${FEED_FILE_PATTERN}}`, (c) => {
  const scope = tagScope(c.var.catalog, c.var.site, c.req.param("tag") ?? "");
  return scope ? serveCurrent(c, scope, file(c)) : notFound(c);
});

feeds.all(`${paths.archive(paths.tag(":tag"), ":n")}/:file{${FEED_FILE_PATTERN}}`, (c) => {
  const scope = tagScope(c.var.catalog, c.var.site, c.req.param("tag") ?? "");
  return scope ? serveArchive(c, scope, c.req.param("n") ?? "", file(c)) : notFound(c);
});

function serveCurrent(c: Context<AppEnv>, scope: Scope, format: FeedFormat, vary: string[] = []) {
  const site = c.var.site;
  const limit = parseLimit(single(c.req.queries("limit"), "limit"), site.pageSize);
  const media = mediaType(c, format);
  return serve(
    c,
    {
      key: `${paths.feed(scope.prefix, format)} ${limit ?? ""} ${media.type}`,
      vary: [...new Set([...vary, ...media.vary])],
    },
    async () => {
      const doc = await currentDocument(scope, site, limit);
      return {
        body: RENDER[format](doc, site),
        contentType: media.type,
        lastModified: lastUpdated(doc.items),
        cacheControl: CACHE.feed,
      };
    },
  );
}

function serveArchive(c: Context<AppEnv>, scope: Scope, page: string, format: FeedFormat) {
  const site = c.var.site;
  const n = parsePage(page);
  if (n === undefined || n > archiveCount(scope.items.length, site.pageSize)) return notFound(c);
  const media = mediaType(c, format);
  // The document is built only on a memo miss, like the current feed's.
  return serve(
    c,
    { key: `${paths.feed(paths.archive(scope.prefix, n), format)} ${media.type}`, vary: media.vary },
    async () => {
      const doc = (await archiveDocument(scope, site, n))!;
      return {
        body: RENDER[format](doc, site),
        contentType: media.type,
        lastModified: lastUpdated(doc.items),
        cacheControl: CACHE.archive,
      };
    },
  );
}

/** A format's media type without parameters, as Accept names it. */
function mediaTypeOf(format: FeedFormat): string {
  return FORMATS[format].mediaType.split(";")[0]!;
}

/**
 * Browsers show application/rss+xml and application/atom+xml as source text and never apply the
 * feed's XSL stylesheet (seen in Chromium 156); served as application/xml, the same bytes render as the
 * readable page. So a request that prefers text/html to the feed's own type (a person following a
 * link) gets application/xml, and feed readers, which ask for feeds or for anything, get the feed's
 * own media type. JSON Feed has no browser view and does not vary.
 */
function mediaType(c: Context<AppEnv>, format: FeedFormat): { type: string; vary: string[] } {
  if (!FORMATS[format].styled) return { type: FORMATS[format].mediaType, vary: [] };
  const own = mediaTypeOf(format);
  const preferred = accepts(c, { header: "Accept", supports: [own, "text/html"], default: own });
  return { type: preferred === "text/html" ? BROWSER_XML : FORMATS[format].mediaType, vary: ["Accept"] };
}
