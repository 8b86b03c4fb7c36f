// Values that are not article text, escaped in every format: site config (title, description, author, a
// base URL with a path; one with "&" is refused, see test/node/site.test.ts) and source links with query
// strings, including text that looks like an entity.
import { rm } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Catalog } from "../../src/shared/catalog";
import type { FeedDocument } from "../../src/shared/feeds/document";
import { archiveDocument, currentDocument, siteScope } from "../../src/shared/feeds/documents";
import { collectionFrom, type Rendered, ROOT, renderAll, testSite } from "../support/feed-fixtures";
import { libxml2Errors } from "../support/libxml2";
import { writeWireFolder } from "../support/wire-articles";
import { parseXml } from "../support/xml-tree";

const TITLE = 'Q&A &amp; <News> "daily" ]]>';
const DESCRIPTION = "Tom & Jerry’s &lt;digest&gt; & more";
const AUTHOR = "AT&T &amp; Co <desk>";
const BASE = "https://news.example/a-b";
const site = testSite({ SITE_TITLE: TITLE, SITE_DESCRIPTION: DESCRIPTION, SITE_AUTHOR: AUTHOR, SITE_URL: BASE });

let dir: string;
const docs: Record<string, { doc: FeedDocument; feeds: Rendered }> = {};

beforeAll(async () => {
  dir = await writeWireFolder(25);
  const scope = siteScope(new Catalog(await collectionFrom(dir)), site);
  const archive = await archiveDocument(scope, site, 1);
  if (!archive) throw new Error("expected an archive");
  for (const [name, doc] of Object.entries({ current: await currentDocument(scope, site), archive })) {
    docs[name] = { doc, feeds: renderAll(doc, site) };
  }
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe.each(["current", "archive"])("the %s document", (name) => {
  const get = () => docs[name]!;

  it("is well-formed RSS and Atom, and Atom is valid against RFC 4287", async () => {
    const { rss, atom } = get().feeds;
    expect(await libxml2Errors({ "rss.xml": rss, "atom.xml": atom })).toEqual([]);
    expect(await libxml2Errors({ "atom.xml": atom }, `${ROOT}test/fixtures/rfc4287-atom.rng`)).toEqual([]);
  });

  it("keeps the site's title, description and author exactly, in RSS", () => {
    const channel = parseXml(get().feeds.rss).root.one("channel");
    expect(channel.one("title").text).toBe(get().doc.title);
    expect(get().doc.title.startsWith(TITLE)).toBe(true);
    expect(channel.one("description").text).toBe(DESCRIPTION);
    expect(channel.all("item").map((i) => i.one("dc:creator").text)).toEqual(
      Array(get().doc.items.length).fill(AUTHOR),
    );
  });

  it("keeps them exactly in Atom", () => {
    const feed = parseXml(get().feeds.atom).root;
    expect(feed.one("title").text).toBe(get().doc.title);
    expect(feed.one("subtitle").text).toBe(DESCRIPTION);
    expect(feed.one("author").one("name").text).toBe(AUTHOR);
    expect(feed.all("entry").map((e) => e.one("author").one("name").text)).toContain(AUTHOR);
  });

  it("keeps them exactly in JSON Feed", () => {
    const feed = JSON.parse(get().feeds.json);
    expect(feed.title).toBe(get().doc.title);
    expect(feed.description).toBe(DESCRIPTION);
    expect(feed.authors[0].name).toBe(AUTHOR);
  });

  it("writes the base URL in every link, self link and archive link, and '&' in source links", () => {
    const rss = parseXml(get().feeds.rss);
    const atom = parseXml(get().feeds.atom);
    const hrefs = [
      ...rss.root
        .one("channel")
        .all("atom:link")
        .map((l) => l.attrs.href),
      ...atom.root.all("link").map((l) => l.attrs.href),
    ];
    expect(hrefs.length).toBeGreaterThanOrEqual(5);
    // No <?xml-stylesheet?>: browsers get the feed's HTML view instead (src/shared/views/feed-page.tsx).
    expect([...rss.instructions, ...atom.instructions]).toEqual([]);
    for (const href of hrefs) expect(href?.startsWith(`${BASE}/`), href).toBe(true);
    const self = rss.root
      .one("channel")
      .all("atom:link")
      .find((l) => l.attrs.rel === "self");
    expect(self?.attrs.href).toBe(BASE + get().doc.paths.rss);
    const first = rss.root.one("channel").all("item")[0]!;
    expect(first.one("link").text).toMatch(/^https:\/\/news\.example\/a-b\/articles\/story-\d+$/);
    const wire = /^https:\/\/wire\.example\/stories\/\d+\?a=1&b=2$/;
    // The story's source is a web page: RSS 2.0 <source> names only the RSS channel an item came from
    // (its url "links to the XMLization of the source"), so the page goes where each format puts one:
    // Dublin Core's dc:source ("a related resource from which the described resource is derived"),
    // RFC 4287 §4.2.7.2 rel="via" ("the source of the information provided in the containing element"),
    // and JSON Feed 1.1 external_url ("the URL of a page elsewhere … the thing you're talking about").
    expect(
      rss.root
        .one("channel")
        .all("item")
        .flatMap((item) => item.all("source")),
    ).toEqual([]);
    expect(first.one("dc:source").text).toMatch(wire);
    const entry = atom.root.all("entry")[0]!;
    const via = entry.all("link").filter((l) => l.attrs.rel === "via");
    expect(via.map((l) => l.attrs.href)).toEqual([expect.stringMatching(wire)]);
    expect(via[0]?.attrs.href).toBe(first.one("dc:source").text);
    expect(JSON.parse(get().feeds.json).items[0].external_url).toBe(via[0]?.attrs.href);
  });
});
