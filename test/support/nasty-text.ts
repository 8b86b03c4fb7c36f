// Arbitrary article text for property tests, and what the text must read back as after publishing,
// computed from the specs (XML 1.0 §2.2 Char, the wire format's line rules), not from edgefeed's code.
import fc from "fast-check";

/** Strings chosen to break escaping, CDATA sections, HTML, JSON or bidirectional text. */
const NASTY = [
  "]]>",
  "]]>]]>",
  "]]",
  ">",
  "<![CDATA[",
  "<script>alert(1)</script>",
  "</script>",
  "<script>",
  "<p>",
  "</p>",
  "<!--",
  "-->",
  "&",
  "&amp;",
  "&lt;",
  "&#0;",
  "&#x1F600;",
  "&nbsp;",
  '"',
  "'",
  "\\u003c",
  "😀",
  "👩‍👩‍👧",
  "🇲🇽",
  "שלום עולם",
  "مرحبا",
  "\u202E",
  "\u200F",
  "\u200D",
  "\u00A0",
  "\u2028",
  "\u0085",
  "\u009F",
  "\uFEFF",
  "\uFFFD",
  "\uFFFE",
  "\uFFFF",
  "\uD800",
  "\uDFFF",
  "\uDBFF\uDFFF",
  "\t",
  "\r",
  " ",
  "Source link",
];

const char = (from: number, to: number) => fc.integer({ min: from, max: to }).map((c) => String.fromCharCode(c));
/** C0 controls except LF (which ends a line), and lone surrogate code units. */
const control = fc.oneof(char(0x00, 0x09), char(0x0b, 0x1f));
const surrogate = char(0xd800, 0xdfff);

const piece = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...NASTY) },
  { weight: 2, arbitrary: control },
  { weight: 1, arbitrary: surrogate },
  { weight: 3, arbitrary: fc.string({ unit: "binary", maxLength: 6 }).filter((s) => !s.includes("\n")) },
  { weight: 2, arbitrary: fc.constantFrom("word", "Mexico", "López", "a", "b", "1") },
);

/** One raw line of wire text: no line break (LF, CR or CRLF: the wire format breaks lines at each), anything else. */
export const rawLine = fc
  .array(piece, { minLength: 1, maxLength: 10 })
  .map((p) => p.join("").replace(/[\r\n]/g, ""))
  .filter((l) => l !== "");

/** XML 1.0 §2.2 Char: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]. */
function isXmlChar(c: number): boolean {
  return (
    c === 0x9 ||
    c === 0xa ||
    c === 0xd ||
    (c >= 0x20 && c <= 0xd7ff) ||
    (c >= 0xe000 && c <= 0xfffd) ||
    (c >= 0x10000 && c <= 0x10ffff)
  );
}

/** The input without the characters XML 1.0 cannot carry (for…of yields lone surrogates on their own). */
export function withoutForbidden(s: string): string {
  let out = "";
  for (const ch of s) if (isXmlChar(ch.codePointAt(0)!)) out += ch;
  return out;
}

/**
 * A wire line as the model holds it: forbidden characters removed, line ends normalised as every XML
 * reader normalises them (XML 1.0 §2.11: "\r\n" and a lone "\r" are read as "\n"), then trimmed.
 */
export function expectedLine(raw: string): string {
  return withoutForbidden(raw).replace(/\r\n?/g, "\n").trim();
}

/** A line that survives as content: not blank once cleaned, and not a "Source link" trailer. */
export const contentLine = rawLine.filter((l) => expectedLine(l) !== "" && !expectedLine(l).startsWith("Source link"));

/** Paragraphs of 1–3 hard-wrapped lines each; the expected text joins a paragraph's lines with a space. */
export const paragraphs = fc.array(fc.array(contentLine, { minLength: 1, maxLength: 3 }), {
  minLength: 1,
  maxLength: 4,
});

export function expectedParagraph(lines: readonly string[]): string {
  return lines.map(expectedLine).join(" ");
}

/** Printable form of a failing input, with every unusual character escaped. */
export function show(value: unknown): string {
  return JSON.stringify(value, (_k, v) =>
    typeof v === "string" ? v.replace(/[^\x20-\x7e]/gu, (c) => `\\u{${c.codePointAt(0)!.toString(16)}}`) : v,
  );
}
