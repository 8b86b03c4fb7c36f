// A scheduled article (dated after the build) is out only from its time: before it, no route, feed,
// count, sitemap, ETag or freshness gives it away; after it, it is everywhere, with new validators. The build's output goes straight to the Worker's code with a
// clock of the test's choosing (src/worker/app.ts `clock`), and the store is the build's own map of documents.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderSite } from "../../src/build/render";
import { readSiteConfig } from "../../src/build/site-vars";
import type { Article } from "../../src/shared/content/schema";
import type { CurrentBundle } from "../../src/shared/contract";
import { createApp } from "../../src/worker/app";
import { Schedule } from "../../src/worker/schedule";
import { collectionFrom, ROOT, SITE_URL, siteVars } from "../support/feed-fixtures";
import { generateArticles } from "../support/generate-articles";

const BUILT = Date.parse("2026-06-01T12:00:00Z");
const RELEASE = BUILT + 2 * 60_000;
const SLUG = "embargoed-budget";
const TITLE = "Embargoed: the budget is out";

let dir: string;
let at: (now: number) => ReturnType<typeof createApp>;
let documents: string[];
let script: string[];
let stored: ReadonlySet<string>;

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
  script = Object.keys(site.current.entries);
  stored = new Set(site.stored.keys());
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

  it("comes from the store, not the script: the script carries only the documents current at the build", async () => {
    // Each epoch's feeds in the script would grow it by half a megabyte a scheduled article.
    expect(script.filter((key) => key.includes("@"))).toEqual([]);
    for (const key of ["/rss.xml", "/feed.json view", "/", `/articles/${SLUG}`])
      expect(stored, key).toContain(`${key}@1`);
    expect(script).toContain("/rss.xml");
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

// The rule itself (src/worker/schedule.ts), on a bundle written out by hand: which epoch is out at a moment, and
// which key, articles, topics and media sources each epoch has, none of them a later epoch's.
describe("Schedule", () => {
  const E1 = "2026-06-01T12:00:00.000Z";
  const E2 = "2026-06-01T18:00:00.000Z";
  const E3 = "2026-06-02T00:00:00.000Z";
  const T = (iso: string) => Date.parse(iso);

  function article(slug: string, published: string): Article {
    return {
      slug,
      id: `urn:example:${slug}`,
      title: slug,
      published,
      updated: published,
      tags: ["us"],
      summary: slug,
      contentHtml: `<p>${slug}</p>`,
      file: `content/${slug}.md`,
    };
  }
  const built = article("built", "2026-05-31T09:00:00.000Z");
  const first = article("first", E1);
  const second = article("second", E2);
  const third = article("third", E3);

  const { SITE_URL: _, ...vars } = siteVars();
  const bundle: CurrentBundle = {
    vars,
    newest: [built],
    media: { img: [], media: [] },
    entries: {},
    stylesheet: "/assets/style.0123456789ab.css",
    topics: { "/rss.xml": '"rss-0"', "/tags/us/rss.xml": '"us-0"' },
    epochs: [
      {
        at: E1,
        changed: ["/rss.xml", "/"],
        newest: [first, built],
        topics: { "/rss.xml": '"rss-1"' },
        media: { img: ["https://img.example"], media: [] },
      },
      {
        at: E2,
        changed: ["/", "/tags/mexico"],
        newest: [second, first, built],
        topics: { "/tags/mexico/rss.xml": '"mexico-2"' },
        media: { img: ["https://img.example"], media: ["'self'"] },
      },
      {
        at: E3,
        changed: ["/rss.xml"],
        newest: [third, second, first, built],
        topics: { "/rss.xml": '"rss-3"' },
        media: { img: ["https://img.example", "https://photos.example"], media: ["'self'"] },
      },
    ],
  };

  describe("epochAt", () => {
    it.each([
      ["long before the build", 0, 0],
      ["a millisecond before the first epoch", T(E1) - 1, 0],
      ["at the first epoch's time", T(E1), 1],
      ["a millisecond after it", T(E1) + 1, 1],
      ["a millisecond before the second", T(E2) - 1, 1],
      ["at the second's time", T(E2), 2],
      ["a millisecond before the third", T(E3) - 1, 2],
      ["at the third's time", T(E3), 3],
      ["a year after the last", T(E3) + 365 * 86_400_000, 3],
    ])("%s (%i) → epoch %i", (_, now, epoch) => {
      expect(new Schedule(bundle).epochAt(now)).toBe(epoch);
    });

    it("is 0 at any time for a site with nothing scheduled", () => {
      const schedule = new Schedule({ ...bundle, epochs: [] });
      for (const now of [0, T(E1), T(E3) + 1]) expect(schedule.epochAt(now)).toBe(0);
    });
  });

  describe("key", () => {
    it.each([
      // Changed in epochs 1 and 3.
      ["/rss.xml", ["/rss.xml", "/rss.xml@1", "/rss.xml@1", "/rss.xml@3"]],
      // Changed in epochs 1 and 2.
      ["/", ["/", "/@1", "/@2", "/@2"]],
      // Changed in epoch 2 only.
      ["/tags/mexico", ["/tags/mexico", "/tags/mexico", "/tags/mexico@2", "/tags/mexico@2"]],
      // Changed by no epoch.
      ["/atom.xml", ["/atom.xml", "/atom.xml", "/atom.xml", "/atom.xml"]],
    ])("%s in epochs 0–3: the newest epoch up to each that changed it", (key, expected) => {
      const schedule = new Schedule(bundle);
      expect([0, 1, 2, 3].map((epoch) => schedule.key(key, epoch))).toEqual(expected);
    });

    it("does not take a key another changed one starts with for itself", () => {
      const schedule = new Schedule(bundle);
      expect(schedule.key("/rss", 3)).toBe("/rss");
      expect(schedule.key("/tags/mexico/rss.xml", 3)).toBe("/tags/mexico/rss.xml");
    });
  });

  describe("newest, media and topics", () => {
    it("newest: the build's articles in epoch 0, then each epoch's own", () => {
      const schedule = new Schedule(bundle);
      expect([0, 1, 2, 3].map((epoch) => schedule.newest(epoch).map((a) => a.slug))).toEqual([
        ["built"],
        ["first", "built"],
        ["second", "first", "built"],
        ["third", "second", "first", "built"],
      ]);
    });

    it("media: each epoch's own sources, none of a later one's", () => {
      const schedule = new Schedule(bundle);
      expect(schedule.media(0)).toEqual({ img: [], media: [] });
      expect(schedule.media(1)).toEqual({ img: ["https://img.example"], media: [] });
      expect(schedule.media(2)).toEqual({ img: ["https://img.example"], media: ["'self'"] });
      expect(schedule.media(3)).toEqual({ img: ["https://img.example", "https://photos.example"], media: ["'self'"] });
    });

    it("topics: the build's, each replaced by the newest epoch up to then that changed it", () => {
      const schedule = new Schedule(bundle);
      expect(schedule.topics(0)).toEqual({ "/rss.xml": '"rss-0"', "/tags/us/rss.xml": '"us-0"' });
      expect(schedule.topics(1)).toEqual({ "/rss.xml": '"rss-1"', "/tags/us/rss.xml": '"us-0"' });
      expect(schedule.topics(2)).toEqual({
        "/rss.xml": '"rss-1"',
        "/tags/us/rss.xml": '"us-0"',
        "/tags/mexico/rss.xml": '"mexico-2"',
      });
      expect(schedule.topics(3)).toEqual({
        "/rss.xml": '"rss-3"',
        "/tags/us/rss.xml": '"us-0"',
        "/tags/mexico/rss.xml": '"mexico-2"',
      });
    });

    it("topics of a later epoch, asked first, leave an earlier epoch's as they were", () => {
      const schedule = new Schedule(bundle);
      schedule.topics(3);
      expect(schedule.topics(0)).toEqual({ "/rss.xml": '"rss-0"', "/tags/us/rss.xml": '"us-0"' });
      expect(bundle.topics).toEqual({ "/rss.xml": '"rss-0"', "/tags/us/rss.xml": '"us-0"' });
    });
  });

  it("shows nothing of an epoch a millisecond before its time: no key, article, topic or media source", () => {
    const schedule = new Schedule(bundle);
    const keys = ["/rss.xml", "/", "/tags/mexico", "/atom.xml"];
    for (const [i, epoch] of bundle.epochs.entries()) {
      const now = T(epoch.at) - 1;
      const out = schedule.epochAt(now);
      const at = `${epoch.at}, epoch ${i + 1}`;
      for (const key of keys) {
        const suffix = /@(\d+)$/.exec(schedule.key(key, out))?.[1];
        expect(Number(suffix ?? 0), at).toBeLessThan(i + 1);
      }
      for (const a of schedule.newest(out)) expect(T(a.published), `${at}: ${a.slug}`).toBeLessThanOrEqual(now);
      for (const etag of Object.values(epoch.topics))
        expect(Object.values(schedule.topics(out)), at).not.toContain(etag);
      const previous = i === 0 ? bundle.media : bundle.epochs[i - 1]!.media;
      const shown = schedule.media(out);
      for (const origin of epoch.media.img.filter((o) => !previous.img.includes(o))) {
        expect(shown.img, at).not.toContain(origin);
      }
      for (const origin of epoch.media.media.filter((o) => !previous.media.includes(o))) {
        expect(shown.media, at).not.toContain(origin);
      }
    }
  });
});
