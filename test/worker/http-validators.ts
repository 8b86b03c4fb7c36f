// Validators and conditional requests through the real Worker, run by http-validators-feeds.test.ts and
// http-validators-pages.test.ts. The rules themselves (RFC 9110 §8.8, §13: weak comparison, lists, "*",
// the three HTTP-date forms, invalid dates, §13.2.2 precedence, HEAD, the gzip tag) are unit-tested in
// test/node/http/conditional.test.ts and send.test.ts; here each kind of route proves it is wired to
// them, and each route answers with its own type, date and cache policy. Two files, because every
// SELF.fetch in one workerd instance makes the next one slower (cloudflare/workers-sdk#15446).
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { directives, get, list, mediaType, NEWEST, type Route } from "./http-fixtures";

const STRONG = /^"[\x21\x23-\x7e]+"$/;
/** The bundled article's title, on every route that lists or holds it. */
const TITLE = "U.S., Mexico try to forge partnership on fentanyl, migration";
/** Routes that name no article: the tag index lists tags, the crawler files list addresses. */
const WITHOUT_TITLE = new Set(["/tags", "/sitemap.xml", "/robots.txt"]);

/**
 * The Cache-Control each kind of route is meant to send, written out here rather than read from
 * src/shared/http/cache-policy.ts: a page is fresh for a minute (a new story shows within one), a sitemap for
 * five minutes (crawlers keep their own schedule); either may be served stale for a while as it is
 * revalidated, and for a day while the Worker fails (RFC 5861). No `public` (RFC 9111 §3.5).
 */
const CACHE_CONTROL = {
  page: "max-age=60, stale-while-revalidate=600, stale-if-error=86400",
  sitemap: "max-age=300, stale-while-revalidate=3600, stale-if-error=86400",
};

/** Each route once: 200, its media type in UTF-8, a strong tag, the newest date, its kind's cache policy. */
export function routeTable(routes: Route[]) {
  it.each(routes)("$path answers 200 as $type with its validators and cache policy", async ({ path, type, kind }) => {
    const res = await get(path);
    expect(res.status).toBe(200);
    expect(mediaType(res)).toBe(type);
    expect(res.headers.get("Content-Type")?.toLowerCase()).toContain("charset=utf-8");
    expect(res.headers.get("ETag")).toMatch(STRONG);
    expect(res.headers.get("Last-Modified")).toBe(NEWEST);
    // One article shows no posting cadence yet: its feeds ask to be polled at the longest interval
    // (wrangler.toml FEED_MAX_POLL).
    expect(res.headers.get("Cache-Control")).toBe(
      kind === "feed" ? `max-age=${env.FEED_MAX_POLL}` : CACHE_CONTROL[kind],
    );
    const body = await res.text();
    if (!WITHOUT_TITLE.has(path)) expect(body).toContain(TITLE);
    if (path === "/robots.txt") expect(body).toContain("Sitemap: https://news.example/sitemap.xml");
    if (path === "/sitemap.xml") expect(body).toContain("<loc>https://news.example/");
  });
}

/** Each kind of route wired to the send path: stable validators, a 304, a 200 for another tag, HEAD. */
export function validatorSuite(routes: Route[]) {
  describe.each(routes)("$path", ({ path }) => {
    it("answers 200 with the same bytes and strong ETag each time, cacheable by shared caches", async () => {
      const a = await get(path);
      const b = await get(path);
      expect(a.status).toBe(200);
      expect(a.headers.get("ETag")).toMatch(STRONG);
      expect(b.headers.get("ETag")).toBe(a.headers.get("ETag"));
      expect(await b.text()).toBe(await a.text());
      // max-age alone lets shared caches store it (RFC 9111 §3); `public` would add nothing (§3.5).
      const cc = directives(a.headers.get("Cache-Control"));
      expect(Number(cc.get("max-age"))).toBeGreaterThan(0);
      expect(cc.has("private") || cc.has("no-store")).toBe(false);
      // The body is compressed for clients that ask, so caches must key on Accept-Encoding.
      expect(list(a, "Vary")).toContain("accept-encoding");
    });

    it("304 for its ETag, with the headers a 200 would carry that let caches update (§15.4.5)", async () => {
      const full = await get(path);
      const etag = full.headers.get("ETag") ?? "";
      const res = await get(path, { "If-None-Match": etag });
      expect(res.status).toBe(304);
      expect(await res.text()).toBe("");
      for (const name of ["ETag", "Cache-Control", "Vary", "Last-Modified"]) {
        expect(res.headers.get(name), name).toBe(full.headers.get(name));
      }
    });

    it("200 with the full body for another tag", async () => {
      const full = await get(path);
      const res = await get(path, { "If-None-Match": '"not-this-one"' });
      expect(res.status).toBe(200);
      expect(res.headers.get("ETag")).toBe(full.headers.get("ETag"));
      expect(await res.text()).toBe(await full.text());
    });

    it("HEAD gives GET's status and headers without a body", async () => {
      const g = await get(path);
      const h = await get(path, {}, "HEAD");
      expect(h.status).toBe(g.status);
      expect([...h.headers]).toEqual([...g.headers]);
      expect(Number(h.headers.get("Content-Length"))).toBe((await g.arrayBuffer()).byteLength);
      expect(await h.text()).toBe("");
    });
  });
}
