// Each correction of src/shared/feeds/corrections.ts on a tree `feed` built: first what `feed` wrote, wrong in
// the way the clause forbids (or silent where it requires something), then the corrected tree, with the
// values the clause asks for written out here. Attribute values and text in the XML trees are as xml-js
// writes them (attributes verbatim, so "&" comes as "&amp;").
import { describe, expect, it } from "vitest";
import type { Article, Show } from "../../src/shared/content/schema";
import {
  ATOM_CORRECTIONS,
  alternateLinks,
  atomArchiveLinks,
  atomArchiveMark,
  atomHubLinks,
  atomIcons,
  atomMedia,
  type Correction,
  cdataSections,
  corrected,
  JSON_FEED_CORRECTIONS,
  type JsonFeed,
  jsonFeedAttachments,
  jsonFeedAuthors,
  jsonFeedExternalUrls,
  jsonFeedHubs,
  jsonFeedIcons,
  jsonFeedImages,
  jsonFeedLanguage,
  jsonFeedNextUrl,
  jsonFeedVersion,
  podcastChannel,
  podcastItems,
  type Rendering,
  RSS_CORRECTIONS,
  rssArchiveLinks,
  rssArchiveMark,
  rssHubLinks,
  rssImage,
  rssMedia,
  syndication,
  viaLinks,
} from "../../src/shared/feeds/corrections";
import type { ArchiveLinks, FeedDocument } from "../../src/shared/feeds/document";
import { toFeed } from "../../src/shared/feeds/feed-package";
import { unwritten, writeXml, type XmlElement, type XmlTree } from "../../src/shared/feeds/xml-writer.js";
import { SITE_URL, testSite } from "../support/feed-fixtures";
import { parseXml } from "../support/xml-tree";

const SITE = testSite();
const ICONS = {
  icon: { url: `${SITE_URL}/media/icon.png`, type: "image/png", length: 20_000, width: 512, height: 512 },
  favicon: { url: `${SITE_URL}/media/favicon.png`, type: "image/png", length: 900, width: 64, height: 64 },
};
const HUBS = ["https://hub.example/", "https://push.example/websub"];
const ATOM_NS = "http://www.w3.org/2005/Atom";
const FH_NS = "http://purl.org/syndication/history/1.0";
const MEDIA_NS = "http://search.yahoo.com/mrss/";
const SY_NS = "http://purl.org/rss/1.0/modules/syndication/";

function article(slug: string, fields: Partial<Article> = {}): Article {
  return {
    slug,
    id: `urn:uuid:00000000-0000-4000-8000-${slug.padStart(12, "0")}`,
    title: `Story ${slug}`,
    published: "2026-03-01T09:00:00Z",
    updated: "2026-03-01T09:00:00Z",
    tags: ["harbour"],
    summary: `Summary of ${slug}.`,
    contentHtml: `<p>Body of ${slug}.</p>`,
    file: `content/${slug}.md`,
    ...fields,
  };
}

const PLAIN = article("1");
const SOURCED = article("2", { source: { url: "https://wire.example/story?id=2&lang=en" } });
const LANDSCAPE = {
  url: `${SITE_URL}/media/crane.jpg`,
  type: "image/jpeg",
  length: 48_000,
  width: 1200,
  height: 800,
  alt: "A crane",
};
const PORTRAIT = { ...LANDSCAPE, url: `${SITE_URL}/media/tower.jpg`, width: 600, height: 900, alt: "A tower" };
const MP3 = { url: `${SITE_URL}/media/interview.mp3`, type: "audio/mpeg", length: 1_234_567, duration: 61.4 };
const PDF = { url: "https://cdn.example/plan.pdf", type: "application/pdf", length: 482_133, title: "The plan" };
const WITH_MEDIA = article("3", { image: LANDSCAPE, attachments: [MP3, PDF] });
const WITH_PORTRAIT = article("4", { image: PORTRAIT });

