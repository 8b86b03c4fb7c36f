// The media fields of an article (Markdown front matter, or a wire story's sidecar): the lead image with
// its alt text and caption, and the attachments, each a file under content/ or a remote https URL.
import { isMap, isSeq, type Node } from "yaml";
import { mediaKind } from "../../shared/addresses";
import type { ArticleImage, Attachment, Episode, Show } from "../../shared/content/schema";
import { cleanText } from "../../shared/content/text";
import { ContentError, foundValue } from "../errors";
import type { MediaSource, MediaUse } from "../media";
import { episodeOf } from "./episode-fields";
import type { FieldEntry, Fields } from "./front-matter";

export interface ArticleMedia {
  image?: ArticleImage;
  attachments?: Attachment[];
  episode?: Episode;
}

const REMOTE_IMAGE = 'image: { url: "https://…", type: image/jpeg, size: 48213, width: 1200, height: 630 }';
const ATTACHMENT = "- path: media/interview.mp3 (or url: https://… with type: and size:), title: …, duration: 754";

/**
 * The media fields, and the episode fields (./episode-fields.ts) when the article names one of `shows`:
 * an episode's audio states the duration read from its file.
 */
export async function mediaOf(
  fields: Fields,
  file: string,
  library: MediaSource,
  shows: ReadonlyMap<string, Show> = new Map(),
): Promise<ArticleMedia> {
  const fail = (
    entry: FieldEntry,
    field: string,
    expected: string,
    what: unknown,
    hint?: string,
    line = entry.line,
  ): never => {
    throw new ContentError(file, line, `field "${field}": expected ${expected}, found ${foundValue(what)}`, hint);
  };
  const text = (field: string): string | undefined => {
    const entry = fields.get(field);
    if (!entry || entry.value === null) return undefined;
    if (typeof entry.value !== "string" || cleanText(entry.value).trim() === "")
      return fail(entry, field, "text", entry.value);
    return cleanText(entry.value).trim();
  };

  const media: ArticleMedia = {};
  const image = fields.get("image");
  const alt = text("image_alt");
  const caption = text("image_caption");
  if (image && image.value !== null) {
    if (alt === undefined) {
      throw new ContentError(
        file,
        image.line,
        'field "image_alt": expected the text that stands in for the image, found none',
        'add image_alt: "What the image shows" (readers, screen readers and feeds without images show it)',
      );
    }
    const extra = { alt, ...(caption ? { caption } : {}) };
    if (typeof image.value === "string") {
      const ref = image.value.trim();
      if (/^[a-z][a-z\d+.-]*:/i.test(ref)) {
        fail(
          image,
          "image",
          "a file under content/ (media/lead.jpg), or a remote image with its facts",
          ref,
          `write ${REMOTE_IMAGE}`,
        );
      }
      const local = await library.local(ref, { file, line: image.line, field: "image" }, "image");
      media.image = {
        url: local.url,
        type: local.type,
        length: local.length,
        width: local.width,
        height: local.height,
        ...extra,
      };
    } else if (isPlainObject(image.value)) {
      const remote = remoteMedium(image.value, image, "image", fail, ["url", "type", "size", "width", "height"]);
      if (mediaKind(remote.type) !== "image")
        fail(image, "image.type", "an image type such as image/jpeg", remote.type);
      const size = (name: "width" | "height") => {
        const v = (image.value as Record<string, unknown>)[name];
        if (v === undefined) return {};
        if (!Number.isInteger(v) || (v as number) <= 0) fail(image, `image.${name}`, "a number of pixels", v);
        return { [name]: v as number };
      };
      media.image = { ...remote, ...size("width"), ...size("height"), ...extra };
    } else {
      fail(
        image,
        "image",
        "a file under content/ such as media/lead.jpg",
        image.value,
        `or, for a remote image, ${REMOTE_IMAGE}`,
      );
    }
  } else {
    for (const field of ["image_alt", "image_caption"]) {
      const entry = fields.get(field);
      if (entry)
        throw new ContentError(file, entry.line, `field "${field}": expected an "image:" field beside it, found none`);
    }
  }

  const attachments = fields.get("attachments");
  /** How each attachment was named, for the episode fields. */
  const named: { local: boolean; line: number; read?: number | undefined; stated?: number }[] = [];
  if (attachments && attachments.value !== null) {
    if (!Array.isArray(attachments.value) || attachments.value.length === 0) {
      fail(attachments, "attachments", "a list of attachments", attachments.value, ATTACHMENT);
    }
    const nodes = isSeq(attachments.node) ? attachments.node.items : [];
    media.attachments = [];
    for (const [i, value] of (attachments.value as unknown[]).entries()) {
      const node = nodes[i] as Node | undefined;
      const line = attachments.lineOf(node?.range?.[0]);
      const field = `attachments[${i + 1}]`;
      const at: FieldEntry = { ...attachments, line };
      if (!isPlainObject(value) || !isMap(node)) {
        fail(at, field, "path: or url:, with title: and duration:", value, ATTACHMENT);
      }
      const item = value as Record<string, unknown>;
      // A key's own line inside the item, for what is wrong with its value.
      const keyLine = (key: string) => {
        const valueNode = isMap(node) ? (node.get(key, true) as Node | undefined) : undefined;
        return valueNode?.range ? attachments.lineOf(valueNode.range[0]) : line;
      };
      const atKey = (key: string): FieldEntry => ({ ...attachments, line: keyLine(key) });
      const title = item.title === undefined ? undefined : cleanText(String(item.title)).trim();
      if (item.title !== undefined && (typeof item.title !== "string" || !title))
        fail(atKey("title"), `${field}.title`, "text", item.title);
      const duration = item.duration;
      if (duration !== undefined && (typeof duration !== "number" || !(duration > 0) || !Number.isFinite(duration))) {
        fail(atKey("duration"), `${field}.duration`, "a number of seconds such as 754", duration);
      }
      const facts = {
        ...(title ? { title } : {}),
        ...(duration !== undefined ? { duration: duration as number } : {}),
      };
      if ("path" in item) {
        for (const key of Object.keys(item)) {
          if (!["path", "title", "duration"].includes(key)) {
            fail(at, `${field}.${key}`, "only path, title and duration (the file itself gives its type and size)", key);
          }
        }
        if (typeof item.path !== "string") fail(at, `${field}.path`, "a file under content/", item.path);
        const local = await library.local(
          String(item.path),
          { file, line: keyLine("path"), field: `${field}.path` },
          "attachment" satisfies MediaUse,
        );
        media.attachments.push({ url: local.url, type: local.type, length: local.length, ...facts });
        named.push({
          local: true,
          line: keyLine("path"),
          read: local.duration,
          ...(duration !== undefined ? { stated: duration as number } : {}),
        });
      } else if ("url" in item) {
        const remote = remoteMedium(item, at, field, fail, ["url", "type", "size", "title", "duration"]);
        media.attachments.push({ ...remote, ...facts });
        named.push({ local: false, line });
      } else {
        fail(at, field, "a path: (a file under content/) or a url:", Object.keys(item).join(", "), ATTACHMENT);
      }
    }
  }
  const list = media.attachments ?? [];
  const episode = await episodeOf(
    fields,
    file,
    library,
    shows,
    list.map((a, i) => ({ ...a, ...named[i]! })),
  );
  if (episode) {
    // Its enclosure: the one audio or video attachment (episodeOf checked there is one, read from a file).
    const i = list.findIndex((a) => mediaKind(a.type) === "audio" || mediaKind(a.type) === "video");
    const { read, stated, line } = named[i]!;
    if (stated !== undefined && Math.abs(stated - read!) > 1) {
      throw new ContentError(
        file,
        line,
        `field "attachments[${i + 1}].duration": expected the audio's own duration (${read} seconds), found ${stated}`,
        "leave duration out: the build reads an episode's duration from its audio",
      );
    }
    list[i] = { ...list[i]!, duration: read! };
    media.episode = episode;
  }
  return media;
}

