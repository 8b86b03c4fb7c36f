// Static assets: the page stylesheet under a content-hashed name, and the site icon, which browsers and
// feed readers look for by a fixed name.
import { type Context, Hono, type Next } from "hono";
import { paths } from "../addresses";
import type { AppEnv } from "../app-env";
import { lastUpdated } from "../feeds/document";
import { style } from "../generated/assets.js";
import { CACHE } from "../http/cache-policy";
import { serve } from "../http/send";

/** A feed glyph on the link colour; without an icon every page view costs a 404 for /favicon.ico. */
const ICON_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" rx="3" fill="#0b57d0"/>' +
  '<circle cx="4.5" cy="11.5" r="1.5" fill="#fff"/><path d="M3 7a6 6 0 0 1 6 6M3 3a10 10 0 0 1 10 10" fill="none" ' +
  'stroke="#fff" stroke-width="2" stroke-linecap="round"/></svg>\n';

const FILES = new Map([
  [paths.stylesheet, { body: style.body, contentType: "text/css; charset=utf-8", cacheControl: CACHE.immutable }],
  // Not content-hashed (its name is fixed): cached like a page, revalidated by ETag.
  [paths.icon, { body: ICON_SVG, contentType: "image/svg+xml; charset=utf-8", cacheControl: CACHE.page }],
]);

export const assets = new Hono<AppEnv>();

for (const path of FILES.keys()) assets.all(path, serveFile);

function serveFile(c: Context<AppEnv>, next: Next) {
  const file = FILES.get(c.req.path);
  if (!file) return next();
  return serve(c, { key: c.req.path, anyOrigin: true }, () => ({
    body: file.body,
    contentType: file.contentType,
    // Deterministic: the site's newest date, never the clock.
    lastModified: lastUpdated(c.var.catalog.articles),
    cacheControl: file.cacheControl,
  }));
}
