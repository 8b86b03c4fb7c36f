// src/shared/documents.ts: the documents a collection has, as data: which there are, under which keys,
// which ride in the script and which are WebSub topics, what each depends on, and what each renders to
// (media type and cache policy), for 25 articles with a page size of 20 (one older page, one archive).

import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { isPublicPath } from "../../src/shared/addresses";
import { Catalog } from "../../src/shared/catalog";
import type { Collection } from "../../src/shared/content/schema";
import { type Asset, OPEN_ORIGIN } from "../../src/shared/contract";
import { type DocumentSpec, siteDocuments } from "../../src/shared/documents";
import { bodyText } from "../../src/shared/http/representation";
import { siteFrom } from "../../src/shared/site";
import { collectionFrom, siteVars } from "../support/feed-fixtures";
import { generateArticles } from "../support/generate-articles";

const STYLE: Asset = { path: "/assets/style.0123456789ab.css", body: "body { margin: 0 }\n" };
const FEEDS = ["rss.xml", "atom.xml", "feed.json"];
const PAGE = "max-age=60, stale-while-revalidate=600, stale-if-error=86400";
const ARCHIVE = "max-age=86400, stale-while-revalidate=604800, stale-if-error=604800";

let collection: Collection;
let docs: DocumentSpec[];
let byKey: Map<string, DocumentSpec>;
/** The generated articles' slugs, newest first: dispatch-00001 is the newest (test/support/generate-articles.ts). */
const slug = (k: number) => `dispatch-${String(k).padStart(5, "0")}`;
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => slug(from + i));

beforeAll(async () => {
  const dir = await mkdtemp(join(tmpdir(), "edgefeed-documents-"));
  await generateArticles(dir, 25);
  collection = await collectionFrom(dir);
  const site = siteFrom(siteVars({ SITE_URL: OPEN_ORIGIN, PAGE_SIZE: "20" }), OPEN_ORIGIN, { stylesheet: STYLE.path });
  docs = [...siteDocuments(new Catalog(collection), site, STYLE)];
  byKey = new Map(docs.map((d) => [d.key, d]));
});

describe("the documents of a collection", () => {
  it("has one document per key, each under a path the Worker can serve", () => {
    expect(byKey.size).toBe(docs.length);
    expect(docs.filter((d) => !isPublicPath(d.path)).map((d) => d.path)).toEqual([]);
  });

  it("has every page, feed, view, archive and file the site serves", () => {
    const tags = new Catalog(collection).tags().map((t) => t.tag);
    const expected = [
      "/",
      "/page/1",
      ...range(1, 25).map((s) => `/articles/${s}`),
      "/tags",
      ...["", "/archive/1"].flatMap((prefix) => FEEDS.flatMap((f) => [`${prefix}/${f}`, `${prefix}/${f} view`])),
      "/outbox",
      "/outbox/page/1",
      "/outbox/page/2",
      ...["/sitemap.xml", "/sitemaps/articles-1.xml", "/sitemaps/pages-1.xml", "/robots.txt", STYLE.path],
      "/favicon.svg",
      ...tags.map((t) => `/tags/${t} items`),
    ];
    const perTag = docs.filter((d) => d.path.startsWith("/tags/") && d.variant !== "items").map((d) => d.key);
    expect(docs.map((d) => d.key).filter((k) => !perTag.includes(k))).toEqual(expected);
    // Each tag: its page, and its current feeds with their views (no tag has more than 20 articles here).
    for (const tag of tags) {
      expect(perTag.filter((k) => k.startsWith(`/tags/${tag}/`) || k === `/tags/${tag}`)).toEqual([
        `/tags/${tag}`,
        ...FEEDS.flatMap((f) => [`/tags/${tag}/${f}`, `/tags/${tag}/${f} view`]),
      ]);
    }
  });

  it("rides in the script: the home page, the 20 newest articles, the tag index, the site's current feeds and views, the sitemap index, robots, the stylesheet and the icon", () => {
    expect(docs.filter((d) => d.inScript).map((d) => d.key)).toEqual([
      "/",
      ...range(1, 20).map((s) => `/articles/${s}`),
      "/tags",
      ...FEEDS.flatMap((f) => [`/${f}`, `/${f} view`]),
      "/sitemap.xml",
      "/robots.txt",
      STYLE.path,
      "/favicon.svg",
    ]);
  });

  it("has as WebSub topics exactly the subscription feeds: current, not a view, not an archive", () => {
    const topics = docs.filter((d) => d.topic).map((d) => d.key);
    const tags = new Catalog(collection).tags().map((t) => t.tag);
    expect(topics.sort()).toEqual(
      ["", ...tags.map((t) => `/tags/${t}`)].flatMap((prefix) => FEEDS.map((f) => `${prefix}/${f}`)).sort(),
    );
  });
});

