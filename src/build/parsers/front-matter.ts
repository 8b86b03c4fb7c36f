// YAML front matter of a Markdown article: split from the body, parsed, and checked field by field.
import { isMap, isScalar, type Node, parseDocument, visit } from "yaml";
import { formatInZone, isValidDate, midnightIn } from "../../shared/content/dates";
import { TAG_PATTERN } from "../../shared/content/schema";
import { cleanText } from "../../shared/content/text";
import { ContentError, found, foundValue } from "../errors";
import { EPISODE_FIELDS } from "./episode-fields";

export interface FrontMatter {
  title: string;
  published: string;
  updated: string;
  tags: string[];
  summary?: string;
  author?: string;
  id?: string;
  draft: boolean;
  /** The media fields as written, checked and resolved by ./media-fields.ts. */
  media: Fields;
}

/** A field as written: its value, the line of its key, and its node (for the lines of what it holds). */
export interface FieldEntry {
  value: unknown;
  line: number;
  node: unknown;
  /** The line of a position inside the YAML text. */
  lineOf: (offset: number | undefined) => number;
}
export type Fields = Map<string, FieldEntry>;

/** The fields a wire story's sidecar may hold too: its media, and what makes it an episode of a show. */
const MEDIA_FIELDS = ["image", "image_alt", "image_caption", "attachments", ...EPISODE_FIELDS] as const;
const FIELDS = ["title", "date", "updated", "tags", "summary", "author", "id", "draft", ...MEDIA_FIELDS] as const;
type Field = (typeof FIELDS)[number];

export interface Split {
  yaml: string;
  body: string;
  /** Line number (1-based) of the body's first line. */
  bodyLine: number;
}

/** Separates "---\n…\n---\n" from the Markdown that follows it. */
export function splitFrontMatter(text: string, file: string): Split {
  const lines = text.replace(/^\uFEFF/, "").split(/\r\n?|\n/);
  if (lines[0]?.trim() !== "---") {
    throw new ContentError(
      file,
      1,
      `expected front matter opening with a "---" line, found ${lines[0] ? found(lines[0]) : "a blank line"}`,
      'start the file with "---", then "title: …" and "date: YYYY-MM-DD", then "---"',
    );
  }
  const end = lines.findIndex((line, i) => i > 0 && line.trim() === "---");
  if (end < 0)
    throw new ContentError(
      file,
      1,
      'expected a closing "---" line for the front matter opened here, found the end of the file',
    );
  return { yaml: lines.slice(1, end).join("\n"), body: lines.slice(end + 1).join("\n"), bodyLine: end + 2 };
}

/**
 * The fields of a YAML mapping, each with the line its key is on; `firstLine` is the line of the YAML's
 * first line in `file`. Unknown fields, duplicates and syntax errors stop here with their line.
 */
export function readFields(
  yaml: string,
  file: string,
  firstLine: number,
  allowed: readonly string[],
  what = "front matter",
): Fields {
  const doc = parseDocument(yaml, { prettyErrors: false, uniqueKeys: true });
  const lineOf = (offset: number | undefined) =>
    offset === undefined ? firstLine : yaml.slice(0, offset).split("\n").length + firstLine - 1;
  if (doc.errors.length > 0) {
    const error = doc.errors[0]!;
    throw new ContentError(
      file,
      lineOf(error.pos[0]),
      `expected valid YAML ${what}, found a syntax error: ${error.message.split("\n")[0]}`,
    );
  }
  // An alias stands for a value written elsewhere, which fields read without its document (and 2,000
  // of them made a 32 KB message): refused where it is written, as nothing here needs one.
  let alias: { source: string; line: number } | undefined;
  visit(doc, {
    Alias(_, node) {
      alias = { source: node.source, line: lineOf(node.range?.[0]) };
      return visit.BREAK;
    },
  });
  if (alias) {
    throw new ContentError(
      file,
      alias.line,
      `expected plain YAML values, found an alias (*${alias.source.length > 40 ? `${alias.source.slice(0, 37)}...` : alias.source})`,
      "write the value out: edgefeed does not expand YAML anchors and aliases",
    );
  }
  if (!isMap(doc.contents)) {
    throw new ContentError(
      file,
      firstLine,
      `expected ${what} fields such as "${allowed[0]}: …", found ${doc.contents ? "something else" : "none"}`,
    );
  }
  const values: Fields = new Map();
  for (const pair of doc.contents.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : "";
    const line = lineOf(isScalar(pair.key) ? pair.key.range?.[0] : undefined);
    if (!allowed.includes(key)) {
      const near = closest(key, allowed);
      throw new ContentError(
        file,
        line,
        `expected a ${what} field (${allowed.join(", ")}), found ${found(key)}`,
        near ? `did you mean "${near}"?` : undefined,
      );
    }
    const node = pair.value as Node | null;
    values.set(key, { value: (node as { toJSON?: () => unknown } | null)?.toJSON?.() ?? null, line, node, lineOf });
  }
  return values;
}

