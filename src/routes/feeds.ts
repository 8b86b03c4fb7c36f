// Feed routes: the site feed, tag feeds and their RFC 5005 archives in three formats, and /feed negotiation.
import { type Context, Hono } from "hono";
import { FEED_FILE_PATTERN, type FeedFormat, formatOfFile, NEGOTIATED_FEED, paths } from "../addresses";
import type { AppEnv } from "../app-env";
import { archiveCount } from "../feeds/archive";
import { lastUpdated } from "../feeds/document";
import { archiveDocument, currentDocument, type Scope, siteScope, tagScope } from "../feeds/documents";
import { RENDER } from "../feeds/render";
import { CACHE, feedCacheControl } from "../http/cache-policy";
import { feedMediaType, negotiateFormat } from "../http/negotiation";
import { parseFormat, parseLimit, parsePage, single } from "../http/params";
import { serve } from "../http/send";
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

function serveCurrent(c: Context<AppEnv>, scope: Scope, format: FeedFormat, vary: string[] = []) {
  const site = c.var.site;
  const limit = parseLimit(single(c.req.queries("limit"), "limit"), site.pageSize);
  const media = feedMediaType(c, format);
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
        cacheControl: feedCacheControl(doc.poll),
      };
    },
  );
}

function serveArchive(c: Context<AppEnv>, scope: Scope, page: string, format: FeedFormat) {
  const site = c.var.site;
  const n = parsePage(page);
  if (n === undefined || n > archiveCount(scope.items.length, site.pageSize)) return notFound(c);
  const media = feedMediaType(c, format);
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