/** The archive links of archive document 2 of 3 of the site feed. */
const MIDDLE_ARCHIVE: ArchiveLinks = {
  isArchive: true,
  current: { rss: "/rss.xml", atom: "/atom.xml", json: "/feed.json" },
  prev: { rss: "/archive/1/rss.xml", atom: "/archive/1/atom.xml", json: "/archive/1/feed.json" },
  next: { rss: "/archive/3/rss.xml", atom: "/archive/3/atom.xml", json: "/archive/3/feed.json" },
};

function document(items: Article[], fields: Partial<FeedDocument> = {}): FeedDocument {
  return {
    id: "urn:uuid:0b6c3f9e-5d1a-4c87-a2e4-7f3b9d0c6e15",
    title: "Harbour news",
    description: "News from the harbour.",
    homePath: "/",
    paths: { rss: "/rss.xml", atom: "/atom.xml", json: "/feed.json" },
    items,
    ...fields,
  };
}

/** What `feed` built for the document, before any correction. */
const atomTree = (doc: FeedDocument) => unwritten(toFeed(doc, SITE, "atom").atom1()).tree;
const rssTree = (doc: FeedDocument) => unwritten(toFeed(doc, SITE, "rss").rss2()).tree;
const jsonFeed = (doc: FeedDocument) => JSON.parse(toFeed(doc, SITE, "json").json1()) as JsonFeed;

const root = (tree: XmlTree, name: string) => tree[name]!;
const channel = (tree: XmlTree) => root(tree, "rss").channel as XmlElement;
const list = (value: unknown) => (value === undefined ? [] : Array.isArray(value) ? value : [value]) as XmlElement[];
const linkAttributes = (parent: XmlElement, name = "link") => list(parent[name]).map((l) => l._attributes);
/** The children of an element by name, in the order they are written. */
const childNames = (element: XmlElement) => Object.keys(element).filter((key) => !key.startsWith("_"));

describe("both XML formats", () => {
  it("XML 1.0 §2.7: splits every ']]>' across CDATA sections (xml-js splits only the first)", () => {
    const nasty = "a ]]> b ]]> c ]]>";
    const { tree, options } = unwritten(
      toFeed(document([article("1", { title: nasty, contentHtml: `<p>${nasty}</p>` })]), SITE, "rss").rss2(),
    );
    expect((list(channel(tree).item)[0]!.title as XmlElement)._cdata).toBe(nasty);

    const fixed = cdataSections(tree, { doc: document([]), site: SITE });
    const title = (list(channel(fixed).item)[0]!.title as XmlElement)._cdata;
    // No section may hold "]]>", and together they are the text.
    expect(title).toEqual(["a ]]", "> b ]]", "> c ]]", ">"]);
    // Written out and read by a parser that is not xml-js: the title and body come back whole.
    const written = parseXml(writeXml(fixed, options)).root.one("channel").one("item");
    expect(written.one("title").text).toBe(nasty);
    expect(written.one("content:encoded").text).toBe(`<p>${nasty}</p>`);
  });
});

