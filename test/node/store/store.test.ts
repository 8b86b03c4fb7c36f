// src/worker/store.ts: where the Worker reads documents that are not in its script. Which store
// wrangler.toml chooses; the file or key each document is read from; a miss, a failure and a read that
// does not answer told apart; and a key no store could hold answered as a miss without a read.
import { afterEach, describe, expect, it, vi } from "vitest";
import { encodeEntry, type StoredEntry } from "../../../src/shared/contract";
import { assetsStore, kvStore, StoreError, storeFrom } from "../../../src/worker/store";

const ENTRY: StoredEntry = {
  etag: '"abc123"',
  contentType: "text/html; charset=utf-8",
  lastModified: "Mon, 22 Jul 2024 00:00:00 GMT",
  cacheControl: "max-age=60",
  body: "<!doctype html><h1>Mexico</h1>\n",
};

/** A Static Assets binding that records the URLs asked for and answers from `files` (path → text). */
function assets(files: Record<string, string> = {}, answer?: () => Promise<Response>) {
  const asked: string[] = [];
  const binding = {
    fetch: async (input: RequestInfo | URL) => {
      const url = String(input);
      asked.push(url);
      if (answer) return answer();
      const text = files[new URL(url).pathname];
      return text === undefined ? new Response("Not Found", { status: 404 }) : new Response(text);
    },
    connect: () => {
      throw new Error("the store never opens a socket");
    },
  };
  return { binding, asked };
}

/** A KV binding that records the keys read and answers from `values`. */
function kv(values: Record<string, string> = {}, answer?: () => Promise<string | null>) {
  const asked: unknown[][] = [];
  const get = async (...args: unknown[]) => {
    asked.push(args);
    return answer ? answer() : (values[String(args[0])] ?? null);
  };
  // KVNamespace.get is overloaded by its second argument; the store only ever asks for "text".
  return { binding: { get: get as unknown as KVNamespace["get"] }, asked };
}

afterEach(() => {
  vi.useRealTimers();
});

describe("storeFrom", () => {
  it("reads Static Assets when STORE is unset or empty, and KV when it is kv", async () => {
    for (const STORE of [undefined, "", "assets"]) {
      const a = assets({ "/_store/!rss.xml": encodeEntry(ENTRY) });
      expect(await storeFrom({ STORE, ASSETS: a.binding }).get("/rss.xml"), String(STORE)).toEqual(ENTRY);
    }
    const k = kv({ "/rss.xml": encodeEntry(ENTRY) });
    // A KVNamespace with only get(): the store reads nothing else.
    const STORE_KV = k.binding as unknown as KVNamespace;
    expect(await storeFrom({ STORE: "kv", STORE_KV }).get("/rss.xml")).toEqual(ENTRY);
  });

  it("names the binding a mode needs when wrangler.toml lacks it", () => {
    expect(() => storeFrom({})).toThrow(/STORE = "assets" needs the \[assets\] binding ASSETS/);
    expect(() => storeFrom({ STORE: "kv" })).toThrow(/STORE = "kv" needs a \[\[kv_namespaces\]\] binding STORE_KV/);
  });

  it("names the mode it does not know, and the ones it does", () => {
    expect(() => storeFrom({ STORE: "KV" })).toThrow('expected "assets" or "kv", found "KV"');
    expect(() => storeFrom({ STORE: "r2" })).toThrow('expected "assets" or "kv", found "r2"');
  });
});

