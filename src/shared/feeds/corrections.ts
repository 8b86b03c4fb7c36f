// What edgefeed corrects in the documents `feed` 6.0.0 builds: each correction takes the tree `feed` made
// (xml-js's compact form for RSS and Atom, the parsed object for JSON Feed), returns it corrected without
// changing its input, and names the clause it restores. ./rss.ts, ./atom.ts and ./json-feed.ts run them
// in the order listed (in XML, also the order new elements are written in). What `feed` is given is
// corrected in ./feed-package.ts (which lists those corrections); nothing edits a finished document.
import { FORMATS } from "../addresses";
import type { Article } from "../content/schema";
import { channelElements, ITUNES_NS, itemElements, PODCAST_NS } from "../podcasts/elements";
import type { Site } from "../site";
import type { ArchiveLinks, FeedDocument } from "./document";
import { xmlAttr, xmlText } from "./feed-package";
import {
  atomEnclosures,
  hasMedia,
  MEDIA_RSS,
  mediaContents,
  mediaThumbnail,
  rssChannelImage,
  rssEnclosure,
} from "./media-elements";
import type { XmlElement, XmlTree } from "./xml-writer.js";

/** What a correction reads besides the tree: the document rendered, and the site it is rendered for. */
export interface Rendering {
  doc: FeedDocument;
  site: Site;
}

export type Correction<Tree> = (tree: Tree, rendering: Rendering) => Tree;

const FEED_HISTORY = "http://purl.org/syndication/history/1.0";
const SYNDICATION = "http://purl.org/rss/1.0/modules/syndication/";
const RSS_TYPE = FORMATS.rss.mediaType.split(";")[0]!;

// Both XML formats.

/**
 * XML 1.0 §2.7: a CDATA section ends at the first "]]>", so text that holds one must be split across
 * sections. xml-js's writer splits only the first occurrence; here every one is split, each section
 * ending before the ">" that the next one begins with, and the writer writes the sections in a row.
 */
export const cdataSections: Correction<XmlTree> = (tree) => splitCdata(tree) as XmlTree;

function splitCdata(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(splitCdata);
  if (typeof value !== "object" || value === null) return value;
  const entries = Object.entries(value).map(([key, child]) => {
    if (key === "_cdata" && typeof child === "string" && child.includes("]]>")) {
      const parts = child.split("]]>");
      return [key, parts.map((part, i) => `${i > 0 ? ">" : ""}${part}${i < parts.length - 1 ? "]]" : ""}`)];
    }
    return [key, key.startsWith("_") ? child : splitCdata(child)];
  });
  return Object.fromEntries(entries);
}

// Atom 1.0 (RFC 4287).

/**
 * RFC 4287 §4.2.7.2: a link without rel is rel="alternate". `feed` writes entry links without it; readers
 * that look for the attribute find it.
 */
export const alternateLinks: Correction<XmlTree> = (tree) =>
  onAtomFeed(tree, (feed) =>
    mapChildren(feed, "entry", (entry) =>
      mapChildren(entry, "link", (link) =>
        link._attributes && !("rel" in link._attributes)
          ? { ...link, _attributes: { rel: "alternate", ...link._attributes } }
          : link,
      ),
    ),
  );

/**
 * RFC 4287 §4.2.7.2 rel="via", "the source of the information provided in the containing element": a
 * story's source page, which `feed` cannot write (RSS carries it as dc:source, ./feed-package.ts).
 */
export const viaLinks: Correction<XmlTree> = (tree, { doc }) =>
  onAtomFeed(tree, (feed) =>
    mapChildren(feed, "entry", (entry, i) => {
      const source = doc.items[i]?.source?.url;
      return source ? appendChildren(entry, "link", [{ _attributes: { rel: "via", href: xmlAttr(source) } }]) : entry;
    }),
  );

/**
 * W3C WebSub §4 discovery: a subscription feed names each hub as `link rel="hub"` (`feed` takes a single
 * hub; there may be several). Before the entries, where RFC 4287 §4.1.1's schema wants feed elements.
 */
export const atomHubLinks: Correction<XmlTree> = (tree, { doc }) => {
  const hubs = doc.hubs ?? [];
  if (hubs.length === 0) return tree;
  const links = hubs.map((href) => ({ _attributes: { rel: "hub", href: xmlAttr(href) } }));
  return onAtomFeed(tree, (feed) => appendChildren(feed, "link", links, "entry"));
};

