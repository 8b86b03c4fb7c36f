// The edge cache: rendered bodies kept in the data center's cache, for isolates that start cold.
//
// Which cache. wrangler 4.86 has no Workers Caching (`cache` in the wrangler config), which would
// answer before the Worker runs; so this is the Cache API, `caches.default`. A Worker runs *before*
// that cache, so it cannot save invocations, only rendering: every request still reaches the Worker,
// which answers from its in-isolate Memo when warm (no cache call at all) and looks here only on a
// memo miss, i.e. in a fresh isolate. What it saves there is rendering a feed and hashing it.
//
// Why versioned keys. A key holds the deploy's id (the `CF_VERSION_METADATA` binding) and the
// collection's version, so a deploy (new code, new [vars]) or new content never reads an older
// body: nothing needs purging after a deploy, and old entries simply age out (STORED_FOR below).
// Without the binding (bare workerd, a Miniflare without it) there is no way to tell deploys apart,
// so the edge cache is not used at all rather than risk serving the previous code's output.
//
// Purging anyway (say, a body must disappear at once): `await caches.default.delete(key)` from the
// Worker for one key (see edgeCacheKey), Cloudflare's "purge by URL" with that key URL, or "Purge
// Everything" for the zone. Caveats of the platform: the Cache API stores per data center (nothing
// is replicated), and on *.workers.dev it does nothing, so this pays off only on a custom domain.
import { type Representation, restore, type SecondTier } from "./representation";

/** How long a stored body may stay: long, since a versioned key can never go stale; orphans expire. */
const STORED_FOR = "public, max-age=604800";
/** The Cache-Control the representation is sent with, kept beside the edge cache's own. */
const CLIENT_CACHE_CONTROL = "Edgefeed-Cache-Control";

export interface EdgeCacheOptions {
  /** The request's origin: keys live under the zone the Worker serves, so they can be purged by URL. */
  origin: string;
  /** Changes with every deploy (version metadata id). */
  deployId: string;
  /** Changes with every change of content (Collection.version). */
  contentVersion: string;
  waitUntil: (promise: Promise<unknown>) => void;
}

export function edgeCacheKey(options: Pick<EdgeCacheOptions, "origin" | "deployId" | "contentVersion">, key: string) {
  const { origin, deployId, contentVersion } = options;
  return `${origin}/.edge-cache/${encodeURIComponent(deployId)}/${encodeURIComponent(contentVersion)}/${encodeURIComponent(key)}`;
}

/** The edge cache as a memo's second tier, or undefined where the runtime has no Cache API. */
export function edgeCache(options: EdgeCacheOptions): SecondTier | undefined {
  const cache = typeof caches === "undefined" ? undefined : caches.default;
  if (!cache) return undefined;
  return {
    async match(key) {
      try {
        const stored = await cache.match(edgeCacheKey(options, key));
        return stored ? await fromStored(stored) : undefined;
      } catch (error) {
        // The cache is an optimisation: if it fails, the body is rendered as if it were empty.
        console.warn("edge cache: lookup failed, rendering instead:", error);
        return undefined;
      }
    },
    put(key, rep) {
      const stored = new Response(rep.body, {
        headers: {
          "Content-Type": rep.contentType,
          ETag: rep.etag,
          "Last-Modified": rep.lastModified.toUTCString(),
          "Cache-Control": STORED_FOR,
          [CLIENT_CACHE_CONTROL]: rep.cacheControl,
        },
      });
      options.waitUntil(
        cache
          .put(edgeCacheKey(options, key), stored)
          .catch((error: unknown) => console.warn("edge cache: store failed:", error)),
      );
    },
  };
}

/** A stored entry back into a representation; anything incomplete counts as a miss. */
async function fromStored(stored: Response): Promise<Representation | undefined> {
  const etag = stored.headers.get("ETag");
  const contentType = stored.headers.get("Content-Type");
  const lastModified = Date.parse(stored.headers.get("Last-Modified") ?? "");
  const cacheControl = stored.headers.get(CLIENT_CACHE_CONTROL);
  const body = new Uint8Array(await stored.arrayBuffer());
  if (!etag?.startsWith('"') || !contentType || Number.isNaN(lastModified) || !cacheControl) return undefined;
  return restore({ body, etag, contentType, lastModified: new Date(lastModified), cacheControl });
}
