// When a ping a hub did not take goes out again (src/worker/websub/retry.ts): backoff doubling from a minute,
// a hub's Retry-After in both of its forms, and an hour as the bound of either.
import { describe, expect, it } from "vitest";
import { retryAfterMs, retryDelay } from "../../src/worker/websub/retry";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const NOW = Date.parse("2026-12-01T00:00:00Z");

describe("retryDelay", () => {
  it.each([
    [1, MINUTE],
    [2, 2 * MINUTE],
    [3, 4 * MINUTE],
    [6, 32 * MINUTE],
    [7, HOUR],
    [1000, HOUR],
  ])("waits after failure %i as the backoff says, at most an hour", (attempts, wait) => {
    expect(retryDelay(attempts)).toBe(wait);
  });

  it("waits as long as the hub asks when that is longer than the backoff, up to an hour", () => {
    expect(retryDelay(1, 10 * MINUTE)).toBe(10 * MINUTE);
    expect(retryDelay(3, MINUTE)).toBe(4 * MINUTE);
    expect(retryDelay(1, 99_999_999_000)).toBe(HOUR);
    expect(retryDelay(1, Number.POSITIVE_INFINITY)).toBe(HOUR);
  });
});

describe("retryAfterMs (RFC 9110 §10.2.3)", () => {
  it.each([
    ["120", 120_000],
    [" 30 ", 30_000],
    ["0", 0],
    ["99999999", 99_999_999_000],
  ])("reads delay-seconds %j", (value, ms) => {
    expect(retryAfterMs(value, NOW)).toBe(ms);
  });

  it.each([
    ["Tue, 01 Dec 2026 00:10:00 GMT", 10 * MINUTE],
    ["Tuesday, 01-Dec-26 00:10:00 GMT", 10 * MINUTE],
    ["Tue Dec  1 00:10:00 2026", 10 * MINUTE],
  ])("reads an HTTP-date %j as the time from now", (value, ms) => {
    expect(retryAfterMs(value, NOW)).toBe(ms);
  });

  it.each([null, "", "soon", "-5", "1.5", "soon 2099", "Mon, 30 Nov 2026 23:00:00 GMT"])(
    "takes %j (absent, unreadable or past) as no wait",
    (value) => {
      expect(retryAfterMs(value, NOW)).toBe(0);
    },
  );
});
