// When a ping a hub did not take goes out again: after 1, 2, 4 … minutes, or later if the hub's
// Retry-After asks, and never more than an hour after the failure.
//
// The hour bounds what a hub can ask for as well as the backoff. A ping is a freshness hint; one an hour
// late is worth little, and one parked for years (`Retry-After: 99999999`, by mistake or malice) is a
// pending entry that never goes away. A hub still busy after an hour says so again, at the cost of one
// request an hour per ping it owes.
import { parseHttpDate } from "../http/conditional";

export const MINUTE = 60_000;
/** The longest a ping waits between two attempts, whatever the hub asked. */
export const MAX_WAIT = 60 * MINUTE;

/** How long to wait after the `attempts`-th failure (1 for the first) when the hub asked for `askedMs`. */
export function retryDelay(attempts: number, askedMs = 0): number {
  const backoff = MINUTE * 2 ** (attempts - 1);
  return Math.min(Math.max(backoff, askedMs), MAX_WAIT);
}

/**
 * A Retry-After field (RFC 9110 §10.2.3) as a delay from `now`, in ms: delay-seconds, or an HTTP-date in
 * any of its three forms; 0 when the field is absent, unreadable or in the past.
 */
export function retryAfterMs(value: string | null, now: number): number {
  const text = value?.trim() ?? "";
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = parseHttpDate(text);
  return at === undefined ? 0 : Math.max(at - now, 0);
}
