// HTML routes: the home page and its older pages, article pages, the tag index and tag pages.
import { type Context, Hono } from "hono";
import type { AppEnv } from "../app-env";
import type { Article } from "../content/schema";
import { lastUpdated } from "../feeds/document";
import { CACHE } from "../http/cache-policy";
import { send } from "../http/send";
import { ArticlePage } from "../views/article-page";
import { IndexPage } from "../views/index-page";
import { TagsPage } from "../views/tags-page";
import { notFound } from "./errors";
import { parsePage } from "./params";

export const pages = new Hono<AppEnv>();

const HTML = "text/html; charset=utf-8";

async function sendPage(c: Context<AppEnv>, key: string, items: readonly Article[], render: () => string) {
  const rep = await c.var.memo.get(`${c.var.site.baseUrl} ${key}`, () => ({
    body: render(),
    contentType: HTML,
    lastModified: lastUpdated(items),
    cacheControl: CACHE.page,
  }));
  return send(c, rep);
}

/** Page `n` (1 = newest) of a list, with links to its neighbours, or undefined past the end. */
function paginate(items: readonly Article[], size: number, n: number, base: string) {
  const count = Math.max(1, Math.ceil(items.length / size));
  if (n > count) return undefined;
  const at = (k: number) => (k === 1 ? base || "/" : `${base}/page/${k}`);
  return {
    items: items.slice((n - 1) * size, n * size),
    path: at(n),
    newer: n > 1 ? at(n - 1) : undefined,
    older: n < count ? at(n + 1) : undefined,
  };
}

function listRoute(c: Context<AppEnv>, n: number, tag?: string) {
  const { site, catalog } = c.var;
  const items = tag === undefined ? catalog.articles : catalog.tagged(tag);
  const base = tag === undefined ? "" : `/tags/${tag}`;
  const page = items && paginate(items, site.pageSize, n, base);
  if (!page) return notFound(c);
  const heading = tag === undefined ? site.title : `Tagged “${tag}”`;
  const description = tag === undefined ? site.description : `Articles tagged “${tag}”, newest first.`;
  return sendPage(c, page.path, page.items, () =>
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

pages.get("/", (c) => listRoute(c, 1));
pages.get("/page/:n", (c) => {
  const n = parsePage(c.req.param("n"));
  return n === undefined || n === 1 ? notFound(c) : listRoute(c, n);
});

pages.get("/articles/:slug", (c) => {
  const article = c.var.catalog.article(c.req.param("slug"));
  if (!article) return notFound(c);
  return sendPage(c, `/articles/${article.slug}`, [article], () =>
    ArticlePage({ site: c.var.site, article }).toString(),
  );
});

pages.get("/tags", (c) => {
  const { site, catalog } = c.var;
  return sendPage(c, "/tags", catalog.articles, () => TagsPage({ site, tags: catalog.tags() }).toString());
});
pages.get("/tags/:tag", (c) => listRoute(c, 1, c.req.param("tag")));
pages.get("/tags/:tag/page/:n", (c) => {
  const n = parsePage(c.req.param("n"));
  return n === undefined || n === 1 ? notFound(c) : listRoute(c, n, c.req.param("tag"));
});
