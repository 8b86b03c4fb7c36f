// Files for crawlers: /sitemap.xml (every article, tag and index page) and /robots.txt.
import { Hono } from "hono";
import type { AppEnv } from "../app-env";
import { escapeHtml } from "../content/text";
import { lastUpdated } from "../feeds/document";
import { articlePath } from "../feeds/feed-package";
import { CACHE } from "../http/cache-policy";
import { send } from "../http/send";

export const meta = new Hono<AppEnv>();

meta.get("/sitemap.xml", async (c) => {
  const { site, catalog } = c.var;
  const rep = await c.var.memo.get(`${site.baseUrl} /sitemap.xml`, () => {
    const entries: [string, Date][] = [];
    const pageCount = (n: number) => Math.max(1, Math.ceil(n / site.pageSize));
    const lists = (base: string, items: typeof catalog.articles) => {
      for (let k = 1; k <= pageCount(items.length); k++) {
        entries.push([
          k === 1 ? base || "/" : `${base}/page/${k}`,
          lastUpdated(items.slice((k - 1) * site.pageSize, k * site.pageSize)),
        ]);
      }
    };
    lists("", catalog.articles);
    entries.push(["/tags", lastUpdated(catalog.articles)]);
    for (const { tag } of catalog.tags()) lists(`/tags/${tag}`, catalog.tagged(tag) ?? []);
    for (const a of catalog.articles) entries.push([articlePath(a.slug), lastUpdated([a])]);
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
  return send(c, rep);
});

meta.get("/robots.txt", async (c) => {
  const { site, catalog } = c.var;
  const rep = await c.var.memo.get(`${site.baseUrl} /robots.txt`, () => ({
    body: `User-agent: *\nAllow: /\n\nSitemap: ${site.baseUrl}/sitemap.xml\n`,
    contentType: "text/plain; charset=utf-8",
    lastModified: lastUpdated(catalog.articles),
    cacheControl: CACHE.page,
  }));
  return send(c, rep);
});