describe("Atom (RFC 4287)", () => {
  const doc = document([PLAIN, SOURCED]);
  const rendering = { doc, site: SITE };

  it("§4.2.7.2: gives each entry link rel=alternate, which `feed` leaves implied", () => {
    const tree = atomTree(doc);
    expect(linkAttributes(list(root(tree, "feed").entry)[0]!)).toEqual([{ href: `${SITE_URL}/articles/1` }]);

    const entries = list(root(alternateLinks(tree, rendering), "feed").entry);
    expect(entries.map((e) => linkAttributes(e))).toEqual([
      [{ rel: "alternate", href: `${SITE_URL}/articles/1` }],
      [{ rel: "alternate", href: `${SITE_URL}/articles/2` }],
    ]);
  });

  it('§4.2.7.2: links a story to the page it came from with rel="via"', () => {
    const tree = atomTree(doc);
    const entries = list(root(viaLinks(tree, rendering), "feed").entry);
    expect(entries.map((e) => linkAttributes(e))).toEqual([
      [{ href: `${SITE_URL}/articles/1` }],
      [{ href: `${SITE_URL}/articles/2` }, { rel: "via", href: "https://wire.example/story?id=2&amp;lang=en" }],
    ]);
  });

  it('W3C WebSub §4: names every hub as link rel="hub", before the entries (§4.1.1)', () => {
    const hubbed = document([PLAIN], { hubs: HUBS });
    const tree = atomTree(hubbed);
    expect(linkAttributes(root(tree, "feed")).filter((l) => l?.rel === "hub")).toEqual([]);

    const feed = root(atomHubLinks(tree, { doc: hubbed, site: SITE }), "feed");
    expect(linkAttributes(feed)).toEqual([
      { rel: "alternate", href: `${SITE_URL}/` },
      { rel: "self", href: `${SITE_URL}/atom.xml` },
      { rel: "hub", href: "https://hub.example/" },
      { rel: "hub", href: "https://push.example/websub" },
    ]);
    expect(childNames(feed).at(-1)).toBe("entry");
    // A document that is no subscription names none.
    expect(atomHubLinks(tree, rendering)).toBe(tree);
  });

  it("RFC 5005 §4: links an archive document to the current one and its neighbours, before the entries", () => {
    const archived = document([PLAIN], { archive: MIDDLE_ARCHIVE });
    const tree = atomTree(archived);
    const feed = root(atomArchiveLinks(tree, { doc: archived, site: SITE }), "feed");
    expect(linkAttributes(feed).slice(2)).toEqual([
      { rel: "current", href: `${SITE_URL}/atom.xml` },
      { rel: "prev-archive", href: `${SITE_URL}/archive/1/atom.xml` },
      { rel: "next-archive", href: `${SITE_URL}/archive/3/atom.xml` },
    ]);
    expect(childNames(feed).at(-1)).toBe("entry");
  });

  it("RFC 5005 §4.2: marks an archive document with fh:archive, in its namespace; never a current one", () => {
    const archived = document([PLAIN], { archive: MIDDLE_ARCHIVE });
    const feed = root(atomArchiveMark(atomTree(archived), { doc: archived, site: SITE }), "feed");
    expect(feed._attributes).toEqual({ xmlns: ATOM_NS, "xmlns:fh": FH_NS });
    expect(feed["fh:archive"]).toEqual({});
    expect(childNames(feed).slice(-2)).toEqual(["fh:archive", "entry"]);

    const current = document([PLAIN], { archive: { ...MIDDLE_ARCHIVE, isArchive: false } });
    const tree = atomTree(current);
    expect(atomArchiveMark(tree, { doc: current, site: SITE })).toBe(tree);
  });

  it("§4.2.5 icon and §4.2.14 logo: the favicon and the icon, before the entries", () => {
    const site = { ...SITE, icons: ICONS };
    const tree = unwritten(toFeed(doc, site, "atom").atom1()).tree;
    expect(root(tree, "feed").icon).toBeUndefined();

    const feed = root(atomIcons(tree, { doc, site }), "feed");
    expect(feed.icon).toEqual({ _text: `${SITE_URL}/media/favicon.png` });
    expect(feed.logo).toEqual({ _text: `${SITE_URL}/media/icon.png` });
    expect(childNames(feed).slice(-3)).toEqual(["icon", "logo", "entry"]);
    expect(root(atomIcons(tree, rendering), "feed")).toEqual(root(tree, "feed"));
  });

  it('§4.2.7.2: every attachment as link rel="enclosure" with its type and length; the lead image as media:thumbnail', () => {
    const media = document([WITH_MEDIA, PLAIN]);
    const feed = root(atomMedia(atomTree(media), { doc: media, site: SITE }), "feed");
    expect(feed._attributes).toEqual({ xmlns: ATOM_NS, "xmlns:media": MEDIA_NS });
    const [withMedia, plain] = list(feed.entry);
    expect(linkAttributes(withMedia!)).toEqual([
      { href: `${SITE_URL}/articles/3` },
      { rel: "enclosure", href: MP3.url, type: "audio/mpeg", length: "1234567" },
      { rel: "enclosure", href: PDF.url, type: "application/pdf", length: "482133", title: "The plan" },
    ]);
    expect(withMedia!["media:thumbnail"]).toEqual({
      _attributes: { url: LANDSCAPE.url, width: "1200", height: "800" },
    });
    expect(linkAttributes(plain!)).toEqual([{ href: `${SITE_URL}/articles/1` }]);
    expect(plain!["media:thumbnail"]).toBeUndefined();
  });
});

