// The one place edgefeed drives the `feed` package, and corrects what it gets wrong for us:
// - it defaults `updated`/`lastBuildDate` to the clock: we always pass the newest article's date;
// - it wraps text in CDATA with xml-js, which splits only the first "]]>" (String#replace): `cdata()`;
// - Atom `title`/`summary` are emitted as type="html": we pass HTML-escaped text, never raw markup;
// - RSS `<author>` must be an e-mail address: we emit a name as `dc:creator` instead;
// - Atom categories need `term` (RFC 4287 §4.2.2): we pass term, not name;
// - self links appear only with `feedLinks`: always set.
// Control characters never reach it: the content model cannot hold them (src/content/text.ts).
import { Feed, type Item } from "feed";
import type { Article } from "../content/schema";
import { escapeHtml } from "../content/text";
import type { Site } from "../site";
import { type FeedDocument, type FeedFormat, lastUpdated } from "./document";

export const articlePath = (slug: string) => `/articles/${slug}`;

export function toFeed(doc: FeedDocument, site: Site, format: FeedFormat, stylesheet?: string): Feed {
  const url = (path: string) => site.baseUrl + path;
  const feed = new Feed({
    id: doc.id,
    title: doc.title,
    description: doc.description,
    link: url(doc.homePath),
    language: site.language,
    updated: lastUpdated(doc.items),
    generator: "edgefeed",
    author: { name: site.author, link: url("/") },
    feedLinks: { rss: url(doc.paths.rss), atom: url(doc.paths.atom), json: url(doc.paths.json) },
    ...(stylesheet ? { stylesheet: url(stylesheet) } : {}),
  });
  for (const article of doc.items) feed.addItem(toItem(article, site, format));
  return feed;
}

function toItem(article: Article, site: Site, format: FeedFormat): Item {
  const name = article.author ?? site.author;
  const common = {
    id: article.id,
    link: site.baseUrl + articlePath(article.slug),
    date: new Date(article.updated),
    published: new Date(article.published),
  };
  switch (format) {
    case "rss":
      return {
        ...common,
        title: cdata(article.title),
        description: cdata(escapeHtml(article.summary)),
        content: cdata(article.contentHtml),
        category: article.tags.map((tag) => ({ name: tag })),
        extensions: [
          { name: "dc:creator", objects: { _text: name } },
          // RSS 2.0 <source>: where the story came from (its url attribute is required).
          ...(article.source?.url
            ? [
                {
                  name: "source",
                  objects: { _attributes: { url: article.source.url }, _text: new URL(article.source.url).hostname },
                },
              ]
            : []),
        ],
      };
    case "atom":
      // RFC 4287 §3.1.1.2: type="html" text is HTML, so plain text is escaped (escaping ">" also rules out "]]>").
      return {
        ...common,
        title: escapeHtml(article.title),
        description: escapeHtml(article.summary),
        content: cdata(article.contentHtml),
        category: article.tags.map((tag) => ({ term: tag })),
        author: [{ name }],
      };
    case "json":
      return {
        ...common,
        title: article.title,
        description: article.summary,
        content: article.contentHtml,
        category: article.tags.map((tag) => ({ name: tag })),
        author: [{ name }],
      };
  }
}

/**
 * xml-js writes `<![CDATA[` + s.replace("]]>", "]]]]><![CDATA[>") + `]]>`: only the first "]]>"
 * is split, so a second one ends the section early and the XML is broken. We split every later
 * occurrence ourselves and leave the first for xml-js, so the result splits each exactly once.
 */
export function cdata(s: string): string {
  const first = s.indexOf("]]>");
  if (first < 0) return s;
  const head = s.slice(0, first + 3);
  return head + s.slice(first + 3).replaceAll("]]>", "]]]]><![CDATA[>");
}
