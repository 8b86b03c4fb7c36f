// The one place edgefeed drives the `feed` package: our model as `feed`'s. Where `feed` would get it wrong
// from our values as they are, it is given them corrected:
// - `updated`/`lastBuildDate` default to the clock: the newest article's date is passed instead;
// - RSS 2.0 `<author>` must be an e-mail address: a name goes to `dc:creator`;
// - RFC 4287 §4.2.2 categories need `term`: term is passed, not name;
// - self links appear only with `feedLinks`: always set;
// - RFC 4287 §3.1.1.2: type="html" text is HTML, so Atom titles and summaries are passed HTML-escaped;
// - XML 1.0 §2.4 escaping: xml-js un-escapes "&amp;" in text (`xmlText()`) and escapes only `"` in
//   attribute values (`xmlAttr()`), so text that `feed` passes on unescaped is given to it escaped.
// What `feed` builds from them is corrected on its tree, in ./corrections.ts.
// Control characters never reach it: the content model cannot hold them (src/shared/content/text.ts).
import { Feed, type Item } from "feed";
import { type FeedFormat, paths } from "../addresses";
import { contentWithImage } from "../content/media";
import type { Article } from "../content/schema";
import { escapeHtml } from "../content/text";
import type { Site } from "../site";
import { type FeedDocument, lastUpdated } from "./document";

export function toFeed(doc: FeedDocument, site: Site, format: FeedFormat): Feed {
  const url = (path: string) => site.baseUrl + path;
  // Text that `feed` hands to xml-js as element text; JSON Feed takes it as is.
  const text = format === "json" ? (s: string) => s : xmlText;
  const feed = new Feed({
    id: text(doc.id),
    title: text(doc.title),
    description: text(doc.description),
    // URLs: `feed` escapes "&" in these itself.
    link: url(doc.homePath),
    language: site.language,
    updated: lastUpdated(doc.items),
    generator: "edgefeed",
    author: { name: text(site.author), link: url("/") },
    feedLinks: { rss: url(doc.paths.rss), atom: url(doc.paths.atom), json: url(doc.paths.json) },
    // RSS 2.0 <ttl>: minutes a reader may cache the channel. Only `feed`'s RSS writer reads it.
    ...(doc.poll ? { ttl: doc.poll.minutes } : {}),
  });
  for (const article of doc.items) feed.addItem(toItem(article, site, format));
  return feed;
}

function toItem(article: Article, site: Site, format: FeedFormat): Item {
  const name = article.author ?? site.author;
  const common = {
    id: article.id,
    link: site.baseUrl + paths.article(article.slug),
    date: new Date(article.updated),
    published: new Date(article.published),
  };
  switch (format) {
    case "rss":
      return {
        ...common,
        // `feed` writes the id as the guid's text, unescaped (the Atom id goes through its URL escaping).
        id: xmlText(article.id),
        title: article.title,
        description: escapeHtml(article.summary),
        content: contentWithImage(article),
        category: article.tags.map((tag) => ({ name: xmlText(tag) })),
        extensions: [
          { name: "dc:creator", objects: { _text: xmlText(name) } },
          // The page the story came from. Not RSS 2.0 <source>, which names the RSS channel an item came
          // from ("its url links to the XMLization of the source"): Dublin Core's dc:source, "a related
          // resource from which the described resource is derived" (Atom: rel="via", ./corrections.ts).
          ...(article.source?.url ? [{ name: "dc:source", objects: { _text: xmlText(article.source.url) } }] : []),
        ],
      };
    case "atom":
      // RFC 4287 §3.1.1.2: type="html" text is HTML, so plain text is escaped.
      return {
        ...common,
        title: escapeHtml(article.title),
        description: escapeHtml(article.summary),
        content: contentWithImage(article),
        category: article.tags.map((tag) => ({ term: tag })),
        author: [{ name: xmlText(name) }],
      };
    case "json":
      return {
        ...common,
        title: article.title,
        description: article.summary,
        content: contentWithImage(article),
        category: article.tags.map((tag) => ({ name: tag })),
        author: [{ name }],
      };
  }
}

/**
 * xml-js writes element text as s.replace(/&amp;/g, "&") followed by escaping "&", "<" and ">": the
 * first step turns the literal text "&amp;" into "&". With every "&" escaped beforehand, that step
 * undoes exactly our escaping (each "&" now starts an "&amp;"), and the text is read back unchanged.
 */
export function xmlText(s: string): string {
  return s.replaceAll("&", "&amp;");
}

/** An attribute value escaped for XML, for attributes `feed` does not escape. */
export function xmlAttr(s: string): string {
  return s.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll('"', "&quot;");
}
