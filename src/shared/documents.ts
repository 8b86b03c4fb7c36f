// Every document a collection has, as data: for each its key, media type, cache policy, Last-Modified,
// whether it rides in the script or is a WebSub topic, what it is made from, and a function that renders
// its bytes straight from the model to the views and feed formats. The build stores each one
// (src/build/render.ts); the Worker renders `?limit` feeds with the same feed renderer (src/shared/feeds/render.ts).
import { ACTIVITY_JSON, AP_PATHS } from "./activitypub/addresses";
import { outboxCollection, outboxPage, outboxPageCount, outboxPageItems } from "./activitypub/outbox";
import { FEED_FORMATS, HTML_TYPE, paths } from "./addresses";
import type { Catalog } from "./catalog";
import type { Article, Show } from "./content/schema";
import { escapeHtml } from "./content/text";
import type { Asset } from "./contract";
import { entryKey, type Variant } from "./contract";
import { archiveCount, archivePage } from "./feeds/archive";
import { lastUpdated } from "./feeds/document";
import { archiveDocument, type Scope, siteScope, tagScope } from "./feeds/documents";
import { currentFeed, renderFeed } from "./feeds/render";
import { CACHE, feedCacheControl } from "./http/cache-policy";
import type { Rendered } from "./http/representation";
import { showDocument, showSite } from "./podcasts/show-feed";
import type { Site } from "./site";
import { ArticlePage } from "./views/article-page";
import { IndexPage } from "./views/index-page";
import { ShowPage } from "./views/show-page";
import { TagsPage } from "./views/tags-page";

/** What a document is made from: the next issue's incremental build re-renders it when one of these changes. */
export interface Dependencies {
  /** The articles whose fields it shows or dates it by ("all": every article, e.g. a Last-Modified of the site). */
  articles: readonly string[] | "all";
  /**
   * The counts it shows or links by, each written with its value: `pages:<list>=<n>` (a list's older
   * pages, for its first page's "older" link), `newer-page:<list>/<n>=<true|false>` (whether older page n
   * has a newer one to link to, or the first page), `archives:<list>=<n>` (a feed's RFC 5005 archives, for the current document's link
   * to the newest), `newer:<list>/<n>=<true|false>` (whether archive n has a next one to link to),
   * `outbox=<n>` (the articles the ActivityPub outbox counts), `newer-outbox/<n>=<true|false>` (whether
   * outbox page n has a newer one to link to);
   * <list> is "" for the site's, a tag's name for a tag's. Two versions of the collection give a document
   * the same bytes when they give it the same dependencies and change none of its articles.
   */
  counts: readonly string[];
}

export interface DocumentSpec {
  /** Its key in the store (src/shared/contract.ts): its path, and which variant of it. */
  key: string;
  path: string;
  variant?: Extract<Variant, "view" | "items">;
  /** Rides in the script: what most requests and a fresh isolate's first ones ask for. */
  inScript: boolean;
  /** A subscription feed: a WebSub topic (src/worker/websub/publisher.ts). */
  topic: boolean;
  dependsOn: () => Dependencies;
  /** Its body with the site's address open (src/shared/http/open-origin.ts), media type, date and cache policy. */
  render: () => Rendered | Promise<Rendered>;
}

const TEXT_TYPE = "text/plain; charset=utf-8";
const XML_TYPE = "application/xml; charset=utf-8";
const JSON_TYPE = "application/json";
const CSS_TYPE = "text/css; charset=utf-8";
const SVG_TYPE = "image/svg+xml; charset=utf-8";

/** sitemaps.org caps a sitemap at 50,000 URLs, so the index lists numbered files. */
export const SITEMAP_URLS = 50_000;

/** A feed glyph on the link colour; without an icon every page view costs a 404 for /favicon.ico. */
const ICON_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" rx="3" fill="#0b57d0"/>' +
  '<circle cx="4.5" cy="11.5" r="1.5" fill="#fff"/><path d="M3 7a6 6 0 0 1 6 6M3 3a10 10 0 0 1 10 10" fill="none" ' +
  'stroke="#fff" stroke-width="2" stroke-linecap="round"/></svg>\n';

const slugs = (items: readonly Article[]) => items.map((a) => a.slug);

/**
 * Every document of the collection, in the order the build stores them (the script's entries keep it):
 * the home page and its older pages, articles, the tag index, the site feed and its archives, the outbox
 * and its pages, each tag's pages and feeds, the sitemaps, robots.txt, the stylesheet and the icon, then
 * each tag's newest items.
 * `site` is the site with its address open; `style` the stylesheet the build made (src/build/assets.ts).
 */
