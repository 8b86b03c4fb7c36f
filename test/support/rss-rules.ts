// The W3C Feed Validation Service's RSS 2.0 rules that apply to edgefeed's output, as a checker that
// lists every problem it finds (https://validator.w3.org/feed/docs/rss2.html and its error catalogue).
// Well-formedness itself is libxml2's job (test/support/libxml2.ts); this reads an already parsed tree.
import { DomUtils } from "htmlparser2";
import { parseHtml } from "./html-text";
import { parsesAsUrl, w3cUriProblem } from "./url";
import { parseXml, type XmlElement } from "./xml-tree";

/** Namespaces the validator knows, by the prefix edgefeed uses. */
const NAMESPACES: Record<string, string> = {
  atom: "http://www.w3.org/2005/Atom",
  content: "http://purl.org/rss/1.0/modules/content/",
  dc: "http://purl.org/dc/elements/1.1/",
  fh: "http://purl.org/syndication/history/1.0",
  media: "http://search.yahoo.com/mrss/",
  sy: "http://purl.org/rss/1.0/modules/syndication/",
};
// The syndication module (http://web.resource.org/rss/1.0/modules/syndication/): its periods.
const SY_PERIODS = new Set(["hourly", "daily", "weekly", "monthly", "yearly"]);
// RSS 2.0 "Elements of <channel>" and "Elements of <item>"; anything else without a prefix is "Undefined".
const CHANNEL = new Set(
  "title link description language copyright managingEditor webMaster pubDate lastBuildDate category generator docs cloud ttl image rating textInput skipHours skipDays item".split(
    " ",
  ),
);
const ITEM = new Set("title link description author category comments enclosure guid pubDate source".split(" "));
const REPEATABLE = new Set(["category", "item"]);
const RFC822 =
  /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\d\d) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{4}) (\d\d):(\d\d):(\d\d) (GMT|UT|[+-]\d{4})$/;
const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const LANGUAGE = /^[a-z]{2,3}(-[a-z0-9]{2,8})*$/i;
// HTML the validator accepts in description and content:encoded without a SecurityRisk warning: the
// elements and attributes of article text (scripts, frames, forms, styles and event handlers are flagged).
const SAFE_ELEMENTS = new Set(
  "a abbr b blockquote br caption cite code dd del dfn div dl dt em figcaption figure h1 h2 h3 h4 h5 h6 hr i img ins kbd li mark ol p pre q s samp small span strong sub sup table tbody td tfoot th thead tr u ul var".split(
    " ",
  ),
);
// The validator's MIME type pattern (w3c/feedvalidator src/feedvalidator/validators.py, mime_re).
const MIME =
  /^[^\s()<>,;:\\"/[\]?=]+\/[^\s()<>,;:\\"/[\]?=]+(\s*;\s*[^\s()<>,;:\\"/[\]?=]+=("(\\"|[^"])*"|[^\s()<>,;:\\"/[\]?=]+))*$/;
// Media RSS (src/feedvalidator/media.py): media:content's attributes, and its media:medium values.
const MEDIA_CONTENT = new Set(
  "bitrate channels duration expression fileSize framerate height isDefault lang medium samplingrate type url width".split(
    " ",
  ),
);
const MEDIA_MEDIUM = new Set(["image", "audio", "video", "document", "executable"]);
const POSITIVE = /^[1-9]\d*$/;
// (The validator itself flags only event handlers and styles; these are the ones article text uses.)
const SAFE_ATTRIBUTES = new Set(
  "alt cite class datetime decoding dir height href hreflang lang loading src title width".split(" "),
);

export interface RssExpectations {
  /** The URL the document is served at: atom:link rel="self" must name it. */
  selfUrl: string;
}

