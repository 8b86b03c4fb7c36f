// Property-based: any title and paragraphs (control characters, "]]>", markup, "&", emoji, right-to-left
// text, lone surrogates) give well-formed XML, valid JSON and escaped HTML in every output, and read back
// as the input minus what XML 1.0 cannot carry. Text is read back by parsers other than `feed`.

import fc from "fast-check";
import { XMLValidator } from "fast-xml-parser";
import { DomUtils } from "htmlparser2";
import { describe, expect, it } from "vitest";
import { parseMarkdown } from "../../src/build/parsers/markdown";
import { parseWire } from "../../src/build/parsers/wire";
import { type Article, ArticleSchema, type Collection } from "../../src/shared/content/schema";
import { PARSE_OPTIONS, SITE_URL, siteFeeds, siteVars, testSite } from "../support/feed-fixtures";
import { htmlText, paragraphTexts, parseHtml } from "../support/html-text";
import { libxml2Errors } from "../support/libxml2";
import { contentLine, expectedLine, expectedParagraph, paragraphs, show } from "../support/nasty-text";
import { siteApp } from "../support/site-app";
import { wireText } from "../support/wire-articles";
import { parseXml } from "../support/xml-tree";

const RUNS = 150;
const site = testSite();
const env = { ...siteVars(), SITE_TIMEZONE: "UTC" };
const DATE = new Date(Date.UTC(2024, 6, 22));

/** The article the build would make of this title and these paragraphs (parse, then the schema check). */
async function article(title: string, lines: readonly (readonly string[])[]): Promise<Article> {
  const text = wireText({ date: DATE, keywords: "test 1", title, paragraphs: lines.map((p) => p.join("\n")) });
  return ArticleSchema.parse(await parseWire(text, "content/prop.txt", "prop", PARSE_OPTIONS));
}

const collectionOf = (a: Article): Collection => ({ articles: [a], version: "prop" });

