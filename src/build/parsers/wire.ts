// The plain-text "wire" format: date line, keywords line, blank line(s), title, paragraphs, "Source link".
import { inferYear, isValidDate, MONTHS, midnightIn, WEEKDAYS, weekdayOf } from "../../shared/content/dates";
import type { Article, Show } from "../../shared/content/schema";
import { TAG_PATTERN } from "../../shared/content/schema";
import { cleanText, paragraphsToHtml } from "../../shared/content/text";
import { ContentError, found } from "../errors";
import type { MediaLibrary, MediaSource } from "../media";
import { articleId } from "./ids";

export interface ParseOptions {
  /** The build's year: a date line without a year resolves to the latest matching year not after it. */
  referenceYear: number;
  /** IANA time zone in which a bare date means midnight. */
  timeZone: string;
  /** Where media paths lead (default: a library of the content file's folder). */
  media?: MediaSource & Pick<MediaLibrary, "unpublished">;
  /** The site's shows (content/shows/), by name: what an episode's "show:" may name. */
  shows?: ReadonlyMap<string, Show>;
}

const DATE_LINE = new RegExp(`^(${WEEKDAYS.join("|")}), (${MONTHS.join("|")}) (\\d{1,2})(?:, (\\d{4}))?$`);
const SOURCE_LINE = /^Source link(?::\s*(.*))?$/;
const DATE_EXAMPLE = 'a date line such as "Monday, July 22" or "Monday, July 22, 2024"';

interface Line {
  number: number;
  text: string;
}

export async function parseWire(text: string, file: string, slug: string, options: ParseOptions): Promise<Article> {
  const lines: Line[] = text
    .replace(/^\uFEFF/, "")
    .split(/\r\n?|\n/)
    .map((text, i) => ({ number: i + 1, text: cleanText(text).trim() }));
  const fail = (line: number, problem: string, hint?: string): never => {
    throw new ContentError(file, line, problem, hint);
  };
  const at = (i: number): Line => lines[i] ?? { number: lines.length, text: "" };

  const published = parseDateLine(at(0), options, fail);

  const keywords = at(1);
  if (keywords.text === "")
    fail(keywords.number, `expected a keywords line such as "mexico us 86519", found ${describe(keywords, lines)}`);
  const tokens = keywords.text.split(/\s+/);
  const sourceId = /^\d+$/.test(tokens.at(-1) ?? "") ? tokens.pop() : undefined;
  const tags = [...new Set(tokens.map((t) => t.toLowerCase()))];
  for (const tag of tags) {
    if (!TAG_PATTERN.test(tag)) {
      fail(
        keywords.number,
        `expected keywords made of letters and digits (joined by "-", "_" or "."), found ${found(tag)}`,
        'tags become URLs such as /tags/<tag>; spell multi-word tags like "border-wall"',
      );
    }
  }

  if (at(2).text !== "")
    fail(at(2).number, `expected a blank line after the keywords line, found ${describe(at(2), lines)}`);
  let i = 2;
  while (i < lines.length && at(i).text === "") i++;
  if (i >= lines.length) fail(at(i).number, "expected a title line after the blank line, found the end of the file");
  const title = at(i);
  if (SOURCE_LINE.test(title.text)) fail(title.number, `expected a title line, found ${found(title.text)}`);
  if (at(i + 1).text !== "" && i + 1 < lines.length) {
    fail(
      at(i + 1).number,
      `expected a blank line after the title, found ${found(at(i + 1).text)}`,
      "a title is a single line; separate it from the first paragraph with a blank line",
    );
  }

  // Paragraphs: runs of non-blank lines (hard-wrapped lines join with a space), separated by blank lines.
  const paragraphs: string[] = [];
  let source: Article["source"];
  let current: string[] = [];
  const flush = () => {
    if (current.length > 0) paragraphs.push(current.join(" "));
    current = [];
  };
  const last = lastNonBlank(lines);
  for (let j = i + 1; j < lines.length; j++) {
    const line = at(j);
    const trailer = SOURCE_LINE.exec(line.text);
    if (trailer) {
      if (j !== last)
        fail(line.number, `expected "Source link" only as the last line, found it before line ${at(last).number}`);
      source = parseSourceLink(trailer[1], sourceId, line, fail);
      continue;
    }
    if (line.text === "") flush();
    else current.push(line.text);
  }
  flush();
  if (paragraphs.length === 0) fail(at(i + 1).number, "expected at least one paragraph after the title, found none");
  if (!source && sourceId) source = { id: sourceId };

  return {
    slug,
    id: await articleId(sourceId ? `wire:${sourceId}` : `slug:${slug}`),
    title: title.text,
    published,
    updated: published,
    tags,
    summary: paragraphs[0]!,
    contentHtml: paragraphsToHtml(paragraphs),
    ...(source ? { source } : {}),
    file,
  };
}

function parseDateLine(
  line: Line,
  options: ParseOptions,
  fail: (line: number, problem: string, hint?: string) => never,
): string {
  const m = DATE_LINE.exec(line.text);
  if (!m) {
    const what = line.text === "" ? "a blank line" : found(line.text);
    return fail(
      line.number,
      `expected ${DATE_EXAMPLE}, found ${what}`,
      "spell the weekday and month in full, capitalised, as in the example",
    );
  }
  const weekday = WEEKDAYS.indexOf(m[1] as (typeof WEEKDAYS)[number]);
  const month = MONTHS.indexOf(m[2] as (typeof MONTHS)[number]) + 1;
  const day = Number(m[3]);
  if (m[4] !== undefined) {
    const date = { year: Number(m[4]), month, day };
    if (!isValidDate(date))
      return fail(line.number, `expected a real calendar date, found ${found(`${m[2]} ${day}, ${m[4]}`)}`);
    const actual = WEEKDAYS[weekdayOf(date)];
    if (actual !== m[1]) {
      return fail(
        line.number,
        `expected the weekday of ${m[2]} ${day}, ${m[4]}, which is a ${actual}, found ${found(m[1]!)}`,
        "fix the weekday or the year",
      );
    }
    return midnightIn(date, options.timeZone);
  }
  const year = inferYear(month, day, weekday, options.referenceYear);
  if (year === undefined) return fail(line.number, `expected a real calendar date, found ${found(`${m[2]} ${day}`)}`);
  return midnightIn({ year, month, day }, options.timeZone);
}

function parseSourceLink(
  url: string | undefined,
  id: string | undefined,
  line: Line,
  fail: (line: number, problem: string) => never,
): Article["source"] {
  const link = url?.trim();
  if (!link) return id ? { id } : undefined;
  let parsed: URL | undefined;
  try {
    parsed = new URL(link);
  } catch {
    parsed = undefined;
  }
  if (!parsed || (parsed.protocol !== "https:" && parsed.protocol !== "http:")) {
    return fail(line.number, `expected "Source link: " followed by an absolute http(s) URL, found ${found(link)}`);
  }
  return { url: parsed.href, ...(id ? { id } : {}) };
}

function lastNonBlank(lines: readonly Line[]): number {
  for (let j = lines.length - 1; j >= 0; j--) if (lines[j]!.text !== "") return j;
  return -1;
}

function describe(line: Line, lines: readonly Line[]): string {
  if (line.number >= lines.length && line.text === "") return "the end of the file";
  return line.text === "" ? "a blank line" : found(line.text);
}
