// Dates as people read them, from the model's RFC 3339 strings (the site's own calendar date, never the clock).
import { MONTHS } from "../content/dates";

/** "2024-07-22T00:00:00Z" → "July 22, 2024" (the date as written in the site's time zone). */
export function readableDate(rfc3339: string): string {
  const [y, m, d] = rfc3339.slice(0, 10).split("-").map(Number) as [number, number, number];
  return `${MONTHS[m - 1]} ${d}, ${y}`;
}

/** The calendar date part, for <time datetime>. */
export const isoDate = (rfc3339: string) => rfc3339.slice(0, 10);
