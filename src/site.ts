// Site configuration: the Worker's [vars] (typed by `wrangler types`), checked once per env and origin (SiteCache),
// and a bad value fails every request the same way: a plain 500, the variable to fix in the log.

import { HTTPException } from "hono/http-exception";
import { isIri } from "./content/iri";
import type { Icons } from "./content/schema";
import { stripXmlForbidden } from "./content/text";
import { DEFAULT_POLL, isStatable, type PollBounds } from "./feeds/cadence";
import { originDigest } from "./http/open-origin";

export interface Site {
  title: string;
  description: string;
  /** Absolute base URL without a trailing slash: SITE_URL, or the request's origin when unset. */
  baseUrl: string;
  /** A digest of baseUrl, part of the ETag of every document filled in with it (src/http/open-origin.ts). */
  originDigest: string;
  author: string;
  language: string;
  /** The main feed's permanent id (an IRI). */
  feedId: string;
  /** Items per feed document and per HTML index page. */
  pageSize: number;
  /** WebSub hubs every subscription feed names (WEBSUB_HUBS); none = push is off. */
  hubs: string[];
  /** The shortest and longest interval a feed asks its readers to poll at (src/feeds/cadence.ts). */
  poll: PollBounds;
  /** SITE_ICON and SITE_FAVICON as the build read them (unset: the built-in SVG, which feeds do not name). */
  icons?: Icons;
}

export type SiteVars = Pick<
  Env,
  | "SITE_TITLE"
  | "SITE_DESCRIPTION"
  | "SITE_URL"
  | "SITE_AUTHOR"
  | "SITE_LANGUAGE"
  | "FEED_ID"
  | "PAGE_SIZE"
  | "FEED_MIN_POLL"
  | "FEED_MAX_POLL"
> &
  Partial<Pick<Env, "WEBSUB_HUBS">>;

/** A configuration mistake, reported in the log with the variable to fix; requests get a plain 500. */
export class ConfigError extends Error {
  override name = "ConfigError";
}

export function siteFrom(vars: SiteVars, requestOrigin: string, icons?: Icons): Site {
  const baseUrl = vars.SITE_URL ? absoluteBase(vars.SITE_URL) : requestOrigin;
  const pageSize = /^\d{1,4}$/.test(vars.PAGE_SIZE || "20") ? Number(vars.PAGE_SIZE || "20") : Number.NaN;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 1000) {
    throw new ConfigError(
      `wrangler.toml [vars] PAGE_SIZE: expected a whole number from 1 to 1000, found ${JSON.stringify(vars.PAGE_SIZE)}`,
    );
  }
  if (!isIri(vars.FEED_ID)) {
    throw new ConfigError(
      `wrangler.toml [vars] FEED_ID: expected an absolute IRI such as "urn:uuid:…", found ${JSON.stringify(vars.FEED_ID)}`,
    );
  }
  const poll = {
    min: pollSeconds(vars.FEED_MIN_POLL, "FEED_MIN_POLL", DEFAULT_POLL.min),
    max: pollSeconds(vars.FEED_MAX_POLL, "FEED_MAX_POLL", DEFAULT_POLL.max),
  };
  if (poll.min > poll.max) {
    throw new ConfigError(
      `wrangler.toml [vars] FEED_MIN_POLL: expected at most FEED_MAX_POLL (${poll.max}), found ${JSON.stringify(vars.FEED_MIN_POLL)}`,
    );
  }
  return {
    title: required(vars.SITE_TITLE, "SITE_TITLE"),
    description: required(vars.SITE_DESCRIPTION, "SITE_DESCRIPTION"),
    baseUrl,
    originDigest: originDigest(baseUrl),
    author: required(vars.SITE_AUTHOR, "SITE_AUTHOR"),
    language: vars.SITE_LANGUAGE || "en",
    feedId: vars.FEED_ID,
    pageSize,
    hubs: hubsFrom(vars.WEBSUB_HUBS ?? ""),
    poll,
    ...(icons ? { icons } : {}),
  };
}

