// A store that fails or does not answer: that request gets a 503 with Retry-After and nothing about
// the server's insides, and the next request tries the store again.
import { env } from "cloudflare:test";
import { afterEach, expect, it, vi } from "vitest";
import { createApp } from "../../src/app";
import current from "../../src/generated/current.js";
import { assetsStore, kvStore } from "../../src/store/store";
import { ORIGIN } from "./http-fixtures";

/** A document that lives in the store, not in the script (the bundled article's tag page). */
const STORED = "/tags/mexico";

afterEach(() => {
  vi.restoreAllMocks();
});

function quietly() {
  return vi.spyOn(console, "error").mockImplementation(() => {});
}

/** The real Static Assets store behind a binding that fails the first `failures` reads. */
function flakyAssets(failures: number, fail: () => Promise<Response>) {
  let calls = 0;
  return {
    fetch: (input: RequestInfo | URL, init?: RequestInit) => {
      calls += 1;
      return calls <= failures ? fail() : env.ASSETS.fetch(input, init);
    },
  };
}

it.each([
  ["throws", () => Promise.reject(new Error("network connection lost"))],
  ["answers 500", async () => new Response("internal", { status: 500 })],
  ["never answers", () => new Promise<Response>(() => {})],
])("a store read that %s → 503 with Retry-After, then 200 on the next request", async (_, fail) => {
  quietly();
  const assets = flakyAssets(1, fail);
  const app = createApp({ current, store: () => assetsStore(assets, 50) });
  const first = await app.request(ORIGIN + STORED, {}, env);
  const body = await first.text();
  expect(first.status).toBe(503);
  expect(Number(first.headers.get("Retry-After"))).toBeGreaterThan(0);
  expect(first.headers.get("Cache-Control")).toBe("no-store");
  expect(body).not.toMatch(/Error|at .*:\d+|internal|network/);
  const second = await app.request(ORIGIN + STORED, {}, env);
  expect(second.status).toBe(200);
  expect(await second.text()).toContain("<h1>");
});

it("a failing KV read → 503, and the document once KV answers again", async () => {
  quietly();
  let down = true;
  const kv = {
    get: (async () => {
      if (down) throw new Error("KV GET failed: 500");
      return null;
    }) as unknown as KVNamespace["get"],
  };
  const app = createApp({ current, store: () => kvStore(kv, 50) });
  expect((await app.request(ORIGIN + STORED, {}, env)).status).toBe(503);
  down = false;
  // An empty namespace: the document is not there, which is a 404, not a remembered failure.
  expect((await app.request(ORIGIN + STORED, {}, env)).status).toBe(404);
});

it("documents in the script never touch the store", async () => {
  const app = createApp({
    current,
    store: () => ({
      get: () => Promise.reject(new Error("the store was read")),
    }),
  });
  for (const path of ["/", "/rss.xml", "/atom.xml", "/feed.json", "/tags", "/sitemap.xml", "/robots.txt"]) {
    expect((await app.request(ORIGIN + path, {}, env)).status, path).toBe(200);
  }
});
