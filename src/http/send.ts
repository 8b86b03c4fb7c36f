// Sends a memoized representation: validators, 304s, HEAD, and compression for every text type.
import type { Context } from "hono";
import { isNotModified } from "./conditional";
import type { Representation } from "./representation";

/**
 * Does the client accept gzip? On Cloudflare (and in `wrangler dev`) the Worker always sees
 * "Accept-Encoding: br, gzip"; what the client itself sent is in `request.cf.clientAcceptEncoding`.
 * Elsewhere (bare workerd, tests) the header is the client's own.
 */
export function clientAcceptsGzip(request: Request): boolean {
  const cf = (request as { cf?: { clientAcceptEncoding?: string } }).cf;
  const header = cf?.clientAcceptEncoding ?? request.headers.get("Accept-Encoding") ?? "";
  return header.split(",").some((part) => {
    const [coding = "", ...params] = part.split(";").map((s) => s.trim().toLowerCase());
    const q = params.find((p) => p.startsWith("q="));
    return (coding === "gzip" || coding === "*") && (q === undefined || Number(q.slice(2)) > 0);
  });
}

export function send(c: Context, rep: Representation, vary: readonly string[] = []): Response {
  const headers = new Headers({
    ETag: rep.etag,
    "Last-Modified": rep.lastModified.toUTCString(),
    "Cache-Control": rep.cacheControl,
    Vary: ["Accept-Encoding", ...vary].join(", "),
  });
  if (isNotModified(c.req.raw.headers, [rep.etag], rep.lastModified)) {
    return new Response(null, { status: 304, headers });
  }
  headers.set("Content-Type", rep.contentType);
  // Cloudflare compresses application/rss+xml on its own but not application/atom+xml or
  // application/feed+json. Naming the coding makes the runtime gzip the body on the way out,
  // for every type alike (its "automatic" encodeBody); Cloudflare then weakens the ETag, which
  // the weak comparison in ./conditional.ts accepts back.
  if (clientAcceptsGzip(c.req.raw)) headers.set("Content-Encoding", "gzip");
  else headers.set("Content-Length", String(rep.body.byteLength));
  return new Response(c.req.method === "HEAD" ? null : rep.body, { status: 200, headers });
}