describe("what each document depends on", () => {
  it.each<[string, string[] | "all", string[]]>([
    ["/articles/dispatch-00007", [slug(7)], []],
    // A list's first page: its articles, and how many older pages the list has (its "older" link goes to the
    // newest of them). An older page, numbered from the oldest: its articles, and whether a newer older page
    // follows it (its "newer" link), never how many there are.
    ["/", range(1, 20), ["pages:=1"]],
    ["/page/1", range(21, 25), ["newer-page:/1=false"]],
    // A current feed document: its items, and how many archives the feed has (its link to the newest).
    ["/rss.xml", range(1, 20), ["archives:=1"]],
    ["/atom.xml view", range(1, 20), ["archives:=1"]],
    // RFC 5005: archive 1 holds the oldest articles, the ones past the current document; it depends on
    // whether a newer archive follows it (its "next" link), never on how many there are.
    ["/archive/1/feed.json", range(21, 25), ["newer:/1=false"]],
    // The ActivityPub outbox: how many articles there are, dated by its newest page. Its pages, numbered
    // from the oldest with no current document: page 1 the oldest 20, page 2 the newest 5; each depends on
    // whether a newer page follows it (its "prev" link), never on how many there are.
    ["/outbox", range(1, 5), ["outbox=25"]],
    ["/outbox/page/1", range(6, 25), ["newer-outbox/1=true"]],
    ["/outbox/page/2", range(1, 5), ["newer-outbox/2=false"]],
    ["/tags", "all", []],
    ["/robots.txt", "all", []],
    ["/sitemap.xml", "all", []],
    ["/sitemaps/articles-1.xml", range(1, 25).reverse(), []],
  ])("%s: articles %j, counts %j", (key, articles, counts) => {
    expect(byKey.get(key)?.dependsOn()).toEqual({ articles, counts });
  });

  it("a tag's documents depend on its articles, and its page and archive counts", () => {
    const [tag] = new Catalog(collection).tags();
    const name = tag!.tag;
    const tagged = new Catalog(collection).tagged(name)!.map((a) => a.slug);
    expect(tagged.length).toBeLessThanOrEqual(20);
    expect(byKey.get(`/tags/${name}`)?.dependsOn()).toEqual({ articles: tagged, counts: [`pages:${name}=0`] });
    expect(byKey.get(`/tags/${name}/rss.xml`)?.dependsOn()).toEqual({
      articles: tagged,
      counts: [`archives:${name}=0`],
    });
    expect(byKey.get(`/tags/${name} items`)?.dependsOn()).toEqual({ articles: tagged, counts: [] });
  });
});

