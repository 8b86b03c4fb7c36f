// Media from content/ that players seek in (audio, video, documents): read from Workers Static Assets,
// which answer a Range request with the whole file, and sent by the Worker with byte ranges (RFC 9110
// §14), a strong validator (the content hash in the name) and immutable caching. Images never get
// here: Static Assets serve them directly (wrangler.toml run_worker_first), with the same headers from
// their `_headers` file (src/build/media.ts).
import type { Context } from "hono";
import { MEDIA_NAME, MEDIA_TYPES, type MediaExtension, paths } from "../addresses";
import type { SiteEnv } from "../app-env";
import { CACHE } from "../http/cache-policy";
import { noneMatch } from "../http/conditional";
import { parseRange, rangeStillApplies, sliceStream } from "../http/ranges";
import { refuseOtherMethods } from "../http/send";
import { StoreError } from "../store/store";
import { notFound } from "./errors";

/** The router pattern of a media file's address. */
export const MEDIA_ROUTE = paths.media(":name");

export async function serveMedia(c: Context<SiteEnv & { Bindings: { ASSETS?: Fetcher } }>) {
  const name = c.req.param("name") ?? "";
  const match = MEDIA_NAME.exec(name);
  const ext = match?.[1];
  if (!ext || !(ext in MEDIA_TYPES) || !c.env.ASSETS) return notFound(c);
  const file = await c.env.ASSETS.fetch(`https://assets.invalid${paths.media(name)}`).catch((error: unknown) => {
    throw new StoreError(`assets: ${String(error)} for ${name}`);
  });
  if (file.status === 404) {
    await file.body?.cancel();
    return notFound(c);
  }
  if (!file.ok || !file.body) {
    await file.body?.cancel();
    throw new StoreError(`assets: ${file.status} for ${name}`);
  }
  refuseOtherMethods(c);
  // The name holds a hash of the bytes: the same name is always the same bytes (a strong validator).
  const etag = `"${name.split(".")[1]}"`;
  const headers = new Headers({
    "Content-Type": MEDIA_TYPES[ext as MediaExtension].type,
    "Cache-Control": CACHE.immutable,
    ETag: etag,
    "Accept-Ranges": "bytes",
  });
  const ifNoneMatch = c.req.header("If-None-Match");
  if (ifNoneMatch !== undefined && noneMatch(ifNoneMatch, [etag])) {
    await file.body.cancel();
    headers.delete("Content-Type");
    return new Response(null, { status: 304, headers });
  }
  const length = await lengthOf(file);
  const range = rangeStillApplies(c.req.header("If-Range"), etag)
    ? parseRange(c.req.header("Range"), length.bytes)
    : undefined;
  const head = c.req.method === "HEAD";
  if (range === "unsatisfiable") {
    await length.body.cancel();
    headers.set("Content-Range", `bytes */${length.bytes}`);
    headers.set("Cache-Control", CACHE.none);
    headers.set("Content-Type", "text/plain; charset=utf-8");
    return new Response(head ? null : "Range Not Satisfiable — the file is shorter than the range asked for.\n", {
      status: 416,
      headers,
    });
  }
  if (!range) {
    headers.set("Content-Length", String(length.bytes));
    if (head) await length.body.cancel();
    return new Response(head ? null : length.body, { status: 200, headers });
  }
  headers.set("Content-Range", `bytes ${range.start}-${range.end}/${length.bytes}`);
  headers.set("Content-Length", String(range.end - range.start + 1));
  if (head) await length.body.cancel();
  return new Response(head ? null : sliceStream(length.body, range), { status: 206, headers });
}

/** The file's length, from its Content-Length, or else by reading it (the body is kept either way). */
async function lengthOf(file: Response): Promise<{ bytes: number; body: ReadableStream<Uint8Array> }> {
  const stated = Number(file.headers.get("Content-Length") ?? Number.NaN);
  if (Number.isInteger(stated) && stated >= 0) return { bytes: stated, body: file.body! };
  const bytes = new Uint8Array(await file.arrayBuffer());
  return {
    bytes: bytes.byteLength,
    body: new ReadableStream({
      start(controller) {
        controller.enqueue(bytes);
        controller.close();
      },
    }),
  };
}
