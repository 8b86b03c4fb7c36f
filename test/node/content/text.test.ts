// src/shared/content/text.ts: what text may enter the model (XML 1.0 §2.2 Char, whatever the output format),
// how its lines end (§2.11), and how it becomes HTML. Checked against the Char production itself.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  cleanText,
  escapeHtml,
  hasXmlForbidden,
  paragraphsToHtml,
  stripXmlForbidden,
} from "../../../src/shared/content/text";

/** XML 1.0 §2.2: Char ::= #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]. */
const isXmlChar = (cp: number) =>
  cp === 0x9 ||
  cp === 0xa ||
  cp === 0xd ||
  (cp >= 0x20 && cp <= 0xd7ff) ||
  (cp >= 0xe000 && cp <= 0xfffd) ||
  (cp >= 0x10000 && cp <= 0x10ffff);
/** By code point; an unpaired surrogate comes out on its own, as a code point no Char covers. */
const xmlOnly = (text: string) => [...text].filter((c) => isXmlChar(c.codePointAt(0)!)).join("");

/**
 * Text of any UTF-16 code units, weighted towards the edges of the rule: C0 controls, surrogates (lone,
 * paired, reversed), U+FFFE/U+FFFF, line ends. (fast-check's "binary" strings take seconds to set up.)
 */
const anyText = fc.string({
  unit: fc.oneof(
    fc.integer({ min: 0, max: 0xffff }).map((n) => String.fromCharCode(n)),
    fc.integer({ min: 0xd800, max: 0xdfff }).map((n) => String.fromCharCode(n)),
    fc.integer({ min: 0, max: 0x20 }).map((n) => String.fromCharCode(n)),
    fc.constantFrom("\uFFFE", "\uFFFF", "\uFFFD", "\uD83D\uDE00", "\u{10FFFF}", "\r\n", "a"),
  ),
});

describe("hasXmlForbidden", () => {
  it.each([
    ["NUL", "a\u0000b"],
    ["a C0 control", "a\u0001b"],
    ["vertical tab", "a\u000Bb"],
    ["form feed", "a\u000Cb"],
    ["unit separator", "a\u001Fb"],
    ["U+FFFE", "a\uFFFEb"],
    ["U+FFFF", "a\uFFFFb"],
    ["a lone high surrogate", "a\uD83Db"],
    ["a lone low surrogate", "a\uDE00b"],
    ["a surrogate pair the wrong way round", "\uDE00\uD83D"],
    ["a high surrogate at the end", "a\uD83D"],
  ])("finds %s", (_, text) => {
    expect(hasXmlForbidden(text)).toBe(true);
  });

  it.each([
    ["tab, line feed and carriage return", "a\tb\nc\rd"],
    ["DEL and C1 controls (Char allows them)", "a\u007F\u0085\u009Fb"],
    ["U+FFFD", "\uFFFD"],
    ["a surrogate pair (an emoji)", "\uD83D\uDE00"],
    ["text from other scripts", "López, 東京, Ελλάδα, עברית"],
    ["the last code point", "\u{10FFFF}"],
    ["nothing", ""],
  ])("passes %s", (_, text) => {
    expect(hasXmlForbidden(text)).toBe(false);
  });

  it("gives the same answer each time it is asked (a global pattern keeps state between calls)", () => {
    for (let i = 0; i < 3; i++) {
      expect(hasXmlForbidden("x\u0000")).toBe(true);
      expect(hasXmlForbidden("\u0000")).toBe(true);
      expect(hasXmlForbidden("clean")).toBe(false);
    }
  });

  it("agrees with the Char production on any text", () => {
    fc.assert(
      fc.property(anyText, (text) => {
        expect(hasXmlForbidden(text)).toBe(xmlOnly(text) !== text);
      }),
      { numRuns: 500 },
    );
  });
});

describe("stripXmlForbidden", () => {
  it("drops forbidden characters and keeps every other one", () => {
    expect(stripXmlForbidden("a\u0000b\uFFFEc\uD83Dd\uD83D\uDE00e\tf")).toBe("abcd\uD83D\uDE00e\tf");
  });

  it("leaves exactly the Char production's characters, on any text", () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const stripped = stripXmlForbidden(text);
        expect(stripped).toBe(xmlOnly(text));
        expect(hasXmlForbidden(stripped)).toBe(false);
      }),
      { numRuns: 500 },
    );
  });
});

describe("cleanText", () => {
  it.each([
    ["a\r\nb", "a\nb"],
    ["a\rb", "a\nb"],
    ["a\r\r\nb", "a\n\nb"],
    ["a\n\rb", "a\n\nb"],
    ["a\nb", "a\nb"],
    // Forbidden characters go first: a CR and LF they separated become one line end.
    ["a\r\u0000\nb", "a\nb"],
    ["a\u000B\r\nb\u0000", "a\nb"],
  ])("%o → %o", (text, cleaned) => {
    expect(cleanText(text)).toBe(cleaned);
  });

  it("leaves no carriage return and nothing XML forbids, on any text", () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const cleaned = cleanText(text);
        expect(cleaned).not.toContain("\r");
        expect(hasXmlForbidden(cleaned)).toBe(false);
      }),
      { numRuns: 500 },
    );
  });
});

describe("escapeHtml", () => {
  it("escapes the five characters that end text or an attribute value", () => {
    expect(escapeHtml(`<a href="x" title='y'>Tom & Jerry</a>`)).toBe(
      "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;Tom &amp; Jerry&lt;/a&gt;",
    );
  });

  it("escapes an entity again rather than trusting it, and makes a CDATA end harmless", () => {
    expect(escapeHtml("&amp; &lt;")).toBe("&amp;amp; &amp;lt;");
    expect(escapeHtml("]]>")).toBe("]]&gt;");
  });

  it("leaves everything else as it is", () => {
    expect(escapeHtml("López — “quoted” 東京 \uD83D\uDE00 ` = /")).toBe("López — “quoted” 東京 \uD83D\uDE00 ` = /");
  });

  it("round-trips through an HTML parser's decoding of the five entities, on any text", () => {
    const decode = (html: string) =>
      html.replace(/&(amp|lt|gt|quot|#39);/g, (_, name: string) =>
        name === "amp" ? "&" : name === "lt" ? "<" : name === "gt" ? ">" : name === "quot" ? '"' : "'",
      );
    fc.assert(
      fc.property(fc.string(), (text) => {
        const html = escapeHtml(text);
        expect(html).not.toMatch(/[<>"']/);
        expect(html.replace(/&(amp|lt|gt|quot|#39);/g, "")).not.toContain("&");
        expect(decode(html)).toBe(text);
      }),
      { numRuns: 500 },
    );
  });
});

describe("paragraphsToHtml", () => {
  it("makes each paragraph a <p> of escaped text, one to a line", () => {
    expect(paragraphsToHtml(["Prices < costs & rising.", "Second."])).toBe(
      "<p>Prices &lt; costs &amp; rising.</p>\n<p>Second.</p>",
    );
  });

  it("is empty for no paragraphs", () => {
    expect(paragraphsToHtml([])).toBe("");
  });
});
