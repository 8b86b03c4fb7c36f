// What the feed routes render, built in Node: the real collection from content files, the site from
// wrangler.toml [vars], and each feed document in all three formats.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "smol-toml";
import { type BuildOptions, buildCollection } from "../../src/build/collection";
import type { FeedFormat } from "../../src/shared/addresses";
import { Catalog } from "../../src/shared/catalog";
import { checkSiteConfig } from "../../src/shared/config";
import type { Collection } from "../../src/shared/content/schema";
import { renderAtom } from "../../src/shared/feeds/atom";
import type { FeedDocument } from "../../src/shared/feeds/document";
import { currentDocument, siteScope } from "../../src/shared/feeds/documents";
import { renderJsonFeed } from "../../src/shared/feeds/json-feed";
import { renderRss } from "../../src/shared/feeds/rss";
import { type Site, type SiteVars, siteFrom } from "../../src/shared/site";

export const ROOT = join(import.meta.dirname, "../../");
export const CONTENT_DIR = `${ROOT}content`;
export const SITE_URL = "https://news.example";
export const PARSE_OPTIONS = { referenceYear: 2026, timeZone: "UTC" } as const;

/** wrangler.toml [vars] as the build checks them (src/shared/config.ts), with SITE_URL set (and any other override). */
export function siteVars(overrides: Partial<SiteVars> = {}): SiteVars {
  const { vars } = parse(readFileSync(`${ROOT}wrangler.toml`, "utf8"));
  if (typeof vars !== "object" || Array.isArray(vars) || vars instanceof Date)
    throw new Error("wrangler.toml: no [vars]");
  return { ...checkSiteConfig(vars).bundle, SITE_URL, ...overrides };
}

export function testSite(overrides: Partial<SiteVars> = {}): Site {
  return siteFrom(siteVars(overrides), "http://origin.invalid");
}

/** A collection built from a folder the way `npm run build:content` builds it; any content error fails the test. */
export async function collectionFrom(dir: string, icons?: BuildOptions["icons"]): Promise<Collection> {
  const { collection, errors } = await buildCollection(dir, { ...PARSE_OPTIONS, icons }, ROOT);
  if (errors.length > 0) throw new Error(errors.map(String).join("\n"));
  return collection;
}

export type Rendered = Record<FeedFormat, string>;

export function renderAll(doc: FeedDocument, site: Site): Rendered {
  return {
    rss: renderRss(doc, site).join(""),
    atom: renderAtom(doc, site).join(""),
    json: renderJsonFeed(doc, site).join(""),
  };
}

/** The site feed (/rss.xml, /atom.xml, /feed.json) of a collection. */
export async function siteFeeds(collection: Collection, site: Site): Promise<Rendered> {
  return renderAll(await currentDocument(siteScope(new Catalog(collection), site), site), site);
}
