// GET /feed: the format chosen by Accept (q-values honoured, RSS by default) or by ?format=; and every
// feed opened by a browser's navigation: its HTML view, while everything else gets the feed itself.
import { describe, expect, it } from "vitest";
import { NAVIGATION } from "../../src/worker/http/negotiation";
import { get, list, mediaType } from "./http-fixtures";

const RSS = "application/rss+xml";
const ATOM = "application/atom+xml";
const JSON_FEED = "application/feed+json";

const BY_ACCEPT: [string | undefined, string][] = [
  [undefined, RSS],
  ["", RSS],
  ["*/*", RSS],
  [RSS, RSS],
  [ATOM, ATOM],
  [JSON_FEED, JSON_FEED],
  ["application/json", JSON_FEED],
  ["application/atom+xml;q=0.5,application/feed+json", JSON_FEED],
  ["application/atom+xml, */*;q=0.1", ATOM],
  ["application/feed+json;q=0.1, application/atom+xml;q=0.9, application/rss+xml;q=0.5", ATOM],
  ["application/rss+xml;q=0.2, application/feed+json;q=0.3", JSON_FEED],
  ["application/atom+xml;q=0", RSS],
  // A browser's Accept without fetch metadata (curl -H, a script): the feed itself, never a page.
  ["text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", RSS],
  ["image/png", RSS],
];

describe("/feed by Accept", () => {
  it.each(BY_ACCEPT)("Accept: %j → %s", async (accept, type) => {
    const res = await get("/feed", accept === undefined ? {} : { Accept: accept });
    expect(res.status).toBe(200);
    expect(mediaType(res)).toBe(type);
    expect(list(res, "Vary")).toEqual(["accept-encoding", "accept", "sec-fetch-dest"]);
  });

  it.each([
    [ATOM, "/atom.xml"],
    [JSON_FEED, "/feed.json"],
    [RSS, "/rss.xml"],
  ])("Accept: %s gives the same bytes and tag as %s", async (accept, path) => {
    const negotiated = await get("/feed", { Accept: accept });
    const direct = await get(path);
    expect(negotiated.headers.get("ETag")).toBe(direct.headers.get("ETag"));
    expect(await negotiated.text()).toBe(await direct.text());
  });

  it("revalidates per representation: the Atom tag is a 304 for Atom, a 200 for JSON Feed", async () => {
    const atom = (await get("/feed", { Accept: ATOM })).headers.get("ETag") ?? "";
    expect((await get("/feed", { Accept: ATOM, "If-None-Match": atom })).status).toBe(304);
    const json = await get("/feed", { Accept: JSON_FEED, "If-None-Match": atom });
    expect(json.status).toBe(200);
    expect(mediaType(json)).toBe(JSON_FEED);
  });
});

describe("/feed?format=", () => {
  it.each([
    ["rss", RSS],
    ["atom", ATOM],
    ["json", JSON_FEED],
  ])("format=%s wins over Accept", async (format, type) => {
    const res = await get(`/feed?format=${format}`, { Accept: "application/feed+json, application/atom+xml;q=0.9" });
    expect(res.status).toBe(200);
    expect(mediaType(res)).toBe(type);
    // The query names the format: the answer does not vary with Accept, only with a navigation.
    expect(list(res, "Vary")).toEqual(["accept-encoding", "sec-fetch-dest"]);
  });

  it.each(["bogus", "", "RSS", "xml", "rss,atom"])("format=%j → 400 with a one-line reason", async (format) => {
    const res = await get(`/feed?format=${encodeURIComponent(format)}`);
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/^[^\n]*format[^\n]*\n?$/);
    expect(res.headers.get("Cache-Control")).toBe("no-store");
  });

  it("format given twice → 400", async () => {
    const res = await get("/feed?format=rss&format=atom");
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/^[^\n]*format[^\n]*\n?$/);
  });
});

describe("feeds opened in a browser", () => {
  /** What Chromium sends when a person clicks a feed link on the site. */
  const CLICK = {
    ...NAVIGATION,
    "Sec-Fetch-Site": "same-origin",
    "Sec-Fetch-User": "?1",
    Accept: "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8",
  };

  it.each([
    ["/rss.xml", RSS, "RSS"],
    ["/atom.xml", ATOM, "Atom"],
    ["/feed.json", JSON_FEED, "JSON Feed"],
    ["/tags/mexico/atom.xml", ATOM, "Atom"],
    ["/feed", RSS, "RSS"],
  ])(
    "%s is a page for a navigation and the %s document otherwise, each saying so in Vary",
    async (path, type, label) => {
      const page = await get(path, CLICK);
      const feed = await get(path, { Accept: CLICK.Accept });
      expect(page.status).toBe(200);
      expect(mediaType(page)).toBe("text/html");
      const html = await page.text();
      expect(html).toMatch(/^<!DOCTYPE html>/);
      expect(html).toContain(`<dt>${label} feed address</dt>`);
      expect(html).toContain('<a href="/articles/us-mexico-partnership-fentanyl-migration">');
      expect(mediaType(feed)).toBe(type);
      expect(await feed.text()).not.toContain("<!DOCTYPE html>");
      // Two representations of one resource: two strong tags, and both name what they were chosen by.
      expect(page.headers.get("ETag")).not.toBe(feed.headers.get("ETag"));
      for (const res of [page, feed]) {
        expect(list(res, "Vary")).toEqual(expect.arrayContaining(["accept-encoding", "sec-fetch-dest"]));
        expect(list(res, "Vary").includes("accept")).toBe(path === "/feed");
      }
    },
  );

  it("revalidates the page by its own tag: a 304 for the page, a 200 for the feed", async () => {
    const etag = (await get("/atom.xml", CLICK)).headers.get("ETag") ?? "";
    expect((await get("/atom.xml", { ...CLICK, "If-None-Match": etag })).status).toBe(304);
    const feed = await get("/atom.xml", { "If-None-Match": etag });
    expect(feed.status).toBe(200);
    expect(mediaType(feed)).toBe(ATOM);
  });

  it("a page's own fetch() and an <iframe> get the feed, not the page", async () => {
    for (const headers of <Record<string, string>[]>[
      { "Sec-Fetch-Dest": "empty", "Sec-Fetch-Mode": "cors", "Sec-Fetch-Site": "cross-site" },
      { "Sec-Fetch-Dest": "iframe", "Sec-Fetch-Mode": "navigate" },
    ]) {
      expect(mediaType(await get("/rss.xml", headers)), JSON.stringify(headers)).toBe(RSS);
    }
  });

  it("a limited feed's page lists only the newest items", async () => {
    const res = await get("/feed.json?limit=1", CLICK);
    expect(mediaType(res)).toBe("text/html");
    expect((await res.text()).match(/<li><article>/g)).toHaveLength(1);
  });
});
