// The one route table: which stored document a request names — its path, /feed's negotiated format,
// `?format` and `?limit`, and for a feed the document itself or its view for a browser's navigation —
// and what the answer varies on. The Worker (src/worker/app.ts) serves what it names; a path the site could not
// serve names nothing (src/shared/contract.ts requestKey).
import type { Context } from "hono";
import { FEED_FORMATS, type FeedFormat, FORMATS, NEGOTIATED_FEED, paths } from "../shared/addresses";
import { requestKey, type Variant } from "../shared/contract";
import { isNavigation, NAVIGATION_VARY, negotiateFormat } from "./http/negotiation";
import { parseFormat, parseLimit, single } from "./http/params";

export interface Route {
  /** The document's key (src/shared/contract.ts), before an epoch picks its version (src/worker/schedule.ts). */
  key: string;
  variant?: Extract<Variant, "view">;
  /** Request headers the answer depends on, besides Accept-Encoding. */
  vary: string[];
  /** For a feed document: which one (its own path: /feed names another) and whether it is a subscription document. */
  feed?: FeedRoute;
}

export interface FeedRoute {
  /** "" for the site feed, paths.tag(t) for a tag's, and an archive's prefix for an archive document. */
  prefix: string;
  format: FeedFormat;
  /** A subscription (current) document: a WebSub topic, and the only kind `?limit` applies to. */
  current: boolean;
  path: string;
  /** `?limit=N`: only the newest N items (1 ≤ N ≤ the page size). */
  limit?: number;
}

const FEED_FILES = FEED_FORMATS.map((format) => [`/${FORMATS[format].file}`, format] as const);
const TAG_PREFIX = paths.tag("");

/**
 * The route of a request, or undefined for a path the site could not serve. A bad `?format` or `?limit`
 * is a 400 with a one-line reason (src/worker/http/params.ts), before anything is read.
 */
export function route(c: Context, pageSize: number): Route | undefined {
  let path = c.req.path;
  const vary: string[] = [];
  let format: FeedFormat | undefined;
  if (path === NEGOTIATED_FEED) {
    const named = single(c.req.queries("format"), "format");
    format = named === undefined ? negotiateFormat(c) : parseFormat(named);
    // ?format= names one representation outright: that response does not vary with Accept.
    if (named === undefined) vary.push("Accept");
    path = paths.feed("", format);
  } else {
    format = FEED_FILES.find(([file]) => path.endsWith(file))?.[1];
  }
  const variant = format && isNavigation(c.req.raw.headers) ? "view" : undefined;
  const key = requestKey(path, variant);
  if (key === undefined) return undefined;
  if (!format) return { key, vary };
  const prefix = path.slice(0, -FORMATS[format].file.length - 1);
  const current = prefix === "" || (prefix.startsWith(TAG_PREFIX) && !prefix.slice(TAG_PREFIX.length).includes("/"));
  const limit = current ? parseLimit(single(c.req.queries("limit"), "limit"), pageSize) : undefined;
  return {
    key,
    ...(variant ? { variant } : {}),
    // Every feed answer names the navigation headers, so a cache never hands a reader the view or a
    // browser the XML (RFC 9110 §12.5.5).
    vary: [...vary, ...NAVIGATION_VARY],
    feed: { prefix, format, current, path, ...(limit === undefined ? {} : { limit }) },
  };
}