export function* siteDocuments(catalog: Catalog, site: Site, style: Asset): Generator<DocumentSpec> {
  const { pageSize } = site;
  const articles = catalog.articles;
  yield* listPages(site, articles, "");
  for (const [i, article] of articles.entries()) {
    const show = article.episode && catalog.show(article.episode.show);
    const counts = show ? [showCount(show)] : [];
    yield page(paths.article(article.slug), i < pageSize, { articles: [article.slug], counts }, [article], () =>
      ArticlePage({ site, article, show }).toString(),
    );
  }
  yield page(paths.tags, true, { articles: "all", counts: [] }, articles, () =>
    TagsPage({ site, tags: catalog.tags() }).toString(),
  );
  yield* feedDocuments(siteScope(catalog, site), site, true);
  // Only a site that is an actor (FEDIVERSE_HANDLE) has an outbox: its activities name the actor.
  if (site.handle) yield* outboxDocuments(articles, site);
  for (const { tag } of catalog.tags()) {
    const scope = tagScope(catalog, site, tag)!;
    yield* listPages(site, scope.items, tag);
    yield* feedDocuments(scope, site, false);
  }
  for (const show of catalog.shows) yield* showDocuments(show, catalog.episodes(show.name), site);
  yield* sitemaps(catalog, site);
  yield whole(paths.robots, true, articles, () => ({
    body: `User-agent: *\nAllow: /\n\nSitemap: ${site.baseUrl}${paths.sitemap}\n`,
    contentType: TEXT_TYPE,
    cacheControl: CACHE.page,
  }));
  // Deterministic: dated by the site's newest article, never the clock.
  yield whole(style.path, true, articles, () => ({
    body: style.body,
    contentType: CSS_TYPE,
    cacheControl: CACHE.immutable,
  }));
  // Not content-hashed (its name is fixed): cached like a page, revalidated by ETag.
  yield whole(paths.icon, true, articles, () => ({ body: ICON_SVG, contentType: SVG_TYPE, cacheControl: CACHE.page }));
  // A tag's newest articles, for its `?limit` feeds (the site's ride in the script as `newest`).
  for (const { tag } of catalog.tags()) {
    const items = (catalog.tagged(tag) ?? []).slice(0, pageSize);
    yield {
      key: entryKey(paths.tag(tag), "items"),
      path: paths.tag(tag),
      variant: "items",
      inScript: false,
      topic: false,
      dependsOn: () => ({ articles: slugs(items), counts: [] }),
      render: () => ({
        body: JSON.stringify(items),
        contentType: JSON_TYPE,
        lastModified: new Date(0),
        cacheControl: CACHE.none,
      }),
    };
  }
}

function page(
  path: string,
  inScript: boolean,
  dependencies: Dependencies,
  items: readonly Article[],
  render: () => string,
): DocumentSpec {
  return {
    key: path,
    path,
    inScript,
    topic: false,
    dependsOn: () => dependencies,
    render: () => ({
      body: render(),
      contentType: HTML_TYPE,
      lastModified: lastUpdated(items),
      cacheControl: CACHE.page,
    }),
  };
}

/** A document dated by the site's newest article, whatever else it holds. */
function whole(
  path: string,
  inScript: boolean,
  articles: readonly Article[],
  render: () => Omit<Rendered, "lastModified">,
): DocumentSpec {
  return {
    key: path,
    path,
    inScript,
    topic: false,
    dependsOn: () => ({ articles: "all", counts: [] }),
    render: () => ({ ...render(), lastModified: lastUpdated(articles) }),
  };
}

/**
 * A list's pages: its first page (the home page, tag "", or a tag's) with its newest articles, as many
 * as the current feed document holds, and its older pages numbered from the oldest, each holding what
 * the feed's archive of the same number holds (./feeds/archive.ts). A new article changes the first page
 * and the newest older page (or adds one); every other page stays as it was.
 */
function* listPages(site: Site, items: readonly Article[], tag: string): Generator<DocumentSpec> {
  const base = tag === "" ? "" : paths.tag(tag);
  const count = archiveCount(items.length, site.pageSize);
  const heading = tag === "" ? site.title : `Tagged “${tag}”`;
  const description = tag === "" ? site.description : `Articles tagged “${tag}”, newest first.`;
  const feed = tag === "" ? {} : { feed: { title: `${site.title}: ${tag}`, prefix: base } };
  for (let n = 0; n <= count; n++) {
    const pageItems = n === 0 ? items.slice(0, site.pageSize) : archivePage(items, site.pageSize, n)!;
    const path = n === 0 ? paths.list(base) : paths.page(base, n);
    // The first page links to the newest older page; an older page to the next newer one and the next older.
    const newer = n === 0 ? undefined : n === count ? paths.list(base) : paths.page(base, n + 1);
    const older =
      n === 0 ? (count > 0 ? paths.page(base, count) : undefined) : n > 1 ? paths.page(base, n - 1) : undefined;
    const counts = n === 0 ? [`pages:${tag}=${count}`] : [`newer-page:${tag}/${n}=${n < count}`];
    yield page(path, base === "" && n === 0, { articles: slugs(pageItems), counts }, pageItems, () =>
      IndexPage({ site, heading, description, path, articles: pageItems, newer, older, ...feed }).toString(),
    );
  }
}

