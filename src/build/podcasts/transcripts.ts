// An episode's transcript, checked in the format its name says before the feed links it with
// <podcast:transcript> (Podcasting 2.0, https://github.com/Podcastindex-org/podcast-namespace/blob/main/docs/tags/transcript.md):
// WebVTT, SRT or the namespace's JSON. Each problem names the line it is on.
import { found, foundValue } from "../errors";
import { isObject, lineOf, readJson } from "./json-lines";

/** The media type <podcast:transcript type="…"> states for each format, as the tag's documentation names them. */
export const TRANSCRIPT_TYPES = { vtt: "text/vtt", srt: "application/x-subrip", json: "application/json" } as const;

export type TranscriptFormat = keyof typeof TRANSCRIPT_TYPES;

/** Where a transcript is wrong: a 1-based line and "expected …, found …". */
export interface TranscriptProblem {
  line: number;
  problem: string;
}

/** The first problem in a transcript of the given format; undefined when there is none. */
export function transcriptProblem(text: string, format: TranscriptFormat): TranscriptProblem | undefined {
  switch (format) {
    case "vtt":
      return webVtt(text);
    case "srt":
      return srt(text);
    case "json":
      return json(text);
  }
}

/** Lines as WebVTT reads them (§6.1, "WebVTT line terminator": CR LF, LF or CR), and SRT files in practice. */
const linesOf = (text: string) => (text.startsWith("\uFEFF") ? text.slice(1) : text).split(/\r\n|\r|\n/);

/** Blocks of lines separated by blank lines: each block's lines and the 1-based line number of its first. */
function blocks(lines: string[], from: number, blank: (line: string) => boolean) {
  const found: { line: number; lines: string[] }[] = [];
  let current: { line: number; lines: string[] } | undefined;
  for (let i = from; i < lines.length; i++) {
    const line = lines[i]!;
    if (blank(line)) current = undefined;
    else if (current) current.lines.push(line);
    else {
      current = { line: i + 1, lines: [line] };
      found.push(current);
    }
  }
  return found;
}

const none = (kind: string): TranscriptProblem => ({ line: 1, problem: `expected at least one ${kind}, found none` });

// WebVTT (W3C, https://www.w3.org/TR/webvtt1/): "WEBVTT" first (§4.1), then blocks separated by blank lines.
// A timestamp (§4.2.2, "WebVTT timestamp") has optional hours of two or more digits, minutes and seconds of
// two digits each from 00 to 59, and three digits of thousandths after a full stop.
const VTT_TIME = String.raw`(?:(\d{2,}):)?([0-5]\d):([0-5]\d)\.(\d{3})`;
// "WebVTT cue timings": start, one or more spaces or tabs, "-->", one or more spaces or tabs, end, then
// optionally cue settings after spaces or tabs.
const VTT_TIMINGS = new RegExp(String.raw`^${VTT_TIME}[ \t]+-->[ \t]+${VTT_TIME}(?:[ \t]+.*)?$`);
const VTT_EXAMPLE = '"00:00:01.000 --> 00:00:04.000" or "00:01.000 --> 00:04.000"';
const ARROW = "-->";

function webVtt(text: string): TranscriptProblem | undefined {
  const lines = linesOf(text);
  const magic = lines[0]!;
  // §4.1: "WEBVTT", then nothing, or a space or tab and any text.
  if (!/^WEBVTT(?:$|[ \t])/.test(magic)) {
    return { line: 1, problem: `expected "WEBVTT" first, as every WebVTT file starts, found ${found(magic)}` };
  }
  // Lines after the magic up to the first blank line are the header, which the WebVTT parser ignores
  // (§6.1; files from older tools put "Kind:" and "Language:" there); a cue needs a blank line first.
  let i = 1;
  for (; i < lines.length && lines[i] !== ""; i++) {
    if (lines[i]!.includes(ARROW)) {
      return { line: i + 1, problem: `expected a blank line after the WEBVTT line, found ${found(lines[i]!)}` };
    }
  }
  let previous: { ms: number; text: string } | undefined;
  let cues = 0;
  for (const block of blocks(lines, i, (line) => line === "")) {
    const [first, second] = block.lines as [string, string | undefined];
    // §4.1: comment blocks ("NOTE"), and style and region blocks, which come before the cues; none may
    // contain "-->", which would have started a cue.
    if (/^(?:NOTE(?:$|[ \t])|STYLE[ \t]*$|REGION[ \t]*$)/.test(first) && !first.includes(ARROW)) {
      const cue = block.lines.findIndex((line) => line.includes(ARROW));
      if (cue >= 0) return { line: block.line + cue, problem: blankBefore(block.lines[cue]!) };
      continue;
    }
    // A cue: an optional identifier (which may not contain "-->"), then its timings, then its text.
    const at = first.includes(ARROW) ? 0 : 1;
    const timings = at === 0 ? first : second;
    if (timings === undefined || !timings.includes(ARROW)) {
      return {
        line: block.line + (timings === undefined ? 0 : 1),
        problem: `expected a cue, its timings such as ${VTT_EXAMPLE}, found ${found(timings ?? first)}`,
      };
    }
    const line = block.line + at;
    const match = VTT_TIMINGS.exec(timings);
    if (!match) {
      return {
        line,
        problem: `expected cue timings such as ${VTT_EXAMPLE} (minutes and seconds 00–59, thousandths after a full stop), found ${found(timings)}`,
      };
    }
    const problem = order(milliseconds(match.slice(1, 5)), milliseconds(match.slice(5, 9)), timings, previous);
    if (problem) return { line, problem };
    previous = { ms: milliseconds(match.slice(1, 5)), text: timings.split(/[ \t]/)[0]! };
    // §4.1: a cue's text may not contain "-->": a line with it is the next cue's timings, without the blank
    // line that separates them.
    const next = block.lines.findIndex((l, n) => n > at && l.includes(ARROW));
    if (next >= 0) return { line: block.line + next, problem: blankBefore(block.lines[next]!) };
    cues++;
  }
  return cues ? undefined : none("cue");
}