export function rssProblems(xml: string, expected: RssExpectations): string[] {
  const problems: string[] = [];
  const report = (where: string, problem: string) => problems.push(`${where}: ${problem}`);
  const { root, instructions } = parseXml(xml);
  for (const pi of instructions) {
    if (pi.target === "xml-stylesheet" && (!pi.attrs.href || !pi.attrs.type))
      report("xml-stylesheet", "needs href and type");
  }
  if (root.name !== "rss" || root.attrs.version !== "2.0")
    return [`root: expected <rss version="2.0">, found <${root.name}>`];
  checkNamespaces(root, report);
  const channels = root.all("channel");
  if (channels.length !== 1) return [...problems, `rss: expected one <channel>, found ${channels.length}`];
  const channel = channels[0]!;

  checkChildren(channel, CHANNEL, "channel", report);
  for (const name of ["title", "link", "description"]) {
    if (channel.all(name).length !== 1) report("channel", `missing required <${name}>`);
  }
  checkUrl(channel.all("link")[0]?.text, "channel/link", report);
  checkUrl(channel.all("docs")[0]?.text, "channel/docs", report, true);
  for (const name of ["pubDate", "lastBuildDate"])
    for (const d of channel.all(name)) checkDate(d.text, `channel/${name}`, report);
  for (const lang of channel.all("language"))
    if (!LANGUAGE.test(lang.text)) report("channel/language", `invalid "${lang.text}"`);
  // <ttl> is a number of minutes: the validator wants a positive integer.
  for (const ttl of channel.all("ttl"))
    if (!/^[1-9]\d*$/.test(ttl.text)) report("channel/ttl", `not a positive integer: "${ttl.text}"`);
  for (const name of ["sy:updatePeriod", "sy:updateFrequency", "sy:updateBase"])
    if (channel.all(name).length > 1) report("channel", `duplicate <${name}>`);
  for (const period of channel.all("sy:updatePeriod"))
    if (!SY_PERIODS.has(period.text)) report("channel/sy:updatePeriod", `not a period: "${period.text}"`);
  for (const frequency of channel.all("sy:updateFrequency"))
    if (!/^[1-9]\d*$/.test(frequency.text))
      report("channel/sy:updateFrequency", `not a positive integer: "${frequency.text}"`);
  for (const name of ["managingEditor", "webMaster"])
    for (const e of channel.all(name)) checkEmail(e.text, `channel/${name}`, report);

  const selfLinks = channel.all("atom:link").filter((l) => l.attrs.rel === "self");
  if (selfLinks.length !== 1) report("channel", `expected one atom:link rel="self", found ${selfLinks.length}`);
  for (const link of channel.all("atom:link")) {
    if (!link.attrs.href || !link.attrs.rel) report("channel/atom:link", "needs href and rel");
    checkUrl(link.attrs.href, `channel/atom:link[@rel=${link.attrs.rel}]`, report);
    // A hub is an endpoint, not a document of a media type: the W3C validator's link check
    // (w3c/feedvalidator src/feedvalidator/link.py) asks a type of none, and WebSub §4 gives hubs none.
    if (!link.attrs.type && link.attrs.rel !== "hub") {
      report(`channel/atom:link[@rel=${link.attrs.rel}]`, "missing type attribute");
    }
  }
  const self = selfLinks[0];
  if (self && self.attrs.href !== expected.selfUrl)
    report("atom:link self", `href ${self.attrs.href} ≠ ${expected.selfUrl}`);
  if (self && self.attrs.type !== "application/rss+xml") report("atom:link self", `type ${self.attrs.type}`);

  const guids = new Set<string>();
  channel.all("item").forEach((item, i) => {
    const where = `item[${i + 1}]`;
    checkChildren(item, ITEM, where, report);
    if (item.all("title").length === 0 && item.all("description").length === 0) {
      report(where, "must contain a title or a description");
    }
    checkUrl(item.all("link")[0]?.text, `${where}/link`, report, true);
    for (const d of item.all("pubDate")) checkDate(d.text, `${where}/pubDate`, report);
    for (const author of item.all("author")) checkEmail(author.text, `${where}/author`, report);
    for (const category of item.all("category")) if (!category.text.trim()) report(`${where}/category`, "is empty");
    for (const guid of item.all("guid")) {
      const permalink = guid.attrs.isPermaLink ?? "true";
      if (permalink !== "true" && permalink !== "false") report(`${where}/guid`, `isPermaLink="${permalink}"`);
      if (permalink === "true") checkUrl(guid.text, `${where}/guid (a permalink)`, report);
      if (!guid.text.trim()) report(`${where}/guid`, "is empty");
      if (guids.has(guid.text)) report(`${where}/guid`, `duplicate ${guid.text}`);
      guids.add(guid.text);
    }
    // RSS 2.0: <source> is "the RSS channel that the item came from", its url that channel's XML: a
    // feed's own address, never a web page (a story's source page goes to dc:source).
    for (const source of item.all("source")) {
      checkUrl(source.attrs.url, `${where}/source@url`, report);
      if (!/\.(?:xml|rss)$|\/(?:feed|rss)\/?$/.test(new URL(source.attrs.url ?? "", "http://x").pathname))
        report(`${where}/source@url`, `expected the address of an RSS channel, found a page: ${source.attrs.url}`);
    }
    for (const dc of item.all("dc:source")) checkUrl(dc.text, `${where}/dc:source`, report);
    checkEnclosures(item, where, report);
    checkMedia(item, where, report);
    for (const name of ["description", "content:encoded"]) {
      for (const html of item.all(name)) checkSafeHtml(html.text, `${where}/${name}`, report);
    }
  });
  checkImage(channel, report);
  return problems;
}

