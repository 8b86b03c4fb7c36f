// src/build/render.ts: how many documents the build's thread renders itself before it hands the rest to
// worker threads. Starting them costs in proportion to the site (each is sent every article and walks
// every list), so the larger the site, the more a change renders before they are worth it.
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { type Renderers, renderSite } from "../../src/build/render";
import { readSiteConfig } from "../../src/build/site-vars";
import type { Article, Collection } from "../../src/shared/content/schema";
import type { Asset } from "../../src/shared/contract";
import { collectionFrom, ROOT } from "../support/feed-fixtures";
import { generateArticles } from "../support/generate-articles";

const STYLE: Asset = { path: "/assets/style.0123456789ab.css", body: "body { margin: 0 }\n" };

let seed: Collection;
let vars: Awaited<ReturnType<typeof readSiteConfig>>["bundle"];

beforeAll(async () => {
  const dir = await mkdtemp(join(tmpdir(), "edgefeed-inline-"));
  await generateArticles(dir, 50);
  seed = await collectionFrom(dir);
  vars = (await readSiteConfig(join(ROOT, "wrangler.toml"))).bundle;
});

/** `count` articles, copies of the seed's under slugs of their own, newest first as the seed's are. */
function collectionOf(count: number): Collection {
  const articles: Article[] = Array.from({ length: count }, (_, i) => {
    const a = seed.articles[i % seed.articles.length]!;
    return { ...a, slug: `${a.slug}-${i}` };
  }).sort((x, y) => Date.parse(y.published) - Date.parse(x.published));
  return { ...seed, articles };
}

/** Renders a site none of whose documents were built before: how many its thread rendered, and the workers. */
async function split(collection: Collection) {
  let handed = 0;
  const renderers: Renderers = {
    async render() {
      handed++;
    },
    async drain() {
      return new Map();
    },
  };
  const site = await renderSite(collection, vars, {
    now: Date.parse("2027-01-01T00:00:00Z"),
    stylesheet: STYLE,
    renderers,
    put: async () => {},
    putBytes: async () => {},
    drop: async () => {},
    cache: {
      code: "test",
      read: async () => undefined,
      validators: async () => undefined,
      reuse: async () => false,
      keep: async () => {},
    },
  });
  // What the script carries and the WebSub topics are always rendered here, wherever they come in the walk.
  const always = new Set([...Object.keys(site.current.entries), ...Object.keys(site.current.topics)]).size;
  return { here: site.rendered - handed, handed, always };
}

describe("documents rendered on the build's thread", () => {
  it("are 200 at a small site, then the workers take the rest", async () => {
    const { here, handed, always } = await split(collectionOf(1_000));
    expect(here).toBeGreaterThanOrEqual(200);
    expect(here).toBeLessThan(200 + always);
    expect(handed).toBeGreaterThan(1_000);
  });
  it("are one for every 25 articles at a large one", async () => {
    const { here, handed, always } = await split(collectionOf(10_000));
    expect(here).toBeGreaterThanOrEqual(400);
    expect(here).toBeLessThan(400 + always);
    expect(handed).toBeGreaterThan(10_000);
  });
});
