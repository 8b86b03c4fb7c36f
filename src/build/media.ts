// Media under content/ (lead images, attachments, images in a body, the site's icons): the facts every
// output states about a file, read from the file itself — its type from its bytes (file-type), its
// byte length, an image's pixel size (image-size) — and the content-hashed name it is served under.
// Nothing here trusts a file's name, and nothing is fetched: remote media state their own facts.
import { createHash } from "node:crypto";
import { basename, extname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { fileTypeFromBuffer } from "file-type";
import { imageSize } from "image-size";
import { MEDIA_TYPES, type MediaExtension, type MediaKind, paths } from "../shared/addresses";
import { OPEN_ORIGIN } from "../shared/contract";
import { CACHE } from "../shared/http/cache-policy";
import { Refused, readContentFile, TooLarge } from "./content-files";
import { ContentError, found } from "./errors";
import { bytes as count, IMAGE_PIXELS, IMAGE_SIDE, MEDIA_BYTES, mib } from "./limits";
import { structureProblem } from "./media-structure";
import { artworkProblem } from "./podcasts/artwork";
import { AudioProblem, audioFacts } from "./podcasts/audio";
import { CHAPTERS_TYPE, parseChapters } from "./podcasts/chapters";
import { TRANSCRIPT_TYPES, transcriptProblem } from "./podcasts/transcripts";

/** What a use needs a file to be: "artwork" is a show's (Apple Podcasts' rules, ./podcasts/artwork.ts). */
export type MediaUse = "image" | "attachment" | "icon" | "favicon" | "artwork";

/** An episode's text files: what each may be, by extension, and the type it is served and named with. */
export const EPISODE_FILE_TYPES = {
  transcript: TRANSCRIPT_TYPES,
  chapters: { json: CHAPTERS_TYPE },
} as const;
export type EpisodeFileUse = keyof typeof EPISODE_FILE_TYPES;

/** A local file as the outputs state it. */
export interface LocalMedium {
  /** Absolute, with the site's address left open (src/shared/http/open-origin.ts). */
  url: string;
  type: string;
  kind: MediaKind;
  length: number;
  width?: number;
  height?: number;
  /** Audio and video: whole seconds, read from the file (./podcasts/audio.ts), when it states them. */
  duration?: number;
}

/** Where a reference was written, for messages: the content file, its line and the field. */
export interface Place {
  file: string;
  line: number;
  field: string;
}

/** A file to publish: its served name (paths.media), where it is read from, and what it is. */
export interface MediaFile {
  name: string;
  source: string;
  type: string;
  length: number;
}

/**
 * Workers Static Assets' `_headers` (in the assets folder): the images they serve without the Worker
 * are cached for good, as their names change with their bytes. The Worker sets the same on the media
 * it serves (src/worker/media.ts).
 */
export const ASSETS_HEADERS = [
  paths.media("*"),
  `  Cache-Control: ${CACHE.immutable}`,
  // As src/worker/middleware/security-headers.ts and cors.ts answer for what the Worker serves: public files
  // that any page may embed and any app may read.
  "  X-Content-Type-Options: nosniff",
  "  Cross-Origin-Resource-Policy: cross-origin",
  "  Access-Control-Allow-Origin: *",
  "  Access-Control-Expose-Headers: ETag",
  "",
].join("\n");

/** Extensions people write that name the same type as one of MEDIA_TYPES. */
const SPELLINGS: Record<string, MediaExtension> = { jpeg: "jpg", oga: "ogg", mp4a: "m4a" };
/** file-type's names for what MEDIA_TYPES calls otherwise. */
const DETECTED: Record<string, MediaExtension> = { oga: "ogg" };

const IMAGES = Object.entries(MEDIA_TYPES)
  .filter(([, m]) => m.kind === "image")
  .map(([ext]) => ext.toUpperCase())
  .join(", ");

/** What is wrong with a file, whoever names it: each reference reports it at its own place. */
class FileProblem extends Error {
  constructor(
    readonly problem: string,
    readonly hint?: string,
  ) {
    super(problem);
  }
}

/** The smallest icon JSON Feed 1.1 asks for ("icon": 512 x 512). */
export const ICON_MIN = 512;

/** What a parser asks for a file. */
export interface MediaSource {
  local(ref: string, place: Place, use: MediaUse): Promise<LocalMedium>;
  /** An episode's transcript or chapters: a text file, checked by its format's rules. */
  episodeFile(ref: string, place: Place, use: EpisodeFileUse): Promise<Omit<LocalMedium, "kind">>;
}

export class MediaLibrary implements MediaSource {
  readonly #content: string;
  readonly #byPath = new Map<string, Promise<LocalMedium & { name: string }>>();
  readonly #files = new Map<string, MediaFile>();

  /** `content`: the folder references are relative to. */
  constructor(content: string) {
    this.#content = resolve(content);
  }

  /** The file a reference names, checked for a use; a ContentError at `place` when it cannot serve it. */
  local(ref: string, place: Place, use: MediaUse): Promise<LocalMedium> {
    return this.#local(ref, place, use, true);
  }

  episodeFile(ref: string, place: Place, use: EpisodeFileUse): Promise<Omit<LocalMedium, "kind">> {
    return this.#episodeFile(ref, place, use, true);
  }

  /** The same checks for a draft, whose files are not published. */
  unpublished(): MediaSource {
    return {
      local: (ref, place, use) => this.#local(ref, place, use, false),
      episodeFile: (ref, place, use) => this.#episodeFile(ref, place, use, false),
    };
  }

  /** Where a reference leads, inside content/; a ContentError at `place` when it leads elsewhere. */
  #source(ref: string, place: Place): string {
    if (isAbsolute(ref) || ref.startsWith("/") || ref.includes("\\")) {
      throw new ContentError(
        place.file,
        place.line,
        `field "${place.field}": expected a path relative to content/ such as "media/lead.jpg", found ${found(ref)}`,
      );
    }
    const source = resolve(this.#content, ref);
    if (!source.startsWith(this.#content + sep)) {
      throw new ContentError(
        place.file,
        place.line,
        `field "${place.field}": expected a file inside content/, found ${found(ref)}, which is outside it`,
      );
    }
    return source;
  }

  async #episodeFile(ref: string, place: Place, use: EpisodeFileUse, publish: boolean) {
    const fail = (problem: string, hint?: string): never => {
      throw new ContentError(place.file, place.line, `field "${place.field}": ${problem}`, hint);
    };
    const source = this.#source(ref, place);
    const types: Record<string, string> = EPISODE_FILE_TYPES[use];
    const ext = extname(source).slice(1).toLowerCase();
    const type = types[ext];
    if (type === undefined) {
      fail(
        `expected ${use === "chapters" ? "a Podcasting 2.0 JSON chapters file (.json)" : "a WebVTT (.vtt), SubRip (.srt) or Podcasting 2.0 JSON (.json) transcript"}, found ${found(ref)}`,
      );
    }
    const bytes = await this.#bytes(source, ref).catch((error: unknown) => {
      if (error instanceof FileProblem) return fail(error.problem, error.hint);
      throw error;
    });
    const at = relative(process.cwd(), source) || source;
    let text: string;
    try {
      text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes).replace(/^\uFEFF/, "");
    } catch {
      return fail(`expected UTF-8 text in ${ref}, found bytes that are not UTF-8`);
    }
    // The file's own mistakes are named at its own line; the hint says which field named it.
    const named = `named by ${place.file}:${place.line}, field "${place.field}"`;
    if (use === "chapters") {
      const parsed = parseChapters(text);
      if ("problem" in parsed)
        throw new ContentError(at, parsed.line, `field "${parsed.field}": ${parsed.problem}`, named);
    } else {
      const broken = transcriptProblem(text, ext as keyof typeof TRANSCRIPT_TYPES);
      if (broken) throw new ContentError(at, broken.line, broken.problem, named);
    }
    const hash = createHash("sha256").update(bytes).digest("hex").slice(0, 12);
    const name = `${stem(source)}.${hash}.${ext}`;
    if (publish) this.#files.set(name, { name, source, type: type!, length: bytes.byteLength });
    return { url: OPEN_ORIGIN + paths.media(name), type: type!, length: bytes.byteLength };
  }

  async #local(ref: string, place: Place, use: MediaUse, publish: boolean): Promise<LocalMedium> {
    const fail = (problem: string, hint?: string): never => {
      throw new ContentError(place.file, place.line, `field "${place.field}": ${problem}`, hint);
    };
    const source = this.#source(ref, place);
    let medium = this.#byPath.get(source);
    if (!medium) {
      medium = this.#read(source, ref);
      this.#byPath.set(source, medium);
    }
    const read = await medium.catch((error: unknown) => {
      if (error instanceof FileProblem) return fail(error.problem, error.hint);
      throw error;
    });
    const wanted = use === "attachment" ? undefined : "image";
    if (use === "artwork") {
      const art = artworkProblem(await this.#bytes(source, ref));
      if (art) fail(`${art.problem} (${ref})`, art.hint);
    }
    if (wanted && read.kind !== wanted) {
      fail(`expected an image (${IMAGES}), found ${read.type} (${ref})`);
    }
    if (use === "icon" || use === "favicon") {
      const { width = 0, height = 0 } = read;
      if (width !== height) {
        fail(`expected a square image, found ${width}×${height} pixels (${ref})`, "crop it to a square");
      }
      if (use === "icon" && width < ICON_MIN) {
        fail(`expected an icon at least ${ICON_MIN}×${ICON_MIN} pixels, found ${width}×${height} (${ref})`);
      }
    }
    if (publish) this.#files.set(read.name, { name: read.name, source, type: read.type, length: read.length });
    const { name: _, ...fact } = read;
    return fact;
  }

  /** Every file a reference used, to publish under paths.media (by name, so each is copied once). */
  files(): MediaFile[] {
    return [...this.#files.values()].sort((a, b) => (a.name < b.name ? -1 : 1));
  }

  async #read(source: string, ref: string) {
    const fail = (problem: string, hint?: string): never => {
      throw new FileProblem(problem, hint);
    };
    const bytes = await this.#bytes(source, ref);
    const detected = await fileTypeFromBuffer(bytes);
    const ext = detected && (DETECTED[detected.ext] ?? detected.ext);
    if (!detected || !ext || !(ext in MEDIA_TYPES)) {
      fail(
        `expected an image, audio, video or PDF file, found ${detected ? detected.mime : "bytes of no type edgefeed knows"} (${ref})`,
        `supported: ${Object.keys(MEDIA_TYPES).join(", ")}`,
      );
    }
    const served = ext as MediaExtension;
    const named = extname(source).slice(1).toLowerCase();
    if ((SPELLINGS[named] ?? named) !== served) {
      fail(
        `expected ${ref}'s bytes to be the type its name says (.${named}), found ${MEDIA_TYPES[served].type}`,
        `rename it to ${basename(source, extname(source))}.${served}`,
      );
    }
    const { type, kind } = MEDIA_TYPES[served];
    let size: { width: number; height: number } | undefined;
    if (kind === "image") {
      try {
        const read = imageSize(bytes);
        // EXIF orientations 5–8 turn the picture a quarter: it shows as height × width.
        size =
          (read.orientation ?? 1) >= 5
            ? { width: read.height, height: read.width }
            : { width: read.width, height: read.height };
      } catch {
        size = undefined;
      }
      if (!size?.width || !size.height)
        return fail(`expected an image whose pixel size can be read, found none (${ref})`);
      // Before its pixels are read: a header may claim any size, and every output would advertise it.
      const { width, height } = size;
      if (width > IMAGE_SIDE || height > IMAGE_SIDE || width * height > IMAGE_PIXELS) {
        fail(
          `expected an image of at most ${IMAGE_SIDE} pixels a side and ${IMAGE_PIXELS / 1e6} megapixels, found ${width}×${height} pixels (${ref})`,
          "scale it down: no screen shows more, and every reader's device has to decode it whole",
        );
      }
    }
    const broken = await structureProblem(served, bytes);
    if (broken) fail(`${broken} (${ref})`, "the file was cut short or damaged: export or copy it again");
    // An episode's enclosure states this (itunes:duration, JSON Feed duration_in_seconds): read from the
    // audio itself, never from what its author wrote. Audio that states none is an episode's error only.
    const duration =
      kind === "audio" || kind === "video"
        ? await audioFacts(bytes, type).then(
            (facts) => facts.duration,
            (error: unknown) => {
              if (error instanceof AudioProblem) return undefined;
              throw error;
            },
          )
        : undefined;
    const hash = createHash("sha256").update(bytes).digest("hex").slice(0, 12);
    const name = `${stem(source)}.${hash}.${served}`;
    return {
      name,
      url: OPEN_ORIGIN + paths.media(name),
      type,
      kind,
      length: bytes.byteLength,
      ...size,
      ...(duration !== undefined ? { duration } : {}),
    };
  }

  /** A referenced file's bytes; a FileProblem when it cannot be read or is empty. */
  async #bytes(source: string, ref: string): Promise<Buffer> {
    const fail = (problem: string, hint?: string): never => {
      throw new FileProblem(problem, hint);
    };
    // Read by the one rule for content/ (./content-files.ts): a regular file, never through a link.
    const bytes = await readContentFile(this.#content, relative(this.#content, source), MEDIA_BYTES).catch(
      (error: unknown) => {
        if (error instanceof TooLarge) {
          return fail(
            `expected a file of at most ${mib(error.limit)} (${count(error.limit)} bytes), found ${count(error.size)} bytes (${ref})`,
            "Workers Static Assets serve files up to 25 MiB: make it smaller, or name a copy elsewhere with url:, type: and size:",
          );
        }
        if (!(error instanceof Refused)) throw error;
        if (error.found === "nothing") {
          const at = relative(process.cwd(), source) || source;
          return fail(`expected a file at ${at}, found nothing`, `put the file at ${at}, or correct the path`);
        }
        const at = relative(process.cwd(), join(this.#content, error.path)) || error.path;
        if (error.found === "a folder") {
          return fail(`expected a file at ${at}, found ${error.found}`, `put the file at ${at}, or correct the path`);
        }
        return fail(`expected ${error.expected} at ${at}, found ${error.found}`, error.hint);
      },
    );
    if (bytes.byteLength === 0) fail(`expected a media file, found an empty file (${ref})`);
    return bytes;
  }
}

/** A file name's stem as it may stand in a URL: lower-case letters and digits joined by single hyphens. */
function stem(source: string): string {
  const base = basename(source, extname(source))
    .normalize("NFKD")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
  return base || "file";
}
