// src/shared/activitypub/outbox.ts and its documents (src/shared/documents.ts): the outbox and its pages
// for 1, a page, a page and one, and three pages and five articles, walked from `first` by `next` and from
// `last` by `prev` as a server would; full pages' bytes across a new article; and a scheduled article,
// which no outbox document shows before its time (src/build/render.ts epochs).

import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderSite } from "../../../src/build/render";
import { ACTIVITY_JSON } from "../../../src/shared/activitypub/addresses";
import type { Create } from "../../../src/shared/activitypub/objects";
import {
  type OrderedCollection,
  type OrderedCollectionPage,
  outboxCollection,
  outboxPage,
} from "../../../src/shared/activitypub/outbox";
import { Catalog } from "../../../src/shared/catalog";
import type { Article, Collection } from "../../../src/shared/content/schema";
import { type Asset, OPEN_ORIGIN } from "../../../src/shared/contract";
import { siteDocuments } from "../../../src/shared/documents";
import { CACHE } from "../../../src/shared/http/cache-policy";
import { bodyText } from "../../../src/shared/http/representation";
import { siteFrom } from "../../../src/shared/site";
import { collectionFrom, siteVars } from "../../support/feed-fixtures";
import { generateArticles } from "../../support/generate-articles";

const STYLE: Asset = { path: "/assets/style.0123456789ab.css", body: "body { margin: 0 }\n" };
const PAGE_SIZE = 4;
const site = siteFrom(siteVars({ SITE_URL: OPEN_ORIGIN, PAGE_SIZE: String(PAGE_SIZE) }), OPEN_ORIGIN);
const url = (path: string) => OPEN_ORIGIN + path;

let dir: string;
let collection: Collection;
/** The oldest n generated articles, newest first: the site after its first n stories. */
const oldest = (n: number): readonly Article[] => collection.articles.slice(-n);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "edgefeed-outbox-"));
  await generateArticles(dir, 3 * PAGE_SIZE + 6);
  collection = await collectionFrom(dir);
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** The outbox's documents of a collection as the build renders them, parsed, by path. */
async function outboxDocuments(articles: readonly Article[]) {
  const docs = new Map<string, { body: string; contentType: string; cacheControl: string }>();
  const catalog = new Catalog({ ...collection, articles: [...articles] });
  for (const doc of siteDocuments(catalog, site, STYLE)) {
    if (doc.path === "/outbox" || doc.path.startsWith("/outbox/")) {
      const rendered = await doc.render();
      docs.set(doc.key, { ...rendered, body: bodyText(rendered.body) });
    }
  }
  return docs;
}

describe.each([1, PAGE_SIZE, PAGE_SIZE + 1, 3 * PAGE_SIZE + 5])("the outbox of %i articles", (total) => {
  const pages = Math.ceil(total / PAGE_SIZE);

  it("counts them, and names its newest page first and its oldest last", async () => {
    const docs = await outboxDocuments(oldest(total));
    expect(JSON.parse(docs.get("/outbox")!.body)).toStrictEqual({
      "@context": "https://www.w3.org/ns/activitystreams",
      id: url("/outbox"),
      type: "OrderedCollection",
      totalItems: total,
      first: url(`/outbox/page/${pages}`),
      last: url("/outbox/page/1"),
    });
    expect([...docs.keys()]).toEqual(["/outbox", ...Array.from({ length: pages }, (_, i) => `/outbox/page/${i + 1}`)]);
  });

  it("holds every article's Create exactly once, newest first, from `first` by `next`", async () => {
    const docs = await outboxDocuments(oldest(total));
    const get = (id: string) => JSON.parse(docs.get(id.slice(OPEN_ORIGIN.length))!.body) as OrderedCollectionPage;
    const collected: Create[] = [];
    const sizes: number[] = [];
    const outbox = JSON.parse(docs.get("/outbox")!.body) as OrderedCollection;
    for (let id = outbox.first; id !== undefined; ) {
      const page = get(id);
      expect(page.partOf).toBe(url("/outbox"));
      expect(page.type).toBe("OrderedCollectionPage");
      collected.push(...page.orderedItems);
      sizes.push(page.orderedItems.length);
      id = page.next;
    }
    expect(collected.map((c) => c.object.id)).toEqual(oldest(total).map((a) => url(`/articles/${a.slug}`)));
    expect(collected.every((c) => c.type === "Create" && c.id === `${c.object.id}#create`)).toBe(true);
    // Numbered from the oldest: every page is full but the newest, which holds the rest.
    expect(sizes).toEqual([total - (pages - 1) * PAGE_SIZE, ...Array<number>(pages - 1).fill(PAGE_SIZE)]);
    // Back from `last` by `prev`: the same pages, in the other order.
    const back: string[] = [];
    for (let id = outbox.last; id !== undefined; id = get(id).prev) back.push(id);
    expect(back).toEqual(Array.from({ length: pages }, (_, i) => url(`/outbox/page/${i + 1}`)));
  });

  it("is sent as ActivityPub JSON, a page with a newer one cached as an archive, the rest as a page", async () => {
    const docs = await outboxDocuments(oldest(total));
    for (const [key, doc] of docs) {
      expect(doc.contentType, key).toBe(ACTIVITY_JSON);
      const n = Number(/\/page\/(\d+)$/.exec(key)?.[1] ?? pages);
      expect(doc.cacheControl, key).toBe(n < pages ? CACHE.archive : CACHE.page);
    }
  });
});

