// HTML routes: the home page and its older pages, article pages, the tag index and tag pages.
import { type Context, Hono } from "hono";
import { HTML_TYPE, paths } from "../addresses";
import type { AppEnv } from "../app-env";
import type { Article } from "../content/schema";
import { lastUpdated } from "../feeds/document";
import { CACHE } from "../http/cache-policy";
import { parsePage } from "../http/params";
import { serve } from "../http/send";
import { ArticlePage } from "../views/article-page";
import { IndexPage } from "../views/index-page";
import { TagsPage } from "../views/tags-page";
import { notFound } from "./errors";

export const pages = new Hono<AppEnv>();

function servePage(c: Context<AppEnv>, path: string, items: readonly Article[], render: () => string) {
  return serve(c, { key: path }, () => ({
    body: render(),
    contentType: HTML_TYPE,
    lastModified: lastUpdated(items),
    cacheControl: CACHE.page,
  }));
}

/** The number of pages a list of `total` items takes (an empty list still has its first page). */
export const pageCount = (total: number, size: number) => Math.max(1, Math.ceil(total / size));

/** Page `n` (1 = newest) of a list, with links to its neighbours, or undefined past the end. */
function paginate(items: readonly Article[], size: number, n: number, base: string) {
  const count = pageCount(items.length, size);
  if (n > count) return undefined;
  return {
    items: items.slice((n - 1) * size, n * size),
    path: paths.list(base, n),
    newer: n > 1 ? paths.list(base, n - 1) : undefined,
    older: n < count ? paths.list(base, n + 1) : undefined,
  };
}

function listRoute(c: Context<AppEnv>, n: number, tag?: string) {
  const { site, catalog } = c.var;
  const items = tag === undefined ? catalog.articles : catalog.tagged(tag);
  const base = tag === undefined ? "" : paths.tag(tag);
  const page = items && paginate(items, site.pageSize, n, base);
  if (!page) return notFound(c);
  const heading = tag === undefined ? site.title : `Tagged “${tag}”`;
  const description = tag === undefined ? site.description : `Articles tagged “${tag}”, newest first.`;
  return servePage(c, page.path, page.items, () =>
    IndexPage({
      site,
      heading,
      description,
      path: page.path,
      articles: page.items,
      newer: page.newer,
      older: page.older,
      ...(tag === undefined ? {} : { feed: { title: `${site.title}: ${tag}`, prefix: base } }),
    }).toString(),
  );
}

/** Page 2 onwards of a list: page 1 has its own address (the list's), so /page/1 is not one. */
function olderPage(c: Context<AppEnv>, tag?: string) {
  const n = parsePage(c.req.param("n") ?? "");
  return n === undefined || n === 1 ? notFound(c) : listRoute(c, n, tag);
}

pages.all(paths.home, (c) => listRoute(c, 1));
pages.all(paths.list("", ":n"), (c) => olderPage(c));

pages.all(paths.article(":slug"), (c) => {
  const article = c.var.catalog.article(c.req.param("slug") ?? "");
  if (!article) return notFound(c);
  return servePage(c, paths.article(article.slug), [article], () =>
    ArticlePage({ site: c.var.site, article }).toString(),
  );
});

pages.all(paths.tags, (c) => {
  const { site, catalog } = c.var;
  return servePage(c, paths.tags, catalog.articles, () => TagsPage({ site, tags: catalog.tags() }).toString());
});
pages.all(paths.tag(":tag"), (c) => listRoute(c, 1, c.req.param("tag") ?? ""));
pages.all(paths.list(paths.tag(":tag"), ":n"), (c) => olderPage(c, c.req.param("tag") ?? ""));
