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
 * Range requests are ignored (RFC 9110 §14.2 lets a server do so): bodies are a few kilobytes, and
 * a range of a body the runtime compresses on the way out would not name stable bytes. Saying so in
 * Accept-Ranges (§14.3) keeps clients from trying.
 */
export function send(c: Context, rep: Representation, vary: readonly string[] = []): Response {
  const gzip = clientAcceptsGzip(c.req.raw);
  const headers = new Headers({
    ETag: gzip ? rep.gzipEtag : rep.etag,
    "Last-Modified": rep.lastModified.toUTCString(),
    "Cache-Control": rep.cacheControl,
    Vary: ["Accept-Encoding", ...vary].join(", "),
  });
  // Either tag names the same content: a client whose Accept-Encoding changed still has a good copy.
  if (isNotModified(c.req.raw.headers, [rep.etag, rep.gzipEtag], rep.lastModified)) {
    return new Response(null, { status: 304, headers });
  }
  headers.set("Content-Type", rep.contentType);
  headers.set("Accept-Ranges", "none");
  // Cloudflare compresses application/rss+xml on its own but not application/atom+xml or
  // application/feed+json. Naming the coding makes the runtime gzip the body on the way out,
  // for every type alike (its "automatic" encodeBody); Cloudflare may then weaken the ETag, which
  // the weak comparison in ./conditional.ts accepts back.
  if (gzip) headers.set("Content-Encoding", "gzip");
  else headers.set("Content-Length", String(rep.body.byteLength));
  return new Response(c.req.method === "HEAD" ? null : rep.body, { status: 200, headers });
}
