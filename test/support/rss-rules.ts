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
  // Apple's podcast tags: the validator checks them (src/feedvalidator/itunes.py, checkItunes below).
  itunes: "http://www.itunes.com/dtds/podcast-1.0.dtd",
  // Podcasting 2.0: the validator has no module for it and, as for any extension namespace in RSS 2.0,
  // accepts its elements unchecked; test/support/podcast-rules.ts checks them.
  podcast: "https://podcastindex.org/namespace/1.0",
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
  checkItunes(xml, root, channel, report);
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
  const problem = rfc822Problem(text);
  if (problem) report(where, problem);
}

/** What the validator finds wrong with an RFC 822 date (src/feedvalidator/validators.py, rfc822), or undefined. */
export function rfc822Problem(text: string): string | undefined {
  const m = RFC822.exec(text);
  if (!m) return `not an RFC 822 date: "${text}"`;
  const instant = Date.parse(text);
  if (Number.isNaN(instant)) return `not a real date: "${text}"`;
  // The weekday is the one of the local date, in the date's own offset.
  const zone = m[8]!;
  const offset = /^[+-]/.test(zone)
    ? Number(`${zone[0]}1`) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(3)))
    : 0;
  const local = new Date(instant + offset * 60_000);
  return DAYS[local.getUTCDay()] === m[1] ? undefined : `wrong day of week in "${text}"`;
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

