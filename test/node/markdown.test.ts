import { beforeAll, describe, expect, it } from "vitest";
import { parseMarkdown } from "../../src/build/parsers/markdown";
import { type Article, ArticleSchema } from "../../src/shared/content/schema";
import { rejectionOf } from "../support/content-errors";

const options = { referenceYear: 2026, timeZone: "UTC" };
const parse = (text: string, timeZone = "UTC") => parseMarkdown(text, "content/x.md", "x", { ...options, timeZone });

const errorOf = (text: string) => rejectionOf(() => parse(text));

describe("a Markdown article", () => {
  let article: Article | null;
  beforeAll(async () => {
    article = await parse(
      '---\ntitle: "Border talks: day 2"\ndate: 2024-07-23\ntags: [Border, us, us]\nauthor: Ana Ruiz\n---\n# Heading\n\nFirst *paragraph* &amp; more.\n\nSecond.\n',
    );
  });

  it("is a valid article of the model with the front matter's fields", () => {
    expect(ArticleSchema.safeParse(article).success).toBe(true);
    expect(article).toMatchObject({
      slug: "x",
      title: "Border talks: day 2",
      published: "2024-07-23T00:00:00Z",
      updated: "2024-07-23T00:00:00Z",
      tags: ["border", "us"],
      author: "Ana Ruiz",
    });
  });

  it("renders Markdown with body headings below the page's <h1>", () => {
    expect(article?.contentHtml).toBe("<h2>Heading</h2>\n<p>First <em>paragraph</em> &amp; more.</p>\n<p>Second.</p>");
  });

  it("takes the first paragraph as plain text for the summary", () => {
    expect(article?.summary).toBe("First paragraph & more.");
  });

  it("uses summary, id and updated from the front matter when given, and restates times in the site's zone", async () => {
    const a = await parse(
      "---\ntitle: A\ndate: 2024-07-22T09:30:00+02:00\nupdated: 2024-07-23\nid: tag:news.example,2024:a\nsummary: Custom\n---\nText\n",
      "America/New_York",
    );
    expect(a).toMatchObject({
      id: "tag:news.example,2024:a",
      summary: "Custom",
      published: "2024-07-22T03:30:00-04:00",
      updated: "2024-07-23T00:00:00-04:00",
    });
  });

  it("keeps the same id when the title changes, and derives ids that are not IRIs", async () => {
    const one = await parse("---\ntitle: One\ndate: 2024-07-22\n---\nText\n");
    const two = await parse("---\ntitle: Two\ndate: 2024-07-22\n---\nText\n");
    expect(one?.id).toBe(two?.id);
    const custom = await parse("---\ntitle: A\ndate: 2024-07-22\nid: story-17\n---\nText\n");
    expect(custom?.id).toMatch(/^urn:uuid:/);
    expect(custom?.id).not.toBe(one?.id);
  });

  it("is not published when it is a draft", async () => {
    expect(await parse("---\ntitle: A\ndate: 2024-07-22\ndraft: true\n---\nText\n")).toBeNull();
  });
});

