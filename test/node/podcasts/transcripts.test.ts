// src/build/podcasts/transcripts.ts: WebVTT, SRT and Podcasting 2.0 JSON transcripts, each rule shown the
// text it refuses and the line of the fault in it.

import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { TRANSCRIPT_TYPES, transcriptProblem } from "../../../src/build/podcasts/transcripts";

const MEDIA = join(import.meta.dirname, "../../fixtures/podcasts/media");
const read = (name: string) => readFile(join(MEDIA, name), "utf8");
/** The 1-based line of the first line of `text` that contains `part`. */
const lineWith = (text: string, part: string) => text.split("\n").findIndex((line) => line.includes(part)) + 1;

describe("transcripts", () => {
  it("names each format's media type as <podcast:transcript> states it", () => {
    expect(TRANSCRIPT_TYPES).toEqual({ vtt: "text/vtt", srt: "application/x-subrip", json: "application/json" });
  });

  it.each([
    ["welcome.vtt", "vtt"],
    ["markets.vtt", "vtt"],
    ["welcome.srt", "srt"],
    ["welcome.json", "json"],
  ] as const)("accepts %s", async (name, format) => {
    expect(transcriptProblem(await read(name), format)).toBeUndefined();
  });
});

describe("WebVTT", () => {
  it("takes a byte order mark, CR LF lines, header lines, notes and cue settings", () => {
    const text =
      "\uFEFFWEBVTT\r\nKind: captions\r\n\r\nNOTE made by hand\r\n\r\n00:00.500 --> 00:02.000 align:start\r\nHi";
    expect(transcriptProblem(text, "vtt")).toBeUndefined();
  });

  it("refuses a file that does not start with WEBVTT", async () => {
    const text = (await read("welcome.vtt")).replace("WEBVTT", "WEBVT");
    expect(transcriptProblem(text, "vtt")).toEqual({
      line: 1,
      problem: 'expected "WEBVTT" first, as every WebVTT file starts, found "WEBVT"',
    });
    expect(transcriptProblem("WEBVTTX\n\n00:01.000 --> 00:02.000\nhi", "vtt")?.line).toBe(1);
  });

  it("refuses timings written as SRT writes them, at their line", async () => {
    const text = (await read("welcome.vtt")).replace("00:00:01.500 --> 00:00:03.000", "00:00:01,500 --> 00:00:03,000");
    expect(transcriptProblem(text, "vtt")).toEqual({
      line: lineWith(text, "00:00:01,500"),
      problem: expect.stringMatching(/^expected cue timings such as .*, found "00:00:01,500 --> 00:00:03,000"$/),
    });
  });

  it.each([
    ["minutes past 59", "00:60.000 --> 01:01.000"],
    ["two decimals", "00:01.50 --> 00:02.000"],
    ["one-digit hours", "0:00:01.000 --> 0:00:02.000"],
    ["no space before the arrow", "00:01.000--> 00:02.000"],
  ])("refuses a timestamp with %s", (_, timings) => {
    expect(transcriptProblem(`WEBVTT\n\n1\n${timings}\nhi\n`, "vtt")?.line).toBe(4);
  });

  it("refuses a cue that ends before it starts", async () => {
    const text = (await read("markets.vtt")).replace("00:02.000 --> 00:05.000", "00:02.000 --> 00:01.000");
    expect(transcriptProblem(text, "vtt")).toEqual({
      line: lineWith(text, "00:02.000 --> 00:01.000"),
      problem: "expected a cue that ends after it starts (00:02.000), found one that ends at 00:01.000",
    });
  });

  it("refuses a cue that starts before the one above it", () => {
    const text = "WEBVTT\n\n00:03.000 --> 00:04.000\nlater\n\n00:01.000 --> 00:02.000\nearlier\n";
    expect(transcriptProblem(text, "vtt")).toEqual({
      line: 6,
      problem:
        "expected a cue that starts no earlier than the one before it (00:03.000), found one that starts at 00:01.000",
    });
  });

  it("refuses a block that is no cue, and two cues with no blank line between", () => {
    expect(transcriptProblem("WEBVTT\n\nintro\nWelcome!\n", "vtt")).toEqual({
      line: 4,
      problem: expect.stringMatching(/^expected a cue, its timings such as .*, found "Welcome!"$/),
    });
    expect(transcriptProblem("WEBVTT\n\n00:01.000 --> 00:02.000\nhi\n00:02.000 --> 00:03.000\nho\n", "vtt")).toEqual({
      line: 5,
      problem: 'expected a blank line before the next cue\'s timings, found "00:02.000 --> 00:03.000"',
    });
    expect(transcriptProblem("WEBVTT\n00:01.000 --> 00:02.000\nhi\n", "vtt")?.line).toBe(2);
  });

  it("refuses a transcript with no cue", () => {
    expect(transcriptProblem("WEBVTT\n\nNOTE nothing yet\n", "vtt")).toEqual({
      line: 1,
      problem: "expected at least one cue, found none",
    });
  });
});