// The validator's itunes module (w3c/feedvalidator src/feedvalidator/itunes.py): the itunes:* elements
// of <channel> and of <item> it defines; any other itunes:* element there is an UndefinedElement error,
// even one Apple documents later (itunes:complete, the channel's itunes:title).
const ITUNES_BOTH = ["author", "block", "explicit", "keywords", "subtitle", "summary", "image"];
const ITUNES_CHANNEL = new Set([...ITUNES_BOTH, "owner", "category", "pubDate", "new-feed-url", "type"]);
const ITUNES_ITEM = new Set([...ITUNES_BOTH, "duration", "title", "episode", "season", "episodeType"]);
// itunes_item.supported_formats: the enclosure file extensions it accepts (UnsupportedItunesFormat).
const ITUNES_FORMATS = new Set(["m4a", "mp3", "mov", "mp4", "m4v", "pdf", "epub"]);
// lengthLimitedText limits (TooLong).
const ITUNES_MAX_LENGTH: Record<string, number> = { author: 255, keywords: 255, subtitle: 255, summary: 4000 };
// validators.py addr_spec.email_re, the address part of an e-mail (InvalidContact).
const ADDR_SPEC =
  /^[A-Z0-9_\-+.'!#$%&*/=?^`{|}~]+@(([0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.)|(([A-Z0-9-]+\.)+))[A-Z0-9][-A-Z0-9]*$/i;
// validators.py httpURL.http_re: an http(s) URL with a host (InvalidURLAttribute).
const HTTP_URL =
  /^https?:\/\/(([0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.)|(([A-Z0-9-]+\.)+))[A-Z0-9][-A-Z0-9]*(:\d+)?(\/|$)/i;
// validators.py duration.duration_re: seconds, or minutes:seconds, or hours:minutes:seconds.
const ITUNES_DURATION = /^\d+(:[0-5][0-9](:[0-5][0-9])?)?$/;

/**
 * The categories the validator knows (itunes.py valid_itunes_categories): Apple's 2019 list as the
 * validator carries it. Independent of src/shared/podcasts/categories.ts on purpose: it is the second
 * opinion that list is tested against.
 */
export const W3C_ITUNES_CATEGORIES: Readonly<Record<string, readonly string[]>> = {
  Arts: ["Books", "Design", "Fashion & Beauty", "Food", "Performing Arts", "Visual Arts"],
  Business: ["Careers", "Entrepreneurship", "Investing", "Management", "Marketing", "Non-Profit"],
  Comedy: ["Comedy Interviews", "Improv", "Stand-Up"],
  Education: ["Courses", "How To", "Language Learning", "Self-Improvement"],
  Fiction: ["Comedy Fiction", "Drama", "Science Fiction"],
  Government: [],
  History: [],
  "Health & Fitness": ["Alternative Health", "Fitness", "Medicine", "Mental Health", "Nutrition", "Sexuality"],
  "Kids & Family": ["Education for Kids", "Parenting", "Pets & Animals", "Stories for Kids"],
  Leisure: [
    "Animation & Manga",
    "Automotive",
    "Aviation",
    "Crafts",
    "Games",
    "Hobbies",
    "Home & Garden",
    "Video Games",
  ],
  Music: ["Music Commentary", "Music History", "Music Interviews"],
  News: [
    "Business News",
    "Daily News",
    "Entertainment News",
    "News Commentary",
    "Politics",
    "Sports News",
    "Tech News",
  ],
  "Religion & Spirituality": ["Buddhism", "Christianity", "Hinduism", "Islam", "Judaism", "Spirituality"],
  Science: [
    "Astronomy",
    "Chemistry",
    "Earth Sciences",
    "Life Sciences",
    "Mathematics",
    "Natural Sciences",
    "Nature",
    "Physics",
    "Social Sciences",
  ],
  "Society & Culture": ["Documentary", "Personal Journals", "Philosophy", "Places & Travel", "Relationships"],
  Sports: [
    "Baseball",
    "Basketball",
    "Cricket",
    "Fantasy Sports",
    "Football",
    "Golf",
    "Hockey",
    "Rugby",
    "Running",
    "Soccer",
    "Swimming",
    "Tennis",
    "Volleyball",
    "Wilderness",
    "Wrestling",
  ],
  Technology: [],
  "True Crime": [],
  "TV & Film": ["After Shows", "Film History", "Film Interviews", "Film Reviews", "TV Reviews"],
};
// itunes.py old_itunes_categories: names Apple retired, an ObsoleteItunesCategory warning rather than an error.
const OBSOLETE_ITUNES_CATEGORIES: Readonly<Record<string, readonly string[]>> = {
  Arts: ["Literature"],
  "Arts & Entertainment": [
    "Architecture",
    "Design",
    "Entertainment",
    "Games",
    "Performing Arts",
    "Photography",
    "Poetry",
    "Science Fiction",
  ],
  "Audio Blogs": [],
  Business: ["Careers", "Finance", "Investing", "Management & Marketing", "News", "Shopping"],
  Comedy: [],
  Education: ["Education Technology", "Higher Education", "K-12", "Language Courses", "Training"],
  Family: [],
  Food: [],
  "Games & Hobbies": ["Automotive", "Aviation", "Hobbies", "Other Games", "Video Games"],
  "Government & Organizations": ["Local", "National", "Non-Profit", "Regional"],
  Health: [
    "Alternative Health",
    "Diet & Nutrition",
    "Fitness",
    "Fitness & Nutrition",
    "Relationships",
    "Self-Help",
    "Sexuality",
  ],
  International: [
    "Australian",
    "Belgian",
    "Brazilian",
    "Canadian",
    "Chinese",
    "Dutch",
    "French",
    "German",
    "Hebrew",
    "Italian",
    "Japanese",
    "Norwegian",
    "Polish",
    "Portuguese",
    "Spanish",
    "Swedish",
  ],
  "Movies & Television": [],
  "News & Politics": [],
  Politics: [],
  "Public Radio": [],
  "Religion & Spirituality": [
    "Buddhism",
    "Christianity",
    "Islam",
    "Judaism",
    "New Age",
    "Philosophy",
    "Other",
    "Spirituality",
  ],
  "Science & Medicine": ["Medicine", "Natural Sciences", "Social Sciences"],
  "Society & Culture": ["History"],
  "Sports & Recreation": ["Amateur", "College & High School", "Outdoor", "Professional"],
  "Talk Radio": [],
  Technology: [
    "Computers",
    "Developers",
    "Gadgets",
    "Information Technology",
    "News",
    "Operating Systems",
    "Podcasting",
    "Smart Phones",
    "Software How-To",
    "Tech News",
    "Text/Speech",
  ],
  Transportation: ["Automotive", "Aviation", "Bicycles", "Commuting"],
  Travel: [],
};

/** True when the validator takes this as an e-mail address: "addr" or "Name <addr>" (validators.py email). */
export function isAddrSpec(text: string): boolean {
  const value = text.trim();
  return ADDR_SPEC.test(/<([^<>]*)>$/.exec(value)?.[1] ?? value);
}

/**
 * The itunes module's checks, which the validator runs once any itunes:* element appears in the channel
 * or an item (itunes_channel.setItunes). Errors and warnings alike, as for the rest of this file.
 */
function checkItunes(xml: string, root: XmlElement, channel: XmlElement, report: (w: string, p: string) => void) {
  const items = channel.all("item");
  if (![channel, ...items].some((el) => el.children.some((c) => c.name.startsWith("itunes:")))) return;
  // NotUTF8: Apple reads feeds as UTF-8 only.
  const encoding = /^\s*<\?xml[^?]*?encoding\s*=\s*["']([^"']+)["']/.exec(xml)?.[1];
  if (encoding && !["utf-8", "utf8"].includes(encoding.toLowerCase()))
    report("channel", `itunes feeds should be UTF-8, found ${encoding}`);
  // itunes_channel.validate: MissingItunesElement and MissingItunesEmail (warnings).
  if (channel.all("language").length === 0 && !channel.attrs["xml:lang"] && !root.attrs["xml:lang"])
    report("channel", "missing <language>, which iTunes needs");
  for (const name of ["itunes:category", "itunes:explicit"])
    if (channel.all(name).length === 0) report("channel", `missing <${name}>, which iTunes needs`);
  if (channel.all("itunes:owner").length === 0)
    report("channel", "missing itunes:owner/itunes:email, which iTunes needs");

  checkItunesElements(channel, ITUNES_CHANNEL, "channel", report);
  for (const owner of channel.all("itunes:owner")) {
    const at = "channel/itunes:owner";
    checkOnly(owner, ["itunes:name", "itunes:email"], at, report);
    if (owner.all("itunes:email").length === 0) report(at, "missing <itunes:email>");
    for (const email of owner.all("itunes:email"))
      if (!isAddrSpec(email.text)) report(`${at}/itunes:email`, `not an e-mail address: "${email.text}"`);
    for (const name of owner.all("itunes:name")) checkItunesText(name, 255, `${at}/itunes:name`, report);
  }
  for (const category of channel.all("itunes:category")) {
    const text = checkItunesCategory(category, W3C_ITUNES_CATEGORIES, OBSOLETE_ITUNES_CATEGORIES, "channel", report);
    checkOnly(category, ["itunes:category"], "channel/itunes:category", report);
    // A category without a text attribute swallows its children unchecked (the validator's eater).
    if (text === undefined) continue;
    for (const sub of category.all("itunes:category")) {
      const at = "channel/itunes:category";
      checkItunesCategory(sub, W3C_ITUNES_CATEGORIES[text] ?? [], OBSOLETE_ITUNES_CATEGORIES[text] ?? [], at, report);
      checkOnly(sub, [], `${at}/itunes:category`, report);
    }
  }
  for (const date of channel.all("itunes:pubDate")) checkDate(date.text.trim(), "channel/itunes:pubDate", report);
  for (const url of channel.all("itunes:new-feed-url")) {
    const problem = w3cUriProblem(url.text.trim());
    if (problem) report("channel/itunes:new-feed-url", problem);
  }
  for (const type of channel.all("itunes:type"))
    if (!["episodic", "serial"].includes(type.text.trim()))
      report("channel/itunes:type", `expected episodic or serial, found "${type.text}"`);

  items.forEach((item, i) => {
    const where = `item[${i + 1}]`;
    checkItunesElements(item, ITUNES_ITEM, where, report);
    for (const duration of item.all("itunes:duration"))
      if (!ITUNES_DURATION.test(duration.text.trim()))
        report(`${where}/itunes:duration`, `expected seconds, MM:SS or HH:MM:SS, found "${duration.text}"`);
    for (const name of ["itunes:episode", "itunes:season"])
      for (const n of item.all(name))
        if (!POSITIVE.test(n.text.trim())) report(`${where}/${name}`, `not a positive integer: "${n.text}"`);
    for (const type of item.all("itunes:episodeType"))
      if (!["full", "trailer", "bonus"].includes(type.text.trim()))
        report(`${where}/itunes:episodeType`, `expected full, trailer or bonus, found "${type.text}"`);
    // setEnclosure: the file extension must be one iTunes plays. (The validator only looks when the
    // item's own itunes:* element comes before the channel's; here every item of an itunes feed counts.)
    for (const enclosure of item.all("enclosure")) {
      const extension = (enclosure.attrs.url ?? "").split(".").at(-1) ?? "";
      if (!ITUNES_FORMATS.has(extension)) report(`${where}/enclosure`, `iTunes doesn't support .${extension} files`);
    }
  });
}

/** The elements itunes.py's itunes class checks in both channel and item, and which itunes:* it defines there. */
function checkItunesElements(
  parent: XmlElement,
  defined: Set<string>,
  where: string,
  report: (w: string, p: string) => void,
) {
  const seen = new Set<string>();
  for (const child of parent.children) {
    if (!child.name.startsWith("itunes:")) continue;
    const local = child.name.slice("itunes:".length);
    if (!defined.has(local)) report(where, `undefined element <${child.name}>`);
    // noduplicates() on every one of them but itunes:category.
    else if (seen.has(local) && local !== "category") report(where, `duplicate <${child.name}>`);
    seen.add(local);
  }
  for (const name of Object.keys(ITUNES_MAX_LENGTH))
    for (const el of parent.all(`itunes:${name}`))
      checkItunesText(el, ITUNES_MAX_LENGTH[name]!, `${where}/itunes:${name}`, report);
  // keywords(): words separated by spaces only, not commas (InvalidKeywords, a warning).
  for (const keywords of parent.all("itunes:keywords"))
    if (keywords.text.includes(" ") && !keywords.text.includes(","))
      report(`${where}/itunes:keywords`, `keywords must be separated by commas: "${keywords.text}"`);
  // yesnoclean() and truefalse(): any case, but no whitespace around the value.
  for (const block of parent.all("itunes:block"))
    if (!["yes", "no", "clean"].includes(block.text.toLowerCase()))
      report(`${where}/itunes:block`, `expected yes, no or clean, found "${block.text}"`);
  for (const explicit of parent.all("itunes:explicit"))
    if (!["true", "false"].includes(explicit.text.toLowerCase()))
      report(`${where}/itunes:explicit`, `expected true or false, found "${explicit.text}"`);
  for (const image of parent.all("itunes:image")) {
    const href = image.attrs.href;
    if (href === undefined) report(`${where}/itunes:image`, "missing href attribute");
    else if (!HTTP_URL.test(href) || w3cUriProblem(href))
      report(`${where}/itunes:image`, `href is not an http(s) URL: "${href}"`);
  }
}

/** lengthLimitedText: at most max characters (TooLong), no HTML end tags (ContainsHTML, a warning). */
function checkItunesText(el: XmlElement, max: number, where: string, report: (w: string, p: string) => void) {
  const value = el.text.trim();
  if (value.length > max) report(where, `${value.length} characters, at most ${max} allowed`);
  const tag = /<\/(\w+)>/.exec(value)?.[1];
  if (tag) report(where, `contains HTML (</${tag}>)`);
}

/** subcategory.prevalidate: a text attribute naming a current category (or a retired one, a warning). */
function checkItunesCategory(
  category: XmlElement,
  valid: Readonly<Record<string, readonly string[]>> | readonly string[],
  obsolete: Readonly<Record<string, readonly string[]>> | readonly string[],
  where: string,
  report: (w: string, p: string) => void,
): string | undefined {
  const text = category.attrs.text;
  const at = `${where}/itunes:category`;
  if (text === undefined) {
    report(at, "missing text attribute");
    return undefined;
  }
  const known = (list: typeof valid) => (Array.isArray(list) ? list.includes(text) : Object.hasOwn(list, text));
  if (known(obsolete) && !known(valid)) report(at, `obsolete category "${text}"`);
  else if (!known(valid)) report(at, `invalid category "${text}"`);
  return text;
}

/** Elements with no do_ handler for a child report it as undefined. */
function checkOnly(el: XmlElement, allowed: string[], where: string, report: (w: string, p: string) => void) {
  for (const child of el.children)
    if (!allowed.includes(child.name)) report(where, `undefined element <${child.name}>`);
}
