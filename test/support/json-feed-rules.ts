// JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/) as a checker that lists every problem it finds:
// required fields, the type of every field the spec defines, and no field it does not define.
import { parsesAsUrl } from "./url";

const RFC3339 = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/;
/** RFC 5646 language tag (the spec's "language"), in the shape a validator can check. */
const LANGUAGE = /^[a-z]{2,3}(-[a-z0-9]{1,8})*$/i;

type Kind = "string" | "url" | "date" | "boolean" | "authors" | "strings" | "attachments" | "hubs" | "language";

const FEED_FIELDS: Record<string, Kind> = {
  version: "string",
  title: "string",
  home_page_url: "url",
  feed_url: "url",
  description: "string",
  user_comment: "string",
  next_url: "url",
  icon: "url",
  favicon: "url",
  authors: "authors",
  language: "language",
  expired: "boolean",
  hubs: "hubs",
};
const ITEM_FIELDS: Record<string, Kind> = {
  id: "string",
  url: "url",
  external_url: "url",
  title: "string",
  content_html: "string",
  content_text: "string",
  summary: "string",
  image: "url",
  banner_image: "url",
  date_published: "date",
  date_modified: "date",
  authors: "authors",
  tags: "strings",
  language: "language",
  attachments: "attachments",
};

export interface JsonFeedExpectations {
  /** The URL the document is served at (its feed_url). */
  feedUrl: string;
}

export function jsonFeedProblems(json: string, expected: JsonFeedExpectations): string[] {
  const problems: string[] = [];
  const report = (where: string, problem: string) => problems.push(`${where}: ${problem}`);
  let feed: unknown;
  try {
    feed = JSON.parse(json);
  } catch (error) {
    return [`not JSON: ${String(error)}`];
  }
  if (!isObject(feed)) return ["top level: expected an object"];
  if (feed.version !== "https://jsonfeed.org/version/1.1") report("version", `expected 1.1, found ${feed.version}`);
  if (typeof feed.title !== "string") report("title", "required");
  if (feed.feed_url !== expected.feedUrl) report("feed_url", `expected ${expected.feedUrl}, found ${feed.feed_url}`);
  checkFields(feed, FEED_FIELDS, "feed", report);
  // 1.1 deprecates the singular "author" in favour of "authors".
  if ("author" in feed) report("feed", 'has the deprecated 1.0 "author"');
  if (!Array.isArray(feed.items)) return [...problems, "items: required array"];
  const ids = new Set<string>();
  for (const [i, item] of feed.items.entries()) {
    const where = `items[${i}]`;
    if (!isObject(item)) {
      report(where, "expected an object");
      continue;
    }
    // "id (required, string)"; 1.1 says it must be a string, even if it looks like a number.
    if (typeof item.id !== "string" || item.id === "") report(`${where}.id`, "required non-empty string");
    else if (ids.has(item.id)) report(`${where}.id`, `duplicate ${item.id}`);
    else ids.add(item.id);
    // "content_html and content_text are each optional strings — but one or the other must be present."
    if (typeof item.content_html !== "string" && typeof item.content_text !== "string") {
      report(where, "needs content_html or content_text");
    }
    if ("author" in item) report(where, 'has the deprecated 1.0 "author"');
    checkFields(item, ITEM_FIELDS, where, report);
  }
  return problems;
}

function checkFields(
  obj: Record<string, unknown>,
  fields: Record<string, Kind>,
  where: string,
  report: (w: string, p: string) => void,
) {
  for (const [key, value] of Object.entries(obj)) {
    if (key === "items" && where === "feed") continue;
    // Extensions are allowed only under keys that begin with an underscore.
    const kind = fields[key];
    if (!kind) {
      if (!key.startsWith("_") && key !== "author") report(where, `unknown field "${key}"`);
      continue;
    }
    if (!isKind(value, kind)) report(`${where}.${key}`, `expected ${kind}, found ${JSON.stringify(value)}`);
  }
}

function isKind(value: unknown, kind: Kind): boolean {
  switch (kind) {
    case "string":
      return typeof value === "string";
    case "url":
      return typeof value === "string" && parsesAsUrl(value) && /^https?:\/\//.test(value);
    case "date":
      return typeof value === "string" && RFC3339.test(value) && !Number.isNaN(Date.parse(value));
    case "boolean":
      return typeof value === "boolean";
    case "language":
      return typeof value === "string" && LANGUAGE.test(value);
    case "strings":
      return Array.isArray(value) && value.every((v) => typeof v === "string");
    case "authors":
      // "An author object... must have at least one" of name, url, avatar.
      return (
        Array.isArray(value) &&
        value.every(
          (a) =>
            isObject(a) &&
            ["name", "url", "avatar"].some((k) => typeof a[k] === "string") &&
            Object.entries(a).every(([k, v]) => (k === "name" ? typeof v === "string" : isKind(v, "url"))),
        )
      );
    case "attachments":
      // "url" and "mime_type" are required; "title" a string; "size_in_bytes" and "duration_in_seconds" numbers.
      return (
        Array.isArray(value) &&
        value.every(
          (a) =>
            isObject(a) &&
            isKind(a.url, "url") &&
            typeof a.mime_type === "string" &&
            /^[\w.+-]+\/[\w.+-]+$/.test(a.mime_type) &&
            (a.title === undefined || typeof a.title === "string") &&
            (a.size_in_bytes === undefined ||
              (Number.isInteger(a.size_in_bytes) && (a.size_in_bytes as number) >= 0)) &&
            (a.duration_in_seconds === undefined ||
              (typeof a.duration_in_seconds === "number" && a.duration_in_seconds >= 0)) &&
            Object.keys(a).every((k) =>
              ["url", "mime_type", "title", "size_in_bytes", "duration_in_seconds"].includes(k),
            ),
        )
      );
    case "hubs":
      return (
        Array.isArray(value) && value.every((h) => isObject(h) && typeof h.type === "string" && isKind(h.url, "url"))
      );
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
