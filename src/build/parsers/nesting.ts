// The shapes of Markdown whose cost grows faster than their size, bounded (src/build/limits.ts says why)
// before marked and sanitize-html see them: quotes and lists nested deeper than NESTING levels, HTML
// elements written in the text likewise, and a quote taken up again after lines without ">" more than
// QUOTE_RESUMPTIONS times, line by line before marked runs, so the message names the line; emphasis and
// links nested deeper than NESTING, which marked parses recursively, as it recurses. marked recurses once
// per level and ran out of stack on 2,000 nested `>`; htmlparser2 (under sanitize-html) slows with the
// square of its elements' depth; marked re-reads the rest of a quote each time it is taken up again.
import { Lexer, type MarkedOptions, type Token, type TokensList } from "marked";
import { NESTING, QUOTE_RESUMPTIONS } from "../limits";

export type Nested = "quotes and lists" | "HTML elements" | "emphasis and links";

const FLATTEN = "flatten it: no article needs more, and deeper nesting makes the Markdown parser fail or slow down";

/** A body the build will not parse: what is wrong, and where (the body's line, 0-based, if known). */
export class TooDeep extends Error {
  constructor(
    readonly problem: string,
    readonly hint: string,
    readonly line: number | undefined,
    /** The text marked was parsing when it passed the limit, to find its line by. */
    readonly text?: string,
  ) {
    super(problem);
  }
}

const nested = (what: Nested, line: number | undefined, text?: string) =>
  new TooDeep(`expected ${what} nested at most ${NESTING} levels deep, found deeper nesting`, FLATTEN, line, text);

