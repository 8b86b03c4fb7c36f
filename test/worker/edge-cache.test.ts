// The edge cache (caches.default) behind the in-isolate memo: consulted on a miss, filled in the
// background, keyed by deploy and content version. A new createApp() stands for a cold isolate.
import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createApp } from "../../src/app";
import type { Collection } from "../../src/content/schema";
import { edgeCache, edgeCacheKey } from "../../src/http/edge-cache";
import { represent } from "../../src/http/representation";
import { THREE } from "./http-fixtures";

/** Each test its own deploy id, so no test sees another's entries. */
function deploy(id = crypto.randomUUID()): Env {
  return { ...env, CF_VERSION_METADATA: { id, tag: "", timestamp: "2024-07-24T00:00:00Z" } };
}

/** The same collection version with other bytes: what a cold isolate would render if it rendered. */
function sameVersionOtherText(collection: Collection): Collection {
  return { ...collection, articles: collection.articles.map((a) => ({ ...a, title: `${a.title} (re-rendered)` })) };
}

async function serve(app: ReturnType<typeof createApp>, path: string, vars: Partial<Env>) {
  const ctx = createExecutionContext();
  const res = await app.fetch(new Request(`https://edge.example${path}`), vars, ctx);
  const body = await res.text();
  await waitOnExecutionContext(ctx);
  return { res, body };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("edgeCache", () => {
  it("stores a representation under its versioned key and reads it back whole", async () => {
    const options = { origin: "https://edge.example", deployId: crypto.randomUUID(), contentVersion: "v1" };
    const pending: Promise<unknown>[] = [];
    const tier = edgeCache({ ...options, waitUntil: (p) => pending.push(p) });
    const rep = await represent({
      body: "<feed>é</feed>",
      contentType: "application/atom+xml; charset=utf-8",
      lastModified: new Date("2024-07-22T00:00:00Z"),
      cacheControl: "public, max-age=300",
    });
    tier?.put("k", rep);
    await Promise.all(pending);

    const stored = await caches.default.match(edgeCacheKey(options, "k"));
    expect(stored?.headers.get("ETag")).toBe(rep.etag);
    expect(Number(/max-age=(\d+)/.exec(stored?.headers.get("Cache-Control") ?? "")?.[1])).toBeGreaterThan(0);
    expect(await stored?.text()).toBe("<feed>é</feed>");

    expect(await tier?.match("k")).toEqual(rep);
    expect(await tier?.match("another key")).toBeUndefined();
    const otherDeploy = edgeCache({ ...options, deployId: crypto.randomUUID(), waitUntil: () => {} });
    expect(await otherDeploy?.match("k")).toBeUndefined();
    const otherContent = edgeCache({ ...options, contentVersion: "v2", waitUntil: () => {} });
    expect(await otherContent?.match("k")).toBeUndefined();
  });
});

describe("the Worker with the edge cache", () => {
  it.each(["/atom.xml", "/rss.xml", "/feed.json", "/tags/a", "/articles/newest", "/sitemap.xml"])(
    "%s: a cold isolate of the same deploy and content serves the stored body instead of rendering",
    async (path) => {
      const vars = deploy();
      const first = await serve(createApp(THREE), path, vars);
      expect(first.res.status).toBe(200);
      // Were this isolate to render, its titles would say "(re-rendered)".
      const cold = await serve(createApp(sameVersionOtherText(THREE)), path, vars);
      expect(cold.body).toBe(first.body);
      expect(cold.body).not.toContain("(re-rendered)");
      expect(cold.res.headers.get("ETag")).toBe(first.res.headers.get("ETag"));
      expect(cold.res.headers.get("Last-Modified")).toBe(first.res.headers.get("Last-Modified"));
      expect(cold.res.headers.get("Cache-Control")).toBe(first.res.headers.get("Cache-Control"));
      expect(cold.res.headers.get("Content-Type")).toBe(first.res.headers.get("Content-Type"));
    },
  );

  it("a new deploy renders afresh: its key holds another deploy id", async () => {
    await serve(createApp(THREE), "/atom.xml", deploy());
    const next = await serve(createApp(sameVersionOtherText(THREE)), "/atom.xml", deploy());
    expect(next.body).toContain("(re-rendered)");
  });

  it("new content renders afresh: its key holds another collection version", async () => {
    const vars = deploy();
    await serve(createApp(THREE), "/atom.xml", vars);
    const changed = { ...sameVersionOtherText(THREE), version: "changed" };
    expect((await serve(createApp(changed), "/atom.xml", vars)).body).toContain("(re-rendered)");
  });

  it("a warm isolate answers from its memo without calling the cache", async () => {
    const match = vi.spyOn(caches.default, "match");
    const put = vi.spyOn(caches.default, "put");
    const app = createApp(THREE);
    const vars = deploy();
    await serve(app, "/atom.xml", vars);
    expect(match).toHaveBeenCalledTimes(1);
    expect(put).toHaveBeenCalledTimes(1);
    await serve(app, "/atom.xml", vars);
    await serve(app, "/atom.xml", { ...vars });
    expect(match).toHaveBeenCalledTimes(1);
    expect(put).toHaveBeenCalledTimes(1);
  });

  it("stores nothing for errors", async () => {
    const put = vi.spyOn(caches.default, "put");
    await serve(createApp(THREE), "/nope", deploy());
    await serve(createApp(THREE), "/rss.xml?limit=0", deploy());
    expect(put).not.toHaveBeenCalled();
  });

  it("is not used without a deploy id, since a key could then outlive the code that rendered it", async () => {
    const match = vi.spyOn(caches.default, "match");
    const put = vi.spyOn(caches.default, "put");
    const { CF_VERSION_METADATA: _, ...withoutBinding } = deploy();
    const { res } = await serve(createApp(THREE), "/atom.xml", withoutBinding);
    expect(res.status).toBe(200);
    expect(match).not.toHaveBeenCalled();
    expect(put).not.toHaveBeenCalled();
  });

  it("renders as usual when the cache fails", async () => {
    vi.spyOn(console, "warn").mockImplementation(() => {});
    vi.spyOn(caches.default, "match").mockRejectedValue(new Error("cache down"));
    vi.spyOn(caches.default, "put").mockRejectedValue(new Error("cache down"));
    const { res, body } = await serve(createApp(THREE), "/atom.xml", deploy());
    expect(res.status).toBe(200);
    expect(body).toContain("Story newest");
  });
});
