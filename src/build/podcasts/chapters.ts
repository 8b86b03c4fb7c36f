// An episode's chapters file, read as the Podcasting 2.0 JSON chapters format ("JSON Chapters Format" 1.2,
// https://github.com/Podcastindex-org/podcast-namespace/blob/main/docs/examples/chapters/jsonChapters.md):
// checked field by field, each problem placed at the line of the field or chapter that has it
// (./json-lines.ts). Chapters are counted from 1 in messages, as attachments and transcripts are.
import { foundValue } from "../errors";
import { isObject, lineOf, readJson } from "./json-lines";

/** The media type the format asks chapters files to be served with ("Content-type of 'application/json+chapters'"). */
export const CHAPTERS_TYPE = "application/json+chapters";

/** A chapter as the format defines it: only `startTime` is required. */
export interface Chapter {
  /** Seconds from the start, with fractions. */
  startTime: number;
  title?: string;
  /** The chapter's art. */
  img?: string;
  /** A page about the chapter's topic. */
  url?: string;
  /** false: a "silent" chapter, kept out of the table of contents. */
  toc?: boolean;
  endTime?: number;
  location?: { name: string; geo: string; osm?: string };
}

/** Where a chapters file is wrong: its line, the field ("chapters[2].startTime"; "" for the whole file), and what. */
export interface ChaptersProblem {
  line: number;
  field: string;
  problem: string;
}

/** Optional fields of the file and of a chapter, and the JSON type the format gives each. */
const FILE_FIELDS = {
  author: "string",
  title: "string",
  podcastName: "string",
  description: "string",
  fileName: "string",
  waypoints: "boolean",
} as const;
const CHAPTER_FIELDS = { title: "string", img: "string", url: "string", toc: "boolean" } as const;

/** A chapters file's chapters, or the first problem in it. Fields the format does not define are let be, as JSON formats do. */
export function parseChapters(text: string): { chapters: Chapter[] } | ChaptersProblem {
  const read = readJson(text);
  if ("problem" in read) return { ...read, field: "" };
  const { value, lines } = read;
  const problem = (path: string, expected: string, found: unknown): ChaptersProblem => ({
    line: lineOf(lines, path),
    field: path,
    problem: `expected ${expected}, found ${foundValue(found)}`,
  });

  if (!isObject(value)) return problem("", 'a JSON object with "version" and "chapters"', value);
  if (typeof value.version !== "string") {
    return problem("version", 'the format\'s version as text, such as "1.2.0"', value.version);
  }
  const wrong = typed(value, FILE_FIELDS, "");
  if (wrong) return problem(wrong.path, wrong.expected, wrong.found);
  if (!Array.isArray(value.chapters)) {
    return problem("chapters", "a list of chapters", value.chapters);
  }

  const chapters: Chapter[] = [];
  for (const [i, item] of value.chapters.entries()) {
    const path = `chapters[${i + 1}]`;
    if (!isObject(item)) return problem(path, 'a chapter, an object such as { "startTime": 94 }', item);
    const { startTime, endTime } = item;
    // A missing field is placed at its chapter's opening brace (lineOf falls back to the parent).
    if (typeof startTime !== "number" || !Number.isFinite(startTime) || startTime < 0) {
      return problem(`${path}.startTime`, "a start time in seconds, a number such as 94 or 94.5", startTime);
    }
    // "Chapter order is assumed to be in ascending order based on the startTime."
    const previous = chapters.at(-1);
    if (previous && startTime < previous.startTime) {
      return problem(
        `${path}.startTime`,
        `a start time at or after the previous chapter's, ${previous.startTime}`,
        startTime,
      );
    }
    if (endTime !== undefined && (typeof endTime !== "number" || !Number.isFinite(endTime) || endTime < startTime)) {
      return problem(
        `${path}.endTime`,
        `an end time in seconds, a number no less than its start time (${startTime})`,
        endTime,
      );
    }
    const wrongField = typed(item, CHAPTER_FIELDS, path);
    if (wrongField) return problem(wrongField.path, wrongField.expected, wrongField.found);
    const chapter: Chapter = { startTime };
    if (typeof item.title === "string") chapter.title = item.title;
    if (typeof item.img === "string") chapter.img = item.img;
    if (typeof item.url === "string") chapter.url = item.url;
    if (typeof item.toc === "boolean") chapter.toc = item.toc;
    if (endTime !== undefined) chapter.endTime = endTime;
    if (item.location !== undefined) {
      const { location } = item;
      const where = `${path}.location`;
      if (!isObject(location)) return problem(where, 'a place, an object with "name" and "geo"', location);
      // As the <podcast:location> tag: a name and a geo URI (RFC 5870) required, an OpenStreetMap query optional.
      const { name, geo, osm } = location;
      if (typeof name !== "string") return problem(`${where}.name`, "text", name);
      if (typeof geo !== "string") return problem(`${where}.geo`, "text", geo);
      if (osm !== undefined && typeof osm !== "string") return problem(`${where}.osm`, "text", osm);
      chapter.location = { name, geo, ...(osm === undefined ? {} : { osm }) };
    }
    chapters.push(chapter);
  }
  return { chapters };
}

type Json = "string" | "boolean";
const TYPE_NAMES: Record<Json, string> = { string: "text", boolean: "true or false" };

/** The first of `fields` present in `object` with another JSON type than the format gives it. */
function typed(object: Record<string, unknown>, fields: Record<string, Json>, path: string) {
  for (const [key, type] of Object.entries(fields)) {
    const found = object[key];
    if (found !== undefined && typeof found !== type) {
      return { path: path ? `${path}.${key}` : key, expected: TYPE_NAMES[type], found };
    }
  }
  return undefined;
}
