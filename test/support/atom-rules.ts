// RFC 4287 rules that its Appendix B RELAX NG schema cannot express: the Schematron assertions embedded
// in the schema (which RELAX NG validators skip) and the MUSTs of the prose, plus RFC 5005's archive links.

import { parsesAsUrl, w3cUriProblem } from "./url";
import { parseXml, type XmlElement } from "./xml-tree";

const ATOM = "http://www.w3.org/2005/Atom";
const HISTORY = "http://purl.org/syndication/history/1.0";
/** RFC 3339 §5.6 date-time, as RFC 4287 §3.3 requires ("T" and "Z" upper case). */
const RFC3339 = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/;

export interface AtomExpectations {
  /** The URL the document is served at: its link rel="self". */
  selfUrl: string;
  /** RFC 5005: true for an archive document, false for a current one, undefined when it has no archive links. */
  archive?: boolean;
}

export function atomProblems(xml: string, expected: AtomExpectations): string[] {
  const problems: string[] = [];
  const report = (where: string, problem: string) => problems.push(`${where}: ${problem}`);
  const feed = parseXml(xml).root;
  if (feed.name !== "feed" || feed.attrs.xmlns !== ATOM) return [`root: expected an Atom <feed>, found <${feed.name}>`];

  // Schematron, atom:feed: "An atom:feed must have an atom:author unless all of its atom:entry children have one."
  const entries = feed.all("entry");
  if (feed.all("author").length === 0 && entries.some((e) => e.all("author").length === 0)) {
    report("feed", "has no author and an entry without one");
  }
  checkCommon(feed, "feed", report);
  // §4.1.1: a feed SHOULD have a self link; edgefeed always serves one, naming where it is served.
  const self = feed.all("link").filter((l) => l.attrs.rel === "self");
  if (self.length !== 1 || self[0]!.attrs.href !== expected.selfUrl) {
    report("feed", `expected one link rel="self" to ${expected.selfUrl}, found ${self.map((l) => l.attrs.href)}`);
  }

  const ids = new Set<string>();
  entries.forEach((entry, i) => {
    const where = `entry[${i + 1}]`;
    // Schematron, atom:entry: an alternate link (rel="alternate" or no rel) or content.
    const alternates = entry.all("link").filter((l) => (l.attrs.rel ?? "alternate") === "alternate");
    if (alternates.length === 0 && entry.all("content").length === 0)
      report(where, "has neither alternate link nor content");
    // Schematron, atom:entry: an author, or the feed's, or its source's.
    const sourceAuthors = entry.all("source").flatMap((s) => s.all("author"));
    if (entry.all("author").length + feed.all("author").length + sourceAuthors.length === 0) {
      report(where, "has no author and neither has its feed");
    }
    checkCommon(entry, where, report);
    for (const content of entry.all("content")) {
      // §4.1.1.3 / §4.1.3.3: content by reference, or not text/XML, needs a summary.
      const type = content.attrs.type ?? "text";
      const textual = ["text", "html", "xhtml"].includes(type) || /(\+xml|\/xml)$|^text\//i.test(type);
      if ((content.attrs.src !== undefined || !textual) && entry.all("summary").length === 0) {
        report(where, "content by reference or not textual, without a summary");
      }
    }
    for (const date of entry.all("published")) checkDate(date.text, `${where}/published`, report);
    const id = entry.all("id")[0]?.text;
    // The same id twice means the same entry twice (§4.1.1): a feed document lists each once.
    if (id !== undefined && ids.has(id)) report(where, `duplicate id ${id}`);
    if (id !== undefined) ids.add(id);
  });

  // §4.2.5, §4.2.14: at most one icon and one logo, each an IRI reference (the W3C validator: non-blank, no white space).
  for (const name of ["icon", "logo"]) {
    const found = feed.all(name);
    if (found.length > 1) report("feed", `more than one <${name}>`);
    for (const el of found)
      if (!el.text || el.text.trim() !== el.text || !isAbsoluteIri(el.text))
        report(`feed/${name}`, `not an IRI: "${el.text}"`);
  }
  // §4.2.7.5, §4.2.7.3: a link's length is a non-negative integer, its type a media type; an enclosure's title is not blank.
  entries.forEach((entry, i) => {
    for (const link of entry.all("link")) {
      const at = `entry[${i + 1}]/link[@rel=${link.attrs.rel}]`;
      if (link.attrs.length !== undefined && !/^\d+$/.test(link.attrs.length))
        report(at, `length "${link.attrs.length}"`);
      if (link.attrs.type !== undefined && !/^[\w.+-]+\/[\w.+-]+$/.test(link.attrs.type))
        report(at, `type "${link.attrs.type}"`);
      if (link.attrs.title !== undefined && !link.attrs.title.trim()) report(at, "blank title");
      if (link.attrs.rel === "enclosure" && link.attrs.length === undefined)
        report(at, "an enclosure without its length");
    }
  });

  checkArchive(feed, expected.archive, report);
  return problems;
}