describe("RSS 2.0", () => {
  const poll = { seconds: 3600, minutes: 60, period: "hourly", frequency: 1 } as const;

  it("RSS syndication module: states the poll interval as sy:updatePeriod and sy:updateFrequency beside <ttl>", () => {
    const doc = document([PLAIN], { poll });
    const tree = rssTree(doc);
    expect(channel(tree).ttl).toEqual({ _text: 60 });
    expect(channel(tree)["sy:updatePeriod"]).toBeUndefined();

    const fixed = syndication(tree, { doc, site: SITE });
    expect(root(fixed, "rss")._attributes?.["xmlns:sy"]).toBe(SY_NS);
    expect(channel(fixed)["sy:updatePeriod"]).toEqual({ _text: "hourly" });
    expect(channel(fixed)["sy:updateFrequency"]).toEqual({ _text: "1" });
    expect(childNames(channel(fixed)).slice(-3)).toEqual(["sy:updatePeriod", "sy:updateFrequency", "item"]);
  });

  it('W3C WebSub §4: names every hub as atom:link rel="hub", beside the self link', () => {
    const doc = document([PLAIN], { hubs: HUBS });
    const fixed = rssHubLinks(rssTree(doc), { doc, site: SITE });
    expect(root(fixed, "rss")._attributes?.["xmlns:atom"]).toBe(ATOM_NS);
    expect(linkAttributes(channel(fixed), "atom:link")).toEqual([
      { href: `${SITE_URL}/rss.xml`, rel: "self", type: "application/rss+xml" },
      { href: "https://hub.example/", rel: "hub" },
      { href: "https://push.example/websub", rel: "hub" },
    ]);
  });

  it("RFC 5005 §4: links an archive document to the current one and its neighbours as atom:link", () => {
    const doc = document([PLAIN], { archive: MIDDLE_ARCHIVE });
    const fixed = rssArchiveLinks(rssTree(doc), { doc, site: SITE });
    expect(linkAttributes(channel(fixed), "atom:link").slice(1)).toEqual([
      { href: `${SITE_URL}/rss.xml`, rel: "current", type: "application/rss+xml" },
      { href: `${SITE_URL}/archive/1/rss.xml`, rel: "prev-archive", type: "application/rss+xml" },
      { href: `${SITE_URL}/archive/3/rss.xml`, rel: "next-archive", type: "application/rss+xml" },
    ]);
  });

  it("RFC 5005 §4.2: marks an archive document with fh:archive, its namespace on <rss>", () => {
    const doc = document([PLAIN], { archive: MIDDLE_ARCHIVE });
    const fixed = rssArchiveMark(rssTree(doc), { doc, site: SITE });
    expect(root(fixed, "rss")._attributes?.["xmlns:fh"]).toBe(FH_NS);
    expect(childNames(channel(fixed)).slice(-2)).toEqual(["fh:archive", "item"]);
  });

  it("<image>: the icon as a GIF, JPEG or PNG, at most 144 pixels wide, linking to the channel's page", () => {
    const site = { ...SITE, icons: ICONS };
    const doc = document([PLAIN]);
    const tree = unwritten(toFeed(doc, site, "rss").rss2()).tree;
    expect(channel(tree).image).toBeUndefined();

    const fixed = channel(rssImage(tree, { doc, site }));
    expect(fixed.image).toEqual({
      url: { _text: `${SITE_URL}/media/icon.png` },
      title: { _text: "Harbour news" },
      link: { _text: `${SITE_URL}/` },
      width: { _text: "144" },
      height: { _text: "144" },
    });
    expect(childNames(fixed).slice(-2)).toEqual(["image", "item"]);
    // An SVG icon is none of the three: no <image>.
    const svg = {
      ...site,
      icons: { icon: { ...ICONS.icon, url: `${SITE_URL}/media/icon.svg`, type: "image/svg+xml" } },
    };
    expect(channel(rssImage(tree, { doc, site: svg })).image).toBeUndefined();
  });

  it("<enclosure>: the first attachment with its real length and type; Media RSS for every medium", () => {
    const doc = document([WITH_MEDIA, PLAIN]);
    const fixed = rssMedia(rssTree(doc), { doc, site: SITE });
    expect(root(fixed, "rss")._attributes?.["xmlns:media"]).toBe(MEDIA_NS);
    const [withMedia, plain] = list(channel(fixed).item);
    expect(withMedia!.enclosure).toEqual({ _attributes: { url: MP3.url, length: "1234567", type: "audio/mpeg" } });
    expect(list(withMedia!["media:content"]).map((m) => m._attributes)).toEqual([
      { url: LANDSCAPE.url, type: "image/jpeg", fileSize: "48000", medium: "image", width: "1200", height: "800" },
      { url: MP3.url, type: "audio/mpeg", fileSize: "1234567", medium: "audio", duration: "61" },
      { url: PDF.url, type: "application/pdf", fileSize: "482133", medium: "document" },
    ]);
    expect(withMedia!["media:thumbnail"]).toEqual({
      _attributes: { url: LANDSCAPE.url, width: "1200", height: "800" },
    });
    expect(childNames(plain!)).not.toContain("enclosure");
  });
});

