// A scheduled article (dated after the build) is out only from its time: before it, no route, feed,
// count, sitemap, ETag or freshness gives it away; after it, it is everywhere, with new validators. The build's output goes straight to the Worker's code with a
// clock of the test's choosing (src/app.ts `clock`), and the store is the build's own map of documents.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/app";
import { renderSite } from "../../src/build/render";
import { readSiteConfig } from "../../src/build/site-vars";
import { collectionFrom, ROOT, SITE_URL } from "../support/feed-fixtures";
import { generateArticles } from "../support/generate-articles";

const BUILT = Date.parse("2026-06-01T12:00:00Z");
const RELEASE = BUILT + 2 * 60_000;
const SLUG = "embargoed-budget";
const TITLE = "Embargoed: the budget is out";

let dir: string;
let at: (now: number) => ReturnType<typeof createApp>;
let documents: string[];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "edgefeed-schedule-"));
  await generateArticles(dir, 30);
  await writeFile(
    join(dir, `${SLUG}.md`),
    `---\ntitle: "${TITLE}"\ndate: ${new Date(RELEASE).toISOString()}\ntags: [mexico, budget]\n---\nThe budget, under embargo until noon.\n`,
  );
  const collection = await collectionFrom(dir);
  const site = await renderSite(collection, (await readSiteConfig(join(ROOT, "wrangler.toml"))).bundle, { now: BUILT });
  documents = [...Object.keys(site.current.entries), ...site.stored.keys()].filter((k) => !k.includes("@"));
  const store = () => ({ get: async (key: string) => site.stored.get(key) });
  at = (now) => createApp({ current: site.current, store, clock: () => now });
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

const env = { SITE_URL } as unknown as Env;
async function get(app: ReturnType<typeof createApp>, key: string) {
  const [path = "", variant] = key.split(" ");
  const res = await app.request(
    SITE_URL + encodeURI(path),
    { headers: variant === "xml" ? { Accept: "text/html" } : {} },
    env,
  );
  return { res, body: await res.text() };
}

describe("before its time", () => {
  it("no document the build wrote mentions it, and its page is a 404", async () => {
    const app = at(RELEASE - 1000);
    for (const key of documents.filter((k) => !k.endsWith(" items"))) {
      const { res, body } = await get(app, key);
      expect(res.status, key).toBe(200);
      expect(body, key).not.toContain(SLUG);
      expect(body, key).not.toContain("Embargoed");
    }
    expect((await get(app, `/articles/${SLUG}`)).res.status).toBe(404);
    expect((await get(app, "/tags/budget")).res.status).toBe(404);
    expect((await get(app, "/tags/budget/rss.xml")).res.status).toBe(404);
    expect((await get(app, "/rss.xml?limit=1")).body).not.toContain(SLUG);
  });

  it("no document's freshness tells when it changes: the same Cache-Control a minute before as at the build", async () => {
    // A max-age cut to the release would say, before it, that something comes out then and in which feeds.
    const [early, late] = [at(BUILT), at(RELEASE - 30_000)];
    for (const path of ["/rss.xml", "/feed.json", "/", "/tags", "/tags/mexico", "/sitemap.xml", "/rss.xml?limit=2"]) {
      const cc = (await get(late, path)).res.headers.get("Cache-Control");
      expect(cc, path).toMatch(/max-age=\d+/);
      expect(cc, path).toBe((await get(early, path)).res.headers.get("Cache-Control"));
    }
  });
});

describe("from its time", () => {
  it("is on its page, in every feed, tag, list and sitemap, with new validators", async () => {
    const before = at(RELEASE - 1);
    const after = at(RELEASE);
    expect((await get(after, `/articles/${SLUG}`)).body).toContain(`<h1>${TITLE}</h1>`);
    for (const path of [
      "/rss.xml",
      "/atom.xml",
      "/feed.json",
      "/",
      "/tags/mexico",
      "/tags/mexico/atom.xml",
      "/tags/budget",
    ]) {
      const old = (await get(before, path)).res;
      const { res, body } = await get(after, path);
      expect(body, path).toContain(SLUG);
      expect(res.headers.get("ETag"), path).not.toBe(old.headers.get("ETag"));
    }
    expect((await get(after, "/rss.xml")).res.headers.get("Last-Modified")).toBe(new Date(RELEASE).toUTCString());
    const sitemaps = (await get(after, "/sitemap.xml")).body;
    const articles = (await get(after, "/sitemaps/articles-1.xml")).body;
    expect(sitemaps).toContain("/sitemaps/articles-1.xml");
    expect(articles).toContain(`/articles/${SLUG}<`);
    expect((await get(after, "/tags")).body).toContain("/tags/budget");
    expect((await get(after, "/rss.xml?limit=1")).body).toContain(SLUG);
  });

  it("serves the same bytes at any later time: the clock only decides which articles are out", async () => {
    const [a, b] = [at(RELEASE + 1000), at(RELEASE + 86_400_000)];
    for (const path of ["/rss.xml", "/", `/articles/${SLUG}`]) {
      const [x, y] = [await get(a, path), await get(b, path)];
      expect(y.body, path).toBe(x.body);
      expect(y.res.headers.get("ETag"), path).toBe(x.res.headers.get("ETag"));
      expect(y.res.headers.get("Cache-Control"), path).toBe(x.res.headers.get("Cache-Control"));
    }
  });
});
