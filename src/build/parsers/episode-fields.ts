// The episode fields of an article (Markdown front matter, or a wire story's sidecar): the show it belongs
// to (content/shows/<name>.yaml), its season, number and type, its transcripts and chapters, and the people
// in it. Its audio is its one audio or video attachment, read by ./media-fields.ts.
import { isMap, isSeq, type Node } from "yaml";
import { mediaKind } from "../../shared/addresses";
import type { Attachment, Episode, Person, Show } from "../../shared/content/schema";
import { cleanText } from "../../shared/content/text";
import { ContentError, foundValue } from "../errors";
import type { MediaSource } from "../media";
import type { FieldEntry, Fields } from "./front-matter";
import { personOf } from "./people";

export const EPISODE_FIELDS = [
  "show",
  "season",
  "episode",
  "episode_type",
  "transcripts",
  "chapters",
  "people",
] as const;

const EPISODE_TYPES = ["full", "trailer", "bonus"] as const;
/**
 * What an episode's enclosure may be: the types among MEDIA_TYPES that Apple Podcasts plays
 * (https://podcasters.apple.com/support/893-audio-requirements: MP3, AAC in M4A, and MP4 video).
 */
const APPLE_MEDIA = ["audio/mpeg", "audio/mp4", "video/mp4"] as const;

/** An episode of a show the site does not have: not worth reporting when that show's own file is wrong. */
export class UnknownShow extends ContentError {
  constructor(
    file: string,
    line: number,
    problem: string,
    hint: string | undefined,
    readonly show: unknown,
  ) {
    super(file, line, problem, hint);
  }
}
const TRANSCRIPT = "- path: media/episode.vtt (or .srt, or a Podcasting 2.0 .json), language: en";

/**
 * The episode an article's fields make it, or undefined when they name no show. `attachments` are the
 * article's as ./media-fields.ts read them; `durations` the seconds read from each local one's file.
 */