/** WEBSUB_HUBS: absolute http(s) URLs separated by white space (W3C WebSub §4: a hub is a URL). */
function hubsFrom(value: string): string[] {
  return value
    .split(/\s+/)
    .filter(Boolean)
    .map((hub) => {
      let url: URL | undefined;
      try {
        url = new URL(hub);
      } catch {
        url = undefined;
      }
      if (!url || (url.protocol !== "https:" && url.protocol !== "http:") || /[&'"<>]/.test(url.href)) {
        throw new ConfigError(
          `wrangler.toml [vars] WEBSUB_HUBS: expected absolute http(s) URLs separated by spaces, found ${JSON.stringify(hub)}`,
        );
      }
      return url.href;
    });
}

/** A poll bound in seconds, empty for its default; one that <ttl> and sy:updateFrequency can state exactly. */
function pollSeconds(value: string | undefined, name: string, fallback: number): number {
  const seconds = /^\d{1,7}$/.test(value || String(fallback)) ? Number(value || fallback) : Number.NaN;
  if (!isStatable(seconds)) {
    throw new ConfigError(
      `wrangler.toml [vars] ${name}: expected seconds that make whole minutes dividing a day, or past a day a week ` +
        `(so RSS <ttl> and sy:updateFrequency state them exactly), such as 300, 900, 3600, 43200, 86400 or 604800; ` +
        `found ${JSON.stringify(value)}`,
    );
  }
  return seconds;
}

function required(value: string, name: string): string {
  // Characters XML forbids would make the feeds invalid (see src/content/text.ts).
  const clean = stripXmlForbidden(value).trim();
  if (!clean) throw new ConfigError(`wrangler.toml [vars] ${name}: expected a non-empty value`);
  return clean;
}

function absoluteBase(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigError(
      `wrangler.toml [vars] SITE_URL: expected an absolute URL such as "https://news.example", found ${JSON.stringify(url)}`,
    );
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") {
    throw new ConfigError(`wrangler.toml [vars] SITE_URL: expected an http(s) URL, found ${JSON.stringify(url)}`);
  }
  const base = parsed.href.replace(/\/+$/, "");
  // Documents are stored with the address left open and filled in as they are sent: the address must
  // read the same in XML, HTML and JSON, unescaped (src/http/open-origin.ts).
  if (/[?#&'"<>\\]/.test(base) || /[?#]/.test(url)) {
    throw new ConfigError(
      `wrangler.toml [vars] SITE_URL: expected a base URL without a query, a fragment or any of & ' " < > \\, found ${JSON.stringify(url)}`,
    );
  }
  return base;
}

/**
 * A request's origin as the site's address (SITE_URL unset): http(s), a DNS name of letters, digits and
 * hyphens in labels of at most 63 (RFC 1035 §2.3.4; the URL parser has already made an IDN punycode and
 * lower-cased it), an IPv4 or bracketed IPv6 address, and a port. The address is filled into documents
 * unescaped (src/http/open-origin.ts), and a URL parser keeps " ' ` { } & in a host name.
 */
const REQUEST_ORIGIN =
  /^https?:\/\/(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*\.?|\[[0-9a-f:.]+\])(?::\d{1,5})?$/;
/** A DNS name is at most 253 characters (RFC 1035 §2.3.4), with the scheme, a trailing dot and a port. */
const ORIGIN_LENGTH = 8 + 254 + 6;

/** The origin of a request's URL, refused (400) when it could not be a site's address. */
export function requestOrigin(url: string): string {
  const origin = new URL(url).origin;
  if (origin.length > ORIGIN_LENGTH || !REQUEST_ORIGIN.test(origin)) {
    throw new HTTPException(400, {
      message: "The Host header does not name a host (letters, digits, hyphens and dots).",
    });
  }
  return origin;
}

/**
 * Sites by env and request origin: the same vars and origin always give the same Site, so each is
 * checked once rather than on every request. Bounded, because with SITE_URL unset a client picks the
 * origin (its Host header); past the bound a Site is computed and not kept. Errors are never kept.
 */
export class SiteCache {
  /** Per env: its vars checked once (as a Site for the first origin), and the Site of each origin since. */
  readonly #byEnv = new WeakMap<SiteVars, { checked: Site; sites: Map<string, Site> }>();
  /** The Sites this cache keeps: what is filled in for one of them is worth keeping too. */
  readonly #kept = new WeakSet<Site>();
  constructor(
    readonly limit = 64,
    readonly icons?: Icons,
  ) {}

  for(vars: SiteVars, url: string): Site {
    let env = this.#byEnv.get(vars);
    if (!env) {
      env = { checked: siteFrom(vars, vars.SITE_URL ? "" : requestOrigin(url), this.icons), sites: new Map() };
      this.#kept.add(env.checked);
      this.#byEnv.set(vars, env);
    }
    // Only the address depends on the origin, and only when SITE_URL leaves it to the request.
    if (vars.SITE_URL) return env.checked;
    // The origin is the URL up to its path; `url` is absolute (a Request's), so "//" is there.
    const end = url.indexOf("/", url.indexOf("//") + 2);
    const key = end < 0 ? url : url.slice(0, end);
    let site = env.sites.get(key);
    if (!site) {
      const origin = requestOrigin(url);
      site =
        origin === env.checked.baseUrl
          ? env.checked
          : { ...env.checked, baseUrl: origin, originDigest: originDigest(origin) };
      // Kept under the origin itself only (so each key is a checked origin of bounded length, never a URL
      // with user information in it), and for the first `limit` origins.
      if (key === origin && env.sites.size < this.limit) {
        env.sites.set(key, site);
        this.#kept.add(site);
      }
    }
    return site;
  }

  /**
   * Whether `site` is one this cache keeps (SITE_URL's, or one of the first `limit` origins): a client
   * that names a new Host on every request gets answers, but nothing kept for them pushes out what is
   * kept for the site's real addresses.
   */
  keeps(site: Site): boolean {
    return this.#kept.has(site);
  }
}
