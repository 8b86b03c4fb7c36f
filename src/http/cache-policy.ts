// Cache-Control per kind of resource: how long a copy is fresh, and how long a stale one may still serve.
// No policy says `public`: it only lets caches store responses to requests with Authorization
// (RFC 9111 §3.5), and no request here has one; max-age alone makes a response storable (§3).

export const CACHE = {
  /**
   * Feeds: readers poll every 15–60 minutes and revalidate with ETag/Last-Modified, so five minutes of
   * freshness costs little timeliness; a stale copy may serve while revalidating (an hour) and for a
   * day if the Worker errors, so a bad deploy never empties anyone's reader.
   */
  feed: "max-age=300, stale-while-revalidate=3600, stale-if-error=86400",
  /** Pages: people expect a new story to appear within a minute. */
  page: "max-age=60, stale-while-revalidate=600, stale-if-error=86400",
  /** Full archive documents never change once full (RFC 5005 §4), but an edit to an old story may. */
  archive: "max-age=86400, stale-while-revalidate=604800, stale-if-error=604800",
  /** Files whose URL contains a hash of their bytes. */
  immutable: "max-age=31536000, immutable",
  /** Errors: brief, so a fixed typo in a link starts working soon. */
  error: "max-age=60",
  /** Refusals of malformed requests are about the request, not the resource. */
  none: "no-store",
} as const;
