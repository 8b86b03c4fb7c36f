// Media from content/ that players seek in (audio, video, documents): read from Workers Static Assets,
// which answer a Range request with the whole file and do not state its length to the Worker, and sent
// with byte ranges (RFC 9110 §14), a strong validator (the content hash in the name) and immutable
// caching. The length and type come from the file's facts in the store (written by the build), so an
// unknown name is a store miss, like an unknown slug. Images never get here: Static Assets serve them
// directly (wrangler.toml run_worker_first), with the same headers from `_headers` (src/build/media.ts).
import type { Context } from "hono";
import { paths } from "../shared/addresses";
import type { MediaFacts } from "../shared/contract";
import { CACHE } from "../shared/http/cache-policy";
import type { SiteEnv } from "./app-env";
import { notFound } from "./errors";
import { noneMatch } from "./http/conditional";
import { parseRange, rangeStillApplies, sliceStream } from "./http/ranges";
import { refuseOtherMethods } from "./http/send";
import { StoreError } from "./store";

/** The router pattern of a media file's address. */
export const MEDIA_ROUTE = paths.media(":name");

export async function serveMedia(c: Context<SiteEnv & { Bindings: { ASSETS?: Fetcher } }>, facts: MediaFacts) {
  const path = c.req.path;
  // The file exists (its facts do): another method is refused before anything is read.
  refuseOtherMethods(c);
  if (!c.env.ASSETS) throw new StoreError(`assets: no ASSETS binding for ${path}`);
  const file = await c.env.ASSETS.fetch(`https://assets.invalid${path}`).catch((error: unknown) => {
    throw new StoreError(`assets: ${String(error)} for ${path}`);
  });
  if (file.status === 404) {
    await file.body?.cancel();
    return notFound(c);
  }
  if (!file.ok || !file.body) {
    await file.body?.cancel();
    throw new StoreError(`assets: ${file.status} for ${path}`);
  }
  const body = file.body;
  const { etag, length } = facts;
  const headers = new Headers({
    "Content-Type": facts.type,
    "Cache-Control": CACHE.immutable,
    ETag: etag,
    "Accept-Ranges": "bytes",
  });
  const ifNoneMatch = c.req.header("If-None-Match");
  if (ifNoneMatch !== undefined && noneMatch(ifNoneMatch, [etag])) {
    await body.cancel();
    headers.delete("Content-Type");
    return new Response(null, { status: 304, headers });
  }
  const range = rangeStillApplies(c.req.header("If-Range"), etag)
    ? parseRange(c.req.header("Range"), length)
    : undefined;
  const head = c.req.method === "HEAD";
  if (head) await body.cancel();
  if (range === "unsatisfiable") {
    if (!head) await body.cancel();
    headers.set("Content-Range", `bytes */${length}`);
    headers.set("Cache-Control", CACHE.none);
    headers.set("Content-Type", "text/plain; charset=utf-8");
    return new Response(head ? null : "Range Not Satisfiable — the file is shorter than the range asked for.\n", {
      status: 416,
      headers,
    });
  }
  if (!range) {
    headers.set("Content-Length", String(length));
    return new Response(head ? null : body, { status: 200, headers });
  }
  const bytes = range.end - range.start + 1;
  headers.set("Content-Range", `bytes ${range.start}-${range.end}/${length}`);
  headers.set("Content-Length", String(bytes));
  if (head) return new Response(null, { status: 206, headers });
  // workerd sends a stream of unknown length chunked, without the Content-Length players rely on:
  // a FixedLengthStream states it.
  const part = new FixedLengthStream(bytes);
  sliceStream(body, range)
    .pipeTo(part.writable)
    .catch((error: unknown) => console.error(`media: ${path}: ${String(error)}`));
  return new Response(part.readable, { status: 206, headers });
}