describe("the body's outline starts at <h2> and never skips a level", () => {
  // The page's <h1> is the title. Each expected level follows from the rule alone: the first heading is
  // <h2>; a heading deeper in the source than the one before it is exactly one level below it; one back
  // at a source level still open takes that level; one shallower than every open level is <h2> again;
  // nothing goes below <h6>. Blockquotes and list items are part of the same outline.
  const html = async (body: string) =>
    (await parse(`---\ntitle: A\ndate: 2024-07-22\nsummary: S\n---\n${body}\n`))?.contentHtml ?? "";

  it.each([
    ["## Details (the usual start)", "## Details", "<h2>Details</h2>"],
    ["## then ###", "## Details\n\n### Sub", "<h2>Details</h2>\n<h3>Sub</h3>"],
    ["# then ## (an author who began at #)", "# Top\n\n## Sub", "<h2>Top</h2>\n<h3>Sub</h3>"],
    ["# and ## twice", "# A\n\n## B\n\n# C\n\n## D", "<h2>A</h2>\n<h3>B</h3>\n<h2>C</h2>\n<h3>D</h3>"],
    [
      "## #### ## ###: a skipped level closes up",
      "## A\n\n#### B\n\n## C\n\n### D",
      "<h2>A</h2>\n<h3>B</h3>\n<h2>C</h2>\n<h3>D</h3>",
    ],
    ["### then ##: shallower than all before it", "### A\n\n## B", "<h2>A</h2>\n<h2>B</h2>"],
    ["# ### ##: a new level under the open <h2>", "# T\n\n### A\n\n## B", "<h2>T</h2>\n<h3>A</h3>\n<h3>B</h3>"],
    [
      "## #### ###### #### ###: back to an open level, then a new one under <h2>",
      "## A\n\n#### B\n\n###### C\n\n#### D\n\n### E",
      "<h2>A</h2>\n<h3>B</h3>\n<h4>C</h4>\n<h3>D</h3>\n<h3>E</h3>",
    ],
    [
      "# to ######: clamped at <h6>",
      "# 1\n\n## 2\n\n### 3\n\n#### 4\n\n##### 5\n\n###### 6",
      "<h2>1</h2>\n<h3>2</h3>\n<h4>3</h4>\n<h5>4</h5>\n<h6>5</h6>\n<h6>6</h6>",
    ],
    [
      "after the clamp, levels still open are taken again",
      "# 1\n\n## 2\n\n### 3\n\n#### 4\n\n##### 5\n\n###### 6\n\n##### 5b\n\n## 2b",
      "<h2>1</h2>\n<h3>2</h3>\n<h4>3</h4>\n<h5>4</h5>\n<h6>5</h6>\n<h6>6</h6>\n<h6>5b</h6>\n<h3>2b</h3>",
    ],
    ["Setext = and -", "Top\n===\n\nSub\n---", "<h2>Top</h2>\n<h3>Sub</h3>"],
    ["a heading in a blockquote", "# A\n\n> ## quoted", "<h2>A</h2>\n<blockquote>\n<h3>quoted</h3>\n</blockquote>"],
    [
      "after a blockquote",
      "## A\n\n> #### Q\n\n### B",
      "<h2>A</h2>\n<blockquote>\n<h3>Q</h3>\n</blockquote>\n<h3>B</h3>",
    ],
    [
      "a heading in a list item",
      "## A\n\n- #### In a list\n- Text\n\n## B",
      "<h2>A</h2>\n<ul>\n<li><h3>In a list</h3>\n</li>\n<li>Text</li>\n</ul>\n<h2>B</h2>",
    ],
    [
      "a # line in a code block is not a heading",
      "## A\n\n```\n# not a heading\n```\n\n### B",
      "<h2>A</h2>\n<pre><code># not a heading\n</code></pre>\n<h3>B</h3>",
    ],
    ["inline markup in a heading", "# *Details* & more", "<h2><em>Details</em> &amp; more</h2>"],
    // Headings written as HTML are headings all the same: one outline with the Markdown ones.
    ["a raw <h1> is not a second page title", "<h1>Raw</h1>\n\n## Sub", "<h2>Raw</h2><h3>Sub</h3>"],
    [
      "a raw heading that skips a level closes up, inside other HTML too",
      "## A\n\n<div><h5>Deep</h5></div>\n\n## B",
      "<h2>A</h2>\n<div><h3>Deep</h3></div><h2>B</h2>",
    ],
  ])("%s", async (_name, body, expected) => {
    expect(await html(body)).toBe(expected);
  });
});

describe("raw HTML and links are sanitised", () => {
  const html = async (body: string) =>
    (await parse(`---\ntitle: A\ndate: 2024-07-22\n---\n${body}\n`))?.contentHtml ?? "";

  it.each([
    ["Intro.\n\n<script>alert(1)</script>Text", "<p>Intro.</p>\nText"],
    [
      'Intro.\n\n<img src="https://x.example/a.png" onerror="alert(1)">',
      '<p>Intro.</p>\n<img src="https://x.example/a.png" />',
    ],
    ["[x](javascript:alert(1))", "<p><a>x</a></p>"],
    ['<a href="data:text/html,x">y</a>', "<p><a>y</a></p>"],
    ['Intro.\n\n<iframe src="https://x.example"></iframe>Text', "<p>Intro.</p>\nText"],
    ['<p style="color:red" onclick="x()">Hi <sup>2</sup></p>', "<p>Hi <sup>2</sup></p>"],
    ["Text ]]> more", "<p>Text ]]&gt; more</p>"],
  ])("%s", async (body, expected) => {
    expect(await html(body)).toBe(expected);
  });
});

