// A show (a podcast): content/shows/<name>.yaml, read field by field with the line of each, into what Apple
// Podcasts and the podcast namespace say of a channel (src/shared/content/schema.ts ShowSchema).

import { isSeq, type Node } from "yaml";
import { paths } from "../../shared/addresses";
import type { Show } from "../../shared/content/schema";
import { cleanText } from "../../shared/content/text";
import { uuidV5 } from "../../shared/content/uuid";
import { categoryProblem } from "../../shared/podcasts/categories";
import { ContentError, foundValue } from "../errors";
import type { MediaSource } from "../media";
import { type FieldEntry, readFields } from "./front-matter";
import { personOf } from "./people";

const FIELDS = [
  "title",
  "description",
  "author",
  "owner",
  "language",
  "category",
  "subcategory",
  "explicit",
  "artwork",
  "type",
  "complete",
  "funding",
  "locked",
  "copyright",
  "guid",
  "new_feed_url",
  "people",
] as const;
type Field = (typeof FIELDS)[number];

/** The podcast namespace's own UUIDv5 namespace for podcast:guid (docs/1.0.md, "guid"). */
export const PODCAST_GUID_NAMESPACE = "ead4c236-bf58-58c6-a2c6-a6b28d128cb6";
// No space, control or character that would need quoting in XML or a mail header.
const EMAIL = /^[^\s\p{Cc}@<>()",;&]+@[^\s\p{Cc}@<>()",;&]+\.[^\s\p{Cc}@<>()",;&]+$/u;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

export interface ShowDefaults {
  /** SITE_LANGUAGE and SITE_AUTHOR: what a show that does not say takes. */
  language: string;
  author: string;
  /** SITE_URL, when set: the feed's address, from which its podcast:guid is derived. */
  siteUrl?: string;
}

/** podcast:guid of a feed: UUIDv5 of its address without the scheme and trailing slashes. */
export function podcastGuid(feedUrl: string): Promise<string> {
  return uuidV5(feedUrl.replace(/^[a-z][a-z\d+.-]*:\/\//i, "").replace(/\/+$/, ""), PODCAST_GUID_NAMESPACE);
}

export async function parseShow(
  yaml: string,
  file: string,
  name: string,
  library: MediaSource,
  defaults: ShowDefaults,
): Promise<Show> {
  const values = readFields(yaml, file, 1, FIELDS, "show");
  const fail = (field: string, expected: string, what: unknown, hint?: string, entry?: FieldEntry): never => {
    const at = entry ?? values.get(field.split(".")[0]!);
    throw new ContentError(
      file,
      at?.line ?? 1,
      `field "${field}": expected ${expected}, found ${at ? foundValue(what) : "none"}`,
      hint,
    );
  };
  const text = (field: Field, required: boolean): string | undefined => {
    const entry = values.get(field);
    if (!entry || entry.value === null) return required ? fail(field, "text", undefined) : undefined;
    const clean = typeof entry.value === "string" ? cleanText(entry.value).trim() : "";
    if (clean === "") fail(field, "text", entry.value);
    return clean;
  };
  const flag = (field: Field, fallback?: boolean): boolean => {
    const value = values.get(field)?.value ?? fallback;
    if (typeof value !== "boolean") fail(field, "true or false", value);
    return value as boolean;
  };
  const url = (value: unknown, field: string): string => {
    let parsed: URL | undefined;
    try {
      parsed = typeof value === "string" ? new URL(value) : undefined;
    } catch {
      parsed = undefined;
    }
    // Podcast apps fetch these: absolute http(s), ASCII (Apple refuses other characters in URLs).
    if (!parsed || !/^https?:$/.test(parsed.protocol) || /[^\x21-\x7e]/.test(String(value)))
      fail(field, "an absolute http(s) URL in ASCII", value);
    return parsed!.href;
  };

  const title = text("title", true)!;
  const description = text("description", true)!;
  const owner = values.get("owner");
  const ownerValue = owner?.value as Record<string, unknown> | null | undefined;
  if (!owner || typeof ownerValue !== "object" || ownerValue === null || Array.isArray(ownerValue)) {
    return fail(
      "owner",
      "the owner's name and e-mail, as owner: { name: …, email: … }",
      ownerValue,
      "Apple Podcasts writes to this address to verify the show",
    );
  }
  for (const key of Object.keys(ownerValue)) {
    if (key !== "name" && key !== "email") fail(`owner.${key}`, "only name and email", key);
  }
  const ownerName = typeof ownerValue.name === "string" ? cleanText(ownerValue.name).trim() : "";
  if (ownerName === "") fail("owner.name", "the owner's name", ownerValue.name);
  const email = typeof ownerValue.email === "string" ? ownerValue.email.trim() : "";
  if (!EMAIL.test(email))
    fail(
      "owner.email",
      "the owner's e-mail address",
      ownerValue.email,
      "Apple Podcasts writes to this address to verify the show",
    );

  const category = text("category", true)!;
  const subcategory = text("subcategory", false);
  const wrongCategory = categoryProblem(category, subcategory);
  if (wrongCategory) {
    const field = subcategory !== undefined && categoryProblem(category) === undefined ? "subcategory" : "category";
    throw new ContentError(file, values.get(field)!.line, `field "${field}": ${wrongCategory}`);
  }
  const language = text("language", false) ?? defaults.language;
  if (!/^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$/.test(language))
    fail("language", "a language code such as en or pt-BR", language);

  const artworkEntry = values.get("artwork");
  if (!artworkEntry || typeof artworkEntry.value !== "string")
    return fail(
      "artwork",
      "the show's artwork, a file under content/ such as media/show.jpg",
      artworkEntry?.value,
      "square, 1400 to 3000 pixels a side, JPEG or PNG, RGB",
    );
  const art = await library.local(
    artworkEntry.value.trim(),
    { file, line: artworkEntry.line, field: "artwork" },
    "artwork",
  );

  const type = values.get("type")?.value ?? "episodic";
  if (type !== "episodic" && type !== "serial") return fail("type", "episodic or serial", type);

  let funding: Show["funding"];
  const fundingEntry = values.get("funding");
  if (fundingEntry && fundingEntry.value !== null) {
    const value = fundingEntry.value as Record<string, unknown>;
    if (typeof value !== "object" || Array.isArray(value))
      fail("funding", 'funding: { url: "https://…", label: Support the show }', value);
    for (const key of Object.keys(value))
      if (key !== "url" && key !== "label") fail(`funding.${key}`, "only url and label", key);
    const label = typeof value.label === "string" ? cleanText(value.label).trim() : "";
    // podcast:funding's text is at most 128 characters.
    if (label === "" || label.length > 128) fail("funding.label", "text of at most 128 characters", value.label);
    funding = { url: url(value.url, "funding.url"), label };
  }
  const locked = text("locked", false);
  if (locked !== undefined && !EMAIL.test(locked))
    fail(
      "locked",
      "the owner e-mail that may move the show to another host",
      locked,
      "podcast:locked names the e-mail a new host must confirm",
    );
  const guidEntry = values.get("guid");
  let guid: string | undefined;
  if (guidEntry && guidEntry.value !== null) {
    if (typeof guidEntry.value !== "string" || !UUID.test(guidEntry.value.trim().toLowerCase()))
      fail(
        "guid",
        "a UUID such as 917393e3-1b1e-5cef-ace4-edaa54e1f810",
        guidEntry.value,
        "leave it out: with SITE_URL set, the build derives it from the feed's address",
      );
    guid = (guidEntry.value as string).trim().toLowerCase();
  } else if (defaults.siteUrl) {
    guid = await podcastGuid(defaults.siteUrl + paths.showFeed(name));
  }
  const newFeed = values.get("new_feed_url");
  const people = values.get("people");
  if (people && people.value !== null && !Array.isArray(people.value))
    fail("people", "a list of people, each - name: …, role: host", people.value);
  const copyright = text("copyright", false);
  return {
    name,
    title,
    description,
    author:
      text("author", false) ??
      (defaults.author ||
        fail("author", "the show's author (or SITE_AUTHOR in wrangler.toml)", undefined, "add author: Your Name")),
    owner: { name: ownerName, email },
    language,
    category,
    ...(subcategory ? { subcategory } : {}),
    explicit: flag("explicit"),
    artwork: { url: art.url, type: art.type, length: art.length, width: art.width!, height: art.height! },
    type,
    complete: flag("complete", false),
    ...(funding ? { funding } : {}),
    ...(locked ? { locked } : {}),
    ...(copyright ? { copyright } : {}),
    ...(guid ? { guid } : {}),
    ...(newFeed && newFeed.value !== null ? { newFeedUrl: url(newFeed.value, "new_feed_url") } : {}),
    people: ((people?.value as unknown[] | null) ?? []).map((value, i) => {
      const node = isSeq(people!.node) ? (people!.node.items[i] as Node | undefined) : undefined;
      return personOf(value, file, people!.lineOf(node?.range?.[0]), `people[${i + 1}]`);
    }),
    file,
  };
}
