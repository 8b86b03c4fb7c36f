// Static assets under content-hashed names: the page stylesheet and the XSL that renders feeds in browsers.
import { Hono } from "hono";
import type { AppEnv } from "../app-env";
import { lastUpdated } from "../feeds/document";
import { feedXsl, style } from "../generated/assets.js";
import { CACHE } from "../http/cache-policy";
import { send } from "../http/send";

export const STYLESHEET = style.path;
export const FEED_STYLESHEET = feedXsl.path;

const TYPES = new Map([
  [style.path, { asset: style, contentType: "text/css; charset=utf-8" }],
  // application/xslt+xml (RFC 7303 names it; browsers also accept text/xsl for <?xml-stylesheet?>).
  [feedXsl.path, { asset: feedXsl, contentType: "application/xslt+xml; charset=utf-8" }],
]);

export const assets = new Hono<AppEnv>();

assets.get("/assets/:file", async (c, next) => {
  const entry = TYPES.get(c.req.path);
  if (!entry) return next();
  const rep = await c.var.memo.get(c.req.path, () => ({
    body: entry.asset.body,
    contentType: entry.contentType,
    // Deterministic: the site's newest date, never the clock.
    lastModified: lastUpdated(c.var.catalog.articles),
    cacheControl: CACHE.immutable,
  }));
  return send(c, rep);
});