/** <image> (src/feedvalidator/image.py): url, title and link; at most 144 × 400; a GIF, JPEG or PNG; the channel's title and link. */
function checkImage(channel: XmlElement, report: (w: string, p: string) => void) {
  const images = channel.all("image");
  if (images.length > 1) report("channel", "duplicate <image>");
  for (const image of images) {
    for (const name of ["url", "title", "link"]) {
      if (image.all(name).length !== 1) report("channel/image", `missing <${name}>`);
    }
    const url = image.all("url")[0]?.text;
    checkUrl(url, "channel/image/url", report);
    const ext = url?.split(".").at(-1)?.toLowerCase() ?? "";
    if (/^\w+$/.test(ext) && !["jpg", "jpeg", "gif", "png"].includes(ext))
      report("channel/image/url", "image not in required format");
    for (const [name, max] of [
      ["width", 144],
      ["height", 400],
    ] as const) {
      for (const size of image.all(name)) {
        const n = Number(size.text);
        if (!/^\d+$/.test(size.text) || n <= 0 || n > max)
          report(`channel/image/${name}`, `must be between 1 and ${max}: "${size.text}"`);
      }
    }
    if (image.all("title")[0]?.text !== channel.all("title")[0]?.text)
      report("channel/image/title", "doesn't match the channel's title");
    if (image.all("link")[0]?.text !== channel.all("link")[0]?.text)
      report("channel/image/link", "doesn't match the channel's link");
  }
}

/** <enclosure> (src/feedvalidator/item.py): url, length and type, nothing else; one per item. */
function checkEnclosures(item: XmlElement, where: string, report: (w: string, p: string) => void) {
  // A second one is a duplicate element (checkChildren), as the validator's DuplicateEnclosure says.
  for (const enclosure of item.all("enclosure")) {
    const at = `${where}/enclosure`;
    for (const name of Object.keys(enclosure.attrs)) {
      if (!["url", "length", "type"].includes(name)) report(at, `unexpected ${name} attribute`);
    }
    checkUrl(enclosure.attrs.url, `${at}@url`, report);
    if (!/^\d+$/.test(enclosure.attrs.length ?? ""))
      report(at, `length must be a non-negative integer: "${enclosure.attrs.length}"`);
    if (!MIME.test(enclosure.attrs.type ?? "")) report(at, `type must be a MIME type: "${enclosure.attrs.type}"`);
  }
}

/** Media RSS elements in an item (src/feedvalidator/media.py). */
function checkMedia(item: XmlElement, where: string, report: (w: string, p: string) => void) {
  for (const content of item.all("media:content")) {
    const at = `${where}/media:content`;
    for (const [name, value] of Object.entries(content.attrs)) {
      if (!MEDIA_CONTENT.has(name)) report(at, `unexpected ${name} attribute`);
      if (["fileSize", "width", "height"].includes(name) && !POSITIVE.test(value)) {
        report(at, `${name} must be a positive integer: "${value}"`);
      }
      if (name === "duration" && !/^\d+\.?\d*$/.test(value)) report(at, `invalid duration "${value}"`);
      if (name === "medium" && !MEDIA_MEDIUM.has(value)) report(at, `invalid medium "${value}"`);
      if (name === "type" && !MIME.test(value)) report(at, `type must be a MIME type: "${value}"`);
    }
    if (content.attrs.url !== undefined) checkUrl(content.attrs.url, `${at}@url`, report);
    checkMediaText(content, at, report);
    for (const child of content.children) {
      if (!["media:title", "media:description", "media:thumbnail"].includes(child.name))
        report(at, `undefined element <${child.name}>`);
    }
  }
  for (const thumbnail of [
    ...item.all("media:thumbnail"),
    ...item.all("media:content").flatMap((c) => c.all("media:thumbnail")),
  ]) {
    const at = `${where}/media:thumbnail`;
    if (!thumbnail.attrs.url) report(at, "missing url attribute");
    else checkUrl(thumbnail.attrs.url, `${at}@url`, report);
    for (const [name, value] of Object.entries(thumbnail.attrs)) {
      if (!["url", "width", "height", "time"].includes(name)) report(at, `unexpected ${name} attribute`);
      if ((name === "width" || name === "height") && !POSITIVE.test(value))
        report(at, `${name} must be a positive integer`);
    }
  }
  checkMediaText(item, where, report);
}

