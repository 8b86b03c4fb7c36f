// src/shared/catalog.ts: the collection indexed for the routes. An article by its slug, a tag's articles newest
// first, every tag by how much it is used; a name a client sends that is no slug or tag finds nothing.
import { describe, expect, it } from "vitest";
import { Catalog } from "../../src/shared/catalog";
import type { Article, Collection } from "../../src/shared/content/schema";

function article(slug: string, published: string, tags: string[]): Article {
  return {
    slug,
    id: `urn:example:${slug}`,
    title: `Title of ${slug}`,
    published,
    updated: published,
    tags,
    summary: `Summary of ${slug}.`,
    contentHtml: `<p>Body of ${slug}.</p>`,
    file: `content/${slug}.md`,
  };
}

// Newest first, as a collection always is (src/shared/content/schema.ts CollectionSchema).
const ARTICLES = [
  article("harbour-reopens", "2024-07-24T00:00:00Z", ["harbour", "trade"]),
  article("border-talks", "2024-07-23T00:00:00Z", ["border", "trade", "us"]),
  article("tariff-vote", "2024-07-22T00:00:00Z", ["trade", "us"]),
  article("ferry-strike", "2024-07-21T00:00:00Z", ["harbour"]),
  article("untagged-note", "2024-07-20T00:00:00Z", []),
];
const COLLECTION: Collection = { articles: ARTICLES, version: "v-test-1" };

describe("article", () => {
  it("finds each article by its slug", () => {
    const catalog = new Catalog(COLLECTION);
    for (const a of ARTICLES) expect(catalog.article(a.slug)).toBe(a);
  });

  it.each(["no-such-article", "Harbour-Reopens", "harbour-reopens ", "", "__proto__", "constructor", "toString"])(
    "finds nothing for %o",
    (slug) => {
      expect(new Catalog(COLLECTION).article(slug)).toBeUndefined();
    },
  );
});

describe("tagged", () => {
  it("lists a tag's articles newest first", () => {
    const catalog = new Catalog(COLLECTION);
    expect(catalog.tagged("trade")?.map((a) => a.slug)).toEqual(["harbour-reopens", "border-talks", "tariff-vote"]);
    expect(catalog.tagged("harbour")?.map((a) => a.slug)).toEqual(["harbour-reopens", "ferry-strike"]);
    expect(catalog.tagged("border")?.map((a) => a.slug)).toEqual(["border-talks"]);
  });

  it.each(["energy", "Trade", "", "__proto__", "constructor", "hasOwnProperty"])("is undefined for %o", (tag) => {
    expect(new Catalog(COLLECTION).tagged(tag)).toBeUndefined();
  });
});

describe("tags", () => {
  const TAGS = [
    { tag: "trade", count: 3 },
    { tag: "harbour", count: 2 },
    { tag: "us", count: 2 },
    { tag: "border", count: 1 },
  ];

  it("gives each tag its number of articles, most used first, then by name", () => {
    expect(new Catalog(COLLECTION).tags()).toEqual(TAGS);
  });

  it("does not depend on the order articles list their tags in", () => {
    const reordered = ARTICLES.map((a) => ({ ...a, tags: [...a.tags].reverse() }));
    expect(new Catalog({ ...COLLECTION, articles: reordered }).tags()).toEqual(TAGS);
  });

  it("is empty for a collection without tags, or without articles", () => {
    expect(new Catalog({ articles: [ARTICLES[4]!], version: "v" }).tags()).toEqual([]);
    expect(new Catalog({ articles: [], version: "v" }).tags()).toEqual([]);
  });
});

describe("what it carries over", () => {
  it("the collection's articles, version and icons", () => {
    const icons = { favicon: { url: "https://cdn.example/favicon.png", type: "image/png", length: 312 } };
    const catalog = new Catalog({ ...COLLECTION, icons });
    expect(catalog.articles).toBe(ARTICLES);
    expect(catalog.version).toBe("v-test-1");
    expect(catalog.icons).toBe(icons);
  });

  it("no icons when the collection has none (the pages then use the built-in one)", () => {
    expect(new Catalog(COLLECTION).icons).toBeUndefined();
  });
});
