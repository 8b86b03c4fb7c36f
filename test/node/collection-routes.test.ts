// Tag pages and feeds, HTML pagination, sitemap and robots over a collection of many articles.

import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { beforeAll, describe, expect, it } from "vitest";
import { buildStylesheet } from "../../src/build/assets";
import { Catalog } from "../../src/shared/catalog";
import type { Collection } from "../../src/shared/content/schema";
import { siteDocuments } from "../../src/shared/documents";
import { bodyText } from "../../src/shared/http/representation";
import { siteFrom } from "../../src/shared/site";
import { collectionFrom, SITE_URL, siteVars } from "../support/feed-fixtures";
import { generateArticles } from "../support/generate-articles";
import { siteApp } from "../support/site-app";

const COUNT = 45;
let collection: Collection;
let app: ReturnType<typeof siteApp>;

beforeAll(async () => {
  const dir = await mkdtemp(join(tmpdir(), "edgefeed-routes-"));
  await generateArticles(dir, COUNT);
  collection = await collectionFrom(dir);
  app = siteApp(collection);
});

const get = (path: string) => app.request(SITE_URL + path, {}, siteVars());
const tagCounts = () => {
  const counts = new Map<string, number>();
  for (const a of collection.articles) for (const t of a.tags) counts.set(t, (counts.get(t) ?? 0) + 1);
  return counts;
};
const text = (html: string, selector: RegExp) => [...html.matchAll(selector)].map((m) => m[1]);

describe("tags", () => {
  it("GET /tags lists every tag with its count", async () => {
    const html = await (await get("/tags")).text();
    const listed = new Map(
      [
        ...html.matchAll(/<a href="\/tags\/([^"]+)" rel="tag">[^<]*<\/a> <span class="count">(\d+) articles?<\/span>/g),
      ].map((m) => [m[1], Number(m[2])]),
    );
    expect(listed).toEqual(tagCounts());
  });

  it("GET /tags/<tag> lists that tag's newest page and advertises its feeds", async () => {
    const res = await get("/tags/border");
    expect(res.status).toBe(200);
    const html = await res.text();
    const expected = collection.articles.filter((a) => a.tags.includes("border")).slice(0, 20);
    expect(text(html, /<h2><a href="\/articles\/([^"]+)">/g)).toEqual(expected.map((a) => a.slug));
    for (const [type, file] of [
      ["application/rss+xml", "rss.xml"],
      ["application/atom+xml", "atom.xml"],
      ["application/feed+json", "feed.json"],
    ] as const) {
      expect(html).toMatch(
        new RegExp(
          `<link rel="alternate" type="${type.replace("+", "\\+")}"[^>]*href="${SITE_URL}/tags/border/${file}"`,
        ),
      );
    }
  });

  it.each(["rss.xml", "atom.xml", "feed.json"])(
    "GET /tags/<tag>/%s holds only that tag's newest articles",
    async (file) => {
      const res = await get(`/tags/trade/${file}`);
      expect(res.status).toBe(200);
      const body = await res.text();
      const expected = collection.articles.filter((a) => a.tags.includes("trade")).slice(0, 20);
      const ids =
        file === "feed.json"
          ? (JSON.parse(body) as { items: { id: string }[] }).items.map((i) => i.id)
          : file === "rss.xml"
            ? text(body, /<guid isPermaLink="false">([^<]+)<\/guid>/g)
            : (new XMLParser({ isArray: (n) => n === "entry" }).parse(body).feed.entry as { id: string }[]).map(
                (e) => e.id,
              );
      expect(ids).toEqual(expected.map((a) => a.id));
    },
  );

  it("answers 404 for a tag no article has", async () => {
    for (const path of ["/tags/nope", "/tags/nope/rss.xml", "/tags/nope/atom.xml", "/tags/nope/feed.json"]) {
      expect((await get(path)).status, path).toBe(404);
    }
  });
});

describe("HTML pagination", () => {
  it("splits the index into pages that together list every article once, newest first", async () => {
    const seen: string[] = [];
    let path: string | undefined = "/";
    while (path) {
      const html = await (await get(path)).text();
      seen.push(...text(html, /<h2><a href="\/articles\/([^"]+)">/g).filter((s): s is string => s !== undefined));
      path = /<a href="([^"]+)" rel="next">/.exec(html)?.[1];
    }
    expect(seen).toEqual(collection.articles.map((a) => a.slug));
    // Older pages are numbered from the oldest (RFC 5005's archives' numbers): /page/1 holds the oldest.
    const oldest = await (await get("/page/1")).text();
    expect(text(oldest, /<h2><a href="\/articles\/([^"]+)">/g).at(-1)).toBe(collection.articles.at(-1)!.slug);
    for (const missing of ["/page/0", "/page/3", "/page/4"]) expect((await get(missing)).status, missing).toBe(404);
  });
});