describe("assetsStore", () => {
  it("reads each key from its file under /_store: '/' written as '!', the variant after '~'", async () => {
    const a = assets();
    const store = assetsStore(a.binding);
    for (const key of ["/", "/rss.xml", "/tags/mexico", "/tags/mexico items", "/tags/café/rss.xml"]) {
      await store.get(key);
    }
    expect(a.asked.map((url) => new URL(url).pathname)).toEqual([
      "/_store/!",
      "/_store/!rss.xml",
      "/_store/!tags!mexico",
      "/_store/!tags!mexico~items",
      // A URL's path is percent-encoded; the asset server decodes it to the file's name.
      "/_store/!tags!caf%C3%A9!rss.xml",
    ]);
  });

  it("gives the entry the build stored, validators and body", async () => {
    const store = assetsStore(assets({ "/_store/!tags!mexico": encodeEntry(ENTRY) }).binding);
    expect(await store.get("/tags/mexico")).toEqual(ENTRY);
  });

  it("a 404 is a miss, and its body is let go", async () => {
    let cancelled = false;
    const body = new ReadableStream({
      cancel: () => {
        cancelled = true;
      },
    });
    const store = assetsStore(assets({}, async () => new Response(body, { status: 404 })).binding);
    expect(await store.get("/articles/none")).toBeUndefined();
    expect(cancelled).toBe(true);
  });

  it.each([
    // With an entry's bytes, so that only the status can say it failed.
    ["answers 500", async () => new Response(encodeEntry(ENTRY), { status: 500 })],
    ["answers 403", async () => new Response(encodeEntry(ENTRY), { status: 403 })],
    ["throws", () => Promise.reject(new Error("network connection lost"))],
    ["answers a file that is no entry", async () => new Response("<html>not an entry</html>")],
  ])("a read that %s is a StoreError, not a miss", async (_, answer) => {
    const store = assetsStore(assets({}, answer).binding);
    await expect(store.get("/tags/mexico")).rejects.toBeInstanceOf(StoreError);
  });

  it("a file name longer than 255 bytes (NAME_MAX) is a miss without a read; up to 255 is read", async () => {
    const a = assets();
    const store = assetsStore(a.binding);
    // The file name is the key with its leading "/" written as "!": one byte more than the rest.
    await store.get(`/${"a".repeat(254)}`);
    await store.get(`/${"é".repeat(127)}`); // 1 + 254 bytes of UTF-8
    expect(a.asked).toHaveLength(2);
    expect(await store.get(`/${"a".repeat(255)}`)).toBeUndefined();
    expect(await store.get(`/${"é".repeat(128)}`)).toBeUndefined();
    expect(await store.get(`/articles/${"a".repeat(16 * 1024)}`)).toBeUndefined();
    expect(a.asked).toHaveLength(2);
  });
});

describe("kvStore", () => {
  it("reads the key itself, as text", async () => {
    const k = kv({ "/tags/mexico items": encodeEntry(ENTRY) });
    expect(await kvStore(k.binding).get("/tags/mexico items")).toEqual(ENTRY);
    expect(k.asked).toEqual([["/tags/mexico items", "text"]]);
  });

  it("a key KV does not have is a miss", async () => {
    expect(await kvStore(kv().binding).get("/articles/none")).toBeUndefined();
  });

  it.each([
    ["throws", () => Promise.reject(new Error("KV GET failed: 500"))],
    ["answers a value that is no entry", async () => "no validators here"],
  ])("a read that %s is a StoreError, not a miss", async (_, answer) => {
    await expect(kvStore(kv({}, answer).binding).get("/tags/mexico")).rejects.toBeInstanceOf(StoreError);
  });

  it("a key longer than KV's 512 bytes is a miss without a read; up to 512 is read", async () => {
    const k = kv();
    const store = kvStore(k.binding);
    await store.get(`/${"a".repeat(511)}`);
    await store.get(`/${"é".repeat(255)}`); // 1 + 510 bytes of UTF-8
    expect(k.asked).toHaveLength(2);
    expect(await store.get(`/${"a".repeat(512)}`)).toBeUndefined();
    expect(await store.get(`/${"é".repeat(256)}`)).toBeUndefined();
    expect(k.asked).toHaveLength(2);
  });
});

describe("a read that does not answer", () => {
  it("fails after 5 s by default (README: no answer in 5 s is a 503), in either store", async () => {
    vi.useFakeTimers();
    const never = () => new Promise<never>(() => {});
    for (const store of [assetsStore(assets({}, never).binding), kvStore(kv({}, never).binding)]) {
      let outcome: unknown = "pending";
      store.get("/tags/mexico").then(
        (value) => {
          outcome = value;
        },
        (error: unknown) => {
          outcome = error;
        },
      );
      await vi.advanceTimersByTimeAsync(4999);
      expect(outcome).toBe("pending");
      await vi.advanceTimersByTimeAsync(1);
      expect(outcome).toBeInstanceOf(StoreError);
      expect(String(outcome)).toMatch(/^StoreError: /);
    }
  });

  it("after the time it is given", async () => {
    vi.useFakeTimers();
    const store = kvStore(kv({}, () => new Promise<never>(() => {})).binding, 50);
    const read = expect(store.get("/rss.xml")).rejects.toBeInstanceOf(StoreError);
    await vi.advanceTimersByTimeAsync(50);
    await read;
  });

  it("a read that answers leaves no timer running", async () => {
    vi.useFakeTimers();
    await kvStore(kv({ "/rss.xml": encodeEntry(ENTRY) }).binding).get("/rss.xml");
    await assetsStore(assets().binding).get("/none");
    await expect(kvStore(kv({}, () => Promise.reject(new Error("down"))).binding).get("/x")).rejects.toThrow();
    expect(vi.getTimerCount()).toBe(0);
  });
});
