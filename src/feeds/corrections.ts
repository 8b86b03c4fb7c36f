// What edgefeed corrects in `feed` 6.0.0's output, each with the clause it restores. Corrections of the
// tree `feed` hands to its XML writer live here and run in ./xml-writer.js before the tree is text;
// corrections of the model `feed` is given live in ./feed-package.ts, which this list names. Nothing
// edits the finished XML.
//
// The tree (here):
// - Atom entry links get rel="alternate": `feed` writes none, which RFC 4287 §4.2.7.2 reads as
//   alternate; readers that look for the attribute find it. A story's source page is a link
//   rel="via" (§4.2.7.2: "the source of the information provided in the containing element"), which
//   `feed` cannot write (RSS carries it as dc:source, JSON Feed as external_url).
// - W3C WebSub §4 discovery: a subscription feed names each hub as Atom `link rel="hub"` and RSS
//   `atom:link rel="hub"` (`feed` takes a single hub; there may be several); JSON Feed 1.1 `hubs` is
//   added in ./json-feed.ts.
// - RFC 5005 §4 archive links (current, prev-archive, next-archive) as Atom `link` and RSS `atom:link`,
//   and `fh:archive` (with its namespace) in archive documents: `feed` has no way to add them. In Atom
//   they go before the entries, where RFC 4287 §4.1.1's schema wants feed-level elements.
// - Media (./media-elements.ts): `feed` keeps one enclosure per item (image, audio and video overwrite
//   each other), writes its length as 0 and takes its type from the URL's extension (RSS 2.0 and RFC
//   4287 §4.2.7.2 want the real length and type), and has no Media RSS. Its media options are never
//   used; each item gets its first attachment as RSS <enclosure>, every attachment as an Atom
//   `link rel="enclosure"`, and media:content/media:thumbnail (with their namespace). The site's icons
//   become RSS <image> (sized as RSS 2.0 allows) and Atom icon/logo (RFC 4287 §4.2.5, §4.2.14), before
//   the entries.
// - The RSS syndication module's sy:updatePeriod and sy:updateFrequency (with their namespace), the
//   poll interval WordPress-era readers look for: `feed` has no way to add channel elements. The same
//   interval goes to `feed` as its own `ttl` option (./feed-package.ts).
// The model (./feed-package.ts):
// - `updated`/`lastBuildDate` default to the clock: the newest article's date is passed instead;
// - CDATA: xml-js splits only the first "]]>" (`cdata()`); RFC 4287 §3.1.1.2 type="html" text is
//   HTML, so Atom titles and summaries are passed HTML-escaped;
// - RSS 2.0 `<author>` must be an e-mail address: a name goes to `dc:creator`;
// - RFC 4287 §4.2.2 categories need `term`: term is passed, not name;
// - self links appear only with `feedLinks`: always set;
// - XML 1.0 §2.4 escaping: xml-js un-escapes "&amp;" in text (`xmlText()`) and escapes only `"` in
//   attribute values (`xmlAttr()`).
// JSON Feed 1.0 → 1.1 is an upgrade of the object, in ./json-feed.ts.
import { FORMATS } from "../addresses";
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

const FEED_HISTORY = "http://purl.org/syndication/history/1.0";
const SYNDICATION = "http://purl.org/rss/1.0/modules/syndication/";
const RSS_TYPE = FORMATS.rss.mediaType.split(";")[0]!;

export function correctAtom(doc: FeedDocument, site: Site): (tree: XmlTree) => void {
  return (tree) => {
    const feed = root(tree, "feed");
    children(feed, "entry").forEach((entry, i) => {
      for (const link of children(entry, "link")) {
        if (link._attributes && !("rel" in link._attributes))
          link._attributes = { rel: "alternate", ...link._attributes };
      }
      const source = doc.items[i]?.source?.url;
      if (source) entry.link = [...children(entry, "link"), { _attributes: { rel: "via", href: xmlAttr(source) } }];
    });
    const hubs = (doc.hubs ?? []).map((href) => ({ _attributes: { rel: "hub", href: xmlAttr(href) } }));
    const archive = doc.archive ? archiveLinks(doc.archive, site, "atom") : [];
    const links = archive.map(({ href, rel }) => ({ _attributes: { rel, href } }));
    if (hubs.length + links.length > 0)
      setBefore(feed, "entry", "link", [...children(feed, "link"), ...hubs, ...links]);
    if (doc.archive?.isArchive) markArchive(feed, feed, "entry");
    if (site.icons?.favicon) setBefore(feed, "entry", "icon", { _text: xmlText(site.icons.favicon.url) });
    if (site.icons?.icon) setBefore(feed, "entry", "logo", { _text: xmlText(site.icons.icon.url) });
    if (hasMedia(doc.items)) {
      feed._attributes = { ...feed._attributes, "xmlns:media": MEDIA_RSS };
      children(feed, "entry").forEach((entry, i) => {
        const article = doc.items[i]!;
        const enclosures = atomEnclosures(article);
        if (enclosures.length > 0) entry.link = [...children(entry, "link"), ...enclosures];
        const thumbnail = mediaThumbnail(article);
        if (thumbnail) entry["media:thumbnail"] = thumbnail;
      });
    }
  };
}

