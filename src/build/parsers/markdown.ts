// Markdown articles (.md): YAML front matter, then CommonMark/GFM rendered by marked and sanitised.
import { dirname, posix } from "node:path";
import { Marked } from "marked";
import sanitizeHtml from "sanitize-html";
import { paths } from "../../shared/addresses";
import { isIri } from "../../shared/content/iri";
import type { Article } from "../../shared/content/schema";
import { cleanText } from "../../shared/content/text";
import { OPEN_ORIGIN } from "../../shared/contract";
import { ContentError } from "../errors";
import { type LocalMedium, MediaLibrary, type MediaSource } from "../media";
import { parseFrontMatter, splitFrontMatter } from "./front-matter";
import { articleId } from "./ids";
import { mediaOf } from "./media-fields";
import { boundedLexer, checkNesting, TooDeep } from "./nesting";
import type { ParseOptions } from "./wire";

/**
 * Raw HTML in Markdown is sanitised, not escaped: authors legitimately write <sup>, <kbd> or a
 * <figure>, and escaping would print their tags. sanitize-html keeps an allowlist of elements and
 * attributes, drops scripts, event handlers, styles and iframes, and allows only http(s)/mailto
 * URLs, so the result is XSS-safe wherever it is embedded (page, content:encoded, content_html).
 */
const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: [
    ...sanitizeHtml.defaults.allowedTags,
    "img",
    "del",
    "ins",
    "sup",
    "sub",
    "kbd",
    "mark",
    "figure",
    "figcaption",
  ],
  allowedAttributes: {
    a: ["href", "title", "hreflang"],
    img: ["src", "alt", "title", "width", "height", "loading", "decoding"],
    abbr: ["title"],
    th: ["align", "scope"],
    td: ["align"],
    ol: ["start"],
    code: ["class"],
  },
  allowedSchemes: ["http", "https", "mailto"],
  allowedSchemesAppliedToAttributes: ["href", "src"],
  allowProtocolRelative: false,
};

const marked = new Marked({ gfm: true, hooks: { provideLexer: boundedLexer } });

/**
 * The page's <h1> is the title, so the body's outline starts at <h2>, whatever level its author began
 * at (`#`, the usual `##`, or a raw `<h1>`), and never skips a level (WCAG 1.3.1; axe "heading-order"):
 * a heading one level below the one before it in the source is one level below it on the page,
 * however many levels it has more; a heading back up at a level already used takes that level's place.
 * It runs as sanitize-html rewrites the tags, in document order, so the headings marked writes and
 * those written as HTML are one outline.
 */
function outline(): sanitizeHtml.IOptions["transformTags"] {
  const open: { source: number; level: number }[] = [];
  const heading = (tagName: string, attribs: sanitizeHtml.Attributes) => {
    const depth = Number(tagName.slice(1));
    while (open.length > 0 && open.at(-1)!.source > depth) open.pop();
    const parent = open.at(-1);
    let level: number;
    if (parent && parent.source === depth) level = parent.level;
    else {
      level = Math.min((parent?.level ?? 1) + 1, 6);
      open.push({ source: depth, level });
    }
    return { tagName: `h${level}`, attribs };
  };
  return Object.fromEntries(["h1", "h2", "h3", "h4", "h5", "h6"].map((tag) => [tag, heading]));
}

/** A URL with a scheme (http:, mailto:, …), or protocol-relative (which SANITIZE refuses): not resolved. */
const NOT_RELATIVE = /^(?:[a-z][a-z\d+.-]*:|\/\/)/i;
/**
 * An image path that names a file under content/: relative, and staying inside it. One starting with
 * "/", or climbing out of content/ ("../images/x.png"), is an address on the site, resolved as a link is.
 */
const isContentFile = (src: string) =>
  !NOT_RELATIVE.test(src) && !src.startsWith("/") && !src.startsWith("#") && !posix.normalize(src).startsWith("../");

/**
 * Every relative link and image in a body made absolute: readers ignore xml:base and the feed's own
 * URL, so a relative URL in a feed's content is broken in every one of them. A link, or an image
 * starting with "/", is resolved against the article's own address, left open as in every document the
 * build renders (src/shared/http/open-origin.ts) and filled in with the site's as the document is sent. Any
 * other relative image names a file under content/: it becomes that file's served address, with its
 * pixel size (`files`, which ./media.ts has checked).
 */
function absoluteUrls(slug: string, files: ReadonlyMap<string, LocalMedium>): sanitizeHtml.IOptions["transformTags"] {
  const base = OPEN_ORIGIN + paths.article(slug);
  const resolve = (attribute: string) => (tagName: string, attribs: sanitizeHtml.Attributes) => {
    const value = attribs[attribute]?.trim();
    if (value === undefined || NOT_RELATIVE.test(value)) return { tagName, attribs };
    const file = tagName === "img" && isContentFile(value) ? files.get(value) : undefined;
    if (file) {
      // Local images are always sized (./media.ts reads every image's pixel size), so the page keeps
      // its layout while they load, lazily: one in a body is below the headline and the lead image.
      const size: sanitizeHtml.Attributes = { width: String(file.width), height: String(file.height) };
      return { tagName, attribs: { ...attribs, src: file.url, ...size, loading: "lazy", decoding: "async" } };
    }
    return { tagName, attribs: { ...attribs, [attribute]: new URL(value, base).href } };
  };
  return { a: resolve("href"), img: resolve("src") };
}

