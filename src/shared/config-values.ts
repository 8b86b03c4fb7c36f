// How each [vars] value reads, one reader per variable: the schema's transforms (./config.ts, at build
// time) and the Worker's reading of the values in its script (./site.ts) use these same functions, so
// both read a value one way, and zod never enters the Worker.
import { stripXmlForbidden } from "./content/text";
import { DEFAULT_POLL, type PollBounds } from "./feeds/cadence";

/** A configuration mistake, reported in the log with the variable to fix; requests get a plain 500. */
export class ConfigError extends Error {
  override name = "ConfigError";
}

/** Where a variable is set, as a message names it. */
export const tomlVar = (name: string): string => `wrangler.toml [vars] ${name}`;

/** SITE_TITLE, SITE_DESCRIPTION, SITE_AUTHOR: without the characters XML forbids (see src/shared/content/text.ts), trimmed. */
export const siteText = (value: string): string => stripXmlForbidden(value).trim();

/** SITE_LANGUAGE: empty is English. */
export const siteLanguage = (value: string): string => value || "en";

/** PAGE_SIZE: empty is 20. */
export const pageSizeOf = (value: string): number => Number(value || "20");

/** WEBSUB_HUBS as written: separated by white space. */
export const listedHubs = (value: string): string[] => value.split(/\s+/).filter(Boolean);

/** WEBSUB_HUBS: each hub's URL as the URL parser writes it. */
export const hubsOf = (value: string): string[] => listedHubs(value).map((hub) => new URL(hub).href);

/** FEED_MIN_POLL or FEED_MAX_POLL in seconds: empty is that bound's default (src/shared/feeds/cadence.ts). */
export const pollOf = (value: string, bound: keyof PollBounds): number => Number(value || DEFAULT_POLL[bound]);

/** SITE_URL (not empty) as the site's base URL, without a trailing slash; or what is wrong with it. */
export function siteUrl(url: string): { base: string } | { problem: string } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { problem: `expected an absolute URL such as "https://news.example", found ${JSON.stringify(url)}` };
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") {
    return { problem: `expected an http(s) URL, found ${JSON.stringify(url)}` };
  }
  const base = parsed.href.replace(/\/+$/, "");
  // Documents are stored with the address left open and filled in as they are sent: the address must
  // read the same in XML, HTML and JSON, unescaped (src/shared/http/open-origin.ts).
  if (/[?#&'"<>\\]/.test(base) || /[?#]/.test(url)) {
    return {
      problem: `expected a base URL without a query, a fragment or any of & ' " < > \\, found ${JSON.stringify(url)}`,
    };
  }
  return { base };
}