/** RFC 5005 §4 archive links (current, prev-archive, next-archive), which `feed` has no way to add; before the entries. */
export const atomArchiveLinks: Correction<XmlTree> = (tree, { doc, site }) => {
  if (!doc.archive) return tree;
  const links = archiveLinks(doc.archive, site, "atom").map(({ href, rel }) => ({ _attributes: { rel, href } }));
  return onAtomFeed(tree, (feed) => appendChildren(feed, "link", links, "entry"));
};

/** RFC 5005 §4.2: an archive document says so with fh:archive, its namespace declared on the root element. */
export const atomArchiveMark: Correction<XmlTree> = (tree, { doc }) =>
  doc.archive?.isArchive
    ? onAtomFeed(tree, (feed) => withChildren(feed, { "fh:archive": {} }, "entry"), FEED_HISTORY_NS)
    : tree;

/**
 * RFC 4287 §4.2.5 icon (the favicon) and §4.2.14 logo (the icon), before the entries. `feed` writes them
 * from options that also make its RSS <image> (which must be sized, ./media-elements.ts) and JSON Feed icon.
 */
export const atomIcons: Correction<XmlTree> = (tree, { site }) =>
  onAtomFeed(tree, (feed) => {
    const { icon, favicon } = site.icons ?? {};
    return withChildren(
      feed,
      { icon: favicon && { _text: xmlText(favicon.url) }, logo: icon && { _text: xmlText(icon.url) } },
      "entry",
    );
  });

/**
 * RFC 4287 §4.2.7.2 `link rel="enclosure"` for every attachment, with its real length and type, and Media
 * RSS media:thumbnail: `feed` keeps one enclosure per entry, guesses its type from the URL's extension
 * and writes no length (./media-elements.ts).
 */
export const atomMedia: Correction<XmlTree> = (tree, { doc }) => {
  if (!hasMedia(doc.items)) return tree;
  return onAtomFeed(
    tree,
    (feed) =>
      mapChildren(feed, "entry", (entry, i) => {
        const article = doc.items[i]!;
        const links = appendChildren(entry, "link", atomEnclosures(article));
        return withChildren(links, { "media:thumbnail": mediaThumbnail(article) });
      }),
    MEDIA_RSS_NS,
  );
};

// RSS 2.0 (https://www.rssboard.org/rss-specification).

/**
 * The RSS syndication module's sy:updatePeriod and sy:updateFrequency, the poll interval WordPress-era
 * readers look for: `feed` has no way to add channel elements. The same interval goes to `feed` as its
 * own RSS 2.0 <ttl> (./feed-package.ts).
 */
export const syndication: Correction<XmlTree> = (tree, { doc }) => {
  const poll = doc.poll;
  if (!poll) return tree;
  return onRssChannel(
    tree,
    (channel) =>
      withChildren(
        channel,
        { "sy:updatePeriod": { _text: poll.period }, "sy:updateFrequency": { _text: String(poll.frequency) } },
        "item",
      ),
    { prefix: "sy", uri: SYNDICATION },
  );
};

/** W3C WebSub §4 discovery in RSS: `atom:link rel="hub"` for each hub (`feed` takes a single one). */
export const rssHubLinks: Correction<XmlTree> = (tree, { doc }) => {
  const hubs = doc.hubs ?? [];
  if (hubs.length === 0) return tree;
  const links = hubs.map((href) => ({ _attributes: { href: xmlAttr(href), rel: "hub" } }));
  return onRssChannel(tree, (channel) => appendChildren(channel, "atom:link", links));
};

/** RFC 5005 §4 archive links as `atom:link`, which `feed` has no way to add. */
export const rssArchiveLinks: Correction<XmlTree> = (tree, { doc, site }) => {
  if (!doc.archive) return tree;
  const links = archiveLinks(doc.archive, site, "rss").map((link) => ({ _attributes: { ...link, type: RSS_TYPE } }));
  return onRssChannel(tree, (channel) => appendChildren(channel, "atom:link", links));
};

