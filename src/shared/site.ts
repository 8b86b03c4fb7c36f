// Site configuration as the Worker reads it: the [vars] the build checked against the schema
// (src/shared/config.ts) and put in the script (CurrentBundle.vars in src/worker/app.ts), read here as they are, and
// SITE_URL, which each environment sets and which is checked on its first request (SiteCache). A bad
// SITE_URL fails every request the same way: a plain 500, the variable to fix in the log.

import { HTTPException } from "hono/http-exception";
import type { BundledVars, ConfigVars } from "./config";
import { ConfigError, hubsOf, pageSizeOf, pollOf, siteLanguage, siteText, siteUrl, tomlVar } from "./config-values";
import type { Icons } from "./content/schema";
import type { PollBounds } from "./feeds/cadence";
import { originDigest } from "./http/open-origin";

export interface Site {
  title: string;
  description: string;
  /** Absolute base URL without a trailing slash: SITE_URL, or the request's origin when unset. */
  baseUrl: string;
  /** A digest of baseUrl, part of the ETag of every document filled in with it (src/shared/http/open-origin.ts). */
  originDigest: string;
  author: string;
  language: string;
  /** The main feed's permanent id (an IRI). */
  feedId: string;
  /** Items per feed document and per HTML index page. */
  pageSize: number;
  /** WebSub hubs every subscription feed names (WEBSUB_HUBS); none = push is off. */
  hubs: string[];
  /** The shortest and longest interval a feed asks its readers to poll at (src/shared/feeds/cadence.ts). */
  poll: PollBounds;
  /** The site's fediverse handle (FEDIVERSE_HANDLE); empty: the site is not an actor. */
  handle: string;
  /** SITE_ICON and SITE_FAVICON as the build read them (unset: the built-in SVG, which feeds do not name). */
  icons?: Icons;
  /** The stylesheet's address, which names a hash of its bytes (src/build/assets.ts). */
  stylesheet?: string;
}

/** The site's files the build made, as the bundle carries them (src/shared/contract.ts): its icons and stylesheet. */
export interface SiteFiles {
  icons?: Icons;
  stylesheet?: string;
}

/** What a Site is made from: the [vars] in the script, which the build checked, and SITE_URL. */
export type SiteVars = BundledVars & Required<Pick<ConfigVars, "SITE_URL">>;

/**
 * The Site for an address. Only SITE_URL is checked here (ConfigError): the rest are read as the build
 * read them when it checked them (src/shared/config.ts), with the same readers.
 */
export function siteFrom(vars: SiteVars, requestOrigin: string, { icons, stylesheet }: SiteFiles = {}): Site {
  const baseUrl = vars.SITE_URL ? checkedBase(vars.SITE_URL) : requestOrigin;
  return {
    title: siteText(vars.SITE_TITLE),
    description: siteText(vars.SITE_DESCRIPTION),
    baseUrl,
    originDigest: originDigest(baseUrl),
    author: siteText(vars.SITE_AUTHOR),
    language: siteLanguage(vars.SITE_LANGUAGE),
    feedId: vars.FEED_ID,
    pageSize: pageSizeOf(vars.PAGE_SIZE),
    hubs: hubsOf(vars.WEBSUB_HUBS),
    poll: { min: pollOf(vars.FEED_MIN_POLL, "min"), max: pollOf(vars.FEED_MAX_POLL, "max") },
    handle: vars.FEDIVERSE_HANDLE ?? "",
    ...(icons ? { icons } : {}),
    ...(stylesheet ? { stylesheet } : {}),
  };
}

/** SITE_URL as each environment sets it: the build cannot have checked the production one. */
function checkedBase(url: string): string {
  const checked = siteUrl(url);
  if ("problem" in checked) throw new ConfigError(`${tomlVar("SITE_URL")}: ${checked.problem}`);
  return checked.base;
}

/**
 * A request's origin as the site's address (SITE_URL unset): http(s), a DNS name of letters, digits and
 * hyphens in labels of at most 63 (RFC 1035 §2.3.4; the URL parser has already made an IDN punycode and
 * lower-cased it), an IPv4 or bracketed IPv6 address, and a port. The address is filled into documents
 * unescaped (src/shared/http/open-origin.ts), and a URL parser keeps " ' ` { } & in a host name.
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
 * made (and its SITE_URL checked) once rather than on every request. Bounded, because with SITE_URL unset a client picks the
 * origin (its Host header); past the bound a Site is computed and not kept. Errors are never kept.
 */
export class SiteCache {
  /** Per env: its Site, made once (for the first origin), and the Site of each origin since. */
  readonly #byEnv = new WeakMap<SiteVars, { checked: Site; sites: Map<string, Site> }>();
  /** The Sites this cache keeps: what is filled in for one of them is worth keeping too. */
  readonly #kept = new WeakSet<Site>();
  constructor(
    readonly limit = 64,
    readonly files: SiteFiles = {},
  ) {}

  for(vars: SiteVars, url: string): Site {
    let env = this.#byEnv.get(vars);
    if (!env) {
      env = { checked: siteFrom(vars, vars.SITE_URL ? "" : requestOrigin(url), this.files), sites: new Map() };
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
