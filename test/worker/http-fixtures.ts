// Shared by the HTTP tests inside workerd: the routes that hold a representation, and small helpers.
import { SELF } from "cloudflare:test";
import type { Collection } from "../../src/shared/content/schema";

export const ORIGIN = "https://news.example";

/** The bundled article (content/us-mexico-partnership-fentanyl-migration.txt) is dated "Monday, July 22". */
export const ARTICLE = "/articles/us-mexico-partnership-fentanyl-migration";
/** Built with EDGEFEED_YEAR=2026, a year-less "Monday, July 22" is 2024-07-22 at midnight UTC. */
export const NEWEST = "Mon, 22 Jul 2024 00:00:00 GMT";

export interface Route {
  path: string;
  /** The media type each spec names: RSS board, RFC 4287, JSON Feed 1.1, HTML, sitemaps.org. */
  type: string;
  /** Which cache policy it has: a feed's poll interval, or src/shared/http/cache-policy.ts CACHE.page or .sitemap. */
  kind: "feed" | "page" | "sitemap";
}

const RSS = "application/rss+xml";
const ATOM = "application/atom+xml";
const JSON_FEED = "application/feed+json";
const HTML = "text/html";

/**
 * Every route of the bundled site that answers with a representation. (With one article there is
 * no RFC 5005 archive document: http-limits.test.ts covers those with a larger collection.)
 */
export const ROUTES: Route[] = [
  { path: "/rss.xml", type: RSS, kind: "feed" },
  { path: "/atom.xml", type: ATOM, kind: "feed" },
  { path: "/feed.json", type: JSON_FEED, kind: "feed" },
  { path: "/feed", type: RSS, kind: "feed" },
  { path: "/tags/mexico/rss.xml", type: RSS, kind: "feed" },
  { path: "/tags/mexico/atom.xml", type: ATOM, kind: "feed" },
  { path: "/tags/mexico/feed.json", type: JSON_FEED, kind: "feed" },
  { path: "/", type: HTML, kind: "page" },
  { path: ARTICLE, type: HTML, kind: "page" },
  { path: "/tags", type: HTML, kind: "page" },
  { path: "/tags/mexico", type: HTML, kind: "page" },
  { path: "/sitemap.xml", type: "application/xml", kind: "sitemap" },
  { path: "/robots.txt", type: "text/plain", kind: "page" },
];

/** The subscription feeds: the documents that take ?limit=. */
export const FEEDS = ROUTES.filter((r) => r.kind === "feed");

/**
 * One route of each kind: a site feed, /feed (negotiated), a tag feed, the home page, an article, the
 * sitemap and robots.txt. A rule every route shares (validators, 304, HEAD, 405, gzip) has its unit test
 * in test/node/http/; inside workerd it is checked on these, to prove each kind is wired to it.
 */
export const KINDS: Route[] = [
  "/atom.xml",
  "/feed",
  "/tags/mexico/feed.json",
  "/",
  ARTICLE,
  "/sitemap.xml",
  "/robots.txt",
].map((path) => ROUTES.find((r) => r.path === path)!);

/** The subscription feeds among KINDS. */
export const FEED_KINDS = KINDS.filter((r) => FEEDS.includes(r));

/** A request to the Worker through SELF, its body read at once so no test leaves a stream open. */
export async function get(path: string, headers: Record<string, string> = {}, method = "GET") {
  const res = await SELF.fetch(ORIGIN + path, { method, headers });
  const body = await res.arrayBuffer();
  return new Response(body.byteLength === 0 ? null : body, res);
}

/** The media type of a Content-Type value, without parameters. */
export function mediaType(response: Response): string | undefined {
  return response.headers.get("Content-Type")?.split(";")[0]?.trim().toLowerCase();
}

/** A comma-separated header as a lower-cased list ("Vary", "Access-Control-Expose-Headers"). */
export function list(response: Response, name: string): string[] {
  return (response.headers.get(name) ?? "")
    .split(",")
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
}

/** Cache-Control directives by name, with their value ("" for a directive without one). */
export function directives(value: string | null): Map<string, string> {
  return new Map(
    (value ?? "")
      .split(",")
      .map((d) => d.trim())
      .filter(Boolean)
      .map((d) => {
        const [name = "", arg = ""] = d.split("=");
        return [name.toLowerCase(), arg];
      }),
  );
}

function article(slug: string, day: string, tags: string[]): Collection["articles"][number] {
  return {
    slug,
    id: `urn:uuid:00000000-0000-4000-8000-0000000000${day}`,
    title: `Story ${slug}`,
    published: `2024-07-${day}T00:00:00Z`,
    updated: `2024-07-${day}T00:00:00Z`,
    tags,
    summary: `Summary of ${slug}.`,
    contentHtml: `<p>Summary of ${slug}.</p>`,
    file: `content/${slug}.txt`,
  };
}

/** Three articles, newest first as a collection is ordered: the 24th, the 23rd, the 20th of July 2024. */
export const THREE: Collection = {
  articles: [article("newest", "24", ["a"]), article("middle", "23", ["a", "b"]), article("oldest", "20", ["b"])],
  version: "three-articles",
};
