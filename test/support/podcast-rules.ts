// An offline check of a podcast RSS feed against Apple Podcasts' requirements and the Podcasting 2.0
// namespace, listing every problem as "[rule-id] where: what was expected, what was found".
// Sources: Apple's RSS guide ("A Podcaster's Guide to RSS", https://help.apple.com/itc/podcasts_connect/#/itcb54353390,
// archived in Podcastindex-org/podcast-namespace as itunes_reference.md) and podcast requirements
// (https://podcasters.apple.com/support/823-podcast-requirements); the namespace's tag pages
// (https://github.com/Podcastindex-org/podcast-namespace/blob/main/docs/1.0.md and docs/tags/*.md).
// Elements are matched by namespace URI, whatever prefix the feed binds to it.
import { createHash } from "node:crypto";
import { categoryProblem } from "../../src/shared/podcasts/categories";
import { isAddrSpec, rfc822Problem } from "./rss-rules";
import { parsesAsUrl } from "./url";
import { parseXml, type XmlElement } from "./xml-tree";

const ITUNES = "http://www.itunes.com/dtds/podcast-1.0.dtd";
const PODCAST = "https://podcastindex.org/namespace/1.0";
const ATOM = "http://www.w3.org/2005/Atom";
/** The prefixes messages use, so a problem reads the same whatever prefix the feed chose. */
const PREFIXES: Record<string, string> = { [ITUNES]: "itunes", [PODCAST]: "podcast", [ATOM]: "atom" };

// guid.md: the UUIDv5 namespace of podcast:guid values.
const PODCAST_GUID_NAMESPACE = "ead4c236-bf58-58c6-a2c6-a6b28d128cb6";
const UUID_V5 = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
// Apple's RSS guide, <enclosure> "Type": the types of the formats it plays (M4A, MP3, MOV, MP4, M4V, PDF),
// and audio/mp4, .m4a's registered type (RFC 4337 §2), beside Apple's audio/x-m4a.
const APPLE_MEDIA_TYPES = new Set([
  "audio/mpeg",
  "audio/x-m4a",
  "audio/mp4",
  "video/mp4",
  "video/quicktime",
  "video/x-m4v",
  "application/pdf",
]);
// Apple's RSS guide, <itunes:image>: "in JPEG or PNG format … with appropriate file extensions (.jpg, .png)".
const ARTWORK_EXTENSION = /\.(jpe?g|png)$/i;
// Apple's RSS guide, <itunes:duration>: seconds recommended; HH:MM:SS and MM:SS are the other formats apps read.
const DURATION = /^(\d+|\d+:[0-5]\d|\d+:[0-5]\d:[0-5]\d)$/;
const POSITIVE_INTEGER = /^[1-9]\d*$/;
// BCP 47's shape; the primary subtag must also be a language ICU knows (an ISO 639 code).
const LANGUAGE_TAG = /^[a-z]{2,3}(-[a-z0-9]{1,8})*$/i;
const LANGUAGE_NAMES = new Intl.DisplayNames(["en"], { type: "language", fallback: "none" });
// transcript.md "type", and application/srt, which the namespace's podcast.xsd lists for SRT.
const TRANSCRIPT_TYPES = new Set([
  "text/vtt",
  "application/x-subrip",
  "application/srt",
  "application/json",
  "text/html",
  "text/plain",
]);
// chapters.md: "JSON prefered, 'application/json+chapters'"; plain application/json is the same file.
const CHAPTERS_TYPES = new Set(["application/json+chapters", "application/json"]);
// medium.md: each medium, its "L" list variant, and the list-only "mixed".
const MEDIA = ["podcast", "music", "video", "film", "audiobook", "newsletter", "blog", "publisher", "course"];
const MEDIUMS = new Set([...MEDIA, ...MEDIA.map((m) => `${m}L`), "mixed"]);
// RFC 5545 §3.3.10: the FREQ values.
const FREQUENCIES = new Set(["SECONDLY", "MINUTELY", "HOURLY", "DAILY", "WEEKLY", "MONTHLY", "YEARLY"]);
// update-frequency.md dtstart: "ISO8601-formatted", a date or a date-time.
const ISO_8601 = /^\d{4}-\d\d-\d\d(T\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)?)?$/;

/**
 * Where each Podcasting 2.0 tag may appear (each tag page's "Parent") and whether it may repeat there
 * ("Count": Single or Multiple).
 */