describe("relative links and images are resolved against the article's address", () => {
  // The article is content/x.md, so its page is /articles/x; the site's address is left open.
  const html = async (body: string) =>
    (await parse(`---\ntitle: A\ndate: 2024-07-22\n---\n${body}\n`))?.contentHtml ?? "";
  const at = (path: string) => `https://origin.edgefeed.invalid${path}`;

  it.each([
    ["a root-relative link", "[budget](/articles/budget)", `<p><a href="${at("/articles/budget")}">budget</a></p>`],
    ["a link beside the article", "[budget](budget)", `<p><a href="${at("/articles/budget")}">budget</a></p>`],
    ["a link up a level", "[tags](../tags/us)", `<p><a href="${at("/tags/us")}">tags</a></p>`],
    ["a fragment", "[notes](#notes)", `<p><a href="${at("/articles/x#notes")}">notes</a></p>`],
    ["a query", "[more](?page=2)", `<p><a href="${at("/articles/x?page=2")}">more</a></p>`],
    ["an image", "See ![Map](/images/map.png)", `<p>See <img src="${at("/images/map.png")}" alt="Map" /></p>`],
    ["a raw HTML link", '<a href="/tags">all tags</a>', `<p><a href="${at("/tags")}">all tags</a></p>`],
    ["an absolute URL, as it is", "[x](https://other.example/a)", '<p><a href="https://other.example/a">x</a></p>'],
    ["mailto, as it is", "[mail](mailto:desk@news.example)", '<p><a href="mailto:desk@news.example">mail</a></p>'],
    ["protocol-relative, still refused", '<a href="//evil.example/a">x</a>', "<p><a>x</a></p>"],
  ])("%s", async (_name, body, expected) => {
    expect(await html(body)).toBe(expected);
  });
});

describe("malformed Markdown and front matter are rejected with file, line and fix", () => {
  it.each([
    [
      "no front matter",
      "# Hello\n\nText\n",
      'content/x.md:1: expected front matter opening with a "---" line, found "# Hello"\n  hint: start the file with "---", then "title: …" and "date: YYYY-MM-DD", then "---"',
    ],
    [
      "unterminated front matter",
      "---\ntitle: A\ndate: 2024-07-22\n\nText\n",
      'content/x.md:1: expected a closing "---" line for the front matter opened here, found the end of the file',
    ],
    [
      "a YAML syntax error",
      "---\ntitle: A\ndate: [2024\n---\nText\n",
      "content/x.md:3: expected valid YAML front matter, found a syntax error: Flow sequence in block collection must be sufficiently indented and end with a ]",
    ],
    [
      "a duplicate key",
      "---\ntitle: A\ntitle: B\ndate: 2024-07-22\n---\nText\n",
      "content/x.md:3: expected valid YAML front matter, found a syntax error: Map keys must be unique",
    ],
    [
      "front matter that is a list",
      "---\n- a\n- b\n---\nText\n",
      'content/x.md:2: expected front matter fields such as "title: …", found something else',
    ],
    [
      "empty front matter",
      "---\n---\nText\n",
      'content/x.md:2: expected front matter fields such as "title: …", found none',
    ],
    [
      "no title",
      "---\ndate: 2024-07-22\n---\nText\n",
      'content/x.md:1: expected a "title:" field in the front matter, found none',
    ],
    [
      "a title that is a list",
      "---\ntitle: [a]\ndate: 2024-07-22\n---\nText\n",
      'content/x.md:2: field "title": expected text, found ["a"]',
    ],
    [
      "no date",
      "---\ntitle: A\n---\nText\n",
      'content/x.md:1: expected a "date:" field in the front matter, found none',
    ],
    [
      "a date in words",
      "---\ntitle: A\ndate: July 22\n---\nText\n",
      'content/x.md:3: field "date": expected a date as YYYY-MM-DD or an RFC 3339 date-time, found "July 22"\n  hint: write 2024-07-22, or 2024-07-22T09:30:00Z with "Z" or an offset such as +02:00',
    ],
    [
      "an impossible date",
      "---\ntitle: A\ndate: 2024-02-30\n---\nText\n",
      'content/x.md:3: field "date": expected a date as YYYY-MM-DD or an RFC 3339 date-time, found "2024-02-30"\n  hint: write 2024-07-22, or 2024-07-22T09:30:00Z with "Z" or an offset such as +02:00',
    ],
    [
      "a date-time without an offset",
      "---\ntitle: A\ndate: 2024-07-22T09:30:00\n---\nText\n",
      'content/x.md:3: field "date": expected a date as YYYY-MM-DD or an RFC 3339 date-time, found "2024-07-22T09:30:00"\n  hint: write 2024-07-22, or 2024-07-22T09:30:00Z with "Z" or an offset such as +02:00',
    ],
    [
      "an update before the date",
      "---\ntitle: A\ndate: 2024-07-22\nupdated: 2024-07-21\n---\nText\n",
      'content/x.md:4: field "updated": expected a date not before "date" (2024-07-22T00:00:00Z), found "2024-07-21"',
    ],
    [
      "tags as a string",
      "---\ntitle: A\ndate: 2024-07-22\ntags: mexico us\n---\nText\n",
      'content/x.md:4: field "tags": expected a list of tags such as [mexico, us], each letters and digits joined by "-", "_" or ".", found "mexico us"',
    ],
    [
      "a tag with a space",
      '---\ntitle: A\ndate: 2024-07-22\ntags: [ok, "two words"]\n---\nText\n',
      'content/x.md:4: field "tags": expected a list of tags such as [mexico, us], each letters and digits joined by "-", "_" or ".", found ["ok","two words"]',
    ],
    [
      "draft that is not a boolean",
      "---\ntitle: A\ndate: 2024-07-22\ndraft: yes\n---\nText\n",
      'content/x.md:4: field "draft": expected true or false, found "yes"',
    ],
    [
      "a misspelt field",
      "---\ntittle: A\ndate: 2024-07-22\n---\nText\n",
      'content/x.md:2: expected a front matter field (title, date, updated, tags, summary, author, id, draft, image, image_alt, image_caption, attachments, show, season, episode, episode_type, transcripts, chapters, people), found "tittle"\n  hint: did you mean "title"?',
    ],
    [
      "no body",
      "---\ntitle: A\ndate: 2024-07-22\n---\n\n",
      "content/x.md:5: expected Markdown text after the front matter, found none",
    ],
    [
      "no paragraph for the summary",
      "---\ntitle: A\ndate: 2024-07-22\n---\n# Only a heading\n",
      'content/x.md:5: expected a paragraph of text to use as the summary, found none\n  hint: add a "summary:" field',
    ],
    [
      // Found by test/node/fuzz-parsers.test.ts: with a summary given, an empty body used to pass as an article.
      "a body that sanitising empties",
      '---\ntitle: "T"\ndate: 2024-07-22\nsummary: "`"\n---\n<script>x</script>\n',
      "content/x.md:6: expected Markdown text that shows something, found only markup that is removed (scripts, styles, frames)\n  hint: write the article's text after the front matter",
    ],
  ])("%s", async (_name, text, message) => {
    expect(await errorOf(text)).toBe(message);
  });
});

