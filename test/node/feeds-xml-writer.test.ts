// src/shared/feeds/xml-writer.js's writeXml writes the compact trees `feed` builds (and
// src/shared/feeds/corrections.ts corrects), and must write the bytes xml-js's writer writes, with the options
// `feed` passes. Held here to xml-js's own writer (by its deep path: in the tests the bare `xml-js` is our
// module, vitest.config.ts) over arbitrary trees and over every RSS and Atom document of the bundled content
// and the test sites; what it does not write, it must refuse rather than write otherwise.
import { rm } from "node:fs/promises";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import xmlJs from "xml-js/lib/js2xml.js";
import { Catalog } from "../../src/shared/catalog";
import type { Collection } from "../../src/shared/content/schema";
import { ATOM_CORRECTIONS, corrected, RSS_CORRECTIONS } from "../../src/shared/feeds/corrections";
import type { FeedDocument } from "../../src/shared/feeds/document";
import { archiveDocument, currentDocument, type Scope, siteScope, tagScope } from "../../src/shared/feeds/documents";
import { toFeed } from "../../src/shared/feeds/feed-package";
import { unwritten, writeXml, type XmlOptions, type XmlTree } from "../../src/shared/feeds/xml-writer.js";
import { siteFrom } from "../../src/shared/site";
import { CONTENT_DIR, collectionFrom, ROOT, siteVars } from "../support/feed-fixtures";
import { mediaCollection } from "../support/media-fixture";
import { writeWireFolder } from "../support/wire-articles";

/** What `feed` 6.0.0 passes to js2xml for both formats (checked below). */
const FEED_OPTIONS = { compact: true, ignoreComment: true, spaces: 4 };

function same(tree: object, options: object = FEED_OPTIONS) {
  expect(writeXml(tree as XmlTree, options as XmlOptions)).toBe(xmlJs(tree, options));
}

// Arbitrary compact trees.

/** Pieces of text that escaping, entity handling, CDATA sections and indentation could get wrong. */
const PIECES = [
  "&amp;",
  "&amp;amp;",
  "&amp",
  "&",
  "&lt;",
  "&#38;",
  "<",
  ">",
  '"',
  "'",
  "]]>",
  "]]>]]>",
  "]]",
  "]",
  "<![CDATA[",
  "$&",
  "$'",
  "\n",
  "\t",
  "\r",
  " ",
  "    ",
  "preserve",
  "😀",
  "👩‍👩‍👧",
  "\uD800",
  "\uDFFF",
  "\uDBFF\uDFFF",
  "\uDFFF\uD800",
  "\uFFFE",
  "é",
];
const surrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));
const text = fc
  .array(fc.oneof(fc.constantFrom(...PIECES), surrogate, fc.string({ unit: "binary", maxLength: 4 })), {
    maxLength: 6,
  })
  .map((pieces) => pieces.join(""));
/** Element text and attribute values: xml-js writes numbers and booleans as text. */
const scalar = fc.oneof({ weight: 4, arbitrary: text }, fc.integer(), fc.double(), fc.boolean());
const attributeValue = fc.oneof(
  { weight: 4, arbitrary: scalar },
  fc.constant("preserve"),
  fc.constant(undefined),
  fc.constant(null),
);
const ATTRIBUTE_NAMES = ["href", "rel", "type", "xml:space", "isPermaLink", "length", "xmlns:atom", "_text", "1"];
/** An object from entries, in their order (the compact form writes keys in insertion order). */
const object = <T>(entries: fc.Arbitrary<[string, T][]>) => entries.map((e) => Object.fromEntries(e));
const attributes = object(
  fc.uniqueArray(fc.tuple(fc.constantFrom(...ATTRIBUTE_NAMES), attributeValue), {
    selector: ([name]) => name,
    maxLength: 4,
  }),
);
/** Element names, some that are only names to xml-js (`_parent`, `_elements`) and numeric ones (ordered first). */
const NAMES = ["a", "b", "item", "atom:link", "media:content", "x-y", "_parent", "_elements", "0", "10"];
/** A child with no element content: text, or nothing at all (undefined, null, ""), which xml-js writes as <x/>. */
const leaf = fc.oneof(scalar, fc.constant(undefined), fc.constant(null), fc.constant(""));
const depth = fc.createDepthIdentifier();
/** The XML declaration: xml-js writes one wherever it finds it, with no indentation. */
const declaration = fc.oneof(
  fc.constant({ _attributes: { version: "1.0", encoding: "utf-8" } }),
  attributes.map((a) => ({ _attributes: a })),
  fc.constant({}),
);

const { element } = fc.letrec<{ element: Record<string, unknown>; child: unknown; single: unknown }>((tie) => ({
  single: fc.oneof({ maxDepth: 4, depthIdentifier: depth }, leaf, tie("element")),
  child: fc.oneof(tie("single"), fc.array(tie("single"), { maxLength: 3 })),
  element: object(
    fc.uniqueArray(
      fc.oneof(
        fc.tuple(fc.constant("_attributes"), attributes),
        fc.tuple(fc.constant("_text"), fc.oneof(scalar, fc.array(scalar, { maxLength: 3 }))),
        fc.tuple(fc.constant("_cdata"), fc.oneof(text, fc.array(text, { maxLength: 3 }))),
        { weight: 3, arbitrary: fc.tuple(fc.constantFrom(...NAMES), tie("child")) },
        fc.tuple(fc.constant("_declaration"), declaration),
      ),
      { selector: ([key]) => key, maxLength: 5 },
    ),
  ),
}));

