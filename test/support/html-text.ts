// Reads HTML the way a browser-grade parser does (htmlparser2), for comparing feed and page bodies with the source.
import { DomUtils, parseDocument } from "htmlparser2";

export type HtmlDocument = ReturnType<typeof parseDocument>;

export function parseHtml(html: string): HtmlDocument {
  return parseDocument(html, { decodeEntities: true });
}

/** The text of every <p> element, in document order. */
export function paragraphTexts(html: string): string[] {
  return DomUtils.getElementsByTagName("p", parseHtml(html)).map((p) => DomUtils.textContent(p));
}

/** The text an HTML fragment shows (entities decoded, markup removed). */
export function htmlText(html: string): string {
  return DomUtils.textContent(parseHtml(html));
}
