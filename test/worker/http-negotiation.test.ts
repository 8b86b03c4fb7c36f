// GET /feed: the format chosen by Accept (q-values honoured, RSS by default) or by ?format=.
import { describe, expect, it } from "vitest";
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
  // A browser: RSS, as application/xml so that it renders through the feed's XSL (see below).
  ["text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "application/xml"],
  ["image/png", RSS],
];

describe("/feed by Accept", () => {
  it.each(BY_ACCEPT)("Accept: %j → %s", async (accept, type) => {
    const res = await get("/feed", accept === undefined ? {} : { Accept: accept });
    expect(res.status).toBe(200);
    expect(mediaType(res)).toBe(type);
    expect(list(res, "Vary")).toEqual(expect.arrayContaining(["accept", "accept-encoding"]));
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
    // The query names the format; only the XML formats still vary with Accept, for browsers.
    if (format === "json") expect(list(res, "Vary")).not.toContain("accept");
    else expect(list(res, "Vary")).toContain("accept");
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
  const BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8";

  it.each([
    ["/rss.xml", RSS],
    ["/atom.xml", ATOM],
    ["/tags/mexico/atom.xml", ATOM],
  ])("%s comes as application/xml to a browser, as %s to a reader, with the same bytes", async (path, type) => {
    const browser = await get(path, { Accept: BROWSER });
    const reader = await get(path, { Accept: `${type}, application/xml;q=0.9, */*;q=0.8` });
    expect(mediaType(browser)).toBe("application/xml");
    expect(mediaType(reader)).toBe(type);
    expect(await browser.text()).toBe(await reader.text());
    // Two representations: two strong tags, and both responses say they depend on Accept.
    expect(browser.headers.get("ETag")).not.toBe(reader.headers.get("ETag"));
    expect(list(browser, "Vary")).toContain("accept");
    expect(list(reader, "Vary")).toContain("accept");
  });

  it("keeps JSON Feed's own type for browsers too", async () => {
    const res = await get("/feed.json", { Accept: BROWSER });
    expect(mediaType(res)).toBe(JSON_FEED);
    expect(list(res, "Vary")).not.toContain("accept");
  });
});
