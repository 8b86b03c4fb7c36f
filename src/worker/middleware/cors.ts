// CORS: any origin may read everything, validators included; preflights are answered before routing.
import type { MiddlewareHandler } from "hono";
import { cors as honoCors } from "hono/cors";
import { ALLOWED_METHODS } from "../http/send";

/**
 * The response headers an app must be allowed to read besides the CORS-safelisted ones (Fetch
 * standard: Cache-Control, Content-Language, Content-Length, Content-Type, Expires, Last-Modified,
 * Pragma, which every app reads anyway), each exposed where it is sent: the ETag it sends back as
 * If-None-Match, on a WebSub topic the Link header that names its hubs (WebSub §4: a subscriber
 * discovers them there), and on media the range headers a web player that fetches parts reads.
 */
const EXPOSABLE = ["ETag", "Link", "Accept-Ranges", "Content-Range"] as const;
const ALLOW = ALLOWED_METHODS.join(", ");

const preflight = honoCors({
  origin: "*",
  allowMethods: [...ALLOWED_METHODS],
  allowHeaders: ["If-None-Match", "If-Modified-Since"],
  maxAge: 86400,
});

export function cors(): MiddlewareHandler {
  // hono's cors() answers preflights, and we use it for them. On other requests it writes its two
  // headers *before* the route runs, which makes hono build a placeholder Response and copy its
  // headers into the route's own: about a tenth of a request's CPU in a workerd profile. Written
  // after the route instead, the same two headers cost two writes.
  return async (c, next) => {
    if (c.req.method === "OPTIONS") {
      const res = await preflight(c, next);
      // RFC 9110 §9.3.7: an OPTIONS answer should say which methods the resource allows; they are
      // the same everywhere.
      res?.headers.set("Allow", ALLOW);
      return res;
    }
    await next();
    // Without it no app may read the response at all, a 304 included.
    c.res.headers.set("Access-Control-Allow-Origin", "*");
    // Only a response with a validator has one to expose (a 304 too: an app that reads the tag off
    // every answer must find it there, or it would poll unconditionally next time).
    if (c.res.headers.has("ETag")) {
      const exposed = EXPOSABLE.filter((name) => c.res.headers.has(name));
      c.res.headers.set("Access-Control-Expose-Headers", exposed.join(","));
    }
  };
}
