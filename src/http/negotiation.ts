// Content negotiation (RFC 9110 §12.5): which feed format /feed answers in, and which media type a
// styled feed is sent with, for feed readers and for browsers.
import type { Context } from "hono";
import { accepts } from "hono/accepts";
import { type FeedFormat, FORMATS } from "../addresses";

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

/** A styled feed as browsers get it: the same bytes, as XML they render through the XSL. */
export const BROWSER_XML = "application/xml; charset=utf-8";

/**
 * Browsers show application/rss+xml and application/atom+xml as source text and never apply the
 * feed's XSL stylesheet (seen in Chromium 156); served as application/xml, the same bytes render as the
 * readable page. So a request that prefers text/html to the feed's own type (a person following a
 * link) gets application/xml, and feed readers, which ask for feeds or for anything, get the feed's
 * own media type. JSON Feed has no browser view and does not vary.
 */
export function feedMediaType(c: Context, format: FeedFormat): { type: string; browser: boolean; vary: string[] } {
  if (!FORMATS[format].styled) return { type: FORMATS[format].mediaType, browser: false, vary: [] };
  const own = mediaTypeOf(format);
  const browser = accepts(c, { header: "Accept", supports: [own, "text/html"], default: own }) === "text/html";
  return { type: browser ? BROWSER_XML : FORMATS[format].mediaType, browser, vary: ["Accept"] };
}
