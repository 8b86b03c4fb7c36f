import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parseWire } from "../../src/build/parsers/wire";
import { type Article, ArticleSchema } from "../../src/shared/content/schema";
import { rejectionOf } from "../support/content-errors";

const options = { referenceYear: 2026, timeZone: "UTC" };
const parse = (text: string, opts = options) => parseWire(text, "content/x.txt", "x", opts);
const seed = readFileSync(
  join(import.meta.dirname, "../../content/us-mexico-partnership-fentanyl-migration.txt"),
  "utf8",
);

const errorOf = (text: string) => rejectionOf(() => parse(text));

describe("the bundled article", () => {
  let article: Article;
  beforeAll(async () => {
    article = await parse(seed);
  });

  it("is a valid article of the model", () => {
    expect(ArticleSchema.safeParse(article).success).toBe(true);
  });

  it("dates a year-less Monday, July 22 to 2024 (the latest such year not after 2026), midnight UTC", () => {
    expect(article.published).toBe("2024-07-22T00:00:00Z");
    expect(article.updated).toBe(article.published);
  });

  it("reads tags and the source id from the keywords line", () => {
    expect(article.tags).toEqual(["mexico", "us"]);
    expect(article.source).toEqual({ id: "86519" });
  });

  it("keeps the title and UTF-8 text as written", () => {
    expect(article.title).toBe("U.S., Mexico try to forge partnership on fentanyl, migration");
    expect(article.contentHtml).toContain("Andrés Manuel López Obrador");
    expect(article.contentHtml).toContain("Bárcena");
    expect(article.contentHtml).toContain("verbal barrages — often");
    expect(article.contentHtml).toContain("“closest cooperation”");
  });

  it("makes the first paragraph the summary and every paragraph a <p>, without the Source link trailer", () => {
    expect(article.summary).toBe(
      "The Biden administration has been dedicating a significant amount of time to its prickly ally and neighbor to the south, Mexico.",
    );
    const paragraphs = seed.split(/\n\s*\n/).slice(2, -1);
    expect(article.contentHtml.split("\n")).toHaveLength(paragraphs.length);
    expect(article.contentHtml).toMatch(/We believe in bridges, not in walls\.”<\/p>$/);
    expect(article.contentHtml).not.toContain("Source link");
  });

  it("has an id that depends on the wire story, not on the title or the site", async () => {
    const retitled = await parse(seed.replace("U.S., Mexico try", "U.S. and Mexico try"));
    expect(retitled.id).toBe(article.id);
    expect(article.id).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe("dates", () => {
  const body = "\nus\n\nTitle\n\nParagraph.\n";
  it.each([
    ["Monday, July 22", 2026, "2024-07-22"],
    ["Monday, July 22", 2030, "2030-07-22"],
    ["Wednesday, January 1", 2026, "2025-01-01"],
    ["Thursday, February 29", 2026, "2024-02-29"],
    ["Monday, July 22, 2019", 2026, "2019-07-22"],
  ])("%s built in %i is %s", async (line, year, date) => {
    expect((await parse(line + body, { referenceYear: year, timeZone: "UTC" })).published).toBe(`${date}T00:00:00Z`);
  });

  it("means midnight in the site's time zone, with that zone's offset", async () => {
    expect(
      (await parse(`Monday, July 22${body}`, { referenceYear: 2026, timeZone: "America/New_York" })).published,
    ).toBe("2024-07-22T00:00:00-04:00");
    expect(
      (await parse(`Monday, January 22, 2024${body}`, { referenceYear: 2026, timeZone: "Asia/Kolkata" })).published,
    ).toBe("2024-01-22T00:00:00+05:30");
  });
});

describe("structure", () => {
  it("joins hard-wrapped lines, accepts CRLF and a BOM, and takes a Source link URL", async () => {
    const a = await parse(
      "\uFEFFMonday, July 22\r\nUS Border 7\r\n\r\n\r\nTitle\r\n\r\nOne\r\ntwo\r\n\r\nThree\r\n\r\nSource link: https://example.com/s?a=1&b=2\r\n",
    );
    expect(a.contentHtml).toBe("<p>One two</p>\n<p>Three</p>");
    expect(a.tags).toEqual(["us", "border"]);
    expect(a.source).toEqual({ url: "https://example.com/s?a=1&b=2", id: "7" });
  });

  it("escapes markup in paragraphs and drops characters XML forbids", async () => {
    const a = await parse("Monday, July 22\nus\n\nA <b>&\u0001 title\n\n<script>x</script> ]]> \uFFFE done\n");
    expect(a.title).toBe("A <b>& title");
    expect(a.contentHtml).toBe("<p>&lt;script&gt;x&lt;/script&gt; ]]&gt;  done</p>");
  });
});

describe("malformed input is rejected with file, line, what was expected and what was found", () => {
  it.each([
    [
      "a misspelt weekday",
      "Mondy, July 22\nus\n\nT\n\nP\n",
      'content/x.txt:1: expected a date line such as "Monday, July 22" or "Monday, July 22, 2024", found "Mondy, July 22"\n  hint: spell the weekday and month in full, capitalised, as in the example',
    ],
    [
      "an empty file",
      "",
      'content/x.txt:1: expected a date line such as "Monday, July 22" or "Monday, July 22, 2024", found a blank line\n  hint: spell the weekday and month in full, capitalised, as in the example',
    ],
    [
      "a lower-case date",
      "monday, july 22\nus\n\nT\n\nP\n",
      'content/x.txt:1: expected a date line such as "Monday, July 22" or "Monday, July 22, 2024", found "monday, july 22"\n  hint: spell the weekday and month in full, capitalised, as in the example',
    ],
    [
      "a weekday that does not match the year",
      "Tuesday, July 22, 2024\nus\n\nT\n\nP\n",
      'content/x.txt:1: expected the weekday of July 22, 2024, which is a Monday, found "Tuesday"\n  hint: fix the weekday or the year',
    ],
    [
      "a day the month does not have",
      "Monday, February 30\nus\n\nT\n\nP\n",
      'content/x.txt:1: expected a real calendar date, found "February 30"',
    ],
    [
      "a missing keywords line",
      "Monday, July 22\n\n\nT\n\nP\n",
      'content/x.txt:2: expected a keywords line such as "mexico us 86519", found a blank line',
    ],
    [
      "a keyword with markup",
      "Monday, July 22\nus <x>\n\nT\n\nP\n",
      'content/x.txt:2: expected keywords made of letters and digits (joined by "-", "_" or "."), found "<x>"\n  hint: tags become URLs such as /tags/<tag>; spell multi-word tags like "border-wall"',
    ],
    [
      "no blank line after the keywords",
      "Monday, July 22\nus\nT\n\nP\n",
      'content/x.txt:3: expected a blank line after the keywords line, found "T"',
    ],
    [
      "no title",
      "Monday, July 22\nus\n\n\n",
      "content/x.txt:5: expected a title line after the blank line, found the end of the file",
    ],
    [
      "a title on two lines",
      "Monday, July 22\nus\n\nT\nT2\n\nP\n",
      'content/x.txt:5: expected a blank line after the title, found "T2"\n  hint: a title is a single line; separate it from the first paragraph with a blank line',
    ],
    [
      "no paragraph",
      "Monday, July 22\nus\n\nT\n\n",
      "content/x.txt:5: expected at least one paragraph after the title, found none",
    ],
    [
      "only a Source link after the title",
      "Monday, July 22\nus\n\nT\n\nSource link\n",
      "content/x.txt:5: expected at least one paragraph after the title, found none",
    ],
    [
      "a Source link before the end",
      "Monday, July 22\nus\n\nT\n\nSource link\n\nP\n",
      'content/x.txt:6: expected "Source link" only as the last line, found it before line 8',
    ],
    [
      "a Source link that is not an http(s) URL",
      "Monday, July 22\nus\n\nT\n\nP\n\nSource link: javascript:alert(1)\n",
      'content/x.txt:8: expected "Source link: " followed by an absolute http(s) URL, found "javascript:alert(1)"',
    ],
    [
      "a Source link in place of the title",
      "Monday, July 22\nus\n\nSource link\n",
      'content/x.txt:4: expected a title line, found "Source link"',
    ],
  ])("%s", async (_name, text, message) => {
    expect(await errorOf(text)).toBe(message);
  });
});

describe("line breaks", () => {
  it("accepts LF, CRLF and old Mac CR line ends alike", async () => {
    const lines = ["Monday, July 22", "us", "", "Title", "", "One", "", "Two"];
    const [lf, crlf, cr] = await Promise.all(["\n", "\r\n", "\r"].map((eol) => parse(lines.join(eol))));
    expect(crlf).toEqual(lf);
    expect(cr).toEqual(lf);
    expect(lf?.contentHtml).toBe("<p>One</p>\n<p>Two</p>");
  });
});
