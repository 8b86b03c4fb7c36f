// The one way the Worker answers with a document: its representation sent with its validators, as a
// 304, for HEAD, and compressed for every text type.
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { Representation } from "../../shared/http/representation";
import { isNotModified } from "./conditional";

/** The methods every resource answers; OPTIONS is answered before routing (src/worker/middleware/cors.ts). */
export const ALLOWED_METHODS = ["GET", "HEAD", "OPTIONS"] as const;

/** For a resource that exists: a method other than GET and HEAD is a 405 (onError in src/worker/errors.ts). */
export function refuseOtherMethods(c: Context): void {
  if (c.req.method !== "GET" && c.req.method !== "HEAD") throw new HTTPException(405);
}

/**
 * Does the client accept gzip? On Cloudflare (and in `wrangler dev`) the Worker always sees
 * "Accept-Encoding: br, gzip"; what the client itself sent is in `request.cf.clientAcceptEncoding`.
 * Elsewhere (bare workerd, tests) the header is the client's own.
 */
export function clientAcceptsGzip(request: Request): boolean {
  const cf: unknown = request.cf;
  const fromCf =
    typeof cf === "object" && cf !== null && "clientAcceptEncoding" in cf && typeof cf.clientAcceptEncoding === "string"
      ? cf.clientAcceptEncoding
      : undefined;
  const header = fromCf ?? request.headers.get("Accept-Encoding") ?? "";
  let gzip: boolean | undefined;
  let any = false;
  for (const part of header.split(",")) {
    const [coding = "", ...params] = part.split(";").map((s) => s.trim().toLowerCase());
    const q = params.find((p) => p.startsWith("q="));
    const accepted = q === undefined || Number(q.slice(2)) > 0;
    // An explicit "gzip;q=0" refuses gzip even when "*" would allow it (RFC 9110 §12.5.3).
    if (coding === "gzip") gzip = accepted;
    else if (coding === "*") any = accepted;
  }
  return gzip ?? any;
}

/**
 * Range requests are ignored (RFC 9110 §14.2 lets a server do so): bodies are a few kilobytes, and a
 * range of a body the runtime compresses on the way out would not name stable bytes. A client that
 * asks for one gets the whole body, which is what it would fetch next anyway, so no Accept-Ranges
 * header is spent on telling it so.
 */
export function send(c: Context, rep: Representation, vary: readonly string[] = [], link?: string): Response {
  const gzip = clientAcceptsGzip(c.req.raw);
  // What a 304 carries too: what a cache needs to update its stored response (RFC 9110 §15.4.5).
  // The middlewares add the CORS headers an app needs to read it, and nothing else (src/worker/middleware/).
  const headers = new Headers({
    ETag: gzip ? rep.gzipEtag : rep.etag,
    "Last-Modified": rep.lastModified.toUTCString(),
    "Cache-Control": rep.cacheControl,
    Vary: ["Accept-Encoding", ...vary].join(", "),
  });
  // WebSub §4 discovery in HTTP (RFC 8288), on the 304 too: a subscriber may only ever revalidate.
  if (link) headers.set("Link", link);
  // Either tag names the same content: a client whose Accept-Encoding changed still has a good copy.
  if (isNotModified(c.req.raw.headers, [rep.etag, rep.gzipEtag], rep.lastModified)) {
    return new Response(null, { status: 304, headers });
  }
  headers.set("Content-Type", rep.contentType);
  // Cloudflare compresses application/rss+xml on its own but not application/atom+xml or
  // application/feed+json. Naming the coding makes the runtime gzip the body on the way out,
  // for every type alike (its "automatic" encodeBody); Cloudflare may then weaken the ETag, which
  // the weak comparison in ./conditional.ts accepts back.
  if (gzip) headers.set("Content-Encoding", "gzip");
  else headers.set("Content-Length", String(rep.body.byteLength));
  return new Response(c.req.method === "HEAD" ? null : rep.body, { status: 200, headers });
}
