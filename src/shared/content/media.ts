// What the outputs say about an article's media, derived from the model in one place: the media an
// article carries, and the origins the pages load them from.
import { mediaKind } from "../addresses";
import { type MediaSources, OPEN_ORIGIN } from "../contract";
import type { Article, ArticleImage, Attachment, Collection } from "./schema";
import { escapeHtml } from "./text";

/** Every medium of an article: the lead image, then the attachments. */
export function articleMedia(article: Pick<Article, "image" | "attachments">): (ArticleImage | Attachment)[] {
  return [...(article.image ? [article.image] : []), ...(article.attachments ?? [])];
}

/** An <img> as sanitize-html writes it into a body (src/build/parsers/markdown.ts). */
const BODY_IMAGE = /<img\b[^>]*?\ssrc="([^"]+)"/g;

/** Where the pages load images and audio/video from: what their CSP allows (src/worker/middleware/security-headers.ts). */
export function mediaSources(collection: Pick<Collection, "articles">): MediaSources {
  const img = new Set<string>();
  const media = new Set<string>();
  const originOf = (url: string) => (url.startsWith(`${OPEN_ORIGIN}/`) ? "'self'" : new URL(url).origin);
  for (const article of collection.articles) {
    if (article.image) img.add(originOf(article.image.url));
    for (const match of article.contentHtml.matchAll(BODY_IMAGE)) img.add(originOf(match[1]!.replaceAll("&amp;", "&")));
    for (const attachment of article.attachments ?? []) {
      const kind = mediaKind(attachment.type);
      if (kind === "audio" || kind === "video") media.add(originOf(attachment.url));
    }
  }
  img.delete("'self'");
  return { img: [...img].sort(), media: [...media].sort() };
}

/**
 * An article's full content as feeds carry it: the lead image first, as an <img> (readers that show the
 * first image of the content, Feedly and IFTTT among them, find it), then the body.
 */
export function contentWithImage(article: Pick<Article, "image" | "contentHtml">): string {
  const image = article.image;
  if (!image) return article.contentHtml;
  const size = image.width && image.height ? ` width="${image.width}" height="${image.height}"` : "";
  const caption = image.caption ? `<figcaption>${escapeHtml(image.caption)}</figcaption>` : "";
  return `<figure><img src="${escapeHtml(image.url)}" alt="${escapeHtml(image.alt)}"${size}>${caption}</figure>\n${article.contentHtml}`;
}

/**
 * A local medium's URL as a site path ("/media/…"), for links a browser resolves against the page: an
 * error page is rendered per request and never filled in (src/shared/http/open-origin.ts). Remote URLs stay.
 */
export function sitePath(url: string): string {
  return url.startsWith(`${OPEN_ORIGIN}/`) ? url.slice(OPEN_ORIGIN.length) : url;
}
