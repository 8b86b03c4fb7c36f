// The Worker's HTTP surface: middleware for every response, then the feed, page, asset and crawler routes.
import { Hono } from "hono";
import { cors } from "hono/cors";
import { secureHeaders } from "hono/secure-headers";
import type { AppEnv } from "./app-env";
import { Catalog } from "./catalog";
import type { Collection } from "./content/schema";
import { Memo } from "./http/representation";
import { assets } from "./routes/assets";
import { ALLOW, methodNotAllowed, notFound, onError } from "./routes/errors";
import { feeds } from "./routes/feeds";
import { meta } from "./routes/meta";
import { pages } from "./routes/pages";
import { siteFrom } from "./site";

export function createApp(collection: Collection) {
  const catalog = new Catalog(collection);
  const memo = new Memo();
  const app = new Hono<AppEnv>();

  app.use(
    secureHeaders({
      // Pages load one same-origin stylesheet and nothing else: no script, no frames, no forms.
      contentSecurityPolicy: {
        defaultSrc: ["'none'"],
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
    if (new URL(c.req.url).protocol === "https:")
      c.res.headers.set("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
  });
  app.use(
    cors({
      origin: "*",
      allowMethods: ALLOW.split(", "),
      allowHeaders: ["If-None-Match", "If-Modified-Since"],
      exposeHeaders: ["ETag", "Last-Modified", "Content-Length"],
      maxAge: 86400,
    }),
  );
  app.use(async (c, next) => {
    c.set("site", siteFrom(c.env, new URL(c.req.url).origin));
    c.set("catalog", catalog);
    c.set("memo", memo);
    await next();
  });

  app.route("/", feeds);
  app.route("/", pages);
  app.route("/", assets);
  app.route("/", meta);

  app.notFound(async (c) => {
    // A method other than GET/HEAD on an address that GET would find is a 405, not a 404.
    if (c.req.method !== "GET" && c.req.method !== "HEAD") {
      const probe = await app.request(c.req.url, { method: "GET" }, c.env);
      if (probe.status !== 404) return methodNotAllowed(c);
    }
    return notFound(c);
  });
  app.onError(onError);
  return app;
}
