// Content negotiation (RFC 9110 §12.5): which feed format /feed answers in, and whether a feed request
// is a person's browser opening it (the HTML view) or a program reading it (the feed itself).
import type { Context } from "hono";
import { accepts } from "hono/accepts";
import { type FeedFormat, FORMATS } from "../../shared/addresses";

/** A format's media type without parameters, as Accept names it. */
export function mediaTypeOf(format: FeedFormat): string {
  return FORMATS[format].mediaType.split(";")[0]!;
}

/** /feed: q-values honoured, RSS when nothing else is preferred. */
const NEGOTIABLE: Record<string, FeedFormat> = {
  [mediaTypeOf("rss")]: "rss",
  [mediaTypeOf("atom")]: "atom",
  [mediaTypeOf("json")]: "json",
  "application/json": "json",
  "application/xml": "rss",
  "text/xml": "rss",
};

export function negotiateFormat(c: Context): FeedFormat {
  const type = accepts(c, { header: "Accept", supports: Object.keys(NEGOTIABLE), default: mediaTypeOf("rss") });
  return NEGOTIABLE[type] ?? "rss";
}

/**
 * The request headers of a top-level navigation, as browsers send them (Fetch Metadata Request Headers,
 * W3C: Sec-Fetch-Dest is the request's destination, Sec-Fetch-Mode its mode). Chromium ≥ 76, Firefox ≥ 90
 * and Safari ≥ 16.4 send them to every https origin and to localhost; a page's own fetch() says "empty"
 * and "cors", an <iframe> "iframe". No feed reader, library or crawler sends them.
 */
export const NAVIGATION = { "Sec-Fetch-Dest": "document", "Sec-Fetch-Mode": "navigate" } as const;

/**
 * What a feed's answer varies on besides Accept-Encoding: Sec-Fetch-Dest alone. "document" is only ever
 * the destination of a top-level navigation (Fetch §2.2.6: its mode is then "navigate"), so the mode
 * adds nothing to tell, and every byte of Vary rides on each poll's 304.
 */
export const NAVIGATION_VARY: readonly string[] = ["Sec-Fetch-Dest"];

/**
 * Whether a feed request is a person opening it in a browser, who gets the feed's HTML view; everyone
 * else gets the feed itself. Not Accept: readers send text/html too (Miniflux puts it in its default
 * Accept, SimplePie gives it q=0.7), and a browser's Accept names application/xml, so Accept cannot
 * tell a person from a program; the Sec-Fetch-* headers can, and no program sends them by accident.
 */
export function isNavigation(headers: Headers): boolean {
  return headers.get("Sec-Fetch-Dest")?.toLowerCase() === NAVIGATION["Sec-Fetch-Dest"];
}