/** The image paths in a body that name files under content/, in the order they appear. */
function contentImages(html: string): string[] {
  const srcs: string[] = [];
  sanitizeHtml(html, {
    ...SANITIZE,
    transformTags: {
      img: (tagName, attribs) => {
        const src = attribs.src?.trim();
        if (src && isContentFile(src)) srcs.push(src);
        return { tagName, attribs };
      },
    },
  });
  return [...new Set(srcs)];
}

async function renderBody(
  markdown: string,
  slug: string,
  at: { file: string; bodyLine: number },
  library: MediaSource,
) {
  const html = parseBounded(markdown, at);
  const files = new Map<string, LocalMedium>();
  for (const src of contentImages(html)) {
    // The line of the image in the file, for a message: the first image syntax that names it, as
    // written (marked percent-encodes what it writes as a URL).
    const path = decodePath(src);
    const index = markdown
      .split("\n")
      .findIndex((line) => /\]\(|src=/.test(line) && (line.includes(src) || line.includes(path)));
    const place = { file: at.file, line: at.bodyLine + Math.max(index, 0), field: "body image" };
    files.set(src, await library.local(path, place, "image"));
  }
  return sanitizeHtml(html, { ...SANITIZE, transformTags: { ...outline(), ...absoluteUrls(slug, files) } }).trim();
}

/** The body as HTML, if its shape is bounded (./nesting.ts): checked before marked runs, and as it does. */
function parseBounded(markdown: string, at: { file: string; bodyLine: number }): string {
  try {
    const deep = checkNesting(markdown);
    if (deep) throw deep;
    return marked.parse(markdown, { async: false });
  } catch (error) {
    if (!(error instanceof TooDeep)) throw error;
    // marked knows no lines: the line of the text it was parsing when it passed the limit.
    const first = error.text
      ?.split("\n")
      .find((line) => line.trim() !== "")
      ?.trim();
    const found = first === undefined ? -1 : markdown.split("\n").findIndex((line) => line.includes(first));
    throw new ContentError(at.file, at.bodyLine + (error.line ?? Math.max(found, 0)), error.problem, error.hint);
  }
}

export async function parseMarkdown(
  text: string,
  file: string,
  slug: string,
  options: ParseOptions,
): Promise<Article | null> {
  const { yaml, body, bodyLine } = splitFrontMatter(cleanText(text), file);
  const meta = parseFrontMatter(yaml, file, options.timeZone);
  if (body.trim() === "") {
    throw new ContentError(file, bodyLine, "expected Markdown text after the front matter, found none");
  }
  const all = options.media ?? new MediaLibrary(dirname(file));
  // A draft is checked like any article, but its files are not published with the site.
  const library = meta.draft ? all.unpublished() : all;
  const contentHtml = await renderBody(body, slug, { file, bodyLine }, library);
  const media = await mediaOf(meta.media, file, library, options.shows);
  if (contentHtml === "") {
    throw new ContentError(
      file,
      bodyLine,
      "expected Markdown text that shows something, found only markup that is removed (scripts, styles, frames)",
      "write the article's text after the front matter",
    );
  }
  const summary = meta.summary ?? firstParagraphText(contentHtml);
  if (!summary) {
    throw new ContentError(
      file,
      bodyLine,
      "expected a paragraph of text to use as the summary, found none",
      'add a "summary:" field',
    );
  }
  if (meta.draft) return null;
  return {
    slug,
    id: meta.id && isIri(meta.id) ? meta.id : await articleId(meta.id ? `id:${meta.id}` : `slug:${slug}`),
    title: meta.title,
    published: meta.published,
    updated: meta.updated,
    tags: meta.tags,
    summary,
    contentHtml,
    ...(meta.author ? { author: meta.author } : {}),
    ...media,
    file,
  };
}

/** marked percent-encodes a path it writes as a URL; the file's name is the decoded one. */
function decodePath(src: string): string {
  try {
    return decodeURI(src);
  } catch {
    return src;
  }
}

/**
 * The first paragraph with text, as plain text: tags removed, the five entities sanitize-html writes
 * decoded. A paragraph holding only an image (a body that opens with one) has none: the next is taken.
 */
function firstParagraphText(html: string): string {
  for (const match of html.matchAll(/<p>([\s\S]*?)<\/p>/g)) {
    const text = sanitizeHtml(match[1]!, { allowedTags: [], allowedAttributes: {} })
      .replace(
        /&(lt|gt|quot|#39|amp);/g,
        (_, e: string) => ({ lt: "<", gt: ">", quot: '"', "#39": "'", amp: "&" })[e] ?? "",
      )
      .replace(/\s+/g, " ")
      .trim();
    if (text) return text;
  }
  return "";
}