type Fail = (entry: FieldEntry, field: string, expected: string, what: unknown, hint?: string) => never;

/** A remote medium: an https URL with the type and byte length its author states (the build never fetches). */
function remoteMedium(value: Record<string, unknown>, entry: FieldEntry, field: string, fail: Fail, keys: string[]) {
  for (const key of Object.keys(value)) {
    if (!keys.includes(key)) fail(entry, `${field}.${key}`, `one of ${keys.join(", ")}`, key);
  }
  const url = value.url;
  let parsed: URL | undefined;
  try {
    parsed = typeof url === "string" ? new URL(url) : undefined;
  } catch {
    parsed = undefined;
  }
  if (parsed?.protocol !== "https:" || /[\s"'<>]/.test(String(url)) || parsed.hostname.endsWith(".invalid")) {
    fail(entry, `${field}.url`, "an absolute https URL", url);
  }
  const type = value.type;
  if (
    typeof type !== "string" ||
    !/^[a-z]+\/[\w.+-]+$/.test(type) ||
    (!mediaKind(type) && !type.startsWith("application/"))
  ) {
    fail(
      entry,
      `${field}.type`,
      "the MIME type of the remote file, such as image/jpeg or audio/mpeg",
      type,
      "the build never fetches remote files, so it needs their type",
    );
  }
  const size = value.size;
  if (!Number.isInteger(size) || (size as number) <= 0) {
    fail(
      entry,
      `${field}.size`,
      "the remote file's size in bytes, such as 48213",
      size,
      "the build never fetches remote files, so it needs their size",
    );
  }
  return { url: parsed!.href, type: type as string, length: size as number };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