describe("SRT", () => {
  it("takes CR LF lines, extra blank lines and a position after the timings", () => {
    const text =
      "1\r\n00:00:00,000 --> 00:00:01,000 X1:10 X2:90 Y1:10 Y2:40\r\nHi\r\n\r\n\r\n2\r\n00:00:01,000 --> 00:00:02,000\r\nHo\r\n";
    expect(transcriptProblem(text, "srt")).toBeUndefined();
  });

  it("refuses timings written as WebVTT writes them, at their line", async () => {
    const text = (await read("welcome.srt")).replace("00:00:01,500 --> 00:00:03,000", "00:00:01.500 --> 00:00:03.000");
    expect(transcriptProblem(text, "srt")).toEqual({
      line: lineWith(text, "00:00:01.500"),
      problem: expect.stringMatching(/^expected the cue's timings .*, found "00:00:01.500 --> 00:00:03.000"$/),
    });
  });

  it("refuses a cue without its number, without text, or ending before it starts", async () => {
    const welcome = await read("welcome.srt");
    const unnumbered = welcome.replace("\n2\n", "\ntwo\n");
    expect(transcriptProblem(unnumbered, "srt")).toEqual({
      line: lineWith(unnumbered, "two"),
      problem: 'expected a cue\'s number such as "1", found "two"',
    });
    expect(
      transcriptProblem("1\n00:00:01,000 --> 00:00:02,000\n\n2\n00:00:02,000 --> 00:00:03,000\nho\n", "srt"),
    ).toEqual({
      line: 2,
      problem: "expected the cue's text after its timings, found nothing",
    });
    expect(transcriptProblem("1\n00:00:02,000 --> 00:00:02,000\nhi\n", "srt")).toEqual({
      line: 2,
      problem: "expected a cue that ends after it starts (00:00:02,000), found one that ends at 00:00:02,000",
    });
    expect(
      transcriptProblem("1\n00:00:01,000 --> 00:00:02,000\nhi\n2\n00:00:02,000 --> 00:00:03,000\nho", "srt")?.line,
    ).toBe(5);
    expect(transcriptProblem("\n\n", "srt")).toEqual({ line: 1, problem: "expected at least one cue, found none" });
  });
});

describe("Podcasting 2.0 JSON", () => {
  it("takes segments without an end time or a speaker", () => {
    const text = '{"version":"1.0.0","segments":[{"startTime":0,"body":"Hi"},{"startTime":1,"endTime":1,"body":"."}]}';
    expect(transcriptProblem(text, "json")).toBeUndefined();
  });

  it("refuses a syntax error at its line", async () => {
    // welcome.json with the comma after its first segment taken away.
    const welcome = await read("welcome.json");
    const text = welcome.replace('Report." },', 'Report." }');
    expect(text).not.toBe(welcome);
    expect(transcriptProblem(text, "json")).toEqual({
      line: lineWith(text, "the waterfront"),
      problem: expect.stringMatching(/^expected JSON, found a syntax error at column 5: /),
    });
    // V8 states no position for an unexpected token: the line is found all the same.
    expect(transcriptProblem('{\n  "version": "1.0.0",\n  "segments": [\n    nope\n  ]\n}', "json")).toEqual({
      line: 4,
      problem: "expected JSON, found a syntax error at column 5: Unexpected token 'o'",
    });
  });

  it("refuses each field of the wrong type at its line", async () => {
    const welcome = await read("welcome.json");
    const cases = [
      [
        '"startTime": 1.5',
        '"startTime": "1.5"',
        'field "segments[2].startTime": expected a start time in seconds, a number such as 0.5, found "1.5"',
      ],
      [
        '"endTime": 3,',
        '"endTime": 1,',
        'field "segments[2].endTime": expected an end time in seconds, a number no less than its start time (1.5), found 1',
      ],
      [
        '"body": "Every',
        '"text": "Every',
        'field "segments[2].body": expected the words spoken, as text, found nothing',
      ],
      [
        '"speaker": "Ana", "startTime": 1.5',
        '"speaker": 7, "startTime": 1.5',
        'field "segments[2].speaker": expected a name, as text, found 7',
      ],
    ];
    for (const [from, to, problem] of cases) {
      const text = welcome.replace(from!, to!);
      expect(text).not.toBe(welcome);
      expect(transcriptProblem(text, "json")).toEqual({ line: lineWith(text, to!), problem });
    }
    expect(transcriptProblem('{"segments": []}', "json")).toEqual({
      line: 1,
      problem: 'field "version": expected the format\'s version as text, such as "1.0.0", found nothing',
    });
    expect(transcriptProblem('{"version": "1.0.0",\n"segments": []}', "json")).toEqual({
      line: 2,
      problem: 'field "segments": expected at least one segment, found []',
    });
    expect(transcriptProblem("[]", "json")?.problem).toBe(
      'expected a JSON object with "version" and "segments", found []',
    );
  });
});