describe("a new article", () => {
  it("leaves every full page with a newer one byte for byte as it was", async () => {
    // 17 articles in pages of 4: pages 1–4 are full, page 5 holds one; the 18th joins it.
    const total = 3 * PAGE_SIZE + 5;
    const [before, after] = [await outboxDocuments(oldest(total)), await outboxDocuments(oldest(total + 1))];
    expect(after.size).toBe(before.size);
    for (const n of [1, 2, 3, 4]) {
      expect(after.get(`/outbox/page/${n}`)!.body, `page ${n}`).toBe(before.get(`/outbox/page/${n}`)!.body);
    }
    expect(after.get("/outbox/page/5")!.body).not.toBe(before.get("/outbox/page/5")!.body);
    expect(after.get("/outbox")!.body).not.toBe(before.get("/outbox")!.body);
  });

  it("after a full newest page opens a new one, and the full page only gains its link to it", async () => {
    const total = 3 * PAGE_SIZE;
    const [before, after] = [await outboxDocuments(oldest(total)), await outboxDocuments(oldest(total + 1))];
    expect(after.has("/outbox/page/4")).toBe(true);
    expect(before.has("/outbox/page/4")).toBe(false);
    const { prev, ...rest } = JSON.parse(after.get("/outbox/page/3")!.body) as OrderedCollectionPage;
    expect(prev).toBe(url("/outbox/page/4"));
    expect(rest).toStrictEqual(JSON.parse(before.get("/outbox/page/3")!.body));
    for (const n of [1, 2]) expect(after.get(`/outbox/page/${n}`)!.body).toBe(before.get(`/outbox/page/${n}`)!.body);
  });
});

describe("the outbox of no articles", () => {
  it("counts none and has no pages", () => {
    expect(outboxCollection([], site)).toStrictEqual({
      "@context": "https://www.w3.org/ns/activitystreams",
      id: url("/outbox"),
      type: "OrderedCollection",
      totalItems: 0,
    });
    expect(outboxPage([], site, 1)).toBeUndefined();
  });

  it("has no page 0, past the last, or between", () => {
    const articles = oldest(PAGE_SIZE + 1);
    for (const n of [0, 3, 1.5, -1, Number.NaN]) expect(outboxPage(articles, site, n), String(n)).toBeUndefined();
  });
});

describe("a scheduled article", () => {
  const BUILT = Date.parse("2026-06-01T12:00:00Z");
  const RELEASE = BUILT + 60_000;
  const SLUG = "acme-merger-embargoed";

  it("is in no outbox document before its time, and in the outbox and its newest page from it", async () => {
    const scheduledDir = await mkdtemp(join(tmpdir(), "edgefeed-outbox-scheduled-"));
    try {
      await generateArticles(scheduledDir, PAGE_SIZE * 2);
      await writeFile(
        join(scheduledDir, `${SLUG}.md`),
        `---\ntitle: "Acme agrees to merge"\ndate: ${new Date(RELEASE).toISOString()}\ntags: [mergers]\n---\nUnder embargo.\n`,
      );
      const { SITE_URL: _open, ...vars } = siteVars({ PAGE_SIZE: String(PAGE_SIZE) });
      const built = await renderSite(await collectionFrom(scheduledDir), vars, { now: BUILT, stylesheet: STYLE });
      const entries = new Map([...Object.entries(built.current.entries), ...built.stored]);
      const outbox = [...entries].filter(
        ([key]) => key === "/outbox" || key.startsWith("/outbox/") || key.startsWith("/outbox@"),
      );
      const before = outbox.filter(([key]) => !key.includes("@"));
      // Two full pages: before its time, the outbox counts them and names page 2 its first.
      expect(before.map(([key]) => key).sort()).toEqual(["/outbox", "/outbox/page/1", "/outbox/page/2"]);
      for (const [key, entry] of before) {
        expect(entry.body, key).not.toContain(SLUG);
        expect(entry.body, key).not.toContain("Acme");
      }
      expect(JSON.parse(before.find(([key]) => key === "/outbox")![1].body)).toMatchObject({ totalItems: 8 });
      // At its time: the outbox counts it, page 3 holds it, and page 2 links to page 3; page 1 is as it was.
      const later = outbox.filter(([key]) => key.endsWith("@1")).map(([key]) => key);
      expect(later.sort()).toEqual(["/outbox/page/2@1", "/outbox/page/3@1", "/outbox@1"]);
      expect(entries.get("/outbox/page/3@1")!.body).toContain(`/articles/${SLUG}`);
      expect(JSON.parse(entries.get("/outbox@1")!.body)).toMatchObject({ totalItems: 9 });
    } finally {
      await rm(scheduledDir, { recursive: true, force: true });
    }
  });
});