describe("what a new article changes", () => {
  /** The site's list pages and feed documents whose dependencies differ between two collections. */
  function changed(before: Collection, after: Collection, pageSize: number) {
    const site = siteFrom(siteVars({ SITE_URL: OPEN_ORIGIN, PAGE_SIZE: String(pageSize) }), OPEN_ORIGIN, {
      stylesheet: STYLE.path,
    });
    const deps = (c: Collection) =>
      new Map([...siteDocuments(new Catalog(c), site, STYLE)].map((d) => [d.key, JSON.stringify(d.dependsOn())]));
    const [was, now] = [deps(before), deps(after)];
    return [...now]
      .filter(([key, made]) => was.get(key) !== made && /^\/(page\/|archive\/|outbox|$)/.test(key))
      .map(([k]) => k);
  }

  it("on the site's lists: the first page and the newest older page, never a full older page", () => {
    // The oldest n: the next newer article is the one a newsroom files next.
    const oldest = (n: number) => ({ ...collection, articles: collection.articles.slice(-n) });
    const archives = (n: number) => FEEDS.flatMap((f) => [`/archive/${n}/${f}`, `/archive/${n}/${f} view`]);
    // Pages of 4: with 23 articles, older pages 1–4 are full and page 5 holds 3; the 24th fills page 5.
    // The outbox's pages have no current document before them: pages 1–5 are full, page 6 holds 3.
    expect(changed(oldest(23), oldest(24), 4).sort()).toEqual(
      ["/", "/page/5", ...archives(5), "/outbox", "/outbox/page/6"].sort(),
    );
    // With 24, page 5 is full: the 25th opens page 6, and page 5 gains its link to it; so with the outbox's 6 and 7.
    expect(changed(oldest(24), oldest(25), 4).sort()).toEqual(
      ["/", "/page/5", "/page/6", ...archives(5), ...archives(6), "/outbox", "/outbox/page/6", "/outbox/page/7"].sort(),
    );
  });
});

describe("what each document renders to", () => {
  it.each<[string, string, string]>([
    ["/", "text/html; charset=utf-8", PAGE],
    ["/articles/dispatch-00001", "text/html; charset=utf-8", PAGE],
    ["/rss.xml view", "text/html; charset=utf-8", "max-age="],
    ["/rss.xml", "application/rss+xml; charset=utf-8", "max-age="],
    ["/atom.xml", "application/atom+xml; charset=utf-8", "max-age="],
    ["/feed.json", "application/feed+json; charset=utf-8", "max-age="],
    ["/archive/1/atom.xml", "application/atom+xml; charset=utf-8", ARCHIVE],
    // A full outbox page with a newer one never changes; the newest changes with each article.
    ["/outbox", "application/activity+json", PAGE],
    ["/outbox/page/1", "application/activity+json", ARCHIVE],
    ["/outbox/page/2", "application/activity+json", PAGE],
    [
      "/sitemap.xml",
      "application/xml; charset=utf-8",
      "max-age=300, stale-while-revalidate=3600, stale-if-error=86400",
    ],
    ["/robots.txt", "text/plain; charset=utf-8", PAGE],
    [STYLE.path, "text/css; charset=utf-8", "max-age=31536000, immutable"],
    ["/favicon.svg", "image/svg+xml; charset=utf-8", PAGE],
  ])("%s is %s, cached %s…", async (key, type, cache) => {
    const rendered = await byKey.get(key)!.render();
    expect(rendered.contentType).toBe(type);
    expect(rendered.cacheControl.startsWith(cache)).toBe(true);
  });

  it("dates each document by its newest article, never the clock", async () => {
    const newest = collection.articles[0]!;
    expect((await byKey.get("/")!.render()).lastModified).toEqual(new Date(newest.published));
    const oldest = collection.articles.at(-1)!;
    expect((await byKey.get(`/articles/${oldest.slug}`)!.render()).lastModified).toEqual(new Date(oldest.published));
    expect((await byKey.get(STYLE.path)!.render()).body).toBe(STYLE.body);
  });

  it("keeps a tag's newest items as JSON for its ?limit feeds, never cached", async () => {
    const [tag] = new Catalog(collection).tags();
    const rendered = await byKey.get(`/tags/${tag!.tag} items`)!.render();
    expect(rendered.contentType).toBe("application/json");
    expect(rendered.cacheControl).toBe("no-store");
    expect((JSON.parse(bodyText(rendered.body)) as { slug: string }[]).map((a) => a.slug)).toEqual(
      new Catalog(collection).tagged(tag!.tag)!.map((a) => a.slug),
    );
  });
});
