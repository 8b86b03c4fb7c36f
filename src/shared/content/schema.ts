// The content model: one schema for an article and the collection, from which every type is derived.
// It is checked at build time (src/build); code that runs in the Worker imports only the types.
import { z } from "zod";
import { isIri } from "./iri";
import { hasXmlForbidden } from "./text";

/** A tag: lower-case letters and digits, words joined by "-", "_" or "." (safe in URLs and XML attributes). */
export const TAG_PATTERN = /^[\p{Ll}\p{Lo}\p{Nd}]+(?:[-_.][\p{Ll}\p{Lo}\p{Nd}]+)*$/u;
/** A slug: the content file's name without its extension. */
export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** RFC 3339 date-time with an explicit offset, as stored in the model. */
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/;

const text = z
  .string()
  .min(1)
  .refine((s) => !hasXmlForbidden(s), "contains a character that XML 1.0 forbids");
const dateTime = z.string().regex(RFC3339, "expected an RFC 3339 date-time with an offset");

/**
 * A medium as every output states it: where it is (absolute: a file the site serves under
 * /media/, with the site's address left open, or a remote https URL), its MIME type and byte length.
 * For local files all three come from the file itself (src/build/media.ts), never from its name.
 */
const MediumSchema = z.object({
  url: z.string().refine(isIri, "expected an absolute URL"),
  type: z.string().regex(/^[a-z]+\/[\w.+-]+$/, "expected a MIME type such as image/png"),
  length: z.number().int().positive(),
});

/** An image: its pixel size when known (always, for a local file), and the text that stands in for it. */
export const ImageSchema = MediumSchema.extend({
  width: z.number().int().positive().optional(),
  height: z.number().int().positive().optional(),
  alt: text,
  caption: text.optional(),
});

/** Audio, video or a document that comes with an article. */
export const AttachmentSchema = MediumSchema.extend({
  title: text.optional(),
  /** Seconds. */
  duration: z.number().positive().optional(),
});

/**
 * The site's icons: a square icon of at least 512 px and a favicon (wrangler.toml SITE_ICON, SITE_FAVICON),
 * each optional: one not set is the built-in SVG on the pages and is not named by the feeds.
 */
export const IconsSchema = z.object({
  icon: MediumSchema.extend({ width: z.number().int().positive(), height: z.number().int().positive() }).optional(),
  favicon: MediumSchema.extend({
    width: z.number().int().positive().optional(),
    height: z.number().int().positive().optional(),
  }).optional(),
});

/** A podcast's person (Podcasting 2.0 podcast:person): a host, a guest, or any role of its taxonomy. */
export const PersonSchema = z.object({
  name: text,
  /** The namespace's role taxonomy (https://podcasttaxonomy.com), e.g. "host", "guest"; default "host". */
  role: text.optional(),
  group: text.optional(),
  href: z.string().refine(isIri, "expected an absolute URL").optional(),
  img: z.string().refine(isIri, "expected an absolute URL").optional(),
});

/** A text file that comes with an episode (a transcript or chapters), served under /media/ with its type. */
export const EpisodeFileSchema = MediumSchema.extend({ language: z.string().optional() });

/**
 * What makes an article an episode of a show (content/shows/<name>.yaml): its enclosure is the article's
 * one audio or video attachment, whose duration the build read from the file.
 */
export const EpisodeSchema = z.object({
  show: z.string().regex(SLUG_PATTERN),
  season: z.number().int().positive().optional(),
  number: z.number().int().positive().optional(),
  type: z.enum(["full", "trailer", "bonus"]),
  transcripts: z.array(EpisodeFileSchema),
  chapters: EpisodeFileSchema.optional(),
  people: z.array(PersonSchema),
});

/** A podcast (content/shows/<name>.yaml): what Apple Podcasts and the podcast namespace say of a channel. */
export const ShowSchema = z.object({
  /** The file's name: the show's address, /shows/<name>. */
  name: z.string().regex(SLUG_PATTERN),
  title: text,
  description: text,
  author: text,
  owner: z.object({ name: text, email: text }),
  language: z.string(),
  category: text,
  subcategory: text.optional(),
  explicit: z.boolean(),
  /** Square, 1400–3000 px, JPEG or PNG, RGB (checked by src/build/podcasts/artwork.ts). */
  artwork: MediumSchema.extend({ width: z.number().int().positive(), height: z.number().int().positive() }),
  type: z.enum(["episodic", "serial"]),
  complete: z.boolean(),
  funding: z.object({ url: z.string().refine(isIri, "expected an absolute URL"), label: text }).optional(),
  /** podcast:locked: the owner e-mail that may move the show to another host. */
  locked: text.optional(),
  copyright: text.optional(),
  /** podcast:guid: given, or UUIDv5 of the feed's address (needs SITE_URL); none when neither. */
  guid: z.string().optional(),
  newFeedUrl: z.string().refine(isIri, "expected an absolute URL").optional(),
  people: z.array(PersonSchema),
  /** The show's file, relative to the project, for messages. */
  file: z.string(),
});

export const ArticleSchema = z.object({
  slug: z.string().regex(SLUG_PATTERN),
  /** Stable id (an IRI): never changes with the site URL or the title. */
  id: z.string().refine(isIri, "expected an absolute IRI"),
  title: text,
  published: dateTime,
  updated: dateTime,
  tags: z.array(z.string().regex(TAG_PATTERN)),
  /** Plain text, the first paragraph unless the source says otherwise. */
  summary: text,
  /**
   * The full body as HTML, already escaped or sanitised. Its links and images are absolute, with the
   * site's address left open (src/shared/http/open-origin.ts) where the author wrote a relative URL.
   */
  contentHtml: text,
  author: text.optional(),
  /** Where the story came from: an external URL and/or the wire service's numeric id. */
  source: z.object({ url: z.url().optional(), id: z.string().optional() }).optional(),
  /** The lead image. */
  image: ImageSchema.optional(),
  /** In the order the author listed them; the first is the RSS enclosure. */
  attachments: z.array(AttachmentSchema).optional(),
  /** An episode of one of the collection's shows. */
  episode: EpisodeSchema.optional(),
  /** The content file, relative to the project, for messages. */
  file: z.string(),
});

export const CollectionSchema = z.object({
  /** Newest first: by `published`, ties broken by slug. */
  articles: z.array(ArticleSchema),
  /** A digest of the collection: changes whenever any byte of any output could change. */
  version: z.string(),
  /** Unset: the built-in SVG icon, which the feeds do not name. */
  icons: IconsSchema.optional(),
  /** The podcasts (content/shows/), by name; none when the site has no show. */
  shows: z.array(ShowSchema).optional(),
});

export type Article = z.infer<typeof ArticleSchema>;
export type Collection = z.infer<typeof CollectionSchema>;
export type ArticleImage = z.infer<typeof ImageSchema>;
export type Attachment = z.infer<typeof AttachmentSchema>;
export type Icons = z.infer<typeof IconsSchema>;
export type Show = z.infer<typeof ShowSchema>;
export type Episode = z.infer<typeof EpisodeSchema>;
export type Person = z.infer<typeof PersonSchema>;
