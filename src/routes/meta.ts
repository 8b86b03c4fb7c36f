// Files for crawlers: the sitemap index, its sitemaps, and /robots.txt.
// sitemaps.org caps a sitemap at 50,000 URLs, so the index lists numbered files: articles oldest first,
// so that every file but the last is full and never changes, then the list pages (home, tags).
import { Hono } from "hono";
import { paths } from "../addresses";
import type { AppEnv } from "../app-env";
import type { Catalog } from "../catalog";
import type { Article } from "../content/schema";
import { escapeHtml } from "../content/text";
import { lastUpdated } from "../feeds/document";
import { CACHE } from "../http/cache-policy";
import { serve } from "../http/send";
import { notFound } from "./errors";
import { pageCount } from "./pages";

export const SITEMAP_URLS = 50_000;
const XML = "application/xml; charset=utf-8";

export const meta = new Hono<AppEnv>();

type Entry = [path: string, date: Date];

/** Every list page with its newest date: the home page and its older pages, the tag index, each tag's pages. */
function listPages(catalog: Catalog, pageSize: number): Entry[] {
  const entries: Entry[] = [];
  const lists = (base: string, items: readonly Article[]) => {
    for (let k = 1; k <= pageCount(items.length, pageSize); k++) {
      entries.push([paths.list(base, k), lastUpdated(items.slice((k - 1) * pageSize, k * pageSize))]);
    }
  };
  lists("", catalog.articles);
  entries.push([paths.tags, lastUpdated(catalog.articles)]);
  for (const { tag } of catalog.tags()) lists(paths.tag(tag), catalog.tagged(tag) ?? []);
  return entries;
}

/** Articles oldest first: a new article only ever lands in the last file. */
const articleEntries = (catalog: Catalog): Entry[] =>
  [...catalog.articles].reverse().map((a) => [paths.article(a.slug), lastUpdated([a])]);

const KINDS = { articles: articleEntries, pages: listPages } as const;
type Kind = keyof typeof KINDS;

/** The sitemaps the index lists, with what each holds. */
export function sitemapFiles(catalog: Catalog, pageSize: number): { path: string; kind: Kind; entries: Entry[] }[] {
  return (Object.keys(KINDS) as Kind[]).flatMap((kind) => {
    const all = KINDS[kind](catalog, pageSize);
    return Array.from({ length: Math.max(1, Math.ceil(all.length / SITEMAP_URLS)) }, (_, i) => ({
      path: paths.sitemapFile(kind, i + 1),
      kind,
      entries: all.slice(i * SITEMAP_URLS, (i + 1) * SITEMAP_URLS),
    }));
  });
}

meta.all(paths.sitemap, (c) =>
  serve(c, { key: paths.sitemap }, () => {
    const { site, catalog } = c.var;
    const body = sitemapFiles(catalog, site.pageSize).map(
      ({ path, entries }) =>
        `  <sitemap><loc>${escapeHtml(site.baseUrl + path)}</loc><lastmod>${day(newest(entries))}</lastmod></sitemap>`,
    );
    return {
      body: `<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${body.join("\n")}\n</sitemapindex>\n`,
      contentType: XML,
      lastModified: lastUpdated(catalog.articles),
      cacheControl: CACHE.sitemap,
    };
  }),
);

meta.all(`${paths.sitemaps}/:file`, (c) => {
  const { site, catalog } = c.var;
  const file = sitemapFiles(catalog, site.pageSize).find((f) => f.path === c.req.path);
  if (!file) return notFound(c);
  return serve(c, { key: file.path }, () => {
    const urls = file.entries.map(
      ([path, date]) => `  <url><loc>${escapeHtml(site.baseUrl + path)}</loc><lastmod>${day(date)}</lastmod></url>`,
    );
    return {
      body: `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls.join("\n")}\n</urlset>\n`,
      contentType: XML,
      lastModified: newest(file.entries),
      // A full file of articles never changes again, but for an edit to one of its stories.
      cacheControl: file.kind === "articles" && file.entries.length === SITEMAP_URLS ? CACHE.archive : CACHE.sitemap,
    };
  });
});

const day = (date: Date) => date.toISOString().slice(0, 10);
const newest = (entries: readonly Entry[]) =>
  new Date(entries.reduce((max, [, date]) => Math.max(max, date.getTime()), 0));

meta.all(paths.robots, (c) => {
  const { site, catalog } = c.var;
  return serve(c, { key: paths.robots }, () => ({
    body: `User-agent: *\nAllow: /\n\nSitemap: ${site.baseUrl}${paths.sitemap}\n`,
    contentType: "text/plain; charset=utf-8",
    lastModified: lastUpdated(catalog.articles),
    cacheControl: CACHE.page,
  }));
});
