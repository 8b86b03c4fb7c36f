// A person of a show or an episode (Podcasting 2.0 podcast:person): a name, and optionally a role and group
// of the namespace's taxonomy and the addresses of a page and a picture of them.
import type { Person } from "../../shared/content/schema";
import { cleanText } from "../../shared/content/text";
import { ContentError, foundValue } from "../errors";

const PERSON = '- name: Ana Ruiz, role: host (or guest, …), href: "https://…", img: "https://…"';
const KEYS = ["name", "role", "group", "href", "img"] as const;

export function personOf(value: unknown, file: string, line: number, field: string): Person {
  const fail = (at: string, expected: string, what: unknown): never => {
    throw new ContentError(file, line, `field "${at}": expected ${expected}, found ${foundValue(what)}`, PERSON);
  };
  if (typeof value !== "object" || value === null || Array.isArray(value))
    return fail(field, "name: with role:", value);
  const item = value as Record<string, unknown>;
  for (const key of Object.keys(item)) {
    if (!(KEYS as readonly string[]).includes(key)) fail(`${field}.${key}`, `one of ${KEYS.join(", ")}`, key);
  }
  const text = (key: (typeof KEYS)[number], required: boolean) => {
    const raw = item[key];
    if (raw === undefined || raw === null) return required ? fail(`${field}.${key}`, "text", raw) : undefined;
    const clean = typeof raw === "string" ? cleanText(raw).trim() : "";
    // podcast:person's text and attributes are at most 128 characters (the namespace's own limit).
    if (clean === "" || clean.length > 128) fail(`${field}.${key}`, "text of at most 128 characters", raw);
    return clean;
  };
  const url = (key: "href" | "img") => {
    const raw = text(key, false);
    if (raw === undefined) return undefined;
    let parsed: URL | undefined;
    try {
      parsed = new URL(raw);
    } catch {
      parsed = undefined;
    }
    if (!parsed || (parsed.protocol !== "https:" && parsed.protocol !== "http:"))
      fail(`${field}.${key}`, "an absolute http(s) URL", raw);
    return parsed!.href;
  };
  const role = text("role", false);
  const group = text("group", false);
  const href = url("href");
  const img = url("img");
  return {
    name: text("name", true)!,
    ...(role ? { role: role.toLowerCase() } : {}),
    ...(group ? { group: group.toLowerCase() } : {}),
    ...(href ? { href } : {}),
    ...(img ? { img } : {}),
  };
}
