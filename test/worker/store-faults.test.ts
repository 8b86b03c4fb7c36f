// A store that fails or does not answer: that request gets a 503 with Retry-After and nothing about
// the server's insides, and the next request tries the store again. A miss is remembered briefly and
// within a bound of bytes; a failure never is.
import { env } from "cloudflare:test";
import { afterEach, expect, it, vi } from "vitest";
import current from "../../src/generated/current.js";
import { encodeEntry } from "../../src/shared/contract";
import { createApp } from "../../src/worker/app";
import { assetsStore, kvStore } from "../../src/worker/store";
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

/** The stored document as KV holds it (src/shared/contract.ts), read from the build's store. */
async function storedText(key: string): Promise<string> {
  const entry = await assetsStore(env.ASSETS).get(key);
  if (!entry) throw new Error(`the build stored no ${key}`);
  return encodeEntry(entry);
}

it("a failing KV read → 503, and the document once KV answers again: a failure is never remembered as a miss", async () => {
  quietly();
  const text = await storedText(STORED);
  let down = true;
  const kv = {
    get: (async () => {
      if (down) throw new Error("KV GET failed: 500");
      return text;
    }) as unknown as KVNamespace["get"],
  };
  const app = createApp({ current, store: () => kvStore(kv, 50) });
  expect((await app.request(ORIGIN + STORED, {}, env)).status).toBe(503);
  expect((await app.request(ORIGIN + STORED, {}, env)).status).toBe(503);
  down = false;
  const res = await app.request(ORIGIN + STORED, {}, env);
  expect(res.status).toBe(200);
  expect(await res.text()).toContain("<h1>");
});

it("a key KV did not have yet is remembered as missing for seconds, then read again", async () => {
  // KV is eventually consistent: right after a deploy a key may be missing for a while (up to 60 s).
  const text = await storedText(STORED);
  let has = false;
  let reads = 0;
  const kv = {
    get: (async () => {
      reads += 1;
      return has ? text : null;
    }) as unknown as KVNamespace["get"],
  };
  let now = Date.parse("2026-06-01T12:00:00Z");
  const app = createApp({ current, store: () => kvStore(kv, 50), clock: () => now });
  expect((await app.request(ORIGIN + STORED, {}, env)).status).toBe(404);
  has = true;
  now += 1000;
  // A burst of requests for a missing key costs one read.
  expect((await app.request(ORIGIN + STORED, {}, env)).status).toBe(404);
  expect(reads).toBe(1);
  now += 60_000;
  expect((await app.request(ORIGIN + STORED, {}, env)).status).toBe(200);
  expect(reads).toBe(2);
});

it("remembers misses within a bound of bytes, whatever paths clients send", async () => {
  const asked: string[] = [];
  const app = createApp({
    current,
    store: () => ({
      get: async (key) => {
        asked.push(key);
        return undefined;
      },
    }),
  });
  // 2,000 addresses of 16 KB (the longest URL Cloudflare passes to a Worker), each a miss: 64 MB if kept.
  const path = (i: number) => `/articles/${String(i).padStart(5, "0")}-${"a".repeat(16 * 1024)}`;
  for (let i = 0; i < 2000; i++) expect((await app.request(ORIGIN + path(i), {}, env)).status).toBe(404);
  expect(asked).toHaveLength(2000);
  // The newest misses are still remembered; the oldest made room for them.
  await app.request(ORIGIN + path(1999), {}, env);
  expect(asked).toHaveLength(2000);
  await app.request(ORIGIN + path(0), {}, env);
  expect(asked).toHaveLength(2001);
});

it("a key longer than either store holds is a miss without a read (asked, the asset server fails)", async () => {
  const failing = () => Promise.reject(new Error("the store was read"));
  const key = `/articles/${"a".repeat(600)}`;
  expect(await assetsStore({ fetch: failing }, 50).get(key)).toBeUndefined();
  expect(await kvStore({ get: failing as unknown as KVNamespace["get"] }, 50).get(key)).toBeUndefined();
});

it("a path the site could not serve costs no store read", async () => {
  const app = createApp({
    current,
    store: () => ({ get: () => Promise.reject(new Error("the store was read")) }),
  });
  for (const path of [
    "/tags/mexico%20items",
    "/tags/mexico~items",
    "/rss.xml@1",
    "/%F0%9F%92%A5",
    "/media/x%20facts",
  ]) {
    expect((await app.request(ORIGIN + path, {}, env)).status, path).toBe(404);
  }
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