/** RFC 5005 §4.2: fh:archive in an archive document, its namespace declared on <rss>. */
export const rssArchiveMark: Correction<XmlTree> = (tree, { doc }) =>
  doc.archive?.isArchive
    ? onRssChannel(tree, (channel) => withChildren(channel, { "fh:archive": {} }, "item"), FEED_HISTORY_NS)
    : tree;

/**
 * RSS 2.0 <image>: the site's icon as a GIF, JPEG or PNG at no more than 144 × 400 pixels (./media-elements.ts).
 * `feed` writes its image option unsized, whatever the file.
 */
export const rssImage: Correction<XmlTree> = (tree, { doc, site }) => {
  const image = rssChannelImage(site.icons, doc.title, site.baseUrl + doc.homePath);
  return image ? onRssChannel(tree, (channel) => withChildren(channel, { image }, "item")) : tree;
};

/**
 * RSS 2.0 <enclosure> with the attachment's real length and type (`feed` writes length="0" and takes the
 * type from the URL's extension), and Media RSS media:content and media:thumbnail, which `feed` lacks.
 */
export const rssMedia: Correction<XmlTree> = (tree, { doc }) => {
  if (!hasMedia(doc.items)) return tree;
  // A show's feed states each episode's audio once, as its enclosure: podcast apps read Media RSS
  // media:content as one more file to download (gPodder lists the same audio twice).
  if (doc.podcast) {
    return onRssChannel(tree, (channel) =>
      mapChildren(channel, "item", (item, i) => withChildren(item, { enclosure: rssEnclosure(doc.items[i]!) })),
    );
  }
  return onRssChannel(
    tree,
    (channel) =>
      mapChildren(channel, "item", (item, i) => {
        const article = doc.items[i]!;
        const contents = mediaContents(article);
        return withChildren(item, {
          enclosure: rssEnclosure(article),
          "media:content": contents.length > 0 ? contents : undefined,
          "media:thumbnail": mediaThumbnail(article),
        });
      }),
    MEDIA_RSS_NS,
  );
};

/**
 * A show's channel: the `itunes:` and `podcast:` elements Apple Podcasts and Podcasting 2.0 apps read
 * (src/shared/podcasts/elements.ts), before the items, their namespaces declared on <rss>.
 */
export const podcastChannel: Correction<XmlTree> = (tree, { doc }) => {
  const show = doc.podcast;
  if (!show) return tree;
  const declared = onRssChannel(
    onRssChannel(tree, (c) => c, ITUNES_NS),
    (c) => c,
    PODCAST_NS,
  );
  return onRssChannel(declared, (channel) => withChildren(channel, channelElements(show, doc.items), "item"));
};

/** A show's episodes: duration, season, number, type, transcripts, chapters and people, after the rest. */
export const podcastItems: Correction<XmlTree> = (tree, { doc }) =>
  doc.podcast
    ? onRssChannel(tree, (channel) =>
        mapChildren(channel, "item", (item, i) => withChildren(item, itemElements(doc.items[i]!))),
      )
    : tree;

export const RSS_CORRECTIONS: readonly Correction<XmlTree>[] = [
  cdataSections,
  syndication,
  rssHubLinks,
  rssArchiveLinks,
  rssArchiveMark,
  rssImage,
  rssMedia,
  podcastChannel,
  podcastItems,
];

export const ATOM_CORRECTIONS: readonly Correction<XmlTree>[] = [
  cdataSections,
  alternateLinks,
  viaLinks,
  atomHubLinks,
  atomArchiveLinks,
  atomArchiveMark,
  atomIcons,
  atomMedia,
];

// JSON Feed: `feed` writes version 1 (https://www.jsonfeed.org/version/1/); these make it version 1.1
// (https://www.jsonfeed.org/version/1.1/). A field left undefined is not written.

interface JsonFeedAuthor {
  name?: string;
  url?: string;
}

/** The fields of a JSON Feed item that `feed` writes or a correction sets. */
export interface JsonFeedItem {
  id: string;
  url?: string;
  external_url?: string;
  title?: string;
  summary?: string;
  content_html?: string;
  date_published?: string;
  date_modified?: string;
  image?: string;
  banner_image?: string;
  /** Version 1's, replaced by `authors`. */
  author?: JsonFeedAuthor;
  authors?: JsonFeedAuthor[];
  tags?: string[];
  attachments?: {
    url: string;
    mime_type: string;
    title?: string;
    size_in_bytes?: number;
    duration_in_seconds?: number;
  }[];
}

