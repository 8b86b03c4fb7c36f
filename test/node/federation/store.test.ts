// src/federation/store.ts on D1 as miniflare emulates it: fedify's KvStore contract (compare-and-swap by
// content, "absent" and "delete", expiry, prefix listing) and the delivery ledger (each change decided
// once, taken back when its activity could not be queued).
import { Temporal } from "@js-temporal/polyfill";
import { convertV4MiniflareOptions, Miniflare } from "miniflare";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  D1KvStore,
  deliveredSince,
  forgetDelivery,
  recordDeletion,
  recordDelivery,
} from "../../../src/federation/store";

let mf: Miniflare;
let db: D1Database;
beforeAll(async () => {
  mf = new Miniflare(convertV4MiniflareOptions({ modules: true, script: "export default {}", d1Databases: ["DB"] }));
  db = (await mf.getD1Database("DB")) as unknown as D1Database;
});
afterAll(() => mf?.dispose());

describe("D1KvStore, as fedify's KvStore", () => {
  it("compares by content whatever the order of keys, swaps, and deletes with undefined", async () => {
    const kv = new D1KvStore(db);
    const key = ["_fedify", "circuit", "a.example"] as const;
    expect(await kv.cas(key, undefined, { state: "open", n: 1 })).toBe(true);
    expect(await kv.cas(key, undefined, { state: "open", n: 2 })).toBe(false);
    expect(await kv.cas(key, { n: 1, state: "open" }, { state: "half-open" })).toBe(true);
    expect(await kv.get(key)).toEqual({ state: "half-open" });
    expect(await kv.cas(key, { state: "open" }, undefined)).toBe(false);
    expect(await kv.cas(key, { state: "half-open" }, undefined)).toBe(true);
    expect(await kv.get(key)).toBeUndefined();
  });

  it("treats an expired value as absent, for get, list and compare-and-swap", async () => {
    const kv = new D1KvStore(db);
    const key = ["_fedify", "nonce", "x"] as const;
    await kv.set(key, true, { ttl: Temporal.Duration.from({ milliseconds: 1 }) });
    await new Promise((done) => setTimeout(done, 5));
    expect(await kv.get(key)).toBeUndefined();
    expect(await kv.cas(key, undefined, "again")).toBe(true);
    expect(await kv.get(key)).toBe("again");
  });

  it("lists exactly the keys under a prefix", async () => {
    const kv = new D1KvStore(db);
    await kv.set(["p", "a"], 1);
    await kv.set(["p", "a", "deep"], 2);
    await kv.set(["pq"], 3);
    await kv.set(["p"], 4);
    const keys = [];
    for await (const entry of kv.list(["p"])) keys.push(entry.key);
    // fedify's contract promises no order: compared as a set.
    expect(keys.map((k) => JSON.stringify(k)).sort()).toEqual(['["p","a","deep"]', '["p","a"]', '["p"]'].sort());
  });
});

describe("the delivery ledger", () => {
  it("decides a create, an update and nothing, and takes a change back when it could not be sent", async () => {
    const id = "https://news.example/articles/a";
    expect(await recordDelivery(db, id, "d1", 1000)).toEqual({ change: "create" });
    expect(await recordDelivery(db, id, "d1", 1000)).toBeUndefined();
    const update = await recordDelivery(db, id, "d2", 1000);
    expect(update).toEqual({ change: "update", previous: "d1" });
    await forgetDelivery(db, id, update!);
    expect(await recordDelivery(db, id, "d2", 1000)).toEqual({ change: "update", previous: "d1" });
  });

  it("lists what was delivered strictly after an instant, and a deletion once", async () => {
    await recordDelivery(db, "https://news.example/articles/b", "x", 2000);
    await recordDelivery(db, "https://news.example/articles/c", "x", 3000);
    expect((await deliveredSince(db, 2000)).map((d) => d.objectId)).toEqual(["https://news.example/articles/c"]);
    expect(await recordDeletion(db, "https://news.example/articles/c")).toBe(true);
    expect(await recordDeletion(db, "https://news.example/articles/c")).toBe(false);
    expect((await deliveredSince(db, 2000)).map((d) => d.objectId)).toEqual([]);
  });
});
