// src/shared/http/cache-policy.ts: each Cache-Control policy read back as RFC 9111 directives, by what it
// promises rather than by its numbers.
import { describe, expect, it } from "vitest";
import { pollInterval } from "../../../src/shared/feeds/cadence";
import { CACHE, feedCacheControl } from "../../../src/shared/http/cache-policy";

/** Cache-Control directives by name (RFC 9111 §5.2: names are case-insensitive), their values as numbers. */
function directives(value: string): Map<string, number | true> {
  const map = new Map<string, number | true>();
  for (const part of value.split(",")) {
    const [name = "", arg] = part.trim().split("=");
    map.set(name.toLowerCase(), arg === undefined ? true : Number(arg));
  }
  return map;
}

const MINUTE = 60;
const DAY = 86_400;

describe.each(["page", "archive", "sitemap"] as const)("CACHE.%s", (kind) => {
  const cc = directives(CACHE[kind]);

  it("may be stored by shared caches: max-age, neither private nor no-store (RFC 9111 §3)", () => {
    expect(Number(cc.get("max-age"))).toBeGreaterThan(0);
    // `public` acts only on requests with Authorization (§3.5), which no request here has.
    expect(cc.has("public")).toBe(false);
    expect(cc.has("no-store")).toBe(false);
    expect(cc.has("private")).toBe(false);
  });

  it("is fresh for a while, and may serve stale while revalidating and on error (RFC 5861)", () => {
    for (const name of ["max-age", "stale-while-revalidate", "stale-if-error"]) {
      const seconds = cc.get(name);
      expect(typeof seconds === "number" && Number.isInteger(seconds) && seconds > 0, name).toBe(true);
    }
  });

  it("survives a Worker outage of a day at least, so no reader is emptied by a bad deploy", () => {
    expect(Number(cc.get("stale-if-error"))).toBeGreaterThanOrEqual(DAY);
  });
});

describe("the policies compared", () => {
  it("pages are fresh no longer than a minute, sitemaps no longer than archives", () => {
    const age = (kind: keyof typeof CACHE) => Number(directives(CACHE[kind]).get("max-age"));
    expect(age("page")).toBeLessThanOrEqual(MINUTE);
    expect(age("sitemap")).toBeLessThanOrEqual(age("archive"));
  });

  it("content-hashed files are immutable for a year (RFC 8246)", () => {
    const cc = directives(CACHE.immutable);
    expect(cc.get("immutable")).toBe(true);
    expect(cc.get("max-age")).toBeGreaterThanOrEqual(365 * DAY);
  });

  it("errors are cached briefly, refusals not at all", () => {
    expect(Number(directives(CACHE.error).get("max-age"))).toBeLessThanOrEqual(MINUTE);
    expect(directives(CACHE.none)).toEqual(new Map([["no-store", true]]));
  });
});

describe("feedCacheControl", () => {
  const poll = pollInterval([{ published: "2024-07-22T00:00:00Z" }, { published: "2024-07-21T00:00:00Z" }], {
    min: 300,
    max: 86_400,
  });

  it("is max-age for the feed's poll interval and nothing else: what readers schedule by", () => {
    expect(poll.seconds).toBe(43_200);
    expect(feedCacheControl(poll)).toBe("max-age=43200");
  });
});
