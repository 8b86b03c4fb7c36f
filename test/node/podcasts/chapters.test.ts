// src/build/podcasts/chapters.ts: Podcasting 2.0 JSON chapters read into chapters, and each malformed file
// refused at the line and field of its fault.

import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CHAPTERS_TYPE, parseChapters } from "../../../src/build/podcasts/chapters";
import { readJson } from "../../../src/build/podcasts/json-lines";

const MEDIA = join(import.meta.dirname, "../../fixtures/podcasts/media");
const read = (name: string) => readFile(join(MEDIA, name), "utf8");
/** The 1-based line of the first line of `text` that contains `part`. */
const lineWith = (text: string, part: string) => text.split("\n").findIndex((line) => line.includes(part)) + 1;

describe("chapters files", () => {
  it("are served as the format asks", () => {
    expect(CHAPTERS_TYPE).toBe("application/json+chapters");
  });

  it("read into chapters, with the optional fields each has", async () => {
    expect(parseChapters(await read("welcome-chapters.json"))).toEqual({
      chapters: [
        { startTime: 0, title: "Hello" },
        { startTime: 1.5, title: "What this show is", url: "https://example.com/about" },
      ],
    });
    expect(parseChapters(await read("markets-chapters.json"))).toEqual({
      chapters: [
        { startTime: 0, title: "Prices", img: "https://example.com/fish.jpg" },
        { startTime: 2, title: "Auction", endTime: 5 },
        { startTime: 4.5, toc: false, location: { name: "Fish market", geo: "geo:51.5,-0.1" } },
      ],
    });
  });

  it("let be fields the format does not define, and a byte order mark", () => {
    const text = '\uFEFF{"version":"1.2.0","generator":"x","chapters":[{"startTime":0,"chapterId":7}]}';
    expect(parseChapters(text)).toEqual({ chapters: [{ startTime: 0 }] });
  });
});

describe("a malformed chapters file", () => {
  it("is refused at the line of the chapter whose startTime is text", async () => {
    const text = await read("bad-chapters.json");
    expect(lineWith(text, '"ten"')).toBe(7);
    expect(parseChapters(text)).toEqual({
      line: 7,
      field: "chapters[3].startTime",
      problem: 'expected a start time in seconds, a number such as 94 or 94.5, found "ten"',
    });
  });

  it("is refused at the line of a syntax error", async () => {
    const welcome = await read("welcome-chapters.json");
    const text = welcome.replace('"Hello" },', '"Hello" }');
    expect(parseChapters(text)).toEqual({
      line: lineWith(text, "What this show is"),
      field: "",
      problem: "expected JSON, found a syntax error at column 5: Expected ',' or ']' after array element",
    });
    expect(parseChapters('{\n  "version": "1.2.0",\n  "chapters": [\n    { "startTime": O }\n  ]\n}')).toMatchObject({
      line: 4,
      field: "",
    });
    expect(parseChapters("")).toMatchObject({ line: 1, problem: expect.stringMatching(/^expected JSON, found /) });
  });

  it("is refused without its version, at the object's line", async () => {
    const text = `\n${(await read("welcome-chapters.json")).replace('  "version": "1.2.0",\n', "")}`;
    expect(parseChapters(text)).toEqual({
      line: 2,
      field: "version",
      problem: 'expected the format\'s version as text, such as "1.2.0", found nothing',
    });
    expect(parseChapters('{"version": 1.2, "chapters": []}')).toMatchObject({ field: "version" });
  });

  it("is refused with a chapter without startTime, at the chapter's opening brace", async () => {
    const welcome = await read("welcome-chapters.json");
    const text = welcome.replace('{ "startTime": 1.5, "title"', '{ "title"');
    expect(parseChapters(text)).toEqual({
      line: lineWith(text, "What this show is"),
      field: "chapters[2].startTime",
      problem: "expected a start time in seconds, a number such as 94 or 94.5, found nothing",
    });
    const spread = '{"version": "1.2.0", "chapters": [\n  {"startTime": 0},\n  {\n    "title": "x"\n  }\n]}';
    expect(parseChapters(spread)).toMatchObject({ line: 3, field: "chapters[2].startTime" });
  });

  it("is refused when a chapter starts before the one above it", async () => {
    const markets = await read("markets-chapters.json");
    const text = markets.replace('"startTime": 4.5', '"startTime": 1');
    expect(parseChapters(text)).toEqual({
      line: lineWith(text, '"startTime": 1,'),
      field: "chapters[3].startTime",
      problem: "expected a start time at or after the previous chapter's, 2, found 1",
    });
  });

  it.each([
    ['"startTime": -1', "chapters[1].startTime", "found -1"],
    ['"startTime": 0, "endTime": -2', "chapters[1].endTime", "found -2"],
    ['"startTime": 0, "title": 3', "chapters[1].title", "expected text, found 3"],
    ['"startTime": 0, "img": null', "chapters[1].img", "expected text, found null"],
    ['"startTime": 0, "toc": "no"', "chapters[1].toc", 'expected true or false, found "no"'],
    ['"startTime": 0, "location": "Paris"', "chapters[1].location", 'found "Paris"'],
    ['"startTime": 0, "location": {"name": "Paris"}', "chapters[1].location.geo", "expected text, found nothing"],
  ])("is refused for %s, at its line", (fields, field, problem) => {
    const text = `{\n  "version": "1.2.0",\n  "chapters": [\n    { ${fields} }\n  ]\n}`;
    expect(parseChapters(text)).toEqual({ line: 4, field, problem: expect.stringContaining(problem) });
  });

  it("is refused when it is not an object, or its chapters are not a list of objects", () => {
    expect(parseChapters("[]")).toMatchObject({ line: 1, field: "" });
    expect(parseChapters('{"version": "1.2.0",\n"chapters": {}}')).toMatchObject({ line: 2, field: "chapters" });
    expect(parseChapters('{"version": "1.2.0", "chapters": [\n 94]}')).toMatchObject({ line: 2, field: "chapters[1]" });
    expect(parseChapters('{"version": "1.2.0", "title": 5, "chapters": []}')).toMatchObject({ field: "title" });
  });
});

describe("the JSON reading that places problems", () => {
  it("places every value to a depth of four, and a member at its key", () => {
    const text = '{\n"a": [\n  {"b":\n    {"c": [1,\n      2]}}\n]\n}';
    const read = readJson(text);
    expect("lines" in read && Object.fromEntries(read.lines)).toEqual({
      "": 1,
      a: 2,
      "a[1]": 3,
      "a[1].b": 3,
      "a[1].b.c": 4,
    });
  });

  it("counts CR LF and a lone CR as one line end each", () => {
    expect(readJson('{\r\n"a":\r1,\r\n"b": x}')).toMatchObject({ line: 4 });
  });

  it("reads a string of 12 million characters without running out of stack", () => {
    // A content file may be up to 25 MiB; V8 runs out of stack matching a JSON string this long with a regular expression.
    const title = "x".repeat(12_000_000);
    const read = readJson(`{"version": "1",\n"chapters": [{"startTime": 0, "title": "${title}"}]}`);
    expect("lines" in read && read.lines.get("chapters[1].title")).toBe(2);
  });

  it("reads a file nested 200,000 deep without running out of stack", () => {
    const deep = `${"[".repeat(200_000)}${"]".repeat(200_000)}`;
    expect(parseChapters(`{"version": "1", "chapters": [], "x": ${deep}}`)).toEqual({ chapters: [] });
    expect(parseChapters(`{"version": "1", "chapters": [], "x": ${deep.slice(1)}}`)).toMatchObject({
      line: 1,
      field: "",
    });
  });
});