/** The fields of a JSON Feed that `feed` writes or a correction sets. */
export interface JsonFeed {
  version: string;
  title: string;
  home_page_url?: string;
  feed_url?: string;
  description?: string;
  icon?: string;
  favicon?: string;
  language?: string;
  /** Version 1's, replaced by `authors`. */
  author?: JsonFeedAuthor;
  authors?: JsonFeedAuthor[];
  next_url?: string;
  hubs?: { type: string; url: string }[];
  items: JsonFeedItem[];
}

/** JSON Feed 1.1 "version": the URL of the version the document follows (`feed` writes version 1's). */
export const jsonFeedVersion: Correction<JsonFeed> = (feed) => ({
  ...feed,
  version: "https://jsonfeed.org/version/1.1",
});

/** JSON Feed 1.1 "authors", an array, for the feed and for each item: it deprecates version 1's single "author". */
export const jsonFeedAuthors: Correction<JsonFeed> = ({ author, ...feed }) => ({
  ...feed,
  authors: author && [author],
  items: feed.items.map(({ author: itemAuthor, ...item }) => ({ ...item, authors: itemAuthor && [itemAuthor] })),
});

/** JSON Feed 1.1 "language", new in 1.1. */
export const jsonFeedLanguage: Correction<JsonFeed> = (feed, { site }) => ({ ...feed, language: site.language });

/**
 * JSON Feed 1.1 "icon" (square, 512 × 512 or larger) and "favicon" (small, square): `feed` writes no favicon,
 * and its option for the icon would also be its RSS <image>, unsized.
 */
export const jsonFeedIcons: Correction<JsonFeed> = (feed, { site }) => ({
  ...feed,
  icon: site.icons?.icon?.url,
  favicon: site.icons?.favicon?.url,
});

/** JSON Feed 1.1 "next_url": the next (older) page, for readers that backfill; RFC 5005's prev-archive. */
export const jsonFeedNextUrl: Correction<JsonFeed> = (feed, { doc, site }) => ({
  ...feed,
  next_url: doc.archive?.prev && site.baseUrl + doc.archive.prev.json,
});

/** JSON Feed 1.1 "hubs": endpoints for real-time notification, here of type "WebSub" (W3C WebSub §4). */
export const jsonFeedHubs: Correction<JsonFeed> = (feed, { doc }) => ({
  ...feed,
  hubs: doc.hubs?.map((url) => ({ type: "WebSub", url })),
});

/** JSON Feed 1.1 item "external_url": the page the story came from (Atom rel="via", RSS dc:source). */
export const jsonFeedExternalUrls: Correction<JsonFeed> = (feed, { doc }) =>
  mapItems(feed, doc, (item, article) => ({ ...item, external_url: article.source?.url }));

/** JSON Feed 1.1 item "image", and "banner_image" (shown above the item) when the lead image is landscape. */
export const jsonFeedImages: Correction<JsonFeed> = (feed, { doc }) =>
  mapItems(feed, doc, (item, { image }) => ({
    ...item,
    image: image?.url,
    banner_image: image?.width && image.height && image.width > image.height ? image.url : undefined,
  }));

/** JSON Feed 1.1 item "attachments", with their MIME types, sizes and durations: `feed` writes none. */
export const jsonFeedAttachments: Correction<JsonFeed> = (feed, { doc }) =>
  mapItems(feed, doc, (item, { attachments }) => ({
    ...item,
    attachments: attachments?.map((a) => ({
      url: a.url,
      mime_type: a.type,
      title: a.title,
      size_in_bytes: a.length,
      duration_in_seconds: a.duration,
    })),
  }));

export const JSON_FEED_CORRECTIONS: readonly Correction<JsonFeed>[] = [
  jsonFeedVersion,
  jsonFeedAuthors,
  jsonFeedLanguage,
  jsonFeedIcons,
  jsonFeedNextUrl,
  jsonFeedHubs,
  jsonFeedExternalUrls,
  jsonFeedImages,
  jsonFeedAttachments,
];

