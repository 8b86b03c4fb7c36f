// The fields issue #2 requires of each format, read from the bundled site feed with a generic XML parser
// (fast-xml-parser) and JSON.parse; expected values come from wrangler.toml and the source article.
import { beforeAll, describe, expect, it } from "vitest";
import type { Collection } from "../../src/shared/content/schema";
import {
  CONTENT_DIR,
  collectionFrom,
  type Rendered,
  SITE_URL,
  siteFeeds,
  siteVars,
  testSite,
} from "../support/feed-fixtures";
import { parseXml, type XmlElement } from "../support/xml-tree";

const vars = siteVars();
const ARTICLE_URL = `${SITE_URL}/articles/us-mexico-partnership-fentanyl-migration`;
const NEWEST = Date.UTC(2024, 6, 22);
const TAGS = ["mexico", "us"];

let collection: Collection;
let feeds: Rendered;
beforeAll(async () => {
  collection = await collectionFrom(CONTENT_DIR);
  feeds = await siteFeeds(collection, testSite());
});

const links = (el: XmlElement, name: string) => el.all(name).map((l) => l.attrs);

describe("RSS 2.0", () => {
  const channel = () => parseXml(feeds.rss).root.one("channel");
  const item = () => channel().one("item");

  it("is RSS 2.0 with the content, Dublin Core and Atom namespaces declared", () => {
    const { root } = parseXml(feeds.rss);
    expect(root.name).toBe("rss");
    expect(root.attrs.version).toBe("2.0");
    expect(root.attrs["xmlns:content"]).toBe("http://purl.org/rss/1.0/modules/content/");
    expect(root.attrs["xmlns:dc"]).toBe("http://purl.org/dc/elements/1.1/");
    expect(root.attrs["xmlns:atom"]).toBe("http://www.w3.org/2005/Atom");
  });

  it("describes the channel from the site config", () => {
    expect(channel().one("title").text).toBe(vars.SITE_TITLE);
    expect(channel().one("description").text).toBe(vars.SITE_DESCRIPTION);
    expect(channel().one("link").text).toBe(`${SITE_URL}/`);
    expect(channel().one("language").text).toBe(vars.SITE_LANGUAGE);
  });

  it('has atom:link rel="self" pointing at /rss.xml', () => {
    expect(links(channel(), "atom:link").filter((l) => l.rel === "self")).toEqual([
      { href: `${SITE_URL}/rss.xml`, rel: "self", type: "application/rss+xml" },
    ]);
  });

  it("has lastBuildDate = the newest article's date, never the clock", () => {
    expect(Date.parse(channel().one("lastBuildDate").text)).toBe(NEWEST);
  });

  it("gives the item a non-permalink guid, link, pubDate and description", () => {
    const guid = item().one("guid");
    expect(guid.attrs.isPermaLink).toBe("false");
    expect(guid.text).toMatch(/^urn:uuid:/);
    expect(item().one("link").text).toBe(ARTICLE_URL);
    expect(Date.parse(item().one("pubDate").text)).toBe(NEWEST);
    expect(item().one("description").text).toMatch(/^The Biden administration has been dedicating/);
  });

  it("names the author with dc:creator and has no <author> (which must be an e-mail address)", () => {
    expect(item().one("dc:creator").text).toBe(vars.SITE_AUTHOR);
    expect(item().all("author")).toEqual([]);
    expect(channel().all("managingEditor")).toEqual([]);
  });

  it("has the full body in content:encoded and a category per tag", () => {
    expect(item().one("content:encoded").text).toMatch(/^<p>The Biden administration[\s\S]*in walls\.”<\/p>$/);
    expect(
      item()
        .all("category")
        .map((c) => c.text),
    ).toEqual(TAGS);
  });
});