describe("crawlers", () => {
  it("GET /sitemap.xml is an index of sitemaps that list every article, tag page and index page with a lastmod", async () => {
    const res = await get("/sitemap.xml");
    expect(res.headers.get("Content-Type")).toBe("application/xml; charset=utf-8");
    const index = await res.text();
    expect(XMLValidator.validate(index)).toBe(true);
    const files: { loc: string; lastmod: string }[] = new XMLParser({ isArray: (n) => n === "sitemap" }).parse(index)
      .sitemapindex.sitemap;
    expect(files.map((f) => f.loc)).toEqual([
      `${SITE_URL}/sitemaps/articles-1.xml`,
      `${SITE_URL}/sitemaps/pages-1.xml`,
    ]);
    const urls: { loc: string; lastmod: string }[] = [];
    for (const file of files) {
      const body = await (await get(file.loc.slice(SITE_URL.length))).text();
      expect(XMLValidator.validate(body)).toBe(true);
      urls.push(...new XMLParser({ isArray: (n) => n === "url" }).parse(body).urlset.url);
    }
    const locs = new Set(urls.map((u) => u.loc));
    for (const a of collection.articles) expect(locs.has(`${SITE_URL}/articles/${a.slug}`), a.slug).toBe(true);
    for (const tag of tagCounts().keys()) expect(locs.has(`${SITE_URL}/tags/${tag}`), tag).toBe(true);
    for (const page of ["/", "/page/1", "/page/2", "/tags"]) expect(locs.has(SITE_URL + page), page).toBe(true);
    expect(urls).toHaveLength(locs.size);
    for (const u of urls) expect(u.lastmod).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const newest = collection.articles[0]!;
    expect(urls.find((u) => u.loc === `${SITE_URL}/articles/${newest.slug}`)?.lastmod).toBe(
      newest.updated.slice(0, 10),
    );
    expect(files[0]?.lastmod).toBe(newest.updated.slice(0, 10));
  });

  it("splits sitemaps at 50,000 URLs, oldest articles first, so a full file never changes", async () => {
    const many = 50_001;
    const base = collection.articles[0]!;
    const articles = Array.from({ length: many }, (_, i) => ({
      ...base,
      slug: `story-${many - i}`,
      id: `urn:uuid:00000000-0000-4000-8000-${String(many - i).padStart(12, "0")}`,
      published: new Date(Date.UTC(2020, 0, 1) + (many - i) * 60_000).toISOString(),
      updated: new Date(Date.UTC(2020, 0, 1) + (many - i) * 60_000).toISOString(),
    }));
    // The documents list itself (src/shared/documents.ts), rendering only the sitemaps: the whole site of
    // 50,001 articles is the scale run's to build.
    const site = siteFrom(siteVars(), SITE_URL);
    const sitemaps = new Map(
      [...siteDocuments(new Catalog({ articles, version: "big" }), site, await buildStylesheet())]
        .filter((doc) => doc.path.startsWith("/sitemap"))
        .map((doc) => [doc.path, doc]),
    );
    const at = async (path: string) => bodyText((await sitemaps.get(path)!.render()).body);
    expect([...sitemaps.keys()]).toEqual([
      "/sitemap.xml",
      "/sitemaps/articles-1.xml",
      "/sitemaps/articles-2.xml",
      "/sitemaps/pages-1.xml",
    ]);
    const index = await at("/sitemap.xml");
    expect([...index.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1])).toEqual([
      `${SITE_URL}/sitemaps/articles-1.xml`,
      `${SITE_URL}/sitemaps/articles-2.xml`,
      `${SITE_URL}/sitemaps/pages-1.xml`,
    ]);
    const first = await at("/sitemaps/articles-1.xml");
    expect(first.match(/<url>/g)).toHaveLength(50_000);
    expect(first).toContain(`${SITE_URL}/articles/story-1<`);
    expect(first).toContain(`${SITE_URL}/articles/story-50000<`);
    expect(await at("/sitemaps/articles-2.xml")).toContain(`${SITE_URL}/articles/story-50001<`);
    // A full file is archived for good; the one still filling is not.
    expect((await sitemaps.get("/sitemaps/articles-1.xml")!.render()).cacheControl).toBe(
      "max-age=86400, stale-while-revalidate=604800, stale-if-error=604800",
    );
    expect((await sitemaps.get("/sitemaps/articles-2.xml")!.render()).cacheControl).toBe(
      "max-age=300, stale-while-revalidate=3600, stale-if-error=86400",
    );
  }, 120_000);

  it("GET /robots.txt allows crawling and points to the sitemap", async () => {
    const res = await get("/robots.txt");
    expect(res.headers.get("Content-Type")).toBe("text/plain; charset=utf-8");
    expect(await res.text()).toBe(`User-agent: *\nAllow: /\n\nSitemap: ${SITE_URL}/sitemap.xml\n`);
  });
});