/** `feed` writes one item per article of the document, in its order. */
function mapItems(feed: JsonFeed, doc: FeedDocument, correct: (item: JsonFeedItem, article: Article) => JsonFeedItem) {
  return { ...feed, items: feed.items.map((item, i) => correct(item, doc.items[i]!)) };
}

/** `feed`'s tree with each correction applied in turn. */
export function corrected<Tree>(tree: Tree, corrections: readonly Correction<Tree>[], rendering: Rendering): Tree {
  return corrections.reduce((current, correct) => correct(current, rendering), tree);
}

/** RFC 5005 §4: where this document sits among the feed's others. */
function archiveLinks(archive: ArchiveLinks, site: Site, format: "rss" | "atom") {
  const link = (rel: string, path: string) => ({ href: xmlAttr(site.baseUrl + path), rel });
  const links = [link("current", archive.current[format])];
  if (archive.prev) links.push(link("prev-archive", archive.prev[format]));
  if (archive.next) links.push(link("next-archive", archive.next[format]));
  return links;
}

// The compact tree, changed by copying: `feed`'s tree is never edited in place.

interface Namespace {
  prefix: string;
  uri: string;
}

const FEED_HISTORY_NS: Namespace = { prefix: "fh", uri: FEED_HISTORY };
const MEDIA_RSS_NS: Namespace = { prefix: "media", uri: MEDIA_RSS };

/** The tree with its root element `name` replaced by `correct`'s, declaring `namespace` on it when given. */
function onRoot(tree: XmlTree, name: string, correct: (root: XmlElement) => XmlElement, namespace?: Namespace) {
  const root = tree[name];
  if (!root) throw new Error(`feed wrote no <${name}> element`);
  const declared = namespace
    ? { ...root, _attributes: { ...root._attributes, [`xmlns:${namespace.prefix}`]: namespace.uri } }
    : root;
  return { ...tree, [name]: correct(declared) };
}

const onAtomFeed = (tree: XmlTree, correct: (feed: XmlElement) => XmlElement, namespace?: Namespace) =>
  onRoot(tree, "feed", correct, namespace);

/** The tree with <rss>'s <channel> replaced by `correct`'s, declaring `namespace` on <rss> when given. */
function onRssChannel(tree: XmlTree, correct: (channel: XmlElement) => XmlElement, namespace?: Namespace) {
  return onRoot(
    tree,
    "rss",
    (rss) => {
      const channel = rss.channel;
      if (typeof channel !== "object" || channel === null || Array.isArray(channel)) {
        throw new Error("feed wrote no single <channel> element");
      }
      return { ...rss, channel: correct(channel as XmlElement) };
    },
    namespace,
  );
}

/** A child element or list of them, as the compact form holds either. */
function children(parent: XmlElement, name: string): XmlElement[] {
  const value = parent[name];
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]) as XmlElement[];
}

/** `parent` with each child `name` replaced by `correct`'s (unchanged when it has none). */
function mapChildren(
  parent: XmlElement,
  name: string,
  correct: (child: XmlElement, index: number) => XmlElement,
): XmlElement {
  return parent[name] === undefined ? parent : { ...parent, [name]: children(parent, name).map(correct) };
}

/** `parent` with `added` after its children `name`, placed as withChildren places them. */
function appendChildren(parent: XmlElement, name: string, added: XmlElement[], before?: string): XmlElement {
  return added.length === 0 ? parent : withChildren(parent, { [name]: [...children(parent, name), ...added] }, before);
}

/**
 * `parent` with the children in `added` set, in turn; undefined ones are left out. In the compact form
 * children are written in the order of the object's keys: with `before`, each goes just before that child
 * (when the parent has it); without, a new child goes last and an existing one stays where it is.
 */
function withChildren(parent: XmlElement, added: Record<string, unknown>, before?: string): XmlElement {
  let result = parent;
  for (const [name, value] of Object.entries(added)) {
    if (value === undefined) continue;
    if (before === undefined || !(before in result)) {
      result = { ...result, [name]: value };
      continue;
    }
    const placed: XmlElement = {};
    for (const [key, existing] of Object.entries(result)) {
      if (key === name) continue;
      if (key === before) placed[name] = value;
      placed[key] = existing;
    }
    result = placed;
  }
  return result;
}