/** A feed's current document and its RFC 5005 archives, in every format, each with its browser view. */
function* feedDocuments(scope: Scope, site: Site, inScript: boolean): Generator<DocumentSpec> {
  const count = archiveCount(scope.items.length, site.pageSize);
  const list = scope.prefix === "" ? "" : scope.prefix.slice(paths.tag("").length);
  for (let n = 0; n <= count; n++) {
    const prefix = n === 0 ? scope.prefix : paths.archive(scope.prefix, n);
    for (const format of FEED_FORMATS) {
      const path = paths.feed(prefix, format);
      for (const view of [false, true]) {
        yield {
          key: entryKey(path, view ? "view" : undefined),
          path,
          ...(view ? { variant: "view" as const } : {}),
          // Its browser view goes where it goes: the site's "RSS" link brings people to the current one.
          inScript: inScript && n === 0,
          topic: n === 0 && !view,
          // The current document links to the newest archive; an archive, to the next one if there is one.
          dependsOn: () => ({
            articles: slugs(archiveItems(scope, site, n)),
            counts: [n === 0 ? `archives:${list}=${count}` : `newer:${list}/${n}=${n < count}`],
          }),
          render: async () => {
            if (n === 0) return currentFeed(scope, site, format, view);
            const doc = (await archiveDocument(scope, site, n))!;
            return {
              ...renderFeed(doc, site, format, view),
              lastModified: lastUpdated(doc.items),
              cacheControl: CACHE.archive,
            };
          },
        };
      }
    }
  }
}

/**
 * The ActivityPub outbox (./activitypub/outbox.ts) and its pages, numbered from the oldest: a new article
 * changes the outbox and the newest page (or adds one); every other page stays as it was.
 */
function* outboxDocuments(articles: readonly Article[], site: Site): Generator<DocumentSpec> {
  const count = outboxPageCount(articles.length, site.pageSize);
  const newest = count > 0 ? outboxPageItems(articles, site.pageSize, count)! : [];
  yield {
    key: AP_PATHS.outbox,
    path: AP_PATHS.outbox,
    inScript: false,
    topic: false,
    // It shows the number of articles (and of pages, which follows from it), and is dated by its first page.
    dependsOn: () => ({ articles: slugs(newest), counts: [`outbox=${articles.length}`] }),
    render: () => ({
      body: JSON.stringify(outboxCollection(articles, site)),
      contentType: ACTIVITY_JSON,
      lastModified: lastUpdated(newest),
      cacheControl: CACHE.page,
    }),
  };
  for (let n = 1; n <= count; n++) {
    const items = outboxPageItems(articles, site.pageSize, n)!;
    yield {
      key: AP_PATHS.outboxPage(n),
      path: AP_PATHS.outboxPage(n),
      inScript: false,
      topic: false,
      // A page links to the next newer one once there is one.
      dependsOn: () => ({ articles: slugs(items), counts: [`newer-outbox/${n}=${n < count}`] }),
      render: () => ({
        body: JSON.stringify(outboxPage(articles, site, n)),
        contentType: ACTIVITY_JSON,
        lastModified: lastUpdated(items),
        // A page with a newer one is full and stays as it is (RFC 5005 §4's rule for archives).
        cacheControl: n < count ? CACHE.archive : CACHE.page,
      }),
    };
  }
}

/** What a show's documents show of it, written out: any change to the show changes them. */
const showCount = (show: Show) => `show:${show.name}=${JSON.stringify(show)}`;

/** A show's page, and its podcast feed with that feed's browser view. */
function* showDocuments(show: Show, episodes: readonly Article[], site: Site): Generator<DocumentSpec> {
  const dependencies = { articles: slugs(episodes), counts: [showCount(show)] };
  yield page(paths.show(show.name), false, dependencies, episodes, () => ShowPage({ site, show, episodes }).toString());
  const path = paths.showFeed(show.name);
  for (const view of [false, true]) {
    yield {
      key: entryKey(path, view ? "view" : undefined),
      path,
      ...(view ? { variant: "view" as const } : {}),
      inScript: false,
      topic: false,
      dependsOn: () => dependencies,
      render: () => {
        const doc = showDocument(show, episodes, site);
        return {
          ...renderFeed(doc, showSite(site, show), "rss", view),
          lastModified: lastUpdated(episodes),
          cacheControl: feedCacheControl(doc.poll!),
        };
      },
    };
  }
}

