// Fuzzing both content parsers: whatever a content file holds, the build ends with a ContentError (which
// names the file and line) or a valid Article, never with another exception; inputs are bounded, so a
// parser that hangs is caught by the test's timeout. Arbitrary text, text shaped like each format, and
// mutations of a real article (the bundled wire story; a Markdown story using every feature).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ContentError } from "../../src/build/errors";
import { parseMarkdown } from "../../src/build/parsers/markdown";
import { type ParseOptions, parseWire } from "../../src/build/parsers/wire";
import { type Article, ArticleSchema } from "../../src/shared/content/schema";

const RUNS = 300;
const OPTIONS: ParseOptions = { referenceYear: 2026, timeZone: "UTC" };
const WIRE_SEED = readFileSync(
  join(import.meta.dirname, "../../content/us-mexico-partnership-fentanyl-migration.txt"),
  "utf8",
);
const MARKDOWN_SEED = `---
title: "Border talks: \\"closest cooperation\\" & more"
date: 2024-07-22T09:30:00+02:00
updated: 2024-07-23
tags: [mexico, us, border-wall]
author: Ana López
id: urn:uuid:4b7e1c1a-2f7d-4d0b-9d38-0f6a3b2c9e11
---
# Heading

First paragraph with *emphasis*, **strong**, \`code\`, a [link](https://example.com/a?b=c&d=e "t") and <sup>1</sup>.

> A quote
> over two lines

- one
- two
  1. nested

\`\`\`js
if (a < b && c > d) console.log("]]>");
\`\`\`

| a | b |
|---|:-:|
| 1 | 2 |

<figure><img src="https://example.com/i.png" alt="x" onerror="alert(1)"><figcaption>Cap</figcaption></figure>
<script>alert(1)</script>

Last line ~~struck~~ and a footnote-like [^1].
`;

type Outcome = "error" | "article" | "draft";

/** Runs a parser; a ContentError or a schema-valid article (or, for Markdown, a draft) is fine, anything else fails. */
async function outcome(parse: () => Promise<Article | null>): Promise<Outcome> {
  let article: Article | null;
  try {
    article = await parse();
  } catch (error) {
    if (error instanceof ContentError) {
      // The message names the file and a line of it.
      expect(error.message).toMatch(/^fuzz\.(txt|md):\d+: /);
      return "error";
    }
    throw error;
  }
  if (article === null) return "draft";
  const checked = ArticleSchema.safeParse(article);
  expect(checked.error?.issues ?? []).toEqual([]);
  return "article";
}

const wire = (text: string) => outcome(() => parseWire(text, "fuzz.txt", "fuzz", OPTIONS));
const markdown = (text: string) => outcome(() => parseMarkdown(text, "fuzz.md", "fuzz", OPTIONS));

/**
 * Checks the property over `numRuns` inputs and returns which outcomes they reached, so a test can also
 * show that its generator gets past the first line (reaches valid articles as well as errors).
 */
async function fuzz(inputs: fc.Arbitrary<string>, parse: (text: string) => Promise<Outcome>): Promise<Set<Outcome>> {
  const seen = new Set<Outcome>();
  await fc.assert(
    fc.asyncProperty(inputs, async (text) => {
      seen.add(await parse(text));
    }),
    { numRuns: RUNS },
  );
  return seen;
}

/** Any UTF-16 code unit, lone surrogates and controls included, weighted towards the ones formats care about. */
const unit = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom("\n", "\r\n", "\r", " ", "\t", "-", ":", "#", "*", "`", "<", ">", "&", "]") },
  { weight: 4, arbitrary: fc.string({ unit: "grapheme-ascii", minLength: 1, maxLength: 1 }) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)) },
  { weight: 1, arbitrary: fc.constantFrom("\uFEFF", "\u2028", "\u0000", "\uFFFE", "é", "😀", "\u202E") },
);
const anyText = fc.string({ unit, maxLength: 2000 });

/** Line-level edits: drop, duplicate, swap, replace with noise, splice noise into a line, cut the file short. */
type Edit = (lines: string[]) => string[];
const index = fc.nat();
const edit: fc.Arbitrary<Edit> = fc.oneof(
  index.map((i) => (lines: string[]) => lines.filter((_, j) => j !== i % lines.length)),
  index.map((i) => (lines: string[]) => lines.flatMap((l, j) => (j === i % lines.length ? [l, l] : [l]))),
  fc.tuple(index, index).map(([a, b]) => (lines: string[]) => {
    const out = [...lines];
    const [x, y] = [a % out.length, b % out.length];
    [out[x], out[y]] = [out[y]!, out[x]!];
    return out;
  }),
  fc.tuple(index, fc.string({ unit, maxLength: 60 })).map(([i, noise]) => (lines: string[]) => {
    const out = [...lines];
    out[i % out.length] = noise;
    return out;
  }),
  fc.tuple(index, index, fc.string({ unit, maxLength: 20 })).map(([i, at, noise]) => (lines: string[]) => {
    const out = [...lines];
    const line = out[i % out.length]!;
    const cut = at % (line.length + 1);
    out[i % out.length] = line.slice(0, cut) + noise + line.slice(cut);
    return out;
  }),
  index.map((i) => (lines: string[]) => lines.slice(0, (i % lines.length) + 1)),
);
const mutationsOf = (seed: string) =>
  fc.array(edit, { minLength: 1, maxLength: 6 }).map((edits) => {
    const lines = edits.reduce((ls, e) => (ls.length === 0 ? ls : e(ls)), seed.split("\n"));
    return lines.join("\n");
  });