describe("arbitrary text through every output", () => {
  it("RSS and Atom are well-formed XML (fast-xml-parser strict, then libxml2) and read back the text", async () => {
    const documents: Record<string, string> = {};
    const inputs: Record<string, unknown> = {};
    await fc.assert(
      fc.asyncProperty(contentLine, paragraphs, async (title, lines) => {
        const expected = { title: expectedLine(title), paragraphs: lines.map(expectedParagraph) };
        const { rss, atom } = await siteFeeds(collectionOf(await article(title, lines)), site);
        expect(XMLValidator.validate(rss)).toBe(true);
        expect(XMLValidator.validate(atom)).toBe(true);

        const item = parseXml(rss).root.one("channel").one("item");
        expect(item.one("title").text).toBe(expected.title);
        expect(htmlText(item.one("description").text)).toBe(expected.paragraphs[0]);
        expect(paragraphTexts(item.one("content:encoded").text)).toEqual(expected.paragraphs);

        const entry = parseXml(atom).root.one("entry");
        for (const name of ["title", "summary", "content"]) expect(entry.one(name).attrs.type).toBe("html");
        expect(htmlText(entry.one("title").text)).toBe(expected.title);
        expect(htmlText(entry.one("summary").text)).toBe(expected.paragraphs[0]);
        expect(paragraphTexts(entry.one("content").text)).toEqual(expected.paragraphs);

        const n = Object.keys(inputs).length;
        documents[`rss-${n}.xml`] = rss;
        documents[`atom-${n}.xml`] = atom;
        inputs[n] = { title, lines };
      }),
      { numRuns: RUNS },
    );
    // libxml2 is the strict XML 1.0 parser (fast-xml-parser's validator accepts control characters and
    // a bare "]]>"), run once over every document the property produced.
    const errors = await libxml2Errors(documents);
    const failed = [...new Set(errors.map((e) => /^(rss|atom)-(\d+)\.xml/.exec(e)?.[2]).filter(Boolean))];
    expect(errors, `inputs: ${failed.map((n) => show(inputs[n!])).join("\n")}`).toEqual([]);
  });

  it("JSON Feed parses and carries the text exactly", async () => {
    await fc.assert(
      fc.asyncProperty(contentLine, paragraphs, async (title, lines) => {
        const { json } = await siteFeeds(collectionOf(await article(title, lines)), site);
        const [item] = JSON.parse(json).items;
        expect(item.title).toBe(expectedLine(title));
        expect(item.summary).toBe(expectedParagraph(lines[0]!));
        expect(paragraphTexts(item.content_html)).toEqual(lines.map(expectedParagraph));
      }),
      { numRuns: RUNS },
    );
  });

  it("the article page escapes everything: no markup from the text, and the text reads back", async () => {
    const page = async (a: Article) => {
      const res = await siteApp(collectionOf(a)).request(`${SITE_URL}/articles/prop`, undefined, env);
      expect(res.status).toBe(200);
      return parseHtml(await res.text());
    };
    const shape = (doc: ReturnType<typeof parseHtml>) => DomUtils.findAll(() => true, doc.children).map((e) => e.name);

    await fc.assert(
      fc.asyncProperty(contentLine, paragraphs, async (title, lines) => {
        const expected = { title: expectedLine(title), paragraphs: lines.map(expectedParagraph) };
        const doc = await page(await article(title, lines));
        // The same page for plain text has the same elements: nothing in the text became markup.
        const plain = await page(
          await article(
            "Plain",
            lines.map((p) => p.map(() => "plain")),
          ),
        );
        expect(shape(doc)).toEqual(shape(plain));

        const scripts = DomUtils.getElementsByTagName("script", doc);
        expect(scripts.map((s) => s.attribs.type)).toEqual(["application/ld+json"]);
        const ld = JSON.parse(DomUtils.textContent(scripts[0]!));
        expect(ld.headline).toBe(expected.title);
        expect(ld.description).toBe(expected.paragraphs[0]);

        const [story] = DomUtils.getElementsByTagName("article", doc);
        expect(DomUtils.textContent(DomUtils.getElementsByTagName("h1", story!)[0]!)).toBe(expected.title);
        const texts = DomUtils.getElementsByTagName("p", story!).map((p) => DomUtils.textContent(p));
        const start = texts.indexOf(expected.paragraphs[0]!);
        expect(start, show({ texts, expected })).toBeGreaterThanOrEqual(0);
        expect(texts.slice(start, start + expected.paragraphs.length)).toEqual(expected.paragraphs);
      }),
      { numRuns: RUNS },
    );
  });
});

describe("regressions", () => {
  const paragraph = "a ]]> b ]]> c <script>alert(1)</script> & &amp; 😀 שלום";

  it('splits every "]]>" in CDATA, not only the first', async () => {
    const { rss, atom } = await siteFeeds(collectionOf(await article("x ]]> y ]]> z", [[paragraph]])), site);
    expect(await libxml2Errors({ "rss.xml": rss, "atom.xml": atom })).toEqual([]);
    expect(parseXml(rss).root.one("channel").one("item").one("title").text).toBe("x ]]> y ]]> z");
    expect(paragraphTexts(parseXml(atom).root.one("entry").one("content").text)).toEqual([paragraph]);
  });

  it("removes every character XML 1.0 forbids, and nothing else", async () => {
    const title = "a\u0000b\u0008c\u000Bd\u000Ce\u001Ff\uFFFEg\uFFFFh\uD800i\uDFFFj\t😀";
    expect((await article(title, [["p"]])).title).toBe("abcdefghij\t😀");
  });

  it("ends a wire line at a lone carriage return, as at a line feed", async () => {
    await expect(article("one\rtwo", [["p"]])).rejects.toThrow('expected a blank line after the title, found "two"');
  });

  it("reads a carriage return that reaches the model as the line feed every XML reader would make of it", async () => {
    const a = await parseMarkdown(
      '---\ntitle: "one\\rtwo"\ndate: 2024-07-22\n---\nthree\n',
      "content/cr.md",
      "cr",
      PARSE_OPTIONS,
    );
    expect(a?.title).toBe("one\ntwo");
    const { rss, json } = await siteFeeds(collectionOf(a!), site);
    expect(parseXml(rss).root.one("channel").one("item").one("title").text).toBe("one\ntwo");
    expect(JSON.parse(json).items[0].title).toBe("one\ntwo");
  });
});
