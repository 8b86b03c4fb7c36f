// Files for crawlers: /sitemap.xml (every article, tag and index page) and /robots.txt.
import { Hono } from "hono";
import { paths } from "../addresses";
import type { AppEnv } from "../app-env";
import { escapeHtml } from "../content/text";
import { lastUpdated } from "../feeds/document";
import { CACHE } from "../http/cache-policy";
import { serve } from "../http/send";
import { pageCount } from "./pages";

export const meta = new Hono<AppEnv>();

meta.all(paths.sitemap, (c) => {
  const { site, catalog } = c.var;
  return serve(c, { key: paths.sitemap }, () => {
    const entries: [string, Date][] = [];
    const lists = (base: string, items: typeof catalog.articles) => {
      for (let k = 1; k <= pageCount(items.length, site.pageSize); k++) {
        entries.push([paths.list(base, k), lastUpdated(items.slice((k - 1) * site.pageSize, k * site.pageSize))]);
      }
    };
    lists("", catalog.articles);
    entries.push([paths.tags, lastUpdated(catalog.articles)]);
    for (const { tag } of catalog.tags()) lists(paths.tag(tag), catalog.tagged(tag) ?? []);
    for (const a of catalog.articles) entries.push([paths.article(a.slug), lastUpdated([a])]);
    const urls = entries.map(
      ([path, date]) =>
        `  <url><loc>${escapeHtml(site.baseUrl + path)}</loc><lastmod>${date.toISOString().slice(0, 10)}</lastmod></url>`,
    );
    return {
      body: `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls.join("\n")}\n</urlset>\n`,
      contentType: "application/xml; charset=utf-8",
      lastModified: lastUpdated(catalog.articles),
      cacheControl: CACHE.feed,
    };
  });
});

meta.all(paths.robots, (c) => {
  const { site, catalog } = c.var;
  return serve(c, { key: paths.robots }, () => ({
    body: `User-agent: *\nAllow: /\n\nSitemap: ${site.baseUrl}${paths.sitemap}\n`,
    contentType: "text/plain; charset=utf-8",
    lastModified: lastUpdated(catalog.articles),
    cacheControl: CACHE.page,
  }));
});