describe("JSON Feed 1.1", () => {
  const doc = document([SOURCED, WITH_MEDIA, WITH_PORTRAIT], {
    archive: { isArchive: false, current: MIDDLE_ARCHIVE.current, prev: MIDDLE_ARCHIVE.prev },
    hubs: HUBS,
  });
  const site = { ...SITE, icons: ICONS };
  const rendering = { doc, site };
  const feed = jsonFeed(doc);

  it("\"version\": 1.1's URL, where `feed` writes version 1's", () => {
    expect(feed.version).toBe("https://jsonfeed.org/version/1");
    expect(jsonFeedVersion(feed, rendering).version).toBe("https://jsonfeed.org/version/1.1");
  });

  it('"authors", an array, for the feed and each item, in place of the deprecated "author"', () => {
    expect(feed.author).toEqual({ name: SITE.author, url: `${SITE_URL}/` });
    const fixed = jsonFeedAuthors(feed, rendering);
    expect(fixed).not.toHaveProperty("author");
    expect(fixed.authors).toEqual([{ name: SITE.author, url: `${SITE_URL}/` }]);
    expect(fixed.items.map((item) => item.authors)).toEqual([
      [{ name: SITE.author }],
      [{ name: SITE.author }],
      [{ name: SITE.author }],
    ]);
    expect(fixed.items.some((item) => "author" in item)).toBe(false);
  });

  it('"language", which `feed` does not write', () => {
    expect(feed.language).toBeUndefined();
    expect(jsonFeedLanguage(feed, rendering).language).toBe("en");
  });

  it('"icon" and "favicon": the site\'s icon and favicon', () => {
    expect(jsonFeedIcons(feed, rendering)).toMatchObject({ icon: ICONS.icon.url, favicon: ICONS.favicon.url });
    expect(jsonFeedIcons(feed, { doc, site: SITE })).toMatchObject({ icon: undefined, favicon: undefined });
  });

  it('"next_url": the older page, which is RFC 5005\'s prev-archive', () => {
    expect(jsonFeedNextUrl(feed, rendering).next_url).toBe(`${SITE_URL}/archive/1/feed.json`);
    expect(jsonFeedNextUrl(feed, { doc: document([PLAIN]), site }).next_url).toBeUndefined();
  });

  it('"hubs": each hub, of type WebSub', () => {
    expect(jsonFeedHubs(feed, rendering).hubs).toEqual([
      { type: "WebSub", url: "https://hub.example/" },
      { type: "WebSub", url: "https://push.example/websub" },
    ]);
  });

  it('item "external_url": the page the story came from', () => {
    const items = jsonFeedExternalUrls(feed, rendering).items;
    expect(items.map((item) => item.external_url)).toEqual([
      "https://wire.example/story?id=2&lang=en",
      undefined,
      undefined,
    ]);
  });

  it('item "image", and "banner_image" only for a landscape image', () => {
    const items = jsonFeedImages(feed, rendering).items;
    expect(items.map((item) => [item.image, item.banner_image])).toEqual([
      [undefined, undefined],
      [LANDSCAPE.url, LANDSCAPE.url],
      [PORTRAIT.url, undefined],
    ]);
  });

  it('item "attachments" with MIME type, size in bytes and duration in seconds', () => {
    const items = jsonFeedAttachments(feed, rendering).items;
    expect(items[1]!.attachments).toEqual([
      { url: MP3.url, mime_type: "audio/mpeg", size_in_bytes: 1_234_567, duration_in_seconds: 61.4 },
      { url: PDF.url, mime_type: "application/pdf", title: "The plan", size_in_bytes: 482_133 },
    ]);
    expect(items[0]!.attachments).toBeUndefined();
  });
});

