// Query parameters, checked at the edge of the system: a bad value is a 400 with a one-line reason.
import { HTTPException } from "hono/http-exception";
import { FEED_FORMATS, type FeedFormat } from "../feeds/document";

function badRequest(message: string): never {
  throw new HTTPException(400, { message });
}

/** `?limit=N`: the newest N items, 1 ≤ N ≤ the feed's page size. */
export function parseLimit(value: string | undefined, pageSize: number): number | undefined {
  if (value === undefined) return undefined;
  const n = /^\d{1,6}$/.test(value) ? Number(value) : Number.NaN;
  if (!(n >= 1 && n <= pageSize)) badRequest(`limit: expected a whole number from 1 to ${pageSize}`);
  return n;
}

export function parseFormat(value: string): FeedFormat {
  if (!(FEED_FORMATS as readonly string[]).includes(value))
    badRequest(`format: expected one of ${FEED_FORMATS.join(", ")}`);
  return value as FeedFormat;
}

/** `/archive/<n>/…`: a positive whole number without leading zeros (one URL per document). */
export function parsePage(value: string): number | undefined {
  return /^[1-9]\d{0,6}$/.test(value) ? Number(value) : undefined;
}
