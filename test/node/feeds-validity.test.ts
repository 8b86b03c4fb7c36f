// Every kind of feed document (the site feed, an archive, a tag feed and its archive) against the formats'
// own rules: Atom against RFC 4287's Appendix B schema (libxml2 RELAX NG) and the rules the schema cannot
// express; RSS against the W3C Feed Validation Service's rules; JSON Feed against the 1.1 spec.
import { rm } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Catalog } from "../../src/shared/catalog";
import type { FeedDocument } from "../../src/shared/feeds/document";
import { archiveDocument, currentDocument, siteScope, tagScope } from "../../src/shared/feeds/documents";
import type { Site } from "../../src/shared/site";
import { atomProblems } from "../support/atom-rules";
import { CONTENT_DIR, collectionFrom, type Rendered, ROOT, renderAll, testSite } from "../support/feed-fixtures";
import { jsonFeedProblems } from "../support/json-feed-rules";
import { libxml2Errors } from "../support/libxml2";
import { mediaCollection } from "../support/media-fixture";
import { rssProblems } from "../support/rss-rules";
import { writeWireFolder } from "../support/wire-articles";
import { parseXml, type XmlElement } from "../support/xml-tree";

const ATOM_RNG = `${ROOT}test/fixtures/rfc4287-atom.rng`;
const site = testSite();
let wireDir: string;

interface Case {
  name: string;
  doc: FeedDocument;
  feeds: Rendered;
}
const cases: Case[] = [];
const HUBS = ["https://hub.example/", "https://pubsubhubbub.example/publish"];
const hubSite = testSite({ WEBSUB_HUBS: HUBS.join(" ") });

beforeAll(async () => {
  expect(site.pageSize).toBe(20);
  const bundled = new Catalog(await collectionFrom(CONTENT_DIR));
  wireDir = await writeWireFolder(45);
  const wire = new Catalog(await collectionFrom(wireDir));
  const wireSite = siteScope(wire, site);
  const wireTag = tagScope(wire, site, "wire");
  const border = tagScope(wire, site, "border");
  if (!wireTag || !border) throw new Error("the generated articles lost their tags");
  const docs: [string, FeedDocument | undefined][] = [
    ["bundled site feed", await currentDocument(siteScope(bundled, site), site)],
    ["site feed with archives", await currentDocument(wireSite, site)],
    ["site feed limited to 5", await currentDocument(wireSite, site, 5)],
    ["site archive 1 (oldest)", await archiveDocument(wireSite, site, 1)],
    ["site archive 2 (newest)", await archiveDocument(wireSite, site, 2)],
    ["tag feed with archives", await currentDocument(wireTag, site)],
    ["tag archive 1", await archiveDocument(wireTag, site, 1)],
    ["tag feed without archives", await currentDocument(border, site)],
  ];
  for (const [name, doc] of docs) {
    if (!doc) throw new Error(`${name}: no such document`);
    cases.push({ name, doc, feeds: renderAll(doc, site) });
  }
  const pushed = await currentDocument(siteScope(wire, hubSite), hubSite);
  cases.push({ name: "site feed with WebSub hubs", doc: pushed, feeds: renderAll(pushed, hubSite) });
  // Lead images, attachments (local and remote) and the site's icons (test/fixtures/media/).
  const media = await mediaCollection();
  const iconSite = { ...site, icons: media.icons };
  const withMedia = new Catalog(media);
  const harbour = tagScope(withMedia, iconSite, "harbour");
  if (!harbour) throw new Error("the media fixture lost its tag");
  for (const [name, doc] of [
    ["site feed with media and icons", await currentDocument(siteScope(withMedia, iconSite), iconSite)],
    ["tag feed with media", await currentDocument(harbour, iconSite)],
  ] as const) {
    cases.push({ name, doc, feeds: renderAll(doc, iconSite) });
  }
});

