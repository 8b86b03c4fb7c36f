// src/worker/route-table.ts: each request shape the Worker answers, and the document key and Vary it names,
// on a tiny Hono app per request (as hono tests its helpers); bad parameters are 400s with one line.
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import type { SiteEnv } from "../../src/worker/app-env";
import { onError } from "../../src/worker/errors";
import { type Route, route } from "../../src/worker/route-table";

const PAGE_SIZE = 20;
const BROWSER = { "Sec-Fetch-Dest": "document", "Sec-Fetch-Mode": "navigate" };
const FEED_VARY = ["Sec-Fetch-Dest"];

/** The route a request gets, as JSON (undefined → null), or its error status and text. */
async function routeOf(url: string, headers: Record<string, string> = {}) {
  const app = new Hono<SiteEnv>();
  app.all("*", (c) => c.json(route(c, PAGE_SIZE) ?? null));
  app.onError(onError);
  const res = await app.request(`https://news.example${url}`, { headers });
  return res.status === 200 ? ((await res.json()) as Route | null) : { status: res.status, text: await res.text() };
}

describe("pages and files", () => {
  it.each<[string, Route]>([
    ["/", { key: "/", vary: [] }],
    ["/page/2", { key: "/page/2", vary: [] }],
    ["/articles/talks-and-terms", { key: "/articles/talks-and-terms", vary: [] }],
    ["/tags/us", { key: "/tags/us", vary: [] }],
    ["/tags/us/page/3", { key: "/tags/us/page/3", vary: [] }],
    ["/sitemap.xml", { key: "/sitemap.xml", vary: [] }],
    ["/sitemaps/articles-1.xml", { key: "/sitemaps/articles-1.xml", vary: [] }],
    ["/robots.txt", { key: "/robots.txt", vary: [] }],
    ["/favicon.svg", { key: "/favicon.svg", vary: [] }],
    // A browser's navigation changes nothing for a page: only feeds have a view.
    ["/articles/talks-and-terms?utm=x", { key: "/articles/talks-and-terms", vary: [] }],
  ])("%s → its own document", async (url, expected) => {
    expect(await routeOf(url)).toEqual(expected);
    expect(await routeOf(url, BROWSER)).toEqual(expected);
  });

  it.each([
    "/Articles/x",
    "/articles/x/",
    "/tags/us items",
    "/tags/us@1",
    "/articles/%20",
    "//articles/x",
    "/articles/.hidden",
  ])("%s names nothing (a path outside the paths' alphabet never reaches the store)", async (url) => {
    expect(await routeOf(url)).toBeNull();
  });
});

describe("feeds", () => {
  const feed = (path: string, prefix: string, format: string, current: boolean, extra: Partial<Route> = {}) => ({
    key: path,
    vary: FEED_VARY,
    feed: { prefix, format, current, path },
    ...extra,
  });

  it.each<[string, ReturnType<typeof feed>]>([
    ["/rss.xml", feed("/rss.xml", "", "rss", true)],
    ["/atom.xml", feed("/atom.xml", "", "atom", true)],
    ["/feed.json", feed("/feed.json", "", "json", true)],
    ["/tags/us/atom.xml", feed("/tags/us/atom.xml", "/tags/us", "atom", true)],
    ["/archive/3/rss.xml", feed("/archive/3/rss.xml", "/archive/3", "rss", false)],
    ["/tags/us/archive/1/feed.json", feed("/tags/us/archive/1/feed.json", "/tags/us/archive/1", "json", false)],
  ])("%s → the feed document, varying on the navigation header", async (url, expected) => {
    expect(await routeOf(url)).toEqual(expected);
  });

  it("a browser's navigation to a feed gets its view, under the view's key", async () => {
    expect(await routeOf("/tags/us/rss.xml", BROWSER)).toEqual({
      key: "/tags/us/rss.xml view",
      variant: "view",
      vary: FEED_VARY,
      feed: { prefix: "/tags/us", format: "rss", current: true, path: "/tags/us/rss.xml" },
    });
  });

  it.each<[Record<string, string>, string]>([
    [{}, "rss"],
    [{ Accept: "application/atom+xml" }, "atom"],
    [{ Accept: "application/feed+json" }, "json"],
    [{ Accept: "application/json" }, "json"],
    [{ Accept: "text/xml" }, "rss"],
    [{ Accept: "application/rss+xml;q=0.5, application/atom+xml;q=0.9" }, "atom"],
    [{ Accept: "image/png" }, "rss"],
  ])("/feed with %j → the site's %s document, varying on Accept too", async (headers, format) => {
    const file = { rss: "rss.xml", atom: "atom.xml", json: "feed.json" }[format]!;
    expect(await routeOf("/feed", headers)).toEqual({
      key: `/${file}`,
      vary: ["Accept", ...FEED_VARY],
      feed: { prefix: "", format, current: true, path: `/${file}` },
    });
  });

  it("/feed?format= names one document outright: no Vary on Accept", async () => {
    expect(await routeOf("/feed?format=json", { Accept: "application/atom+xml" })).toEqual({
      key: "/feed.json",
      vary: FEED_VARY,
      feed: { prefix: "", format: "json", current: true, path: "/feed.json" },
    });
  });

  it.each([
    ["/rss.xml?limit=5", 5],
    ["/tags/us/feed.json?limit=1", 1],
    [`/atom.xml?limit=${PAGE_SIZE}`, PAGE_SIZE],
    ["/feed?format=atom&limit=2", 2],
  ])("%s → the newest %i items of the subscription document", async (url, limit) => {
    const got = await routeOf(url);
    expect(got && "feed" in got ? got.feed?.limit : undefined).toBe(limit);
  });

  it("?limit on an archive is not a limited document (archives are whole)", async () => {
    const got = await routeOf("/archive/1/rss.xml?limit=2");
    expect(got && "feed" in got ? got.feed : undefined).toEqual({
      prefix: "/archive/1",
      format: "rss",
      current: false,
      path: "/archive/1/rss.xml",
    });
  });

  it.each<[string, string]>([
    ["/rss.xml?limit=0", `limit: expected a whole number from 1 to ${PAGE_SIZE}`],
    [`/rss.xml?limit=${PAGE_SIZE + 1}`, `limit: expected a whole number from 1 to ${PAGE_SIZE}`],
    ["/rss.xml?limit=2.5", `limit: expected a whole number from 1 to ${PAGE_SIZE}`],
    ["/rss.xml?limit=1&limit=2", "limit: expected at most one value, found 2"],
    ["/feed?format=xml", "format: expected one of rss, atom, json"],
    ["/feed?format=rss&format=atom", "format: expected at most one value, found 2"],
  ])("%s → 400: %s", async (url, message) => {
    const got = await routeOf(url);
    expect(got).toEqual({ status: 400, text: expect.stringContaining(message) });
  });
});
