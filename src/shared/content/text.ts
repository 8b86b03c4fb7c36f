// Text hygiene shared by every content format: what may enter the model, and how text becomes HTML.

/**
 * XML 1.0 (§2.2 Char) forbids C0 controls other than tab/LF/CR, U+FFFE, U+FFFF and unpaired
 * surrogates. They are dropped here, once, as text enters the model, so that no output
 * (RSS, Atom, JSON Feed, HTML) ever has to reason about them; the `feed` package would pass
 * them through raw and produce XML that strict parsers reject.
 */
const FORBIDDEN =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/gu;

/**
 * The code units FORBIDDEN can start at, surrogates paired or not, by code unit (no `u` flag, no
 * lookaround): a scan several times faster than FORBIDDEN's, which text without any of them (nearly all
 * text) skips.
 */
const SUSPECT = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/;

/** True when the text holds a character XML 1.0 forbids (the model never does: see the schema). */
export function hasXmlForbidden(text: string): boolean {
  if (!SUSPECT.test(text)) return false;
  FORBIDDEN.lastIndex = 0;
  return FORBIDDEN.test(text);
}

/** The text without the characters XML 1.0 forbids. */
export function stripXmlForbidden(text: string): string {
  return SUSPECT.test(text) ? text.replace(FORBIDDEN, "") : text;
}

/**
 * Drops what XML 1.0 forbids, then ends lines as XML 1.0 §2.11 (and HTML) readers will: "\r\n" and a
 * lone "\r" become "\n". A carriage return cannot survive a CDATA section (every XML parser reads it
 * as a line feed), so keeping it would make RSS and Atom disagree with JSON Feed about the same text.
 */
export function cleanText(text: string): string {
  return stripXmlForbidden(text).replace(/\r\n?/g, "\n");
}

const HTML_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Escapes text for HTML text and attribute values (also makes "]]>" harmless). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

/** Plain-text paragraphs as HTML paragraphs. */
export function paragraphsToHtml(paragraphs: readonly string[]): string {
  return paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join("\n");
}
