// An article as Activity Streams 2.0 JSON-LD: the Note the fediverse shows, and the Create that
// publishes it. Written as plain JSON in compacted form, with no JSON-LD library: this ships in the
// site Worker's script, where every request pays for its size.
import { paths } from "../addresses";
import type { Article } from "../content/schema";
import { escapeHtml } from "../content/text";
import type { Site } from "../site";
import { AP_PATHS, AS_NAMESPACE, PUBLIC } from "./addresses";

/**
 * The context of every document here: AS2 itself, and the two terms Mastodon uses that the AS2 context
 * document does not define (https://docs.joinmastodon.org/spec/activitypub/#as).
 */
export const AS_CONTEXT = [AS_NAMESPACE, { Hashtag: "as:Hashtag", sensitive: "as:sensitive" }] as const;

/** An object as a document of its own, which names its context (an item of a collection does not). */
export type WithContext<T> = { "@context": typeof AS_CONTEXT } & T;

export interface Hashtag {
  type: "Hashtag";
  name: string;
  href: string;
}

export interface ImageAttachment {
  type: "Image";
  mediaType: string;
  url: string;
  name: string;
  width?: number;
  height?: number;
}

export interface Note {
  id: string;
  type: "Note";
  attributedTo: string;
  published: string;
  updated?: string;
  url: string;
  to: string[];
  cc: string[];
  sensitive: false;
  content: string;
  contentMap: Record<string, string>;
  tag: Hashtag[];
  attachment: ImageAttachment[];
}

export interface Create {
  id: string;
  type: "Create";
  actor: string;
  published: string;
  to: string[];
  cc: string[];
  object: Note;
}

/** A document at the top level: the context first, as JSON-LD readers that only look at the start expect. */
export function withContext<T extends object>(object: T): WithContext<T> {
  return { "@context": AS_CONTEXT, ...object };
}

/** The article's address: the Note's id and url, and the base of its Create's id. */
const articleUrl = (article: Article, site: Site) => site.baseUrl + paths.article(article.slug);

/**
 * The article as a Note, not an Article: Mastodon shows an Article as its title and a link, and nothing
 * of what it says (mastodon/mastodon#29981), while a Note's content it shows in full. So the content is
 * the title, the summary and the link, which is what a post about a story says. Its id is the article's
 * address, not the article's stable id (src/shared/content/schema.ts): Mastodon only accepts an object
 * whose id is on its actor's host, and dereferences it there.
 */
function note(article: Article, site: Site): Note {
  const url = articleUrl(article, site);
  const content =
    `<p><strong>${escapeHtml(article.title)}</strong></p><p>${escapeHtml(article.summary)}</p>` +
    `<p><a href="${escapeHtml(url)}">${escapeHtml(url)}</a></p>`;
  const image = article.image;
  return {
    id: url,
    type: "Note",
    attributedTo: site.baseUrl + AP_PATHS.actor(site.handle),
    published: article.published,
    // An `updated` makes Mastodon show the post as edited: only when it was.
    ...(Date.parse(article.updated) === Date.parse(article.published) ? {} : { updated: article.updated }),
    url,
    to: [PUBLIC],
    cc: [site.baseUrl + AP_PATHS.followers(site.handle)],
    // No `summary`: Mastodon shows a Note's summary as a content warning and hides the content behind it.
    sensitive: false,
    content,
    contentMap: { [site.language]: content },
    tag: article.tags.map((tag) => ({ type: "Hashtag", name: `#${tag}`, href: site.baseUrl + paths.tag(tag) })),
    attachment: image
      ? [
          {
            type: "Image",
            mediaType: image.type,
            url: image.url,
            name: image.alt,
            ...(image.width ? { width: image.width } : {}),
            ...(image.height ? { height: image.height } : {}),
          },
        ]
      : [],
  };
}

/** The Create of the article's Note, as a collection's item: the collection's context covers it. */
export function createActivity(article: Article, site: Site): Create {
  const object = note(article, site);
  return {
    id: `${object.id}#create`,
    type: "Create",
    actor: object.attributedTo,
    published: object.published,
    to: object.to,
    cc: object.cc,
    object,
  };
}

/** The article as a Note, a document of its own. */
export function noteOf(article: Article, site: Site): WithContext<Note> {
  return withContext(note(article, site));
}

/** The Create that publishes the article (ActivityPub §6.2), a document of its own. */
export function createOf(article: Article, site: Site): WithContext<Create> {
  return withContext(createActivity(article, site));
}
