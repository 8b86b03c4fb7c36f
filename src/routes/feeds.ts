// Feed routes: the site feed, tag feeds and their RFC 5005 archives in three formats, and /feed negotiation.
import { type Context, Hono } from "hono";
import { FEED_FILE_PATTERN, type FeedFormat, formatOfFile, NEGOTIATED_FEED, paths } from "../addresses";
import type { AppEnv } from "../app-env";
import { archiveCount } from "../feeds/archive";
import { lastUpdated } from "../feeds/document";
import { archiveDocument, currentDocument, type Scope, siteScope, tagScope } from "../feeds/documents";
import { renderFeed } from "../feeds/render";
import { CACHE, feedCacheControl } from "../http/cache-policy";
import { isNavigation, NAVIGATION_VARY, negotiateFormat } from "../http/negotiation";
import { parseFormat, parseLimit, parsePage, single } from "../http/params";
import { serve } from "../http/send";
import { entryKey } from "../store/entry";
import { notFound } from "./errors";

export const feeds = new Hono<AppEnv>();

feeds.all(NEGOTIATED_FEED, (c) => {
  const format = single(c.req.queries("format"), "format");
  const scope = siteScope(c.var.catalog, c.var.site);
  // ?format= names one representation outright: that response does not vary with Accept.
  if (format !== undefined) return serveCurrent(c, scope, parseFormat(format));
  return serveCurrent(c, scope, negotiateFormat(c), ["Accept"]);
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

/**
 * Which representation of a feed a request gets: the feed itself, or its HTML view for a browser's
 * navigation. Every feed response names the navigation headers in Vary, so a cache never hands a
 * reader the view or a browser the XML (RFC 9110 §12.5.5).
 */
function variant(c: Context<AppEnv>, vary: readonly string[]) {
  const view = isNavigation(c.req.raw.headers);
  return { view, variant: view ? ("view" as const) : undefined, vary: [...vary, ...NAVIGATION_VARY] };
}

function serveCurrent(c: Context<AppEnv>, scope: Scope, format: FeedFormat, vary: string[] = []) {
  const site = c.var.site;
  const limit = parseLimit(single(c.req.queries("limit"), "limit"), site.pageSize);
  const v = variant(c, vary);
  const key = `${entryKey(paths.feed(scope.prefix, format), v.variant)} limit=${limit ?? ""}`;
  return serve(c, { key, vary: v.vary }, async () => {
    const doc = await currentDocument(scope, site, limit);
    return {
      ...renderFeed(doc, site, format, v.view),
      lastModified: lastUpdated(doc.items),
      cacheControl: feedCacheControl(doc.poll),
    };
  });
}

function serveArchive(c: Context<AppEnv>, scope: Scope, page: string, format: FeedFormat) {
  const site = c.var.site;
  const n = parsePage(page);
  if (n === undefined || n > archiveCount(scope.items.length, site.pageSize)) return notFound(c);
  const v = variant(c, []);
  const key = entryKey(paths.feed(paths.archive(scope.prefix, n), format), v.variant);
  // The document is built only on a memo miss, like the current feed's.
  return serve(c, { key, vary: v.vary }, async () => {
    const doc = (await archiveDocument(scope, site, n))!;
    return {
      ...renderFeed(doc, site, format, v.view),
      lastModified: lastUpdated(doc.items),
      cacheControl: CACHE.archive,
    };
  });
}