const PODCAST_TAGS: Record<string, { parents: readonly ("channel" | "item")[]; single: boolean }> = {
  guid: { parents: ["channel"], single: true },
  locked: { parents: ["channel"], single: true },
  funding: { parents: ["channel", "item"], single: false },
  transcript: { parents: ["item"], single: false },
  chapters: { parents: ["item"], single: true },
  person: { parents: ["channel", "item"], single: false },
  season: { parents: ["item"], single: true },
  episode: { parents: ["item"], single: true },
  medium: { parents: ["channel"], single: true },
  updateFrequency: { parents: ["channel"], single: true },
};

/** An element with its namespace resolved: ns is the URI ("" for RSS's own elements), local the name in it. */
class Node {
  constructor(
    readonly ns: string,
    readonly local: string,
    /** Unprefixed attributes only: the ones these tags define. */
    readonly attrs: Readonly<Record<string, string>>,
    readonly children: readonly Node[],
    readonly text: string,
  ) {}

  get label(): string {
    const prefix = PREFIXES[this.ns];
    return prefix ? `${prefix}:${this.local}` : this.ns ? `{${this.ns}}${this.local}` : this.local;
  }

  all(ns: string, local: string): Node[] {
    return this.children.filter((c) => c.ns === ns && c.local === local);
  }

  is(ns: string, local: string): boolean {
    return this.ns === ns && this.local === local;
  }
}