/** media:title and media:description: one each per parent, type "plain" or "html". */
function checkMediaText(parent: XmlElement, where: string, report: (w: string, p: string) => void) {
  for (const name of ["media:title", "media:description"]) {
    const found = parent.all(name);
    if (found.length > 1) report(where, `contains more than one ${name}`);
    for (const el of found) {
      const type = el.attrs.type ?? "plain";
      if (type !== "plain" && type !== "html") report(`${where}/${name}`, `type attribute must be "plain" or "html"`);
    }
  }
}

/** Every prefix used on an element or attribute is declared with the namespace the validator knows. */
function checkNamespaces(root: XmlElement, report: (where: string, problem: string) => void) {
  for (const el of root.descendants()) {
    for (const name of [el.name, ...Object.keys(el.attrs)]) {
      const prefix = name.includes(":") ? name.slice(0, name.indexOf(":")) : undefined;
      if (!prefix || prefix === "xmlns" || prefix === "xml") continue;
      const declared = root.attrs[`xmlns:${prefix}`];
      if (!declared) report(el.name, `namespace prefix "${prefix}" is not declared`);
      else if (NAMESPACES[prefix] !== declared) report(el.name, `prefix "${prefix}" bound to unexpected ${declared}`);
    }
  }
}

function checkChildren(el: XmlElement, allowed: Set<string>, where: string, report: (w: string, p: string) => void) {
  const seen = new Set<string>();
  for (const child of el.children) {
    if (child.name.includes(":")) continue;
    if (!allowed.has(child.name)) report(where, `undefined element <${child.name}>`);
    if (seen.has(child.name) && !REPEATABLE.has(child.name)) report(where, `duplicate <${child.name}>`);
    seen.add(child.name);
  }
}

function checkDate(text: string, where: string, report: (w: string, p: string) => void) {
  const m = RFC822.exec(text);
  if (!m) return report(where, `not an RFC 822 date: "${text}"`);
  const instant = Date.parse(text);
  if (Number.isNaN(instant)) return report(where, `not a real date: "${text}"`);
  // The weekday is the one of the local date, in the date's own offset.
  const zone = m[8]!;
  const offset = /^[+-]/.test(zone)
    ? Number(`${zone[0]}1`) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(3)))
    : 0;
  const local = new Date(instant + offset * 60_000);
  if (DAYS[local.getUTCDay()] !== m[1]) report(where, `wrong day of week in "${text}"`);
}

function checkEmail(text: string, where: string, report: (w: string, p: string) => void) {
  // RSS 2.0: "email address of the author"; the validator accepts "addr" or "addr (Name)".
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+( \(.+\))?$/.test(text.trim()))
    report(where, `must be an e-mail address, found "${text}"`);
}

function checkUrl(url: string | undefined, where: string, report: (w: string, p: string) => void, optional = false) {
  if (url === undefined) return optional ? undefined : report(where, "missing URL");
  if (!parsesAsUrl(url) || !/^https?:\/\//.test(url)) report(where, `not an absolute http(s) URL: "${url}"`);
  const problem = w3cUriProblem(url);
  if (problem) report(where, problem);
}

function checkSafeHtml(html: string, where: string, report: (w: string, p: string) => void) {
  for (const el of DomUtils.findAll(() => true, parseHtml(html).children)) {
    if (!SAFE_ELEMENTS.has(el.name)) report(where, `contains <${el.name}>`);
    for (const [attr, value] of Object.entries(el.attribs)) {
      if (!SAFE_ATTRIBUTES.has(attr)) report(where, `contains the attribute ${attr} on <${el.name}>`);
      // ContainsRelRef: readers resolve relative links against the feed, not the article.
      if ((attr === "href" || attr === "src") && !parsesAsUrl(value)) report(where, `relative URL ${value}`);
    }
  }
}