describe("the correction step", () => {
  /** Freezes every object in the tree, so that a correction that edited it in place would throw. */
  function frozen<T>(value: T): T {
    if (typeof value === "object" && value !== null) {
      for (const child of Object.values(value)) frozen(child);
      Object.freeze(value);
    }
    return value;
  }

  // Something for every correction to do.
  const doc = document([{ ...SOURCED, contentHtml: "<p>a ]]> b</p>" }, WITH_MEDIA], {
    hubs: HUBS,
    archive: MIDDLE_ARCHIVE,
    poll: { seconds: 3600, minutes: 60, period: "hourly", frequency: 1 },
  });
  const rendering = { doc, site: { ...SITE, icons: ICONS } };

  /**
   * Each correction, and all of them in turn, leave the tree as it was (it is frozen, so an edit in place
   * throws), and the same tree corrects to the same result: nothing is kept between calls.
   */
  function expectPure<Tree>(tree: Tree, corrections: readonly Correction<Tree>[], using: Rendering = rendering) {
    const before = structuredClone(tree);
    frozen(tree);
    for (const correct of corrections) expect(correct(tree, using)).not.toEqual(before);
    const once = corrected(tree, corrections, using);
    expect(tree).toEqual(before);
    expect(corrected(tree, corrections, using)).toEqual(once);
  }

  // A show's feed: what only the podcast corrections do.
  const SHOW: Show = {
    name: "briefing",
    title: "Briefing",
    description: "A show.",
    author: "Newsroom",
    owner: { name: "Ana", email: "ana@news.example" },
    language: "en",
    category: "News",
    explicit: false,
    artwork: { url: `${SITE_URL}/media/art.jpg`, type: "image/jpeg", length: 1, width: 1400, height: 1400 },
    type: "episodic",
    complete: false,
    people: [],
    file: "shows/briefing.yaml",
  };
  const episode = { show: "briefing", type: "full" as const, transcripts: [], people: [] };
  const showDoc = document([{ ...WITH_MEDIA, attachments: [{ ...MP3, duration: 3 }], episode }], { podcast: SHOW });
  const PODCAST_ONLY: readonly Correction<XmlTree>[] = [podcastChannel, podcastItems];

  it("returns a corrected RSS tree and leaves `feed`'s as it was", () =>
    expectPure(
      rssTree(doc),
      RSS_CORRECTIONS.filter((c) => !PODCAST_ONLY.includes(c)),
    ));
  it("returns a corrected podcast RSS tree and leaves `feed`'s as it was", () =>
    expectPure(rssTree(showDoc), [...PODCAST_ONLY, rssMedia], { doc: showDoc, site: SITE }));
  it("returns a corrected Atom tree and leaves `feed`'s as it was", () => expectPure(atomTree(doc), ATOM_CORRECTIONS));
  it("returns a corrected JSON Feed and leaves `feed`'s as it was", () =>
    expectPure(jsonFeed(doc), JSON_FEED_CORRECTIONS));

  it("refuses what `feed` wrote through the real xml-js, which nothing could correct", () => {
    expect(() => unwritten('<?xml version="1.0" encoding="utf-8"?><rss/>')).toThrow(
      /resolve xml-js to src\/shared\/feeds\/xml-writer\.js/,
    );
  });
});