describe("Atom 1.0", () => {
  const feed = () => parseXml(feeds.atom).root;
  const entry = () => feed().one("entry");

  it("has the feed's permanent id, title, updated and author", () => {
    expect(feed().name).toBe("feed");
    expect(feed().attrs.xmlns).toBe("http://www.w3.org/2005/Atom");
    expect(feed().one("id").text).toBe(vars.FEED_ID);
    expect(feed().one("title").text).toBe(vars.SITE_TITLE);
    expect(feed().one("updated").text).toMatch(/^2024-07-22T00:00:00(\.000)?Z$/);
    expect(feed().one("author").one("name").text).toBe(vars.SITE_AUTHOR);
  });

  it('links rel="self" to /atom.xml and rel="alternate" to the home page', () => {
    const byRel = Object.fromEntries(links(feed(), "link").map((l) => [l.rel, l.href]));
    expect(byRel.self).toBe(`${SITE_URL}/atom.xml`);
    expect(byRel.alternate).toBe(`${SITE_URL}/`);
  });

  it("gives the entry id, title, published, updated and an alternate link", () => {
    expect(entry().one("id").text).toMatch(/^urn:uuid:/);
    expect(entry().one("title").text).toBe("U.S., Mexico try to forge partnership on fentanyl, migration");
    expect(entry().one("published").text).toMatch(/^2024-07-22T00:00:00(\.000)?Z$/);
    expect(entry().one("updated").text).toMatch(/^2024-07-22T00:00:00(\.000)?Z$/);
    expect(links(entry(), "link")).toEqual([{ rel: "alternate", href: ARTICLE_URL }]);
  });

  it('has a summary, content type="html" and a category term per tag', () => {
    expect(entry().one("summary").text).toMatch(/^The Biden administration has been dedicating/);
    const content = entry().one("content");
    expect(content.attrs.type).toBe("html");
    expect(content.text).toMatch(/^<p>The Biden administration[\s\S]*in walls\.”<\/p>$/);
    expect(
      entry()
        .all("category")
        .map((c) => c.attrs.term),
    ).toEqual(TAGS);
  });
});

describe("JSON Feed 1.1", () => {
  const json = () => JSON.parse(feeds.json);

  it("has version 1.1, title, home_page_url, feed_url, language and authors", () => {
    const feed = json();
    expect(feed.version).toBe("https://jsonfeed.org/version/1.1");
    expect(feed.title).toBe(vars.SITE_TITLE);
    expect(feed.home_page_url).toBe(`${SITE_URL}/`);
    expect(feed.feed_url).toBe(`${SITE_URL}/feed.json`);
    expect(feed.language).toBe(vars.SITE_LANGUAGE);
    expect(feed.authors).toEqual([{ name: vars.SITE_AUTHOR, url: `${SITE_URL}/` }]);
    expect(feed).not.toHaveProperty("author");
  });

  it("gives the item id, url, title, summary, content_html, date_published and tags", () => {
    const [item, ...rest] = json().items;
    expect(rest).toEqual([]);
    expect(item.id).toMatch(/^urn:uuid:/);
    expect(item.url).toBe(ARTICLE_URL);
    expect(item.title).toBe("U.S., Mexico try to forge partnership on fentanyl, migration");
    expect(item.summary).toMatch(/^The Biden administration has been dedicating/);
    expect(item.content_html).toMatch(/^<p>The Biden administration[\s\S]*in walls\.”<\/p>$/);
    expect(Date.parse(item.date_published)).toBe(NEWEST);
    expect(item.tags).toEqual(TAGS);
  });
});

describe("determinism", () => {
  it("renders byte-identical feeds twice from one collection", async () => {
    expect(await siteFeeds(collection, testSite())).toEqual(feeds);
  });

  it("renders byte-identical feeds from a second build of the same content", async () => {
    const rebuilt = await collectionFrom(CONTENT_DIR);
    expect(rebuilt.version).toBe(collection.version);
    expect(await siteFeeds(rebuilt, testSite())).toEqual(feeds);
  });
});
