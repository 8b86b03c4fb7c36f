// The request path run once while the module is evaluated. Cloudflare evaluates a Worker's module
// while the TLS handshake that carries its first request is still under way, so work done here is off
// that request's clock: without it, a fresh isolate's first request compiles the router, the
// middlewares and the send path (V8 compiles a function when it first runs) and takes several times
// as long as the next one.
import type { Hono } from "hono";
import { paths } from "../shared/addresses";
import { OPEN_ORIGIN } from "../shared/contract";
import type { SiteEnv } from "./app-env";

/**
 * A document that rides in the script, so the warm-up reads no store; asked with HEAD, because the
 * runtime allows no I/O at start-up, and a response body is a stream.
 */
const WARM_PATH = paths.feed("", "rss");

export async function warmUp(app: Hono<SiteEnv>): Promise<void> {
  // The open address: filling it in gives the stored document as it is (what a client naming that
  // address would be sent anyway).
  const env = { SITE_URL: "" } as Env;
  const request = new Request(OPEN_ORIGIN + WARM_PATH, { method: "HEAD", headers: { "Accept-Encoding": "gzip" } });
  await app.fetch(request, env);
}
