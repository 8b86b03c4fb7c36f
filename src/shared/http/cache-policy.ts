// Cache-Control per kind of resource: how long a copy is fresh, and how long a stale one may still serve.
// No policy says `public`: it only lets caches store responses to requests with Authorization
// (RFC 9111 §3.5), and no request here has one; max-age alone makes a response storable (§3).

import type { PollInterval } from "../feeds/cadence";

export const CACHE = {
  /** Sitemaps: crawlers come back on their own schedule; a new article's address shows within minutes. */
  sitemap: "max-age=300, stale-while-revalidate=3600, stale-if-error=86400",
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

/**
 * A current feed document's policy: fresh for its poll interval (src/shared/feeds/cadence.ts), the figure its
 * RSS <ttl> and sy:* state, which is what readers schedule by (Miniflux reads max-age and <ttl>). Nothing
 * else: no feed reader acts on stale-while-revalidate or stale-if-error, and without them a poll's
 * 304 fits in 300 bytes. A scheduled article's time does not shorten it: a policy cut to that moment
 * would tell, before it, that something changes then and in which feeds (a release is announced as a
 * deploy is, by WebSub at its time, and readers see it at their next poll).
 */
export function feedCacheControl(poll: PollInterval): string {
  return `max-age=${poll.seconds}`;
}