const blankBefore = (line: string) => `expected a blank line before the next cue's timings, found ${found(line)}`;

/** Hours (optional), minutes, seconds and thousandths as matched, in milliseconds. */
function milliseconds([hours, minutes, seconds, thousandths]: (string | undefined)[]): number {
  return ((Number(hours ?? 0) * 60 + Number(minutes)) * 60 + Number(seconds)) * 1000 + Number(thousandths);
}

/**
 * A cue's end after its start (WebVTT §4.2.2: "greater than the start time offset"), and its start no
 * earlier than the previous cue's ("greater than or equal to the start time offsets of all previous cues").
 */
function order(
  start: number,
  end: number,
  timings: string,
  previous?: { ms: number; text: string },
): string | undefined {
  const [from, , to] = timings.split(/[ \t]+/);
  if (end <= start) return `expected a cue that ends after it starts (${from}), found one that ends at ${to}`;
  if (previous && start < previous.ms) {
    return `expected a cue that starts no earlier than the one before it (${previous.text}), found one that starts at ${from}`;
  }
  return undefined;
}

// SRT (SubRip), which has no formal specification: numbered cues separated by blank lines, each a number,
// "hh:mm:ss,ttt --> hh:mm:ss,ttt" (SubRip's own writer; a comma before the thousandths), optionally followed
// by the position some tools add ("X1:… X2:… Y1:… Y2:…"), and one or more lines of text.
const SRT_TIME = String.raw`(\d{2,}):([0-5]\d):([0-5]\d),(\d{3})`;
const SRT_TIMINGS = new RegExp(String.raw`^${SRT_TIME}[ \t]+-->[ \t]+${SRT_TIME}(?:[ \t]+.*)?$`);
const SRT_EXAMPLE = '"00:00:01,000 --> 00:00:04,000"';

function srt(text: string): TranscriptProblem | undefined {
  const lines = linesOf(text).map((line) => line.trimEnd());
  let cues = 0;
  for (const block of blocks(lines, 0, (line) => line.trim() === "")) {
    const [number, timings, ...words] = block.lines as [string, string | undefined, ...string[]];
    if (!/^\s*\d+$/.test(number)) {
      return { line: block.line, problem: `expected a cue's number such as "1", found ${found(number)}` };
    }
    const line = block.line + 1;
    const match = timings === undefined ? null : SRT_TIMINGS.exec(timings.trim());
    if (!match) {
      return {
        line,
        problem: `expected the cue's timings on the line after its number, such as ${SRT_EXAMPLE} (minutes and seconds 00–59, thousandths after a comma), found ${timings === undefined ? "nothing" : found(timings)}`,
      };
    }
    // SRT states no order of cues: only each cue's own.
    const problem = order(milliseconds(match.slice(1, 5)), milliseconds(match.slice(5, 9)), timings!.trim());
    if (problem) return { line, problem };
    if (words.length === 0) return { line, problem: "expected the cue's text after its timings, found nothing" };
    const next = words.findIndex((l) => l.includes(ARROW));
    if (next >= 0) return { line: line + 1 + next, problem: blankBefore(words[next]!) };
    cues++;
  }
  return cues ? undefined : none("cue");
}

// Podcasting 2.0 JSON transcripts (https://github.com/Podcastindex-org/podcast-namespace/blob/main/docs/examples/transcripts/transcripts.md):
// { "version", "segments": [{ "speaker"?, "startTime", "endTime" ("if available"), "body" }] }.
function json(text: string): TranscriptProblem | undefined {
  const read = readJson(text);
  if ("problem" in read) return read;
  const { value, lines } = read;
  const problem = (path: string, expected: string, value: unknown): TranscriptProblem => ({
    line: lineOf(lines, path),
    problem: `${path ? `field "${path}": ` : ""}expected ${expected}, found ${value === undefined ? "nothing" : foundValue(value)}`,
  });
  if (!isObject(value)) return problem("", 'a JSON object with "version" and "segments"', value);
  if (typeof value.version !== "string") {
    return problem("version", 'the format\'s version as text, such as "1.0.0"', value.version);
  }
  if (!Array.isArray(value.segments)) return problem("segments", "a list of segments", value.segments);
  if (value.segments.length === 0) return problem("segments", "at least one segment", value.segments);
  for (const [i, segment] of value.segments.entries()) {
    const path = `segments[${i + 1}]`;
    if (!isObject(segment)) return problem(path, 'a segment, an object with "startTime" and "body"', segment);
    const { startTime, endTime, body, speaker } = segment;
    if (typeof startTime !== "number" || !Number.isFinite(startTime) || startTime < 0) {
      return problem(`${path}.startTime`, "a start time in seconds, a number such as 0.5", startTime);
    }
    if (endTime !== undefined && (typeof endTime !== "number" || !Number.isFinite(endTime) || endTime < startTime)) {
      return problem(
        `${path}.endTime`,
        `an end time in seconds, a number no less than its start time (${startTime})`,
        endTime,
      );
    }
    if (typeof body !== "string") return problem(`${path}.body`, "the words spoken, as text", body);
    if (speaker !== undefined && typeof speaker !== "string")
      return problem(`${path}.speaker`, "a name, as text", speaker);
  }
  return undefined;
}