describe("nesting is bounded before the Markdown parser runs", () => {
  const FRONT = "---\ntitle: A\ndate: 2024-07-22\n---\n";
  const deep = (n: number, line: (i: number) => string) =>
    `${FRONT}${Array.from({ length: n }, (_, i) => line(i)).join("\n")}\n`;

  it.each([
    ["2,000 nested quotes on one line (a 4 KB file)", `${FRONT}${"> ".repeat(2000)}deep\n`, 5, "quotes and lists"],
    ["2,000 nested list markers on one line", `${FRONT}${"- ".repeat(2000)}deep\n`, 5, "quotes and lists"],
    [
      "quotes one level deeper on each line",
      deep(100, (i) => `${">".repeat(i + 1)} level ${i + 1}`),
      37,
      "quotes and lists",
    ],
    [
      "a list indented one level deeper on each line, 800 levels",
      deep(800, (i) => `${"  ".repeat(i)}- level ${i + 1}`),
      37,
      "quotes and lists",
    ],
    ["quotes and lists in turn", `${FRONT}${"> - ".repeat(500)}deep\n`, 5, "quotes and lists"],
    ["1,000 nested strong spans", `${FRONT}${"**".repeat(1000)}x${"**".repeat(1000)}\n`, 5, "emphasis and links"],
    ["2,000 nested emphases", `${FRONT}Text ${"*a ".repeat(2000)}b${" c*".repeat(2000)}\n`, 5, "emphasis and links"],
    ["HTML elements nested 100,000 deep", `${FRONT}Text\n\n${"<b>".repeat(100_000)}x\n`, 7, "HTML elements"],
    [
      "HTML elements one deeper on each line",
      deep(100, (i) => `${"  ".repeat(Math.min(i, 1))}<div>`),
      37,
      "HTML elements",
    ],
  ])("%s: refused at the line where the nesting passes 32 levels", async (_, text, line, what) => {
    expect(await errorOf(text)).toMatch(
      new RegExp(
        `^content/x\\.md:${line}: expected ${what} nested at most 32 levels deep, found deeper nesting\\n {2}hint: `,
      ),
    );
  });

  it("32 levels of quotes, of lists, of emphasis and of HTML are taken", async () => {
    const quotes = await parse(`${FRONT}Text\n\n${"> ".repeat(32)}deep\n`);
    expect(quotes?.contentHtml.match(/<blockquote>/g)).toHaveLength(32);
    const lists = await parse(
      `${FRONT}Text\n\n${Array.from({ length: 32 }, (_, i) => `${"  ".repeat(i)}- level ${i + 1}`).join("\n")}\n`,
    );
    expect(lists?.contentHtml.match(/<ul>/g)).toHaveLength(32);
    const strong = await parse(`${FRONT}${"**".repeat(16)}x${"**".repeat(16)} and *y*\n`);
    expect(strong?.contentHtml).toContain("<strong>x</strong>");
    const html = await parse(`${FRONT}Text\n\n${"<div>".repeat(32)}x${"</div>".repeat(32)}\n`);
    expect(html?.contentHtml.match(/<div>/g)).toHaveLength(32);
  });

  it('a quote taken up again after lines without ">" more than 32 times is refused at the 33rd', async () => {
    const resumed = `${FRONT}${"> quoted\nlazy\n".repeat(100)}`;
    expect(await errorOf(resumed)).toBe(
      'content/x.md:71: expected a quote whose lines start with ">", found one taken up again after a line without ">" more than 32 times\n  hint: start every line of the quote with ">"',
    );
    const fewer = await parse(`${FRONT}${"> quoted\nlazy\n".repeat(32)}\nText\n`);
    expect(fewer?.contentHtml.match(/<blockquote>/g)).toHaveLength(1);
    const wrapped = await parse(`${FRONT}> ${Array.from({ length: 200 }, (_, i) => `line ${i}`).join("\n")}\n\nText\n`);
    expect(wrapped?.contentHtml).toContain("line 199");
  });

  it("what only looks deep is not nesting: code, autolinks, unclosed list items and paragraphs", async () => {
    const code = `\`\`\`\n${Array.from({ length: 60 }, (_, i) => `${" ".repeat(i * 2)}> - <div> ${i}`).join("\n")}\n\`\`\``;
    const links = Array.from({ length: 100 }, (_, i) => `<https://example.com/${i}>`).join(" ");
    const items = `<ul>${Array.from({ length: 100 }, (_, i) => `<li>item ${i}`).join("")}</ul>`;
    const paragraphs = Array.from({ length: 100 }, (_, i) => `<p>para ${i}`).join("");
    const article = await parse(`${FRONT}Text\n\n${code}\n\n${links}\n\n${items}\n\n${paragraphs}\n`);
    expect(article?.contentHtml).toContain("https://example.com/99");
    expect(article?.contentHtml).toContain("item 99");
  });
});

