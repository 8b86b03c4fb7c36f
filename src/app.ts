// The Worker's HTTP surface: middleware for every response, then the feed, page, asset and crawler routes.
import { type Context, Hono } from "hono";
import { cors } from "hono/cors";
import { secureHeaders } from "hono/secure-headers";
import type { AppEnv } from "./app-env";
import { Catalog } from "./catalog";
import type { Collection } from "./content/schema";
import { edgeCache } from "./http/edge-cache";
import { Memo, type SecondTier } from "./http/representation";
import { assets } from "./routes/assets";
import { ALLOW, methodNotAllowed, notFound, onError } from "./routes/errors";
import { feeds } from "./routes/feeds";
import { meta } from "./routes/meta";
import { pages } from "./routes/pages";
import { SiteCache } from "./site";

const EXPOSED = ["ETag", "Last-Modified", "Content-Length"];

/** Paths whose answer may be an XML feed carrying the XSLT stylesheet (/feed negotiates one). */
const STYLED_FEED = /(?:^\/feed|\/rss\.xml|\/atom\.xml)$/;

export function createApp(collection: Collection) {
  const catalog = new Catalog(collection);
  const memo = new Memo();
  const sites = new SiteCache();
  const app = new Hono<AppEnv>();

  app.use(
    secureHeaders({
      // Pages load one same-origin stylesheet and nothing else: no script, no frames, no forms.
      contentSecurityPolicy: {
        defaultSrc: ["'none'"],
        // An XML feed names an XSLT stylesheet (<?xml-stylesheet?>), which browsers check against
        // script-src: without 'self' there, Chromium refuses to apply it. Nothing else runs script.
        scriptSrc: [(c) => (STYLED_FEED.test(c.req.path) ? "'self'" : "'none'")],
        styleSrc: ["'self'"],
        imgSrc: ["'self'"],
        baseUri: ["'none'"],
        formAction: ["'none'"],
        frameAncestors: ["'none'"],
      },
      permissionsPolicy: { camera: [], microphone: [], geolocation: [], payment: [], usb: [], browsingTopics: [] },
      referrerPolicy: "strict-origin-when-cross-origin",
      xFrameOptions: "DENY",
      // Public content: other sites' apps may read it (CORS below), so it may also be embedded.
      crossOriginResourcePolicy: "cross-origin",
      // Set below, and only over https (RFC 6797 §7.2: browsers ignore it over http).
      strictTransportSecurity: false,
    }),
  );
  app.use(async (c, next) => {
    await next();
    if (c.req.url.startsWith("https:"))
      c.res.headers.set("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
    // RFC 9110 §9.3.7: an OPTIONS answer should say which methods the resource allows. The CORS
    // middleware below answers every OPTIONS (204) before routing: the methods are the same everywhere.
    if (c.req.method === "OPTIONS") c.res.headers.set("Allow", ALLOW);
  });
  const preflight = cors({
    origin: "*",
    allowMethods: ALLOW.split(", "),
    allowHeaders: ["If-None-Match", "If-Modified-Since"],
    exposeHeaders: EXPOSED,
    maxAge: 86400,
  });
  // hono's cors() answers preflights, and we use it for them. On other requests it writes its two
  // headers *before* the route runs, which makes hono build a placeholder Response and copy its
  // headers into the route's own: about a tenth of a request's CPU in a workerd profile. Written
  // after the route instead, the same two headers cost two writes.
  app.use(async (c, next) => {
    if (c.req.method === "OPTIONS") return preflight(c, next);
    await next();
    c.res.headers.set("Access-Control-Allow-Origin", "*");
    c.res.headers.set("Access-Control-Expose-Headers", EXPOSED.join(","));
  });
  app.use(async (c, next) => {
    c.set("site", sites.for(c.env, c.req.url));
    c.set("catalog", catalog);
    c.set(
      "memo",
      memo.withTier(() => edgeTier(c, catalog.version)),
    );
    await next();
  });

  app.route("/", feeds);
  app.route("/", pages);
  app.route("/", assets);
  app.route("/", meta);

  app.notFound(async (c) => {
    // A method other than GET/HEAD on an address that GET would find is a 405, not a 404.
    if (c.req.method !== "GET" && c.req.method !== "HEAD") {
      const probe = await app.request(c.req.url, { method: "GET" }, c.env, executionContext(c));
      if (probe.status !== 404) return methodNotAllowed(c);
    }
    return notFound(c);
  });
  app.onError(onError);
  return app;
}

/** The request's ExecutionContext; Hono throws when there is none (app.request in Node tests). */
function executionContext(c: Context): ExecutionContext | undefined {
  try {
    return c.executionCtx;
  } catch {
    return undefined;
  }
}

/**
 * The edge cache behind the memo (./http/edge-cache.ts), for this request: only where a deploy id
 * (the version metadata binding) and waitUntil exist, since keys without a deploy id could serve a
 * body rendered by the previous deploy's code.
 */
function edgeTier(c: Context<AppEnv>, contentVersion: string): SecondTier | undefined {
  const deployId = c.env?.CF_VERSION_METADATA?.id;
  const ctx = executionContext(c);
  if (!deployId || !ctx) return undefined;
  return edgeCache({
    origin: new URL(c.req.url).origin,
    deployId,
    contentVersion,
    waitUntil: (promise) => ctx.waitUntil(promise),
  });
}