/** A wire story's sidecar (content/<slug>.yaml): only the media fields, so the story stays as filed. */
export function readSidecar(yaml: string, file: string): Fields {
  return readFields(yaml, file, 1, MEDIA_FIELDS, "sidecar");
}

export function parseFrontMatter(yaml: string, file: string, timeZone: string): FrontMatter {
  // The front matter starts on line 2, after its opening "---".
  const values = readFields(yaml, file, 2, FIELDS);
  const fail = (field: Field, expected: string, hint?: string): never => {
    const entry = values.get(field);
    if (!entry) throw new ContentError(file, 1, `expected a "${field}:" field in the front matter, found none`);
    throw new ContentError(
      file,
      entry.line,
      `field "${field}": expected ${expected}, found ${foundValue(entry.value)}`,
      hint,
    );
  };
  const text = (field: Field, required: boolean): string | undefined => {
    const entry = values.get(field);
    if (!entry || entry.value === null) return required ? fail(field, "text") : undefined;
    const value = typeof entry.value === "number" ? String(entry.value) : entry.value;
    if (typeof value !== "string" || cleanText(value).trim() === "") return fail(field, "text");
    return cleanText(value).trim();
  };
  const date = (field: Field, required: boolean): string | undefined => {
    const raw = text(field, required);
    if (raw === undefined) return undefined;
    return (
      toRfc3339(raw, timeZone) ??
      fail(
        field,
        "a date as YYYY-MM-DD or an RFC 3339 date-time",
        'write 2024-07-22, or 2024-07-22T09:30:00Z with "Z" or an offset such as +02:00',
      )
    );
  };

  const published = date("date", true)!;
  const updated = date("updated", false) ?? published;
  if (Date.parse(updated) < Date.parse(published)) fail("updated", `a date not before "date" (${published})`);
  const tags = parseTags(values.get("tags")?.value, () =>
    fail("tags", 'a list of tags such as [mexico, us], each letters and digits joined by "-", "_" or "."'),
  );
  const draft = values.get("draft")?.value ?? false;
  if (typeof draft !== "boolean") fail("draft", "true or false");
  const optional = Object.fromEntries(
    (["summary", "author", "id"] as const).flatMap((f) => {
      const v = text(f, false);
      return v === undefined ? [] : [[f, v]];
    }),
  );
  const media: Fields = new Map([...values].filter(([key]) => (MEDIA_FIELDS as readonly string[]).includes(key)));
  return { title: text("title", true)!, published, updated, tags, draft: draft === true, media, ...optional };
}

function parseTags(value: unknown, fail: () => never): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) return fail();
  const tags = value.map((t) => (typeof t === "string" || typeof t === "number" ? String(t).trim().toLowerCase() : ""));
  if (!tags.every((t) => TAG_PATTERN.test(t))) return fail();
  return [...new Set(tags)];
}

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/** YYYY-MM-DD (midnight in the site's zone) or RFC 3339 (restated in the site's zone), or undefined. */
function toRfc3339(raw: string, timeZone: string): string | undefined {
  const d = DATE_ONLY.exec(raw);
  if (d) {
    const date = { year: Number(d[1]), month: Number(d[2]), day: Number(d[3]) };
    return isValidDate(date) ? midnightIn(date, timeZone) : undefined;
  }
  const t = DATE_TIME.exec(raw);
  if (!t || !isValidDate({ year: Number(t[1]), month: Number(t[2]), day: Number(t[3]) })) return undefined;
  if (Number(t[4]) > 23 || Number(t[5]) > 59 || Number(t[6]) > 60) return undefined;
  const ms = Date.parse(raw.toUpperCase().replace(" ", "T"));
  return Number.isNaN(ms) ? undefined : formatInZone(ms, timeZone);
}

function closest(key: string, allowed: readonly string[]): string | undefined {
  const lower = key.toLowerCase();
  return allowed.find((f) => f === lower || distance(f, lower) <= 2);
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const next = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = row[j]!;
      row[j] = next;
    }
  }
  return row[b.length]!;
}