describe("the summary and YAML messages", () => {
  it("takes the first paragraph with text for the summary when the body opens with an image", async () => {
    const article = await parse(
      "---\ntitle: A\ndate: 2024-07-22\n---\n![A map](https://example.com/map.png)\n\nThe talks *resumed* today.\n",
    );
    expect(article?.summary).toBe("The talks resumed today.");
  });

  it("refuses a YAML alias at its line, in front matter and in a sidecar", async () => {
    expect(await errorOf("---\ntitle: &t Fine\ndate: 2024-07-22\nsummary: *t\n---\nText\n")).toBe(
      "content/x.md:4: expected plain YAML values, found an alias (*t)\n  hint: write the value out: edgefeed does not expand YAML anchors and aliases",
    );
    const { readSidecar } = await import("../../src/build/parsers/front-matter");
    expect(
      await rejectionOf(async () => readSidecar("image: &i media/a.png\nimage_alt: *i\n", "content/story.yaml")),
    ).toBe(
      "content/story.yaml:2: expected plain YAML values, found an alias (*i)\n  hint: write the value out: edgefeed does not expand YAML anchors and aliases",
    );
  });

  it("keeps a message short however much the value holds", async () => {
    const aliases = `---\ntitle: &t Fine\ndate: 2024-07-22\ntags: [${Array.from({ length: 2000 }, () => "*t").join(", ")}]\n---\nText\n`;
    expect((await errorOf(aliases)).length).toBeLessThan(300);
    const big = `---\ntitle: A\ndate: 2024-07-22\ntags: {${Array.from({ length: 2000 }, (_, i) => `k${i}: [v${i}]`).join(", ")}}\n---\nText\n`;
    const message = await errorOf(big);
    expect(message).toMatch(/^content\/x\.md:4: field "tags": expected a list of tags/);
    expect(message.length).toBeLessThan(300);
  });
});