it("names every WebSub hub in each format of a subscription feed (W3C WebSub §4), and none in archives", () => {
  const pushed = cases.find((c) => c.name === "site feed with WebSub hubs")!;
  const rss = parseXml(pushed.feeds.rss).root.one("channel").all("atom:link");
  const atom = parseXml(pushed.feeds.atom).root.all("link");
  const hubsIn = (links: XmlElement[]) => links.filter((l) => l.attrs.rel === "hub").map((l) => l.attrs.href);
  expect(hubsIn(rss)).toEqual(HUBS);
  expect(hubsIn(atom)).toEqual(HUBS);
  expect(JSON.parse(pushed.feeds.json).hubs).toEqual(HUBS.map((url) => ({ type: "WebSub", url })));
  for (const c of cases.filter((c) => c !== pushed)) {
    expect(c.feeds.rss, c.name).not.toContain('rel="hub"');
    expect(c.feeds.atom, c.name).not.toContain('rel="hub"');
  }
});

afterAll(async () => {
  if (wireDir) await rm(wireDir, { recursive: true, force: true });
});

const self = (doc: FeedDocument, format: keyof FeedDocument["paths"], s: Site = site) => s.baseUrl + doc.paths[format];
const byName = (format: "rss" | "atom") => Object.fromEntries(cases.map((c, i) => [`doc-${i}.xml`, c.feeds[format]]));

it("builds archives and tag feeds from 45 generated articles", () => {
  expect(cases.map((c) => [c.name, c.doc.items.length, c.doc.archive?.isArchive])).toEqual([
    ["bundled site feed", 1, undefined],
    ["site feed with archives", 20, false],
    ["site feed limited to 5", 5, undefined],
    ["site archive 1 (oldest)", 20, true],
    ["site archive 2 (newest)", 5, true],
    ["tag feed with archives", 20, false],
    ["tag archive 1", 20, true],
    ["tag feed without archives", 15, undefined],
    ["site feed with WebSub hubs", 20, false],
    ["site feed with media and icons", 3, undefined],
    ["tag feed with media", 3, undefined],
  ]);
});

describe("Atom 1.0", () => {
  it("is well-formed XML to libxml2", async () => expect(await libxml2Errors(byName("atom"))).toEqual([]));

  it("is valid against RFC 4287 Appendix B (RELAX NG, libxml2)", async () => {
    expect(await libxml2Errors(byName("atom"), ATOM_RNG)).toEqual([]);
  });

  it("meets RFC 4287's Schematron assertions and prose rules, and RFC 5005's archive links", () => {
    for (const { name, doc, feeds } of cases) {
      const problems = atomProblems(feeds.atom, { selfUrl: self(doc, "atom"), archive: doc.archive?.isArchive });
      expect(problems, name).toEqual([]);
    }
  });
});

describe("RSS 2.0", () => {
  it("is well-formed, namespace-correct XML to libxml2", async () =>
    expect(await libxml2Errors(byName("rss"))).toEqual([]));

  it("meets the W3C Feed Validation Service's rules", () => {
    for (const { name, doc, feeds } of cases)
      expect(rssProblems(feeds.rss, { selfUrl: self(doc, "rss") }), name).toEqual([]);
  });

  it("says how often to poll in a subscription document, as <ttl> and sy:*, and not in an archive", () => {
    for (const { name, doc, feeds } of cases) {
      const ttl = /<ttl>(\d+)<\/ttl>/.exec(feeds.rss)?.[1];
      const period = /<sy:updatePeriod>(\w+)<\/sy:updatePeriod>/.exec(feeds.rss)?.[1];
      const frequency = /<sy:updateFrequency>(\d+)<\/sy:updateFrequency>/.exec(feeds.rss)?.[1];
      if (doc.archive?.isArchive) {
        expect([ttl, period, frequency], name).toEqual([undefined, undefined, undefined]);
        continue;
      }
      expect(doc.poll, name).toBeDefined();
      expect([Number(ttl), period, Number(frequency)], name).toEqual([
        doc.poll?.minutes,
        doc.poll?.period,
        doc.poll?.frequency,
      ]);
    }
  });
});

describe("JSON Feed 1.1", () => {
  it("meets the spec: required fields, field types, no undefined fields", () => {
    for (const { name, doc, feeds } of cases) {
      expect(jsonFeedProblems(feeds.json, { feedUrl: self(doc, "json") }), name).toEqual([]);
    }
  });
});