/** The UUIDv5 podcast:guid of a feed URL (guid.md): scheme and trailing slashes stripped, in the podcast namespace. */
export function podcastGuid(feedUrl: string): string {
  const name = feedUrl.replace(/^[a-z][a-z0-9+.-]*:\/\//i, "").replace(/\/+$/, "");
  // RFC 9562 §5.5: SHA-1 of the namespace's 16 bytes then the name, version 5, variant 10.
  const bytes = createHash("sha1")
    .update(Buffer.from(PODCAST_GUID_NAMESPACE.replaceAll("-", ""), "hex"))
    .update(name, "utf8")
    .digest()
    .subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString("hex");
  return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join("-");
}

/** Every problem in a podcast RSS 2.0 feed, one line each, "[rule-id] where: …"; [] for a feed that passes. */
export function podcastProblems(xml: string): string[] {
  const problems: string[] = [];
  const report = (rule: string, where: string, problem: string) => problems.push(`[${rule}] ${where}: ${problem}`);
  const rss = resolve(parseXml(xml).root, new Map([["xml", "http://www.w3.org/XML/1998/namespace"]]), report);
  if (!rss.is("", "rss") || rss.attrs.version !== "2.0")
    return [...problems, `[rss:root] root: expected <rss version="2.0">, found <${rss.label}>`];
  const channels = rss.all("", "channel");
  if (channels.length !== 1) return [...problems, `[rss:root] rss: expected one <channel>, found ${channels.length}`];
  const channel = channels[0]!;
  const items = channel.all("", "item");

  checkAppleChannel(channel, report);
  const guids = new Map<string, number>();
  items.forEach((item, i) => {
    const where = `item[${i + 1}]`;
    checkAppleItem(item, where, report);
    // Apple's RSS guide, <guid>: "It is very important that each episode have a unique GUID".
    for (const guid of item.all("", "guid")) {
      const first = guids.get(guid.text.trim());
      if (first !== undefined) report("apple:guid-unique", where, `guid "${guid.text}" is also item[${first}]'s`);
      else guids.set(guid.text.trim(), i + 1);
    }
  });
  // Apple's RSS guide, <itunes:type>: a serial show's episodes "must" have <itunes:episode> numbers;
  // <itunes:episodeType> "Full" is the default.
  if (one(channel, ITUNES, "type")?.text.trim() === "serial") {
    items.forEach((item, i) => {
      const type = one(item, ITUNES, "episodeType")?.text.trim() ?? "full";
      if (type === "full" && item.all(ITUNES, "episode").length === 0)
        report("apple:serial-episode", `item[${i + 1}]`, "a serial show needs <itunes:episode> on each full episode");
    });
  }

  checkPodcastPlacement(channel, report);
  checkPodcastChannel(channel, report);
  items.forEach((item, i) => {
    checkPodcastItem(item, `item[${i + 1}]`, report);
  });
  return problems;
}

type Report = (rule: string, where: string, problem: string) => void;

/**
 * Resolves prefixes to URIs down the tree (Namespaces in XML 1.0 §6), and reports namespace URIs that
 * are near misses of Apple's or the podcast namespace: their elements would be silently ignored.
 */
function resolve(el: XmlElement, inherited: ReadonlyMap<string, string>, report: Report): Node {
  const scope = new Map(inherited);
  for (const [name, value] of Object.entries(el.attrs)) {
    if (name === "xmlns") scope.set("", value);
    else if (name.startsWith("xmlns:")) scope.set(name.slice("xmlns:".length), value);
    else continue;
    checkNamespaceUri(value, report);
  }
  const colon = el.name.indexOf(":");
  const prefix = colon < 0 ? "" : el.name.slice(0, colon);
  let ns = scope.get(prefix) ?? "";
  if (prefix && !scope.has(prefix)) {
    report("xml:namespace", `<${el.name}>`, `prefix "${prefix}" is not declared`);
    ns = `undeclared:${prefix}`;
  }
  const attrs = Object.fromEntries(
    Object.entries(el.attrs).filter(([name]) => !name.includes(":") && name !== "xmlns"),
  );
  const children = el.children.map((child) => resolve(child, scope, report));
  return new Node(ns, el.name.slice(colon + 1), attrs, children, el.text);
}

function checkNamespaceUri(uri: string, report: Report) {
  const bare = uri
    .toLowerCase()
    .replace(/^[a-z]+:\/\//, "")
    .replace(/\/+$/, "");
  // 1.0.md: "The namespace for this extension is https://podcastindex.org/namespace/1.0". Readers must also
  // take the GitHub page's address as the same; a feed we publish uses the one named.
  if (
    uri !== PODCAST &&
    (bare === "podcastindex.org/namespace/1.0" ||
      bare.endsWith("podcastindex-org/podcast-namespace/blob/main/docs/1.0.md"))
  )
    report("podcast:namespace", "rss", `expected the namespace ${PODCAST}, found ${uri}`);
  // Apple's RSS guide: "The namespace definition is case sensitive, and must be entered as shown."
  if (uri !== ITUNES && bare === "www.itunes.com/dtds/podcast-1.0.dtd")
    report("apple:namespace", "rss", `expected the namespace ${ITUNES}, found ${uri}`);
}

/** The only child of this name, after reporting under rule when there is more than one. */
function single(parent: Node, ns: string, local: string, rule: string, where: string, report: Report) {
  const found = parent.all(ns, local);
  if (found.length > 1) report(rule, where, `expected at most one <${found[0]!.label}>, found ${found.length}`);
  return found[0];
}

function one(parent: Node, ns: string, local: string): Node | undefined {
  return parent.all(ns, local)[0];
}

/** A child that must be there once, with text: its trimmed text, or undefined after a report. */
function required(parent: Node, ns: string, local: string, rule: string, where: string, report: Report) {
  const el = single(parent, ns, local, rule, where, report);
  const label = PREFIXES[ns] ? `${PREFIXES[ns]}:${local}` : local;
  const text = el?.text.trim();
  if (!el) report(rule, where, `missing <${label}>`);
  else if (!text) report(rule, where, `<${label}> is empty`);
  return text || undefined;
}

/** A bare address: "Name <addr>", which the W3C validator also takes, is not one here. */
function isEmail(text: string): boolean {
  return !/[\s<>]/.test(text) && isAddrSpec(text);
}

function isHttpUrl(url: string): boolean {
  return /^https?:\/\/[^/]/i.test(url) && parsesAsUrl(url);
}

function languageProblem(code: string): string | undefined {
  const primary = code.split("-")[0]!;
  if (LANGUAGE_TAG.test(code) && LANGUAGE_NAMES.of(primary) !== undefined) return undefined;
  return `expected an ISO 639 language code such as "en" or "en-us", found "${code}"`;
}

function checkAppleChannel(channel: Node, report: Report) {
  // Apple's RSS guide, "Required tags" of the show.
  required(channel, "", "title", "apple:channel-title", "channel", report);
  const description = required(channel, "", "description", "apple:channel-description", "channel", report);
  // "The maximum amount of text allowed for this tag is 4000 bytes."
  if (description && new TextEncoder().encode(description).length > 4000)
    report("apple:channel-description", "channel", "longer than Apple's 4000 bytes");
  const language = required(channel, "", "language", "apple:channel-language", "channel", report);
  const languageWrong = language && languageProblem(language);
  if (languageWrong) report("apple:channel-language", "channel/language", languageWrong);
  const image = single(channel, ITUNES, "image", "apple:channel-image", "channel", report);
  if (!image) report("apple:channel-image", "channel", "missing <itunes:image href>");
  else checkArtwork(image, "apple:channel-image", "channel/itunes:image", report);
  checkCategories(channel, report);
  const explicit = required(channel, ITUNES, "explicit", "apple:channel-explicit", "channel", report);
  if (explicit !== undefined && !["true", "false"].includes(explicit))
    report("apple:channel-explicit", "channel/itunes:explicit", `expected "true" or "false", found "${explicit}"`);

  // "Recommended tags", which we require too.
  required(channel, ITUNES, "author", "apple:channel-author", "channel", report);
  const link = required(channel, "", "link", "apple:channel-link", "channel", report);
  if (link !== undefined && !isHttpUrl(link))
    report("apple:channel-link", "channel/link", `expected an absolute http(s) URL, found "${link}"`);
  // <itunes:owner>: Apple contacts the owner about the show; Podcasts Connect verifies ownership by it.
  const owner = single(channel, ITUNES, "owner", "apple:channel-owner", "channel", report);
  if (!owner) report("apple:channel-owner", "channel", "missing <itunes:owner>");
  else {
    required(owner, ITUNES, "name", "apple:channel-owner", "channel/itunes:owner", report);
    const email = required(owner, ITUNES, "email", "apple:channel-owner", "channel/itunes:owner", report);
    if (email !== undefined && !isEmail(email))
      report(
        "apple:channel-owner",
        "channel/itunes:owner/itunes:email",
        `expected an e-mail address, found "${email}"`,
      );
  }
  // <itunes:type>: "Episodic (default)" or "Serial"; required here so the order apps show is never a guess.
  const type = required(channel, ITUNES, "type", "apple:channel-type", "channel", report);
  if (type !== undefined && !["episodic", "serial"].includes(type))
    report("apple:channel-type", "channel/itunes:type", `expected "episodic" or "serial", found "${type}"`);

  // "Situational tags".
  const complete = single(channel, ITUNES, "complete", "apple:channel-complete", "channel", report);
  // "Specifying any value other than Yes has no effect": anything else is a mistake.
  if (complete && complete.text.trim() !== "Yes")
    report("apple:channel-complete", "channel/itunes:complete", `expected "Yes", found "${complete.text.trim()}"`);
  const newFeed = single(channel, ITUNES, "new-feed-url", "apple:channel-new-feed-url", "channel", report);
  if (newFeed && !isHttpUrl(newFeed.text.trim()))
    report(
      "apple:channel-new-feed-url",
      "channel/itunes:new-feed-url",
      `expected an absolute http(s) URL, found "${newFeed.text.trim()}"`,
    );
}

/** <itunes:image href>: an http(s) URL of a .jpg, .jpeg or .png file (Apple's RSS guide, <itunes:image>). */
function checkArtwork(image: Node, rule: string, where: string, report: Report) {
  const href = image.attrs.href;
  if (href === undefined) return report(rule, where, "missing href attribute");
  if (!isHttpUrl(href)) return report(rule, where, `expected an absolute http(s) URL, found "${href}"`);
  if (!ARTWORK_EXTENSION.test(new URL(href).pathname))
    report(rule, where, `expected a .jpg, .jpeg or .png file, found "${href}"`);
}

/** <itunes:category text>: Apple's names, with at most one subcategory nested (Apple's RSS guide). */
function checkCategories(channel: Node, report: Report) {
  const rule = "apple:channel-category";
  const categories = channel.all(ITUNES, "category");
  if (categories.length === 0) report(rule, "channel", "missing <itunes:category text>");
  for (const category of categories) {
    const text = category.attrs.text;
    if (text === undefined) {
      report(rule, "channel/itunes:category", "missing text attribute");
      continue;
    }
    const subs = category.all(ITUNES, "category");
    if (subs.length > 1)
      report(rule, "channel/itunes:category", `expected at most one subcategory, found ${subs.length}`);
    const wrong = categoryProblem(text);
    if (wrong) report(rule, "channel/itunes:category", wrong);
    for (const sub of subs) {
      const subText = sub.attrs.text;
      if (subText === undefined) report(rule, "channel/itunes:category/itunes:category", "missing text attribute");
      else if (!wrong) {
        const subWrong = categoryProblem(text, subText);
        if (subWrong) report(rule, "channel/itunes:category/itunes:category", subWrong);
      }
    }
  }
}

function checkAppleItem(item: Node, where: string, report: Report) {
  // Apple's RSS guide, "Required tags" of an episode.
  required(item, "", "title", "apple:item-title", where, report);
  const enclosures = item.all("", "enclosure");
  if (enclosures.length !== 1)
    report("apple:item-enclosure", where, `expected one <enclosure>, found ${enclosures.length}`);
  for (const enclosure of enclosures) checkEnclosure(enclosure, `${where}/enclosure`, report);

  // "Recommended tags", which we require too.
  required(item, "", "guid", "apple:item-guid", where, report);
  const date = required(item, "", "pubDate", "apple:item-pubdate", where, report);
  const dateWrong = date && rfc822Problem(date);
  if (dateWrong) report("apple:item-pubdate", `${where}/pubDate`, dateWrong);
  const duration = required(item, ITUNES, "duration", "apple:item-duration", where, report);
  if (duration !== undefined && !DURATION.test(duration))
    report(
      "apple:item-duration",
      `${where}/itunes:duration`,
      `expected seconds, MM:SS or HH:MM:SS, found "${duration}"`,
    );
  const explicit = single(item, ITUNES, "explicit", "apple:item-explicit", where, report);
  if (explicit && !["true", "false"].includes(explicit.text.trim()))
    report("apple:item-explicit", `${where}/itunes:explicit`, `expected "true" or "false", found "${explicit.text}"`);
  const image = single(item, ITUNES, "image", "apple:item-image", where, report);
  if (image) checkArtwork(image, "apple:item-image", `${where}/itunes:image`, report);

  // "Situational tags": <itunes:episode> and <itunes:season> are "a non-zero integer".
  for (const [local, rule] of [
    ["episode", "apple:item-episode"],
    ["season", "apple:item-season"],
  ] as const) {
    const n = single(item, ITUNES, local, rule, where, report);
    if (n && !POSITIVE_INTEGER.test(n.text.trim()))
      report(rule, `${where}/itunes:${local}`, `expected a positive integer, found "${n.text}"`);
  }
  const type = single(item, ITUNES, "episodeType", "apple:item-episode-type", where, report);
  if (type && !["full", "trailer", "bonus"].includes(type.text.trim()))
    report(
      "apple:item-episode-type",
      `${where}/itunes:episodeType`,
      `expected full, trailer or bonus, found "${type.text}"`,
    );
}

/** Apple's RSS guide, <enclosure>: url, length ("the file size in bytes") and type of a supported format. */
function checkEnclosure(enclosure: Node, where: string, report: Report) {
  const { url, length, type } = enclosure.attrs;
  if (url === undefined) report("apple:enclosure-url", where, "missing url attribute");
  else {
    if (!isHttpUrl(url)) report("apple:enclosure-url", where, `expected an absolute http(s) URL, found "${url}"`);
    // RFC 3986 §2: a URI is ASCII. An IRI's raw characters leave each app to percent-encode them its
    // own way (and some fetch a different file or none): the feed must carry the encoded form.
    const raw = /[^\x00-\x7f]/.exec(url)?.[0];
    if (raw)
      report("apple:enclosure-ascii", where, `expected an ASCII URL (percent-encoded), found "${raw}" in ${url}`);
  }
  if (length === undefined || !POSITIVE_INTEGER.test(length))
    report(
      "apple:enclosure-length",
      where,
      `expected the file size in bytes, a positive integer, found "${length ?? ""}"`,
    );
  if (type === undefined || !APPLE_MEDIA_TYPES.has(type))
    report(
      "apple:enclosure-type",
      where,
      `expected one of Apple's types (${[...APPLE_MEDIA_TYPES].join(", ")}), found "${type ?? ""}"`,
    );
}

/** Each tag page's "Parent" and "Count": every podcast:* tag this knows, wherever it is in the feed. */
function checkPodcastPlacement(channel: Node, report: Report) {
  const visit = (parent: Node, parentName: string) => {
    const seen = new Map<string, number>();
    for (const child of parent.children) {
      if (child.ns === PODCAST && Object.hasOwn(PODCAST_TAGS, child.local)) {
        const tag = PODCAST_TAGS[child.local]!;
        if (!(tag.parents as readonly string[]).includes(parentName))
          report(
            "podcast:placement",
            parentName,
            `<${child.label}> belongs in <${tag.parents.join("> or <")}>, found in <${parentName}>`,
          );
        seen.set(child.local, (seen.get(child.local) ?? 0) + 1);
      }
      const name = child.is("", "item") ? "item" : child.label;
      visit(child, name);
    }
    for (const [local, count] of seen)
      if (PODCAST_TAGS[local]!.single && count > 1)
        report("podcast:single", parentName, `expected at most one <podcast:${local}>, found ${count}`);
  };
  visit(channel, "channel");
}

function checkPodcastChannel(channel: Node, report: Report) {
  const guid = one(channel, PODCAST, "guid");
  if (guid) {
    const value = guid.text.trim();
    // guid.md: "The value is a UUIDv5".
    if (!UUID_V5.test(value)) report("podcast:guid", "channel/podcast:guid", `expected a UUIDv5, found "${value}"`);
    // guid.md: the UUIDv5 of the feed's URL. A podcast keeps its guid when it moves, so this holds for a
    // feed at its first address, which is every feed edgefeed writes.
    const self = channel.all(ATOM, "link").find((l) => l.attrs.rel === "self")?.attrs.href;
    if (self && UUID_V5.test(value) && value.toLowerCase() !== podcastGuid(self))
      report("podcast:guid", "channel/podcast:guid", `expected ${podcastGuid(self)} (from ${self}), found ${value}`);
  }
  const locked = one(channel, PODCAST, "locked");
  if (locked) {
    // locked.md: "The node value must be "yes" or "no""; owner "is an email address".
    if (!["yes", "no"].includes(locked.text.trim()))
      report("podcast:locked", "channel/podcast:locked", `expected "yes" or "no", found "${locked.text.trim()}"`);
    const owner = locked.attrs.owner;
    if (owner !== undefined && !isEmail(owner))
      report("podcast:locked", "channel/podcast:locked", `owner: expected an e-mail address, found "${owner}"`);
  }
  const medium = one(channel, PODCAST, "medium");
  if (medium && !MEDIUMS.has(medium.text.trim()))
    report(
      "podcast:medium",
      "channel/podcast:medium",
      `expected one of ${[...MEDIUMS].join(", ")}, found "${medium.text.trim()}"`,
    );
  const frequency = one(channel, PODCAST, "updateFrequency");
  if (frequency) checkUpdateFrequency(frequency, report);
  checkFunding(channel, "channel", report);
  checkPeople(channel, "channel", report);
}

function checkPodcastItem(item: Node, where: string, report: Report) {
  for (const transcript of item.all(PODCAST, "transcript")) {
    const at = `${where}/podcast:transcript`;
    // transcript.md: url and type required; language and rel optional, rel="captions" the one value.
    checkPodcastUrl(transcript.attrs.url, "podcast:transcript", `${at} url`, report);
    const { type, language, rel } = transcript.attrs;
    if (type === undefined || !TRANSCRIPT_TYPES.has(type))
      report(
        "podcast:transcript",
        at,
        `expected a type of ${[...TRANSCRIPT_TYPES].join(", ")}, found ${type === undefined ? "none" : `"${type}"`}`,
      );
    const languageWrong = language !== undefined && languageProblem(language);
    if (languageWrong) report("podcast:transcript", `${at} language`, languageWrong);
    if (rel !== undefined && rel !== "captions")
      report("podcast:transcript", at, `rel: expected "captions", found "${rel}"`);
  }
  for (const chapters of item.all(PODCAST, "chapters")) {
    const at = `${where}/podcast:chapters`;
    checkPodcastUrl(chapters.attrs.url, "podcast:chapters", `${at} url`, report);
    const type = chapters.attrs.type;
    if (type === undefined || !CHAPTERS_TYPES.has(type))
      report(
        "podcast:chapters",
        at,
        `expected the type application/json+chapters, found ${type === undefined ? "none" : `"${type}"`}`,
      );
  }
  for (const season of item.all(PODCAST, "season")) {
    // season.md: "The node value is an integer" (a season "number"); name at most 128 characters.
    if (!POSITIVE_INTEGER.test(season.text.trim()))
      report("podcast:season", `${where}/podcast:season`, `expected a positive integer, found "${season.text.trim()}"`);
    checkLength(season.attrs.name, 128, "podcast:season", `${where}/podcast:season name`, report);
  }
  for (const episode of item.all(PODCAST, "episode")) {
    // episode.md: "The node value is a decimal number" (100.5 is fine); display at most 32 characters.
    const value = episode.text.trim();
    if (!/^\d+(\.\d+)?$/.test(value) || Number(value) <= 0)
      report("podcast:episode", `${where}/podcast:episode`, `expected a positive number, found "${value}"`);
    checkLength(episode.attrs.display, 32, "podcast:episode", `${where}/podcast:episode display`, report);
  }
  checkFunding(item, where, report);
  checkPeople(item, where, report);
}

/** update-frequency.md: text, and optional complete, dtstart and rrule (RFC 5545 §3.3.10). */
function checkUpdateFrequency(frequency: Node, report: Report) {
  const rule = "podcast:updateFrequency";
  const at = "channel/podcast:updateFrequency";
  if (!frequency.text.trim()) report(rule, at, "expected a description of the schedule, found none");
  checkLength(frequency.text.trim(), 128, rule, at, report);
  const { complete, dtstart, rrule } = frequency.attrs;
  if (complete !== undefined && !["true", "false"].includes(complete))
    report(rule, at, `complete: expected "true" or "false", found "${complete}"`);
  if (dtstart !== undefined && (!ISO_8601.test(dtstart) || Number.isNaN(Date.parse(dtstart))))
    report(rule, at, `dtstart: expected an ISO 8601 date or date-time, found "${dtstart}"`);
  if (rrule === undefined) return;
  // RFC 5545 §3.3.10: FREQ is required and "MUST be the first rule part"; each part at most once;
  // COUNT and UNTIL never together.
  const parts = rrule.split(";").map((p) => p.split("=")[0]!.toUpperCase());
  const freq = /^FREQ=([A-Z]+)(;|$)/i.exec(rrule)?.[1]?.toUpperCase();
  if (!freq || !FREQUENCIES.has(freq)) report(rule, at, `rrule: expected FREQ=… first (RFC 5545), found "${rrule}"`);
  if (new Set(parts).size !== parts.length) report(rule, at, `rrule: a rule part repeats in "${rrule}"`);
  if (parts.includes("COUNT") && parts.includes("UNTIL")) report(rule, at, `rrule: both COUNT and UNTIL in "${rrule}"`);
  // update-frequency.md: "If the rrule contains a value for COUNT, then this attribute [dtstart] is required."
  if (parts.includes("COUNT") && dtstart === undefined) report(rule, at, "rrule has COUNT, so dtstart is required");
}

/** funding.md: a url attribute; the text "Please do not exceed 128 characters". */
function checkFunding(parent: Node, where: string, report: Report) {
  for (const funding of parent.all(PODCAST, "funding")) {
    checkPodcastUrl(funding.attrs.url, "podcast:funding", `${where}/podcast:funding url`, report);
    checkLength(funding.text.trim(), 128, "podcast:funding", `${where}/podcast:funding`, report);
  }
}

/** person.md: a name ("This value cannot be blank", at most 128 characters); img and href are URLs. */
function checkPeople(parent: Node, where: string, report: Report) {
  for (const person of parent.all(PODCAST, "person")) {
    const at = `${where}/podcast:person`;
    if (!person.text.trim()) report("podcast:person", at, "expected a name, found none");
    checkLength(person.text.trim(), 128, "podcast:person", at, report);
    for (const attr of ["img", "href"])
      if (person.attrs[attr] !== undefined)
        checkPodcastUrl(person.attrs[attr], "podcast:person", `${at} ${attr}`, report);
  }
}

/** 1.0.md: "Anywhere the url of a hyper-text based resource is specified, it must be given as https: and not http:". */
function checkPodcastUrl(url: string | undefined, rule: string, where: string, report: Report) {
  if (url === undefined) return report(rule, where, "missing");
  if (!/^https:\/\/[^/]/i.test(url) || !parsesAsUrl(url))
    report(rule, where, `expected an absolute https URL, found "${url}"`);
}

function checkLength(text: string | undefined, max: number, rule: string, where: string, report: Report) {
  if (text !== undefined && [...text].length > max)
    report(rule, where, `at most ${max} characters, found ${[...text].length}`);
}