export function correctRss(doc: FeedDocument, site: Site): (tree: XmlTree) => void {
  return (tree) => {
    const rss = root(tree, "rss");
    const channel = child(rss, "channel");
    if (doc.poll) {
      rss._attributes = { ...rss._attributes, "xmlns:sy": SYNDICATION };
      setBefore(channel, "item", "sy:updatePeriod", { _text: doc.poll.period });
      setBefore(channel, "item", "sy:updateFrequency", { _text: String(doc.poll.frequency) });
    }
    const hubs = (doc.hubs ?? []).map((href) => ({ _attributes: { href: xmlAttr(href), rel: "hub" } }));
    const archive = doc.archive ? archiveLinks(doc.archive, site, "rss") : [];
    const links = archive.map((a) => ({ _attributes: { ...a, type: RSS_TYPE } }));
    if (hubs.length + links.length > 0) channel["atom:link"] = [...children(channel, "atom:link"), ...hubs, ...links];
    if (doc.archive?.isArchive) markArchive(rss, channel, "item");
    const image = rssChannelImage(site.icons, doc.title, site.baseUrl + doc.homePath);
    if (image) setBefore(channel, "item", "image", image);
    if (hasMedia(doc.items)) {
      rss._attributes = { ...rss._attributes, "xmlns:media": MEDIA_RSS };
      children(channel, "item").forEach((item, i) => {
        const article = doc.items[i]!;
        const enclosure = rssEnclosure(article);
        if (enclosure) item.enclosure = enclosure;
        const contents = mediaContents(article);
        if (contents.length > 0) item["media:content"] = contents;
        const thumbnail = mediaThumbnail(article);
        if (thumbnail) item["media:thumbnail"] = thumbnail;
      });
    }
  };
}

/** RFC 5005 §4: where this document sits among the feed's others. */
function archiveLinks(archive: ArchiveLinks, site: Site, format: "rss" | "atom") {
  const link = (rel: string, path: string) => ({ href: xmlAttr(site.baseUrl + path), rel });
  const links = [link("current", archive.current[format])];
  if (archive.prev) links.push(link("prev-archive", archive.prev[format]));
  if (archive.next) links.push(link("next-archive", archive.next[format]));
  return links;
}

/** RFC 5005 §4.2: an archive document says so with fh:archive, declared on the root element. */
function markArchive(rootElement: XmlElement, parent: XmlElement, before: string) {
  rootElement._attributes = { ...rootElement._attributes, "xmlns:fh": FEED_HISTORY };
  setBefore(parent, before, "fh:archive", {});
}

function root(tree: XmlTree, name: string): XmlElement {
  const element = tree[name];
  if (!element) throw new Error(`feed wrote no <${name}> element`);
  return element;
}

function child(parent: XmlElement, name: string): XmlElement {
  const element = parent[name];
  if (typeof element !== "object" || element === null || Array.isArray(element)) {
    throw new Error(`feed wrote no single <${name}> element`);
  }
  return element as XmlElement;
}

/** A child element or list of them, as the compact form holds either. */
function children(parent: XmlElement, name: string): XmlElement[] {
  const value = parent[name];
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]) as XmlElement[];
}

/**
 * Sets `parent[name]`, placing it before the child `before` when it is new or stands after it: in the
 * compact form, children are written in the order of the object's keys.
 */
function setBefore(parent: XmlElement, before: string, name: string, value: unknown) {
  const keys = Object.keys(parent);
  if (!keys.includes(before)) {
    parent[name] = value;
    return;
  }
  const entries = Object.entries(parent).filter(([key]) => key !== name);
  for (const key of keys) delete parent[key];
  for (const [key, existing] of entries) {
    if (key === before) parent[name] = value;
    parent[key] = existing;
  }
}