// The checkers above must be able to fail: each is shown a document broken the way the rule forbids.
describe("the checkers catch what they check", () => {
  const bundled = () => cases[0]!;
  const rss = (edit: (xml: string) => string) =>
    rssProblems(edit(bundled().feeds.rss), { selfUrl: self(bundled().doc, "rss") });
  const atom = (edit: (xml: string) => string) =>
    atomProblems(edit(bundled().feeds.atom), { selfUrl: self(bundled().doc, "atom") });

  it("RSS: an <author> without e-mail, a missing self link, a non-RFC 822 date, an undefined element", () => {
    expect(rss((x) => x.replace("<dc:creator>", "<author>newsroom</author><dc:creator>"))).toEqual([
      'item[1]/author: must be an e-mail address, found "newsroom"',
    ]);
    expect(rss((x) => x.replace(/<atom:link [^>]*rel="self"[^>]*\/>/, ""))).toEqual([
      'channel: expected one atom:link rel="self", found 0',
    ]);
    expect(rss((x) => x.replace(/<pubDate>.*<\/pubDate>/, "<pubDate>2024-07-22</pubDate>"))).toEqual([
      'item[1]/pubDate: not an RFC 822 date: "2024-07-22"',
    ]);
    expect(rss((x) => x.replace("<item>", "<item><creator>x</creator>"))).toEqual([
      "item[1]: undefined element <creator>",
    ]);
    expect(rss((x) => x.replace('isPermaLink="false"', 'isPermaLink="true"'))[0]).toMatch(/guid \(a permalink\)/);
  });

  it("RSS: a <source> that names a web page, not an RSS channel", () => {
    const page = '<source url="https://wire.example/stories/1">wire.example</source>';
    expect(rss((x) => x.replace("<dc:creator>", `${page}<dc:creator>`))).toEqual([
      "item[1]/source@url: expected the address of an RSS channel, found a page: https://wire.example/stories/1",
    ]);
    const channel = '<source url="https://wire.example/rss.xml">Wire</source>';
    expect(rss((x) => x.replace("<dc:creator>", `${channel}<dc:creator>`))).toEqual([]);
  });

  it("RSS: a <ttl> that is not whole minutes, a period sy: does not know, a frequency of none, an undeclared sy:", () => {
    expect(rss((x) => x.replace(/<ttl>\d+<\/ttl>/, "<ttl>1.5</ttl>"))).toEqual([
      'channel/ttl: not a positive integer: "1.5"',
    ]);
    expect(rss((x) => x.replace(/<sy:updatePeriod>\w+/, "<sy:updatePeriod>fortnightly"))).toEqual([
      'channel/sy:updatePeriod: not a period: "fortnightly"',
    ]);
    expect(rss((x) => x.replace(/<sy:updateFrequency>\d+/, "<sy:updateFrequency>0"))).toEqual([
      'channel/sy:updateFrequency: not a positive integer: "0"',
    ]);
    expect(rss((x) => x.replace(/ xmlns:sy="[^"]*"/, ""))).toEqual([
      'sy:updatePeriod: namespace prefix "sy" is not declared',
      'sy:updateFrequency: namespace prefix "sy" is not declared',
    ]);
  });

  it("RSS media: an enclosure's length, a second enclosure, an oversize or non-raster <image>, media:content's values", () => {
    const media = cases.find((c) => c.name === "site feed with media and icons")!;
    const mediaRss = (edit: (xml: string) => string) =>
      rssProblems(edit(media.feeds.rss), { selfUrl: self(media.doc, "rss") });
    expect(mediaRss((x) => x.replace(/(<enclosure [^>]*length=")\d+/, "$1-1"))).toEqual([
      'item[3]/enclosure: length must be a non-negative integer: "-1"',
    ]);
    expect(mediaRss((x) => x.replace(/(<enclosure [^>]*\/>)/, "$1$1"))).toEqual(["item[3]: duplicate <enclosure>"]);
    expect(mediaRss((x) => x.replace("<width>144</width>", "<width>512</width>"))).toEqual([
      'channel/image/width: must be between 1 and 144: "512"',
    ]);
    expect(mediaRss((x) => x.replace(/(<image>\s*<url>[^<]*)\.png/, "$1.svg"))).toEqual([
      "channel/image/url: image not in required format",
    ]);
    expect(mediaRss((x) => x.replace('medium="image"', 'medium="picture"'))).toEqual([
      'item[1]/media:content: invalid medium "picture"',
    ]);
    expect(mediaRss((x) => x.replace(/fileSize="\d+"/, 'fileSize="0"'))).toEqual([
      'item[1]/media:content: fileSize must be a positive integer: "0"',
    ]);
    expect(mediaRss((x) => x.replace(/<media:thumbnail url="[^"]*"/, "<media:thumbnail"))).toEqual([
      "item[1]/media:thumbnail: missing url attribute",
    ]);
    expect(mediaRss((x) => x.replace(/ xmlns:media="[^"]*"/, ""))[0]).toBe(
      'media:content: namespace prefix "media" is not declared',
    );
  });

  it("Atom media: an enclosure length that is not a number, two logos", () => {
    const media = cases.find((c) => c.name === "site feed with media and icons")!;
    const mediaAtom = (edit: (xml: string) => string) =>
      atomProblems(edit(media.feeds.atom), { selfUrl: self(media.doc, "atom") });
    expect(mediaAtom((x) => x.replace(/(rel="enclosure"[^>]*length=")\d+/, "$1big"))).toEqual([
      'entry[3]/link[@rel=enclosure]: length "big"',
    ]);
    expect(mediaAtom((x) => x.replace(/(<logo>[^<]*<\/logo>)/, "$1$1"))).toEqual(["feed: more than one <logo>"]);
  });

  it("Atom: the Schematron author rule, the alternate-or-content rule, a bad date", () => {
    const noAuthors = (x: string) => x.replace(/<author>[\s\S]*?<\/author>/g, "");
    expect(atom(noAuthors)).toEqual([
      "feed: has no author and an entry without one",
      "entry[1]: has no author and neither has its feed",
    ]);
    const noLinkNoContent = (x: string) =>
      x.replace(/<link rel="alternate" href="[^"]*articles[^>]*>/, "").replace(/<content[\s\S]*<\/content>/, "");
    expect(atom(noLinkNoContent)).toEqual(["entry[1]: has neither alternate link nor content"]);
    expect(atom((x) => x.replace(/<published>[^<]*/, "<published>2024-07-22"))).toEqual([
      'entry[1]/published: not an RFC 3339 date-time: "2024-07-22"',
    ]);
  });

  it("Atom: an id the W3C validator rejects (a UUID URN with a fragment)", () => {
    const id = (x: string) => x.replace(/<id>(urn:uuid:[^<]*)<\/id>/, "<id>$1#tags/x</id>");
    expect(atom(id)).toEqual([`feed/id: InvalidUUID "${site.feedId}#tags/x"`]);
  });

  it("Atom: the RFC 4287 schema rejects an entry without an id", async () => {
    const broken = bundled().feeds.atom.replace(/(<entry>[\s\S]*?)<id>[^<]*<\/id>/, "$1");
    expect(broken).not.toEqual(bundled().feeds.atom);
    expect(await libxml2Errors({ "broken.xml": broken })).toEqual([]);
    // libxml2 explains interleave failures obliquely; what matters is that the entry is rejected.
    expect((await libxml2Errors({ "broken.xml": broken }, ATOM_RNG)).join("\n")).toMatch(
      /element entry: Relax-NG validity error : Element entry failed to validate content/,
    );
  });

  it("JSON Feed: version 1.0, a missing body, the deprecated author, an unknown field", () => {
    const json = (edit: (feed: Record<string, unknown>) => void) => {
      const feed = JSON.parse(bundled().feeds.json);
      edit(feed);
      return jsonFeedProblems(JSON.stringify(feed), { feedUrl: self(bundled().doc, "json") });
    };
    expect(json((f) => Object.assign(f, { version: "https://jsonfeed.org/version/1" }))).toEqual([
      "version: expected 1.1, found https://jsonfeed.org/version/1",
    ]);
    expect(json((f) => Object.assign(f, { author: { name: "x" }, generator: "x" }))).toEqual([
      'feed: unknown field "generator"',
      'feed: has the deprecated 1.0 "author"',
    ]);
    expect(
      json((f) => {
        if (Array.isArray(f.items)) delete f.items[0].content_html;
      }),
    ).toEqual(["items[0]: needs content_html or content_text"]);
  });
});
