// Validators and conditional requests (RFC 9110 §8.8, §13), as a table run for each route by
// http-validators-feeds.test.ts and http-validators-pages.test.ts. Two files, because every SELF.fetch
// in one workerd instance makes the next one slower (cloudflare/workers-sdk#15446): splitting keeps
// the suite fast.
import { describe, expect, it } from "vitest";
import { directives, get, list, mediaType, NEWEST, type Route } from "./http-fixtures";

const STRONG = /^"[\x21\x23-\x7e]+"$/;
const LATER = "Tue, 23 Jul 2024 00:00:00 GMT";
const EARLIER = "Sun, 21 Jul 2024 23:59:59 GMT";
const FUTURE = "Fri, 01 Jan 2100 00:00:00 GMT";

/** A fresh 200 of the route and its ETag, read from the response itself. */
async function first(path: string) {
  const res = await get(path);
  expect(res.status).toBe(200);
  const etag = res.headers.get("ETag") ?? "";
  await res.arrayBuffer();
  return { res, etag };
}

export function validatorSuite(routes: Route[]) {
  describe.each(routes)("$path", ({ path, type }) => {
    it("answers 200 with its media type, a strong quoted ETag stable across requests, and the newest date", async () => {
      const a = await get(path);
      const b = await get(path);
      expect(a.status).toBe(200);
      expect(mediaType(a)).toBe(type);
      expect(a.headers.get("Content-Type")?.toLowerCase()).toContain("charset=utf-8");
      expect(a.headers.get("ETag")).toMatch(STRONG);
      expect(b.headers.get("ETag")).toBe(a.headers.get("ETag"));
      expect(a.headers.get("Last-Modified")).toBe(NEWEST);
      expect(await b.text()).toBe(await a.text());
    });

    it("is cacheable by shared caches and may serve stale while revalidating or on error", async () => {
      const cc = directives((await get(path)).headers.get("Cache-Control"));
      expect(cc.has("public")).toBe(true);
      expect(Number(cc.get("max-age"))).toBeGreaterThan(0);
      expect(Number(cc.get("stale-while-revalidate"))).toBeGreaterThan(0);
      expect(Number(cc.get("stale-if-error"))).toBeGreaterThan(0);
      expect(cc.has("no-store")).toBe(false);
    });

    const notModified: [string, (etag: string) => Record<string, string>][] = [
      ["If-None-Match with its ETag", (etag) => ({ "If-None-Match": etag })],
      ["If-None-Match with a list holding its ETag", (etag) => ({ "If-None-Match": `"a", ${etag} ,"b"` })],
      ["If-None-Match: *", () => ({ "If-None-Match": "*" })],
      ["If-None-Match with its ETag made weak", (etag) => ({ "If-None-Match": `W/${etag}` })],
      ["If-None-Match with its weak ETag in a list", (etag) => ({ "If-None-Match": `W/"zzz", W/${etag}` })],
      ["If-Modified-Since equal to Last-Modified", () => ({ "If-Modified-Since": NEWEST })],
      ["If-Modified-Since later than Last-Modified", () => ({ "If-Modified-Since": LATER })],
      [
        "If-Modified-Since in the obsolete RFC 850 form",
        () => ({ "If-Modified-Since": "Monday, 22-Jul-24 00:00:00 GMT" }),
      ],
      ["If-Modified-Since in the obsolete asctime form", () => ({ "If-Modified-Since": "Mon Jul 22 00:00:00 2024" })],
      [
        "a matching If-None-Match, whatever If-Modified-Since says (§13.2.2)",
        (etag) => ({ "If-None-Match": etag, "If-Modified-Since": EARLIER }),
      ],
    ];

    it.each(notModified)("304 for %s", async (_, conditional) => {
      const { res: full, etag } = await first(path);
      const res = await get(path, conditional(etag));
      expect(res.status).toBe(304);
      expect(await res.text()).toBe("");
      // RFC 9110 §15.4.5: the headers a 200 would have carried that let caches update their copy.
      for (const name of ["ETag", "Cache-Control", "Vary", "Last-Modified"]) {
        expect(res.headers.get(name), name).toBe(full.headers.get(name));
      }
    });

    const modified: [string, (etag: string) => Record<string, string>][] = [
      ["If-None-Match with another tag", () => ({ "If-None-Match": '"not-this-one"' })],
      ["If-None-Match with its tag unquoted", (etag) => ({ "If-None-Match": etag.slice(1, -1) })],
      ["If-Modified-Since before Last-Modified", () => ({ "If-Modified-Since": EARLIER })],
      ["If-Modified-Since that is not a date", () => ({ "If-Modified-Since": "yesterday" })],
      // Date.parse would roll this over into March 2100, later than Last-Modified, and answer 304.
      [
        "If-Modified-Since naming a day that does not exist",
        () => ({ "If-Modified-Since": "Mon, 31 Feb 2100 00:00:00 GMT" }),
      ],
      ["If-Modified-Since with hour 24", () => ({ "If-Modified-Since": "Mon, 22 Jul 2024 24:00:00 GMT" })],
      ["If-Modified-Since with two dates (§13.1.3)", () => ({ "If-Modified-Since": `${NEWEST}, ${FUTURE}` })],
      [
        "a non-matching If-None-Match, even with a future If-Modified-Since (§13.2.2)",
        () => ({ "If-None-Match": '"stale"', "If-Modified-Since": FUTURE }),
      ],
    ];

    it.each(modified)("200 with the full body for %s", async (_, conditional) => {
      const { etag } = await first(path);
      const res = await get(path, conditional(etag));
      expect(res.status).toBe(200);
      expect(res.headers.get("ETag")).toBe(etag);
      expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(0);
    });

    it("HEAD gives GET's status and headers without a body", async () => {
      const g = await get(path);
      const h = await get(path, {}, "HEAD");
      expect(h.status).toBe(g.status);
      expect([...h.headers]).toEqual([...g.headers]);
      expect(Number(h.headers.get("Content-Length"))).toBe((await g.arrayBuffer()).byteLength);
      expect(await h.text()).toBe("");
    });

    it("HEAD answers a conditional request with 304 as GET does", async () => {
      const { etag } = await first(path);
      const res = await get(path, { "If-None-Match": etag }, "HEAD");
      expect(res.status).toBe(304);
      expect(res.headers.get("ETag")).toBe(etag);
    });

    it("names Accept-Encoding in Vary, since the body is compressed for clients that ask", async () => {
      expect(list(await get(path), "Vary")).toContain("accept-encoding");
    });
  });
}
