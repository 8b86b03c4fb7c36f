// The site's configuration: every wrangler.toml [vars] variable, what it may be and how it reads, in one
// schema from which the types are derived. The build checks it once (src/build/site-vars.ts); code that
// runs in the Worker imports only the types, and reads the checked values with the same readers
// (src/shared/site.ts), so zod stays out of the Worker's bundle. The build loads this before it writes
// src/generated/: nothing imported here may import src/shared/addresses.ts (see src/build/cli.ts).
import { z } from "zod";
import {
  ConfigError,
  hubsOf,
  listedHubs,
  pageSizeOf,
  pollOf,
  siteLanguage,
  siteText,
  siteUrl,
  tomlVar,
} from "./config-values";
import { isTimeZone } from "./content/dates";
import { isIri } from "./content/iri";
import { isStatable } from "./feeds/cadence";
import { STORE_MODES, storeProblem } from "./store-modes";

const found = (value: unknown): string => JSON.stringify(value) ?? String(value);

/**
 * Every value is a string in quotes: TOML also allows numbers, dates and tables, which wrangler would
 * hand the Worker as something else.
 */
const text = z.string({ error: (issue) => `expected a string, found ${found(issue.input)}` });

/** Shown in every feed and page: not empty once the characters XML forbids and the spaces around are gone. */
const shown = text.transform(siteText).refine((value) => value !== "", "expected a non-empty value");

/** A whole number of items from 1 to 1000; empty is 20. */
const pageSize = text
  .refine(
    (value) => {
      const size = pageSizeOf(value);
      return /^\d{0,4}$/.test(value) && size >= 1 && size <= 1000;
    },
    { error: (issue) => `expected a whole number from 1 to 1000, found ${found(issue.input)}` },
  )
  .transform(pageSizeOf);

/** A bound on how often readers poll, in seconds that RSS <ttl> and sy:* can state exactly (src/shared/feeds/cadence.ts). */
const pollBound = (bound: "min" | "max") =>
  text
    .refine((value) => /^\d{0,7}$/.test(value) && isStatable(pollOf(value, bound)), {
      error: (issue) =>
        "expected seconds that make whole minutes dividing a day, or past a day a week " +
        "(so RSS <ttl> and sy:updateFrequency state them exactly), such as 300, 900, 3600, 43200, 86400 or 604800; " +
        `found ${found(issue.input)}`,
    })
    .transform((value) => pollOf(value, bound));