// CommonMark 0.31 §5: a block quote marker is ">" after at most 3 spaces; a list item marker is -, + or *,
// or 1–9 digits and "." or ")", followed by a space, a tab or the end of the line.
const LIST_MARKER = /^(?:[-+*]|\d{1,9}[.)])(?=[ \t]|$)/;
const THEMATIC_BREAK = /^(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$/;
const FENCE = /^(`{3,}|~{3,})/;
// A tag as marked passes raw HTML through (its `tag` rule): a name of letters, digits and hyphens.
const TAG = /<(\/?)([A-Za-z][A-Za-z0-9-]*)(?=[\s/>]|$)/g;
const CODE_SPAN = /(`+)[^`]*?\1/g;

// As htmlparser2 parses the HTML: void elements never open, and opening some closes others first
// (its openImpliesClose table), so that a list of unclosed <li> or <p> is not counted as nesting.
const VOID = new Set(
  "area base basefont br col command embed frame hr img input isindex keygen link meta param source track wbr".split(
    " ",
  ),
);
const CLOSES_P =
  "address article aside blockquote details div dl fieldset figcaption figure footer form header hr main nav ol pre section table ul";
const IMPLIES_CLOSE = new Map<string, Set<string>>([
  ["li", new Set(["li"])],
  ["p", new Set(["p"])],
  ["a", new Set(["a"])],
  ["tr", new Set(["tr", "th", "td"])],
  ["th", new Set(["th"])],
  ["td", new Set(["thead", "th", "td"])],
  ["dd", new Set(["dd", "dt"])],
  ["dt", new Set(["dd", "dt"])],
  ["rt", new Set(["rt", "rp"])],
  ["rp", new Set(["rt", "rp"])],
  ["option", new Set(["option"])],
  ["optgroup", new Set(["optgroup", "option"])],
  ["tbody", new Set(["thead", "tbody"])],
  ["tfoot", new Set(["thead", "tbody"])],
  ...["h1", "h2", "h3", "h4", "h5", "h6"].map((h): [string, Set<string>] => [
    h,
    new Set(["h1", "h2", "h3", "h4", "h5", "h6", "p"]),
  ]),
  ...CLOSES_P.split(" ").map((tag): [string, Set<string>] => [tag, new Set(["p"])]),
]);

/** Columns of white space from `pos` (a tab runs to the next multiple of 4), and where it ends. */
function indent(line: string, pos: number, col: number) {
  let next = pos;
  let at = col;
  while (line[next] === " " || line[next] === "\t") {
    at = line[next] === "\t" ? at + 4 - (at % 4) : at + 1;
    next++;
  }
  return { width: at - col, next, col: at };
}

/**
 * Where a body first nests deeper than NESTING levels of quotes and lists, or of HTML elements, or takes
 * a quote up again too often, as a TooDeep with the line; nothing when it does neither. Block structure
 * follows CommonMark's container rules closely enough that real text is never refused (code, fenced or
 * indented, is skipped); where it is unsure it counts a level more, never one less.
 */
export function checkNesting(body: string): TooDeep | undefined {
  /** Open containers: a quote, or a list item with the column its content starts at. */
  const open: { quote: boolean; content: number }[] = [];
  let fence: { mark: string; depth: number } | undefined;
  let paragraph = false;
  const elements: string[] = [];
  let lazyQuote = false;
  let resumptions = 0;
  const lines = body.split("\n");
  for (const [i, line] of lines.entries()) {
    let pos = 0;
    let col = 0;
    let matched = 0;
    for (const container of open) {
      const space = indent(line, pos, col);
      if (container.quote) {
        if (space.width > 3 || line[space.next] !== ">") break;
        pos = space.next + 1;
        col = space.col + 1;
        if (line[pos] === " ") [pos, col] = [pos + 1, col + 1];
      } else if (space.next < line.length) {
        if (space.col < container.content) break;
        [pos, col] = [space.next, space.col];
      }
      matched++;
    }
    if (fence) {
      if (matched >= fence.depth) {
        const end = indent(line, pos, col);
        const closing = FENCE.exec(line.slice(end.next))?.[1];
        if (
          end.width <= 3 &&
          closing !== undefined &&
          closing[0] === fence.mark[0] &&
          closing.length >= fence.mark.length
        ) {
          fence = undefined;
        }
        continue;
      }
      fence = undefined;
    }
    // A ">" line right after a lazy one takes the quote up again: marked re-reads the rest of it then.
    if (lazyQuote && /^[ \t]*>/.test(line) && ++resumptions > QUOTE_RESUMPTIONS) {
      return new TooDeep(
        `expected a quote whose lines start with ">", found one taken up again after a line without ">" more than ${QUOTE_RESUMPTIONS} times`,
        'start every line of the quote with ">"',
        i,
      );
    }
    const start = indent(line, pos, col);
    const text = line.slice(start.next);
    const opensBlock = /^(?:>|#{1,6}(?:[ \t]|$))/.test(text) || LIST_MARKER.test(text) || FENCE.test(text);
    const lazy = matched < open.length && paragraph && text.trim() !== "" && !opensBlock && start.width < 4;
    lazyQuote = lazy && open.some((container) => container.quote);
    if (!lazy) {
      if (matched < open.length) paragraph = false;
      open.length = matched;
      for (;;) {
        const space = indent(line, pos, col);
        if (space.width > 3) break;
        const rest = line.slice(space.next);
        if (rest.startsWith(">")) {
          open.push({ quote: true, content: 0 });
          pos = space.next + 1;
          col = space.col + 1;
          if (line[pos] === " ") [pos, col] = [pos + 1, col + 1];
        } else {
          const marker = LIST_MARKER.exec(rest);
          if (!marker || THEMATIC_BREAK.test(rest.trimEnd())) break;
          const end = space.next + marker[0].length;
          const after = indent(line, end, space.col + marker[0].length);
          // The content starts 1–4 columns after the marker; more is indented code inside the item.
          const gap = after.next >= line.length || after.width > 4 ? 1 : after.width;
          open.push({ quote: false, content: space.col + marker[0].length + gap });
          [pos, col] = gap === after.width ? [after.next, after.col] : [end + 1, space.col + marker[0].length + 1];
        }
        paragraph = false;
        if (open.length > NESTING) return nested("quotes and lists", i);
      }
    }
    const leaf = indent(line, pos, col);
    const content = line.slice(leaf.next);
    if (content.trim() === "") {
      paragraph = false;
      continue;
    }
    if (leaf.width >= 4 && !paragraph) continue; // indented code
    const opening = leaf.width <= 3 ? FENCE.exec(content) : null;
    if (opening?.[1] && !(opening[1][0] === "`" && content.slice(opening[1].length).includes("`"))) {
      fence = { mark: opening[1], depth: open.length };
      paragraph = false;
      continue;
    }
    paragraph = !/^#{1,6}(?:[ \t]|$)/.test(content) && !THEMATIC_BREAK.test(content.trimEnd());
    for (const tag of content.replace(CODE_SPAN, (span) => " ".repeat(span.length)).matchAll(TAG)) {
      const name = tag[2]!.toLowerCase();
      if (tag[1]) {
        const at = elements.lastIndexOf(name);
        if (at >= 0) elements.length = at;
        continue;
      }
      const closes = IMPLIES_CLOSE.get(name);
      while (closes && elements.length > 0 && closes.has(elements.at(-1)!)) elements.pop();
      if (VOID.has(name)) continue;
      elements.push(name);
      if (elements.length > NESTING) return nested("HTML elements", i);
    }
  }
  return undefined;
}

/**
 * marked's lexer, counting how deep it recurses (a level of quotes or lists re-lexes the block inside it;
 * a level of emphasis or links, the text inside it), and stopping with a TooDeep past NESTING levels.
 * checkNesting has refused deep quotes and lists before marked runs: here they are a second line of
 * defence, and emphasis and links the first.
 */
class BoundedLexer<P = string, R = string> extends Lexer<P, R> {
  #depth = 0;

  override blockTokens(src: string, tokens?: Token[], lastParagraphClipped?: boolean): Token[];
  override blockTokens(src: string, tokens?: TokensList, lastParagraphClipped?: boolean): TokensList;
  override blockTokens(src: string, tokens?: Token[] | TokensList, lastParagraphClipped?: boolean) {
    return this.#nested("quotes and lists", src, () => super.blockTokens(src, tokens as Token[], lastParagraphClipped));
  }

  override inlineTokens(src: string, tokens: Token[] = []): Token[] {
    return this.#nested("emphasis and links", src, () => super.inlineTokens(src, tokens));
  }

  #nested<T>(what: Nested, src: string, parse: () => T): T {
    // The outermost call is the body itself, not a level of nesting.
    if (this.#depth > NESTING) throw nested(what, undefined, src);
    this.#depth++;
    try {
      return parse();
    } finally {
      this.#depth--;
    }
  }
}

/** marked's hook for the lexer it uses: a BoundedLexer, new for each body. */
export function boundedLexer() {
  return <P = string, R = string>(src: string, options?: MarkedOptions<P, R>): Token[] =>
    new BoundedLexer<P, R>(options).lex(src);
}