/**
 * A document: a root element or several (a list of them, or text), perhaps the declaration, in any order; and
 * what xml-js reads at the root too (text, CDATA, attributes, which it skips).
 */
const tree = object(
  fc.uniqueArray(
    fc.oneof(
      fc.tuple(fc.constant("_declaration"), declaration),
      { weight: 3, arbitrary: fc.tuple(fc.constantFrom("rss", "feed", "a"), element) },
      fc.tuple(fc.constant("b"), fc.oneof(leaf, fc.array(element, { maxLength: 2 }))),
      fc.tuple(fc.constant("_text"), fc.oneof(scalar, fc.array(scalar, { maxLength: 2 }))),
      fc.tuple(fc.constant("_cdata"), fc.oneof(text, fc.array(text, { maxLength: 2 }))),
      fc.tuple(fc.constant("_attributes"), attributes),
    ),
    { selector: ([key]) => key, minLength: 1, maxLength: 4 },
  ),
);

describe("the compact-form writer, beside xml-js's", () => {
  it("is given by `feed` the options assumed here, for RSS and for Atom", () => {
    const doc: FeedDocument = {
      id: "urn:uuid:0b6c3f9e-5d1a-4c87-a2e4-7f3b9d0c6e15",
      title: "Harbour news",
      description: "News from the harbour.",
      homePath: "/",
      paths: { rss: "/rss.xml", atom: "/atom.xml", json: "/feed.json" },
      items: [],
    };
    const site = siteFrom(siteVars(), "http://origin.invalid");
    expect(unwritten(toFeed(doc, site, "rss").rss2()).options).toEqual(FEED_OPTIONS);
    expect(unwritten(toFeed(doc, site, "atom").atom1()).options).toEqual(FEED_OPTIONS);
  });

  it("writes any compact tree as xml-js does, with `feed`'s options", () => {
    fc.assert(
      fc.property(tree, (t) => same(t)),
      { numRuns: 2000 },
    );
  });

  it("indents as xml-js does with any number of spaces, none included", () => {
    fc.assert(
      fc.property(tree, fc.integer({ min: 0, max: 8 }), (t, spaces) => same(t, { ...FEED_OPTIONS, spaces })),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(tree, (t) => same(t, { compact: true })),
      { numRuns: 100 },
    );
  });

  it.each<[string, object]>([
    ["a CDATA section with several ']]>' (only the first is split)", { a: { _cdata: "x ]]> y ]]> z" } }],
    ["CDATA sections in a row", { a: { _cdata: ["a ]]", "> b", ""] } }],
    [
      "text with '&amp;' (written as is) and lone '&', '<', '>', quotes",
      { a: { _text: "&amp; & &amp;amp; <b> \"q\" 'r'" } },
    ],
    [
      "attributes: quotes escaped, nothing else; numbers and booleans; undefined and null left out",
      { a: { _attributes: { href: '?a=1&amp;b="2"<&>', n: 0, f: false, u: undefined, z: null } } },
    ],
    [
      "empty children: undefined, null, '', {}, [], empty text, attributes only",
      {
        a: { b: undefined, c: null, d: "", e: {}, f: [], g: { _text: "" }, h: { _attributes: {} }, i: { _cdata: "" } },
      },
    ],
    ["xml:space=preserve on an empty element", { a: { _attributes: { "xml:space": "preserve" } } }],
    ["xml:space=preserve with children", { a: { _attributes: { "xml:space": "preserve" }, b: { c: 1 } } }],
    [
      "numbers and booleans as element values and text",
      { a: { n: 0, m: -0, x: 1.5e300, t: true, f: false, s: { _text: 7 } } },
    ],
    ["text, CDATA and children mixed", { a: { _text: "t", b: {}, _cdata: "c", c: { _text: ["1", 2] } } }],
    ["an element with text only, then one with an empty child", { a: { b: { _text: "x" }, c: { d: {} } } }],
    ["the declaration after the root element, and one without attributes", { a: {}, _declaration: {} }],
    ["numeric names, which objects order first", { a: { z: 1, 2: 2, "1": { y: 3 } } }],
    ["arrays of elements and of scalars", { a: { item: [{ t: 1 }, "x", undefined, { _attributes: { k: "v" } }] } }],
    ["astral characters and lone surrogates", { a: { _text: "😀\uD800x\uDFFF", _attributes: { t: "\uDBFF\uDFFF" } } }],
    ["a tree of only a declaration", { _declaration: { _attributes: { version: "1.0" } } }],
  ])("writes %s as xml-js does", (_, t) => same(t));
});