describe("parseWire", () => {
  it("parses the seed article (the mutations below start from a valid file)", async () => {
    expect(await wire(WIRE_SEED)).toBe("article");
  });

  it("ends arbitrary text in a ContentError or a valid article", async () => {
    expect([...(await fuzz(anyText, wire))]).toContain("error");
  });

  it("ends text shaped like a wire story in a ContentError or a valid article", async () => {
    // Mostly well-formed parts with a share of broken ones, so runs reach both outcomes.
    const weekday = fc.constantFrom(
      "Monday",
      "Tuesday",
      "Wednesday",
      "Thursday",
      "Friday",
      "Saturday",
      "Sunday",
      "Mondy",
    );
    const month = fc.constantFrom("January", "February", "March", "July", "September", "December", "Jul", "");
    const year = fc.oneof({ weight: 4, arbitrary: fc.constant(null) }, fc.integer({ min: 1, max: 9999 }));
    const dateLine = fc
      .tuple(weekday, month, fc.integer({ min: 0, max: 32 }), year)
      .map(([w, m, d, y]) => `${w}, ${m} ${d}${y === null ? "" : `, ${y}`}`);
    const word = fc.oneof(
      { weight: 6, arbitrary: fc.stringMatching(/^[a-z0-9]{1,8}([-_.][a-z0-9]{1,5})?$/) },
      { weight: 1, arbitrary: fc.string({ unit, maxLength: 8 }) },
    );
    const keywords = fc.array(word, { minLength: 1, maxLength: 4 }).map((ws) => ws.join(" "));
    const line = fc.string({ unit, maxLength: 80 }).map((s) => s.replace(/[\r\n]/g, " "));
    const paragraph = fc.array(line, { minLength: 1, maxLength: 3 }).map((ls) => ls.join("\n"));
    const source = fc.oneof(
      fc.constant(""),
      fc.webUrl().map((u) => `Source link: ${u}`),
      line.map((l) => `Source link: ${l}`),
      fc.constant("Source link"),
    );
    const story = fc
      .tuple(dateLine, keywords, fc.integer({ min: 0, max: 2 }), line, fc.array(paragraph, { maxLength: 4 }), source)
      .map(([d, k, blanks, title, ps, s]) =>
        [d, k, ...Array<string>(blanks).fill(""), title, "", ps.join("\n\n"), "", s].join("\n"),
      );
    expect([...(await fuzz(story, wire))]).toEqual(expect.arrayContaining(["article", "error"]));
  });

  it("ends mutations of the seed article in a ContentError or a valid article", async () => {
    expect([...(await fuzz(mutationsOf(WIRE_SEED), wire))]).toEqual(expect.arrayContaining(["article", "error"]));
  });
});

describe("parseMarkdown", () => {
  it("parses the seed article (the mutations below start from a valid file)", async () => {
    expect(await markdown(MARKDOWN_SEED)).toBe("article");
  });

  it("ends arbitrary text in a ContentError or a valid article", async () => {
    expect([...(await fuzz(anyText, markdown))]).toContain("error");
  });

  it("ends text shaped like front matter and Markdown in a ContentError, a draft or a valid article", async () => {
    const key = fc.constantFrom("title", "date", "updated", "tags", "summary", "author", "id", "draft", "tittle", "");
    const scalar = fc.oneof(
      fc.string({ unit, maxLength: 30 }).map((s) => JSON.stringify(s)),
      fc.string({ unit: "grapheme-ascii", maxLength: 30 }),
      fc.constantFrom(
        "2024-07-22",
        "2024-02-30",
        "2024-07-22T25:00:00Z",
        "true",
        "null",
        "~",
        "[a, b]",
        "{a: 1}",
        "&x *x",
      ),
      fc.array(fc.stringMatching(/^[a-z]{1,6}$/), { maxLength: 3 }).map((ts) => `[${ts.join(", ")}]`),
    );
    const yaml = fc.array(fc.tuple(key, scalar), { maxLength: 8 }).map((fields) => {
      // Give most documents the two required fields, so the fuzzer also reaches the body.
      const base = ['title: "T"', "date: 2024-07-22"];
      return [...base, ...fields.map(([k, v]) => `${k}: ${v}`)].join("\n");
    });
    const block = fc.oneof(
      fc.string({ unit, maxLength: 120 }),
      fc.constantFrom(
        "# h",
        "###### h",
        "- a\n- b",
        "1. a\n2. b",
        "> q",
        "```\ncode\n```",
        "| a |\n|---|\n| b |",
        "---",
      ),
      fc.constantFrom(
        "<script>x</script>",
        '<img src="javascript:alert(1)">',
        "<div><p>unclosed",
        "<!-- c -->",
        "&amp;&#0;",
      ),
      fc.tuple(fc.string({ unit, maxLength: 20 }), fc.string({ unit, maxLength: 40 })).map(([t, u]) => `[${t}](${u})`),
    );
    const doc = fc
      .tuple(yaml, fc.array(block, { maxLength: 6 }))
      .map(([y, blocks]) => `---\n${y}\n---\n${blocks.join("\n\n")}\n`);
    expect([...(await fuzz(doc, markdown))]).toEqual(expect.arrayContaining(["article", "error"]));
  });

  it("ends mutations of the seed article in a ContentError, a draft or a valid article", async () => {
    expect([...(await fuzz(mutationsOf(MARKDOWN_SEED), markdown))]).toEqual(
      expect.arrayContaining(["article", "error"]),
    );
  });
});