/** Rules feed and entry share: one id (an absolute IRI), one updated, alternate links distinct, absolute hrefs. */
function checkCommon(el: XmlElement, where: string, report: (w: string, p: string) => void) {
  const ids = el.all("id");
  if (ids.length !== 1) report(where, `expected one id, found ${ids.length}`);
  for (const id of ids) {
    if (!isAbsoluteIri(id.text.trim())) report(`${where}/id`, `not an absolute IRI: "${id.text}"`);
    // The W3C validator checks ids as URIs, UUID URNs strictly (no fragment, no suffix).
    const problem = w3cUriProblem(id.text);
    if (problem) report(`${where}/id`, problem);
  }
  const updated = el.all("updated");
  if (updated.length !== 1) report(where, `expected one updated, found ${updated.length}`);
  for (const date of updated) checkDate(date.text, `${where}/updated`, report);
  if (el.all("title").length !== 1) report(where, "expected one title");
  // §4.1.1 and §4.1.2: no two alternate links with the same type and hreflang.
  const seen = new Set<string>();
  for (const link of el.all("link")) {
    if (!link.attrs.href || !isAbsoluteIri(link.attrs.href)) {
      report(`${where}/link`, `href not absolute: ${link.attrs.href}`);
    }
    const problem = link.attrs.href ? w3cUriProblem(link.attrs.href) : undefined;
    if (problem) report(`${where}/link`, problem);
    if ((link.attrs.rel ?? "alternate") !== "alternate") continue;
    const key = `${link.attrs.type ?? ""} ${link.attrs.hreflang ?? ""}`;
    if (seen.has(key)) report(where, `two alternate links with type/hreflang "${key}"`);
    seen.add(key);
  }
  for (const category of el.all("category")) if (!category.attrs.term) report(`${where}/category`, "no term");
  for (const text of ["title", "summary", "subtitle", "rights"].flatMap((n) => el.all(n))) {
    if (text.attrs.type === "xhtml") report(`${where}/${text.name}`, 'type="xhtml" is never emitted by edgefeed');
  }
}

function checkDate(text: string, where: string, report: (w: string, p: string) => void) {
  if (!RFC3339.test(text) || Number.isNaN(Date.parse(text))) report(where, `not an RFC 3339 date-time: "${text}"`);
}

function isAbsoluteIri(text: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\S+$/i.test(text) && parsesAsUrl(text);
}

/** RFC 5005 §4: archive documents carry fh:archive and link to the current document; both link prev/next. */
function checkArchive(feed: XmlElement, archive: boolean | undefined, report: (w: string, p: string) => void) {
  const marked = feed.all("fh:archive").length > 0;
  if (marked && feed.attrs["xmlns:fh"] !== HISTORY) report("feed", "fh:archive without the history namespace");
  const rels = feed.all("link").map((l) => l.attrs.rel);
  if (archive === undefined) {
    if (marked || rels.includes("current")) report("feed", "unexpected archive markup");
    return;
  }
  if (marked !== archive) report("feed", `fh:archive ${marked ? "present" : "missing"}`);
  if (!rels.includes("current")) report("feed", 'missing link rel="current"');
  if (!rels.includes("prev-archive") && !rels.includes("next-archive")) report("feed", "links to no other archive");
}
