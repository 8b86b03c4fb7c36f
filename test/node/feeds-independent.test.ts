// The bundled article read back from all three feeds by parsers that are not `feed`, field by field
// against the source file, which this test splits itself (it does not use the project's wire parser).
import { readFileSync } from "node:fs";
import { parseFeed } from "@rowanmanning/feed-parser";
import { beforeAll, describe, expect, it } from "vitest";
import { parseWire } from "../../src/build/parsers/wire";
import type { Collection } from "../../src/shared/content/schema";
import {
  CONTENT_DIR,
  collectionFrom,
  PARSE_OPTIONS,
  type Rendered,
  siteFeeds,
  testSite,
} from "../support/feed-fixtures";
import { htmlText, paragraphTexts } from "../support/html-text";

const SLUG = "us-mexico-partnership-fentanyl-migration";
const FILE = `${CONTENT_DIR}/${SLUG}.txt`;

/** The source article as a reader of the wire format sees it: title on line 4, paragraphs after it. */
function readSource() {
  const lines = readFileSync(FILE, "utf8").split(/\r?\n/);
  const blocks = lines
    .slice(4)
    .join("\n")
    .split(/\n[ \t]*\n/)
    .map((block) => block.split("\n").join(" ").trim())
    .filter((block) => block !== "");
  const trailer = blocks.pop();
  if (trailer === undefined || !trailer.startsWith("Source link")) throw new Error("expected a final Source link");
  return { title: lines[3]!, paragraphs: blocks };
}

const source = readSource();
const TITLE = "U.S., Mexico try to forge partnership on fentanyl, migration";
const LAST_SENTENCE = "We believe in bridges, not in walls.";
const URL = `https://news.example/articles/${SLUG}`;
const PUBLISHED = Date.UTC(2024, 6, 22);

interface ReadItem {
  id: string | null;
  title: string | null;
  url: string | null;
  published: number | null;
  tags: string[];
  summary: string | null;
  body: string | null;
}

function viaFeedParser(xml: string): ReadItem[] {
  return parseFeed(xml).items.map((item) => ({
    id: item.id,
    title: item.title,
    url: item.url,
    published: item.published?.getTime() ?? null,
    tags: item.categories.map((c) => c.term),
    summary: item.description === null ? null : htmlText(item.description),
    body: item.content,
  }));
}

function viaJson(json: string): ReadItem[] {
  const feed: unknown = JSON.parse(json);
  if (typeof feed !== "object" || feed === null || !("items" in feed) || !Array.isArray(feed.items)) {
    throw new Error("JSON Feed without an items array");
  }
  const str = (v: unknown) => (typeof v === "string" ? v : null);
  return feed.items.map((item: Record<string, unknown>) => ({
    id: str(item.id),
    title: str(item.title),
    url: str(item.url),
    published: typeof item.date_published === "string" ? Date.parse(item.date_published) : null,
    tags: Array.isArray(item.tags) ? item.tags.map(String) : [],
    summary: str(item.summary),
    body: str(item.content_html),
  }));
}

let collection: Collection;
let feeds: Rendered;
const readers = {
  rss: () => viaFeedParser(feeds.rss),
  atom: () => viaFeedParser(feeds.atom),
  json: () => viaJson(feeds.json),
};

beforeAll(async () => {
  collection = await collectionFrom(CONTENT_DIR);
  feeds = await siteFeeds(collection, testSite());
});

it("reads the source file independently: title on line 4, paragraphs through the last sentence", () => {
  expect(source.title).toBe(TITLE);
  expect(source.paragraphs.length).toBeGreaterThan(10);
  expect(source.paragraphs.at(-1)).toContain(LAST_SENTENCE);
  expect(source.paragraphs.join("\n")).not.toContain("Source link");
});

describe.each(Object.entries(readers))("%s, read by an independent parser", (_format, read) => {
  const item = () => {
    const items = read();
    expect(items).toHaveLength(1);
    return items[0]!;
  };

  it("has the source's title", () => expect(item().title).toBe(source.title));

  it("links to the article page", () => expect(item().url).toBe(URL));

  it("is dated 2024-07-22", () => expect(item().published).toBe(PUBLISHED));

  it("is tagged exactly mexico and us", () => expect(item().tags).toEqual(["mexico", "us"]));

  it("has the first paragraph as its summary", () => expect(item().summary).toBe(source.paragraphs[0]));

  it("carries the full text, every paragraph, through the last sentence", () => {
    const body = item().body ?? "";
    expect(paragraphTexts(body)).toEqual(source.paragraphs);
    expect(htmlText(body)).toContain(LAST_SENTENCE);
  });

  it('never puts "Source link" in a body, summary or title', () => {
    const { body, summary, title } = item();
    for (const text of [body, summary, title]) expect(text).not.toContain("Source link");
  });
});

describe("the item id", () => {
  const ids = () => Object.values(readers).map((read) => read()[0]?.id);

  it("is the same absolute IRI in RSS, Atom and JSON Feed", () => {
    const [rss, atom, json] = ids();
    expect(rss).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(atom).toBe(rss);
    expect(json).toBe(rss);
  });

  it("does not change with the site URL", async () => {
    const elsewhere = await siteFeeds(collection, testSite({ SITE_URL: "https://mirror.example/news" }));
    const again = [viaFeedParser(elsewhere.rss), viaFeedParser(elsewhere.atom), viaJson(elsewhere.json)];
    expect(again.map((items) => items[0]?.id)).toEqual(ids());
    expect(again[0]?.[0]?.url).toBe(`https://mirror.example/news/articles/${SLUG}`);
  });

  it("does not change when the title or body is corrected", async () => {
    const text = readFileSync(FILE, "utf8");
    const edited = text.replace(TITLE, "A corrected headline").replace("Mexico.", "Mexico, again.");
    const original = await parseWire(text, FILE, SLUG, PARSE_OPTIONS);
    const corrected = await parseWire(edited, FILE, SLUG, PARSE_OPTIONS);
    expect(corrected.title).toBe("A corrected headline");
    expect(corrected.id).toBe(original.id);
    expect(corrected.id).toBe(ids()[0]);
  });
});
