// JSON text with the line each of its values starts on, for messages that place a problem at its line:
// an episode's chapters (./chapters.ts) and JSON transcripts (./transcripts.ts). Paths count array items
// from 1, as every field a message names does ("chapters[1].startTime").
/** A JSON object (not an array, not null). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The line of a path in readJson's lines, or of its nearest recorded parent ("a.b[2].c", then "a.b[2]", …). */
export function lineOf(lines: ReadonlyMap<string, number>, path: string): number {
  let p = path;
  for (;;) {
    const line = lines.get(p);
    if (line !== undefined) return line;
    if (p === "") return 1;
    const parent = p.replace(/(?:\.?[^.[\]]+|\[\d+\])$/, "");
    p = parent === p ? "" : parent;
  }
}

/** How deep readJson records lines: a chapter's location's fields are at depth 4 (chapters[2].location.name). */
const DEPTH = 4;

/**
 * JSON text, parsed by JSON.parse, with the 1-based line each value starts on by its path ("chapters[3]",
 * "chapters[3].startTime"; "" for the whole), where a member's line is its key's; or the line and reason of a
 * syntax error. A leading byte order mark is ignored, as RFC 8259 §8.1 lets a parser do.
 */
export function readJson(
  source: string,
): { value: unknown; lines: Map<string, number> } | { line: number; problem: string } {
  const text = source.startsWith("\uFEFF") ? source.slice(1) : source;
  const scan = scanJson(text);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    // V8 states the offset for most errors ("… in JSON at position 42 (line 3 column 5)"), not for an
    // unexpected token ("Unexpected token 'x', "…" is not valid JSON"): then the scan's own offset.
    const stated = /at position (\d+)/.exec(error.message)?.[1];
    const offset = stated !== undefined ? Number(stated) : "lines" in scan ? text.length : scan.offset;
    const reason = error.message.replace(/(?: in JSON)? at position \d+.*$|, (?:\.\.\.)?".*" is not valid JSON$/s, "");
    const { line, column } = place(text, offset);
    return { line, problem: `expected JSON, found a syntax error at column ${column}: ${reason}` };
  }
  // JSON.parse and the scan read the same grammar (RFC 8259); should they ever disagree, lines fall back to 1.
  return { value, lines: "lines" in scan ? scan.lines : new Map() };
}

/** The 1-based line and column of an offset; CR LF, LF and a lone CR each end a line. */
function place(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a || (c === 0x0d && text.charCodeAt(i + 1) !== 0x0a)) {
      line++;
      start = i + 1;
    }
  }
  return { line, column: offset - start + 1 };
}

interface Frame {
  array: boolean;
  /** Undefined below DEPTH, where nothing is recorded. */
  path: string | undefined;
  count: number;
  keyLine: number;
  key: string;
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const LITERAL = /true|false|null/y;
const ESCAPED = new Set(['"', "\\", "/", "b", "f", "n", "r", "t"]);
const HEX4 = /[0-9a-fA-F]{4}/y;

/**
 * Where the string starting at `start` (its opening quote) ends, after its closing quote; -1 when it is
 * not a JSON string (§7: no control characters, only the defined escapes). A loop, not a regular
 * expression: V8 runs out of stack matching a repeated alternation over a string of a few megabytes.
 */
function stringEnd(text: string, start: number): number {
  for (let i = start + 1; i < text.length; ) {
    const c = text[i]!;
    if (c === '"') return i + 1;
    if (c < " ") return -1;
    if (c !== "\\") i++;
    else if (ESCAPED.has(text[i + 1] ?? "")) i += 2;
    else {
      HEX4.lastIndex = i + 2;
      if (text[i + 1] !== "u" || !HEX4.test(text)) return -1;
      i += 6;
    }
  }
  return -1;
}

/**
 * One pass over JSON text (RFC 8259 §2–7) that records the line of each value down to DEPTH, or the
 * offset of the first error. Iterative, with its own stack: a file nested 100,000 deep is hostile input,
 * and must not overflow the call stack.
 */
function scanJson(text: string): { lines: Map<string, number> } | { offset: number } {
  const lines = new Map<string, number>();
  const stack: Frame[] = [];
  let pos = 0;
  let line = 1;
  let expect: "value" | "key" | "colon" | "after" = "value";
  let opened = false;
  let done = false;
  const token = (pattern: RegExp) => {
    pattern.lastIndex = pos;
    const match = pattern.exec(text);
    if (match) pos += match[0].length;
    return match?.[0];
  };
  for (;;) {
    for (; pos < text.length; pos++) {
      const c = text[pos];
      if (c === "\n" || (c === "\r" && text[pos + 1] !== "\n")) line++;
      else if (c !== " " && c !== "\t" && c !== "\r") break;
    }
    if (pos >= text.length) return done ? { lines } : { offset: pos };
    if (done) return { offset: pos };
    const c = text[pos]!;
    const top = stack.at(-1);
    const closes = top !== undefined && c === (top.array ? "]" : "}");
    if (opened && top && closes && expect === (top.array ? "value" : "key")) {
      pos++;
      stack.pop();
    } else if (expect === "key") {
      const keyLine = line;
      const end = c === '"' ? stringEnd(text, pos) : -1;
      const key = end < 0 ? undefined : text.slice(pos, end);
      pos = Math.max(pos, end);
      if (key === undefined || !top) return { offset: pos };
      top.key = top.path === undefined ? "" : (JSON.parse(key) as string);
      top.keyLine = keyLine;
      expect = "colon";
      opened = false;
      continue;
    } else if (expect === "colon") {
      if (c !== ":") return { offset: pos };
      pos++;
      expect = "value";
      continue;
    } else if (expect === "after") {
      if (!top) return { offset: pos };
      if (closes) {
        pos++;
        stack.pop();
      } else if (c === ",") {
        pos++;
        top.count++;
        expect = top.array ? "value" : "key";
        continue;
      } else return { offset: pos };
    } else {
      // A value: its path and line, recorded while shallow enough.
      let path: string | undefined = "";
      let at = line;
      if (top) {
        if (top.path === undefined || stack.length > DEPTH) path = undefined;
        else if (top.array) path = `${top.path}[${top.count + 1}]`;
        else {
          path = top.path ? `${top.path}.${top.key}` : top.key;
          at = top.keyLine;
        }
      }
      if (path !== undefined) lines.set(path, at);
      opened = c === "{" || c === "[";
      if (opened) {
        pos++;
        stack.push({ array: c === "[", path, count: 0, key: "", keyLine: 0 });
        expect = c === "[" ? "value" : "key";
        continue;
      }
      if (c === '"') {
        const end = stringEnd(text, pos);
        if (end < 0) return { offset: pos };
        pos = end;
      } else if (token(c === "-" || (c >= "0" && c <= "9") ? NUMBER : LITERAL) === undefined) {
        return { offset: pos };
      }
    }
    // A value ended: the whole text's, or one in the container now on top.
    opened = false;
    done = stack.length === 0;
    expect = "after";
  }
}