describe("what it refuses, rather than write it differently from xml-js or write xml-js's nonsense", () => {
  it.each<[string, object, object, RegExp]>([
    ["a processing instruction", { _instruction: { "xml-stylesheet": {} }, a: {} }, FEED_OPTIONS, /_instruction/],
    ["a comment", { a: { _comment: "c" } }, FEED_OPTIONS, /_comment/],
    ["a doctype", { _doctype: "html", a: {} }, FEED_OPTIONS, /_doctype/],
    ["an element with no name", { "": {} }, FEED_OPTIONS, /name/],
    ["text that is undefined (xml-js writes 'undefined')", { a: { _text: undefined } }, FEED_OPTIONS, /_text/],
    ["text that is an object", { a: { _text: {} } }, FEED_OPTIONS, /_text/],
    ["CDATA that is not a string", { a: { _cdata: 1 } }, FEED_OPTIONS, /_cdata/],
    ["an attribute value that is an object", { a: { _attributes: { k: {} } } }, FEED_OPTIONS, /attribute/],
    ["attributes that are not an object", { a: { _attributes: "k" } }, FEED_OPTIONS, /_attributes/],
    ["a declaration that is not an object", { _declaration: "1.0", a: {} }, FEED_OPTIONS, /_declaration/],
    ["a list in a list", { a: { b: [[{}]] } }, FEED_OPTIONS, /list/],
    ["a value that is neither text nor an element", { a: { b: 1n } }, FEED_OPTIONS, /<b>/],
    ["the non-compact form", { a: {} }, { compact: false, spaces: 4 }, /compact/],
    [
      "an option it does not implement",
      { a: {} },
      { ...FEED_OPTIONS, fullTagEmptyElement: true },
      /fullTagEmptyElement/,
    ],
    ["indentation that is not a number of spaces", { a: {} }, { ...FEED_OPTIONS, spaces: "\t" }, /spaces/],
  ])("refuses %s", (_, t, options, message) => {
    expect(() => writeXml(t as XmlTree, options as XmlOptions)).toThrow(message);
  });
});

// The documents edgefeed writes: every RSS and Atom document (current, `?limit`, archives; the site's and
// each tag's) of the bundled content and the test sites, corrected as ./rss.ts and ./atom.ts correct them.

/** WebSub hubs and 20 items a page, so that the hub, archive and poll corrections all run. */
const VARS = { WEBSUB_HUBS: "https://hub.example/ https://push.example/websub?a=1&b=2", PAGE_SIZE: "20" };
const NASTY_SITE = { SITE_TITLE: 'Q&A &amp; <News> "daily" ]]>', SITE_AUTHOR: "AT&T &amp; Co <desk>" };

let wireDir: string;
const sites: { name: string; collection: Collection; vars: Record<string, string> }[] = [];

beforeAll(async () => {
  wireDir = await writeWireFolder(45);
  const folders = ["test/fixtures/markdown-article", "test/fixtures/relative-links", "test/fixtures/cadence/daily"];
  sites.push({ name: "content/", collection: await collectionFrom(CONTENT_DIR), vars: VARS });
  for (const folder of folders)
    sites.push({ name: folder, collection: await collectionFrom(ROOT + folder), vars: VARS });
  sites.push({ name: "test/fixtures/media", collection: await mediaCollection(), vars: VARS });
  sites.push({ name: "wire stories", collection: await collectionFrom(wireDir), vars: { ...VARS, ...NASTY_SITE } });
});

afterAll(async () => {
  if (wireDir) await rm(wireDir, { recursive: true, force: true });
});

async function* feedDocuments(scope: Scope, site: ReturnType<typeof siteFrom>): AsyncGenerator<FeedDocument> {
  yield await currentDocument(scope, site);
  yield await currentDocument(scope, site, 3);
  for (let n = 1; ; n++) {
    const archive = await archiveDocument(scope, site, n);
    if (!archive) return;
    yield archive;
  }
}

describe("every RSS and Atom document of the bundled content and the test sites", () => {
  it("is written as xml-js writes it", async () => {
    let written = 0;
    for (const { name, collection, vars } of sites) {
      const site = siteFrom(
        siteVars(vars),
        "http://origin.invalid",
        collection.icons ? { icons: collection.icons } : {},
      );
      const catalog = new Catalog(collection);
      const scopes = [siteScope(catalog, site), ...catalog.tags().map(({ tag }) => tagScope(catalog, site, tag)!)];
      for (const scope of scopes) {
        for await (const doc of feedDocuments(scope, site)) {
          const rss = unwritten(toFeed(doc, site, "rss").rss2());
          const atom = unwritten(toFeed(doc, site, "atom").atom1());
          for (const [format, { tree, options }] of [
            ["rss", { tree: corrected(rss.tree, RSS_CORRECTIONS, { doc, site }), options: rss.options }],
            ["atom", { tree: corrected(atom.tree, ATOM_CORRECTIONS, { doc, site }), options: atom.options }],
          ] as const) {
            expect(writeXml(tree, options), `${name} ${doc.paths[format]} (${doc.items.length} items)`).toBe(
              xmlJs(tree, options),
            );
            written++;
          }
        }
      }
    }
    // Enough to have met archives, tags, media, hubs and escaping (the wire stories alone have 3 pages).
    expect(written).toBeGreaterThan(50);
  });
});
