// The media of a feed document as XML elements (in xml-js's compact form), for ./corrections.ts to put
// in the tree: `feed` keeps one enclosure per item, writes its length as 0 and guesses its type from
// the URL's extension, and knows neither Media RSS nor more than one Atom enclosure. Every fact here
// comes from the model, which read it from the file (src/build/media.ts) or from its author.
import { mediaKind } from "../addresses";
import { articleMedia } from "../content/media";
import type { Article, ArticleImage, Attachment, Icons } from "../content/schema";
import { xmlAttr, xmlText } from "./feed-package";
import type { XmlElement } from "./xml-writer.js";

/** Media RSS (https://www.rssboard.org/media-rss), the namespace the W3C validator knows it by. */
export const MEDIA_RSS = "http://search.yahoo.com/mrss/";

/** RSS 2.0 <image>: at most 144 × 400 pixels, and a GIF, JPEG or PNG (the W3C validator checks both). */
const RSS_IMAGE_TYPES = new Set(["image/gif", "image/jpeg", "image/png"]);
const RSS_IMAGE_MAX = { width: 144, height: 400 };

export function hasMedia(items: readonly Article[]): boolean {
  return items.some((article) => articleMedia(article).length > 0);
}

const sizeAttributes = (m: { width?: number; height?: number }) =>
  m.width && m.height ? { width: String(m.width), height: String(m.height) } : {};

/** RSS 2.0 <enclosure>: one per item, so the first attachment; its length and type as the file has them. */
export function rssEnclosure(article: Article): XmlElement | undefined {
  const first = article.attachments?.[0];
  if (!first) return undefined;
  return { _attributes: { url: xmlAttr(first.url), length: String(first.length), type: xmlAttr(first.type) } };
}

/** Media RSS media:content for the lead image and every attachment, each with what describes it. */
export function mediaContents(article: Article): XmlElement[] {
  return articleMedia(article).map((medium) => {
    const kind = mediaKind(medium.type);
    const image = "alt" in medium ? (medium as ArticleImage) : undefined;
    const attachment = image ? undefined : (medium as Attachment);
    const element: XmlElement = {
      _attributes: {
        url: xmlAttr(medium.url),
        type: xmlAttr(medium.type),
        fileSize: String(medium.length),
        ...(kind ? { medium: kind } : {}),
        // Media RSS states whole seconds; a short clip is not "0".
        ...(attachment?.duration ? { duration: String(Math.max(1, Math.round(attachment.duration))) } : {}),
        ...(image ? sizeAttributes(image) : {}),
      },
    };
    if (attachment?.title)
      element["media:title"] = { _attributes: { type: "plain" }, _text: xmlText(attachment.title) };
    if (image) element["media:description"] = { _attributes: { type: "plain" }, _text: xmlText(image.alt) };
    return element;
  });
}

/** media:thumbnail: the lead image, which readers show beside the item in their lists. */
export function mediaThumbnail(article: Article): XmlElement | undefined {
  const image = article.image;
  if (!image) return undefined;
  return { _attributes: { url: xmlAttr(image.url), ...sizeAttributes(image) } };
}

/** Atom `link rel="enclosure"` (RFC 4287 §4.2.7.2) for every attachment, with its length and title. */
export function atomEnclosures(article: Article): XmlElement[] {
  return (article.attachments ?? []).map((a) => ({
    _attributes: {
      rel: "enclosure",
      href: xmlAttr(a.url),
      type: xmlAttr(a.type),
      length: String(a.length),
      ...(a.title ? { title: xmlAttr(a.title) } : {}),
    },
  }));
}

/**
 * RSS 2.0 channel <image>: the site's icon as a GIF, JPEG or PNG, stated at the largest size the spec
 * allows for it (the icon is square and larger, so 144 × 144: readers scale it), or none.
 */
export function rssChannelImage(icons: Icons | undefined, title: string, link: string): XmlElement | undefined {
  const icon = [icons?.icon, icons?.favicon].find((i) => i && RSS_IMAGE_TYPES.has(i.type) && i.width && i.height);
  if (!icon?.width || !icon.height) return undefined;
  const scale = Math.min(1, RSS_IMAGE_MAX.width / icon.width, RSS_IMAGE_MAX.height / icon.height);
  return {
    url: { _text: xmlText(icon.url) },
    title: { _text: xmlText(title) },
    link: { _text: xmlText(link) },
    width: { _text: String(Math.max(1, Math.floor(icon.width * scale))) },
    height: { _text: String(Math.max(1, Math.floor(icon.height * scale))) },
  };
}
