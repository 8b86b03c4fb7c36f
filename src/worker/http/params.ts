// Query parameters, checked at the edge of the system: a bad value is a 400 with a one-line reason.
import { HTTPException } from "hono/http-exception";
import { FEED_FORMATS, type FeedFormat } from "../../shared/addresses";

function badRequest(message: string): never {
  throw new HTTPException(400, { message });
}

/**
 * The one value of a parameter, or undefined when absent. Given twice (`limit=1&limit=2`) it is
 * refused: which one a cache or a proxy in between would honour is anyone's guess.
 */
export function single(values: string[] | undefined, name: string): string | undefined {
  if (values === undefined || values.length === 0) return undefined;
  if (values.length > 1) badRequest(`${name}: expected at most one value, found ${values.length}`);
  return values[0];
}

/** `?limit=N`: the newest N items, 1 ≤ N ≤ the feed's page size. */
export function parseLimit(value: string | undefined, pageSize: number): number | undefined {
  if (value === undefined) return undefined;
  const n = /^\d{1,6}$/.test(value) ? Number(value) : Number.NaN;
  if (!(n >= 1 && n <= pageSize)) badRequest(`limit: expected a whole number from 1 to ${pageSize}`);
  return n;
}

export function parseFormat(value: string): FeedFormat {
  const format = FEED_FORMATS.find((f) => f === value);
  return format ?? badRequest(`format: expected one of ${FEED_FORMATS.join(", ")}`);
}

/** `/archive/<n>/…`: a positive whole number without leading zeros (one URL per document). */
export function parsePage(value: string): number | undefined {
  return /^[1-9]\d{0,6}$/.test(value) ? Number(value) : undefined;
}