/** W3C WebSub §4: a hub is a URL; http(s) here, and one that reads the same unescaped in a Link header and XML. */
function isHub(hub: string): boolean {
  const url = URL.parse(hub);
  return url !== null && (url.protocol === "https:" || url.protocol === "http:") && !/[&'"<>]/.test(url.href);
}

const hubs = text
  .check((ctx) => {
    for (const hub of listedHubs(ctx.value)) {
      if (isHub(hub)) continue;
      ctx.issues.push({
        code: "custom",
        input: ctx.value,
        message: `expected absolute http(s) URLs separated by spaces, found ${found(hub)}`,
      });
    }
  })
  .transform(hubsOf);

/**
 * The variables the Worker reads from its script: the build puts them there as written, once they are
 * checked (CurrentBundle.vars in src/worker/app.ts), and the Worker reads them with the readers in src/shared/site.ts.
 * An unset variable is empty.
 */
/**
 * The site's fediverse handle, @<handle>@<host> (src/federation/): a Mastodon username's alphabet (lower-case
 * letters, digits, "_"), at most 30; empty: the site is not an actor.
 */
const fediverseHandle = text.regex(/^(?:[a-z0-9_]{1,30})?$/, {
  error: (issue) =>
    `expected a handle of lower-case letters, digits and "_" (at most 30), such as "news", or empty; found ${found(issue.input)}`,
});

const inScript = {
  SITE_TITLE: shown.prefault(""),
  SITE_DESCRIPTION: shown.prefault(""),
  SITE_AUTHOR: shown.prefault(""),
  /** Empty is English. */
  SITE_LANGUAGE: text.transform(siteLanguage).prefault(""),
  /** The main feed's permanent id (RFC 4287 §4.2.6). */
  FEED_ID: text
    .refine(isIri, { error: (issue) => `expected an absolute IRI such as "urn:uuid:…", found ${found(issue.input)}` })
    .prefault(""),
  PAGE_SIZE: pageSize.prefault(""),
  /** Absolute http(s) URLs separated by white space; empty: push is off. */
  WEBSUB_HUBS: hubs.prefault(""),
  FEDIVERSE_HANDLE: fediverseHandle.prefault(""),
  FEED_MIN_POLL: pollBound("min").prefault(""),
  FEED_MAX_POLL: pollBound("max").prefault(""),
};

/**
 * The variables the Worker reads from its environment, which may set its own: it checks them there too,
 * on an environment's first request.
 */
const inEnvironment = {
  /** The site's base URL; empty: the origin of each request. */
  SITE_URL: text
    .transform((value, ctx) => {
      if (value === "") return "";
      const url = siteUrl(value);
      if ("base" in url) return url.base;
      ctx.issues.push({ code: "custom", input: value, message: url.problem });
      return z.NEVER;
    })
    .prefault(""),
  /** Where the documents that do not ride in the script live (src/worker/store.ts); empty is "assets". */
  STORE: text
    .transform((value) => value || STORE_MODES[0])
    .pipe(z.enum(STORE_MODES, { error: (issue) => storeProblem(String(issue.input)) }))
    .prefault(""),
};

/** A path under content/; empty is the built-in icon. */
const iconPath = z
  .string({ error: (issue) => `expected a path under content/, found ${found(issue.input)}` })
  .transform((value) => value.trim());

/** The variables only the build reads. */
const atBuild = {
  SITE_ICON: iconPath.prefault(""),
  SITE_FAVICON: iconPath.prefault(""),
  /** The zone in which a date without a time means midnight; unset is UTC (but empty is a mistake). */
  SITE_TIMEZONE: text
    .refine(isTimeZone, {
      error: (issue) => `expected an IANA time zone such as "UTC" or "Europe/Paris", found ${found(issue.input)}`,
    })
    .prefault("UTC"),
};

export const SiteConfigSchema = z.object({ ...inScript, ...inEnvironment, ...atBuild }).check((ctx) => {
  // Only between two bounds that are each right: a wrong one has been named already.
  if (ctx.issues.some(({ path }) => path?.[0] === "FEED_MIN_POLL" || path?.[0] === "FEED_MAX_POLL")) return;
  const { FEED_MIN_POLL: min, FEED_MAX_POLL: max } = ctx.value;
  if (min <= max) return;
  ctx.issues.push({
    code: "custom",
    path: ["FEED_MIN_POLL"],
    input: min,
    message: `expected at most FEED_MAX_POLL (${max}), found ${found(String(min))}`,
  });
});

/** [vars] as wrangler.toml writes them (and `wrangler types` types them): text, any of it unset. */
export type ConfigVars = z.input<typeof SiteConfigSchema>;
/** The site's configuration, checked and read. */
export type SiteConfig = z.output<typeof SiteConfigSchema>;
/** The [vars] the Worker reads from its script, as written. */
export type BundledVars = Required<Pick<ConfigVars, keyof typeof inScript>>;

/** Where a variable was set, as a message names it: `wrangler.toml [vars] NAME` unless told otherwise. */
export type VarPlace = (name: string) => string;

/**
 * [vars] checked: the configuration, and the variables the Worker reads from its script as they were
 * written. Every mistake is a line of the ConfigError, naming the variable, what was expected and what
 * was found.
 */
export function checkSiteConfig(
  vars: Record<string, unknown>,
  place: VarPlace = tomlVar,
): { config: SiteConfig; bundle: BundledVars } {
  const checked = SiteConfigSchema.safeParse(vars);
  if (!checked.success) {
    throw new ConfigError(
      checked.error.issues.map((issue) => `${place(String(issue.path[0]))}: ${issue.message}`).join("\n"),
    );
  }
  // Each one a string now (the schema said so), or unset, which reads as empty.
  const bundle = Object.fromEntries(Object.keys(inScript).map((name) => [name, vars[name] ?? ""])) as BundledVars;
  return { config: checked.data, bundle };
}