export async function episodeOf(
  fields: Fields,
  file: string,
  library: MediaSource,
  shows: ReadonlyMap<string, Show>,
  attachments: readonly (Attachment & { read?: number | undefined; local: boolean; line: number })[],
): Promise<Episode | undefined> {
  const fail = (entry: FieldEntry, field: string, expected: string, what: unknown, hint?: string): never => {
    throw new ContentError(file, entry.line, `field "${field}": expected ${expected}, found ${foundValue(what)}`, hint);
  };
  const show = fields.get("show");
  if (!show || show.value === null) {
    for (const field of EPISODE_FIELDS) {
      const entry = fields.get(field);
      if (entry && entry.value !== null)
        throw new ContentError(
          file,
          entry.line,
          `field "${field}": expected a "show:" field beside it (the show this is an episode of), found none`,
          shows.size > 0 ? `add show: ${[...shows.keys()][0]}` : "declare the show in content/shows/<name>.yaml first",
        );
    }
    return undefined;
  }
  const name = typeof show.value === "string" ? show.value.trim() : show.value;
  const known = typeof name === "string" ? shows.get(name) : undefined;
  if (!known) {
    const expected = shows.size > 0 ? `one of the shows in content/shows/ (${[...shows.keys()].join(", ")})` : "a show";
    throw new UnknownShow(
      file,
      show.line,
      `field "show": expected ${expected}, found ${foundValue(name)}`,
      shows.size > 0 ? undefined : "declare it in content/shows/<name>.yaml",
      name,
    );
  }
  const media = attachments.filter((a) => {
    const kind = mediaKind(a.type);
    return kind === "audio" || kind === "video";
  });
  if (media.length !== 1) {
    throw new ContentError(
      file,
      show.line,
      `an episode: expected exactly one audio or video attachment (its enclosure), found ${media.length}`,
      "list the episode's audio under attachments: - path: media/episode.mp3",
    );
  }
  const audio = media[0]!;
  if (!(APPLE_MEDIA as readonly string[]).includes(audio.type)) {
    throw new ContentError(
      file,
      audio.line,
      `field "attachments": an episode: expected audio or video Apple Podcasts plays (MP3, M4A or MP4), found ${audio.type}`,
      "export the episode as MP3 (audio/mpeg) or M4A (audio/mp4)",
    );
  }
  if (attachments[0] !== audio) {
    throw new ContentError(
      file,
      audio.line,
      'field "attachments": an episode: expected its audio or video as the first attachment, found it later',
      "list the episode's audio first: RSS has one enclosure per item, the first attachment",
    );
  }
  if (!audio.local) {
    throw new ContentError(
      file,
      audio.line,
      'field "attachments": an episode: expected its audio as a file under content/ (path:), found a url:',
      "the build reads an episode's length, type and duration from the file itself",
    );
  }
  if (audio.read === undefined) {
    throw new ContentError(
      file,
      audio.line,
      'field "attachments": an episode: expected audio whose duration can be read from the file, found none',
      "export the audio again (MP3, M4A or MP4) so its length in time can be read",
    );
  }
  const integer = (field: string): number | undefined => {
    const entry = fields.get(field);
    if (!entry || entry.value === null) return undefined;
    if (!Number.isInteger(entry.value) || (entry.value as number) <= 0)
      fail(entry, field, "a whole number from 1", entry.value);
    return entry.value as number;
  };
  const season = integer("season");
  const number = integer("episode");
  const typeEntry = fields.get("episode_type");
  const type = (typeEntry?.value ?? "full") as Episode["type"];
  if (!EPISODE_TYPES.includes(type)) fail(typeEntry!, "episode_type", EPISODE_TYPES.join(", "), type);
  if (known!.type === "serial" && type === "full" && number === undefined) {
    throw new ContentError(
      file,
      show.line,
      `field "episode": expected the episode's number, as ${known!.name} is a serial show, found none`,
      "Apple Podcasts lists a serial show's full episodes in the order of their numbers: add episode: 1",
    );
  }

  const transcripts: Episode["transcripts"] = [];
  const listed = fields.get("transcripts");
  if (listed && listed.value !== null) {
    if (!Array.isArray(listed.value) || listed.value.length === 0)
      fail(listed, "transcripts", "a list of transcript files", listed.value, TRANSCRIPT);
    const nodes = isSeq(listed.node) ? listed.node.items : [];
    for (const [i, value] of (listed.value as unknown[]).entries()) {
      const node = nodes[i] as Node | undefined;
      const line = listed.lineOf(node?.range?.[0]);
      const field = `transcripts[${i + 1}]`;
      const at: FieldEntry = { ...listed, line };
      const item = typeof value === "string" ? { path: value } : value;
      if (
        typeof item !== "object" ||
        item === null ||
        Array.isArray(item) ||
        (node && !isMap(node) && typeof value !== "string")
      )
        fail(at, field, "path: with an optional language:", value, TRANSCRIPT);
      const { path, language, ...rest } = item as Record<string, unknown>;
      const extra = Object.keys(rest)[0];
      if (extra !== undefined) fail(at, `${field}.${extra}`, "only path and language", extra, TRANSCRIPT);
      if (typeof path !== "string") fail(at, `${field}.path`, "a file under content/", path, TRANSCRIPT);
      if (
        language !== undefined &&
        (typeof language !== "string" || !/^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$/.test(language))
      )
        fail(at, `${field}.language`, "a language tag such as en or pt-BR", language);
      const read = await library.episodeFile(path as string, { file, line, field: `${field}.path` }, "transcript");
      transcripts.push({
        url: read.url,
        type: read.type,
        length: read.length,
        ...(language ? { language: language as string } : {}),
      });
    }
  }

  const chaptersEntry = fields.get("chapters");
  let chapters: Episode["chapters"];
  if (chaptersEntry && chaptersEntry.value !== null) {
    if (typeof chaptersEntry.value !== "string")
      fail(chaptersEntry, "chapters", "a Podcasting 2.0 JSON chapters file under content/", chaptersEntry.value);
    const read = await library.episodeFile(
      chaptersEntry.value as string,
      { file, line: chaptersEntry.line, field: "chapters" },
      "chapters",
    );
    chapters = { url: read.url, type: read.type, length: read.length };
  }

  const people: Person[] = [];
  const peopleEntry = fields.get("people");
  if (peopleEntry && peopleEntry.value !== null) {
    if (!Array.isArray(peopleEntry.value))
      fail(peopleEntry, "people", "a list of people, each - name: …, role: guest", peopleEntry.value);
    const nodes = isSeq(peopleEntry.node) ? peopleEntry.node.items : [];
    for (const [i, value] of (peopleEntry.value as unknown[]).entries()) {
      const line = peopleEntry.lineOf((nodes[i] as Node | undefined)?.range?.[0]);
      people.push(personOf(value, file, line, `people[${i + 1}]`));
    }
  }
  return {
    show: known!.name,
    ...(season !== undefined ? { season } : {}),
    ...(number !== undefined ? { number } : {}),
    type,
    transcripts,
    ...(chapters ? { chapters } : {}),
    people,
  };
}

/** Text as the model holds it, or undefined when the value is not text. */
export function textOf(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  const text = cleanText(value).trim();
  return text === "" ? undefined : text;
}