/** The items of a feed's current document (n = 0) or of archive n. */
function archiveItems(scope: Scope, site: Site, n: number): readonly Article[] {
  return n === 0 ? scope.items.slice(0, site.pageSize) : (archivePage(scope.items, site.pageSize, n) ?? []);
}

type Entry = [path: string, date: Date];

/** Every list page with the articles it is dated by: the home page and its older pages, the tag index, each tag's pages. */
function listPagesOf(catalog: Catalog, pageSize: number): [path: string, items: readonly Article[]][] {
  const pages: [string, readonly Article[]][] = [];
  const lists = (base: string, items: readonly Article[]) => {
    pages.push([paths.list(base), items.slice(0, pageSize)]);
    for (let n = 1; n <= archiveCount(items.length, pageSize); n++) {
      pages.push([paths.page(base, n), archivePage(items, pageSize, n)!]);
    }
  };
  lists("", catalog.articles);
  pages.push([paths.tags, catalog.articles]);
  for (const { tag } of catalog.tags()) lists(paths.tag(tag), catalog.tagged(tag) ?? []);
  for (const show of catalog.shows) pages.push([paths.show(show.name), catalog.episodes(show.name)]);
  return pages;
}

/** Articles oldest first: a new article only ever lands in the last file. */
const articleEntries = (articles: readonly Article[]): Entry[] =>
  articles.map((a) => [paths.article(a.slug), lastUpdated([a])]);

type SitemapKind = "articles" | "pages";

/** One sitemap file: its articles, for one of articles, and its entries, made only when it is rendered. */
interface SitemapFile {
  path: string;
  kind: SitemapKind;
  articles?: readonly Article[];
  entries: () => Entry[];
}

/**
 * The sitemaps the index lists, with what each holds: articles oldest first (every file but the last is
 * full), then list pages. Dated only when rendered: at 100,000 stories a build that renders none of them
 * spent a quarter of a second dating their 135,000 entries.
 */
export function sitemapFiles(catalog: Catalog, pageSize: number): SitemapFile[] {
  const oldest = [...catalog.articles].reverse();
  const files = (kind: SitemapKind, count: number) =>
    Array.from({ length: Math.max(1, Math.ceil(count / SITEMAP_URLS)) }, (_, i) => ({
      path: paths.sitemapFile(kind, i + 1),
      kind,
      range: [i * SITEMAP_URLS, (i + 1) * SITEMAP_URLS] as const,
    }));
  const lists = listPagesOf(catalog, pageSize);
  return [
    ...files("articles", oldest.length).map(({ range, ...file }) => {
      const articles = oldest.slice(...range);
      return { ...file, articles, entries: () => articleEntries(articles) };
    }),
    ...files("pages", lists.length).map(({ range, ...file }) => ({
      ...file,
      entries: () => lists.slice(...range).map(([path, items]): Entry => [path, lastUpdated(items)]),
    })),
  ];
}

const day = (date: Date) => date.toISOString().slice(0, 10);
const newest = (entries: readonly Entry[]) =>
  new Date(entries.reduce((max, [, date]) => Math.max(max, date.getTime()), 0));

/** The sitemap index (sitemaps.org) and its files. */
function* sitemaps(catalog: Catalog, site: Site): Generator<DocumentSpec> {
  const files = sitemapFiles(catalog, site.pageSize);
  yield {
    ...whole(paths.sitemap, true, catalog.articles, () => {
      const body = files.map(
        ({ path, entries }) =>
          `  <sitemap><loc>${escapeHtml(site.baseUrl + path)}</loc><lastmod>${day(newest(entries()))}</lastmod></sitemap>`,
      );
      return {
        body: `<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${body.join("\n")}\n</sitemapindex>\n`,
        contentType: XML_TYPE,
        cacheControl: CACHE.sitemap,
      };
    }),
    dependsOn: () => ({ articles: "all", counts: [] }),
  };
  for (const file of files) {
    yield {
      key: file.path,
      path: file.path,
      inScript: false,
      topic: false,
      dependsOn: () =>
        file.articles
          ? { articles: slugs(file.articles), counts: [] }
          : { articles: "all", counts: [`shows=${catalog.shows.map((show) => show.name).join(" ")}`] },
      render: () => {
        const entries = file.entries();
        const urls = entries.map(
          ([path, date]) => `  <url><loc>${escapeHtml(site.baseUrl + path)}</loc><lastmod>${day(date)}</lastmod></url>`,
        );
        return {
          body: `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls.join("\n")}\n</urlset>\n`,
          contentType: XML_TYPE,
          lastModified: newest(entries),
          // A full file of articles never changes again, but for an edit to one of its stories.
          cacheControl: file.kind === "articles" && entries.length === SITEMAP_URLS ? CACHE.archive : CACHE.sitemap,
        };
      },
    };
  }
}
