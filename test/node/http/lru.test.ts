// src/worker/http/lru.ts: what an isolate keeps stays within a bound of bytes and of entries, whatever keys and
// sizes come, and what goes first is what was used longest ago.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ByteLru } from "../../../src/worker/http/lru";

describe("the byte bound", () => {
  it("drops the least recently set values until the rest fit, and counts the bytes it holds", () => {
    const lru = new ByteLru<string>(100);
    lru.set("a", "A", 40);
    lru.set("b", "B", 40);
    expect(lru.bytes).toBe(80);
    lru.set("c", "C", 40);
    // 120 bytes do not fit in 100: "a", set first, goes; 80 remain.
    expect(lru.get("a")).toBeUndefined();
    expect(lru.get("b")).toBe("B");
    expect(lru.get("c")).toBe("C");
    expect(lru.bytes).toBe(80);
    expect(lru.size).toBe(2);
  });

  it("keeps values that fill it exactly", () => {
    const lru = new ByteLru<string>(100);
    lru.set("a", "A", 60);
    lru.set("b", "B", 40);
    expect(lru.bytes).toBe(100);
    expect([lru.get("a"), lru.get("b")]).toEqual(["A", "B"]);
  });

  it("drops as many old values as one large new one needs", () => {
    const lru = new ByteLru<string>(100);
    for (const key of ["a", "b", "c", "d"]) lru.set(key, key.toUpperCase(), 25);
    lru.set("e", "E", 70);
    // 70 + 25 fit; 70 + 50 do not: a, b and c go, d stays.
    expect(["a", "b", "c"].map((k) => lru.get(k))).toEqual([undefined, undefined, undefined]);
    expect(lru.get("d")).toBe("D");
    expect(lru.get("e")).toBe("E");
    expect(lru.bytes).toBe(95);
  });
});

describe("a value larger than the bound", () => {
  it("is not kept, and costs the values already held nothing", () => {
    const lru = new ByteLru<string>(100);
    lru.set("a", "A", 50);
    lru.set("huge", "H", 101);
    expect(lru.get("huge")).toBeUndefined();
    expect(lru.get("a")).toBe("A");
    expect(lru.bytes).toBe(50);
    expect(lru.size).toBe(1);
  });

  it("set under a key already held, leaves no stale value behind", () => {
    const lru = new ByteLru<string>(100);
    lru.set("a", "old", 50);
    lru.set("a", "new", 101);
    expect(lru.get("a")).toBeUndefined();
    expect(lru.bytes).toBe(0);
  });
});

describe("the entry bound", () => {
  it("holds at most maxEntries values, however few bytes they take", () => {
    const lru = new ByteLru<string>(1_000_000, 3);
    for (const key of ["a", "b", "c", "d", "e"]) lru.set(key, key, 1);
    expect(lru.size).toBe(3);
    expect(lru.bytes).toBe(3);
    expect(["a", "b", "c", "d", "e"].map((k) => lru.get(k))).toEqual([undefined, undefined, "c", "d", "e"]);
  });

  it("has no bound on entries unless given one", () => {
    const lru = new ByteLru<string>(10_000);
    for (let i = 0; i < 5000; i++) lru.set(`k${i}`, "v", 1);
    expect(lru.size).toBe(5000);
  });

  it("counts zero-byte values", () => {
    const lru = new ByteLru<string>(100, 2);
    for (const key of ["a", "b", "c"]) lru.set(key, key, 0);
    expect(lru.size).toBe(2);
    expect(lru.get("a")).toBeUndefined();
  });
});

describe("recency", () => {
  it("a get makes a value the most recently used: the other one goes first", () => {
    const lru = new ByteLru<string>(100);
    lru.set("a", "A", 50);
    lru.set("b", "B", 50);
    expect(lru.get("a")).toBe("A");
    lru.set("c", "C", 50);
    expect(lru.get("b")).toBeUndefined();
    expect(lru.get("a")).toBe("A");
    expect(lru.get("c")).toBe("C");
  });

  it("a get of a missing key changes nothing", () => {
    const lru = new ByteLru<string>(100, 2);
    lru.set("a", "A", 10);
    expect(lru.get("missing")).toBeUndefined();
    expect(lru.size).toBe(1);
    expect(lru.bytes).toBe(10);
  });
});

describe("replacing and deleting", () => {
  it("a key set again holds the new value and counts only its new bytes", () => {
    const lru = new ByteLru<string>(100);
    lru.set("a", "old", 10);
    lru.set("a", "new", 30);
    expect(lru.size).toBe(1);
    expect(lru.bytes).toBe(30);
    expect(lru.get("a")).toBe("new");
    lru.set("a", "smaller", 5);
    expect(lru.bytes).toBe(5);
  });

  it("a key set again becomes the most recent, and its old bytes make no value go", () => {
    const lru = new ByteLru<string>(100);
    lru.set("a", "A", 50);
    lru.set("b", "B", 50);
    // 50 + 50 held; "a" again at 50 replaces itself rather than pushing "b" out.
    lru.set("a", "A2", 50);
    expect(lru.size).toBe(2);
    expect(lru.bytes).toBe(100);
    lru.set("c", "C", 50);
    // "a" was set after "b": "b" goes.
    expect(lru.get("b")).toBeUndefined();
    expect(lru.get("a")).toBe("A2");
    expect(lru.get("c")).toBe("C");
  });

  it("delete gives back a value's bytes; deleting a missing key changes nothing", () => {
    const lru = new ByteLru<string>(100);
    lru.set("a", "A", 40);
    lru.set("b", "B", 20);
    lru.delete("a");
    expect(lru.get("a")).toBeUndefined();
    expect(lru.bytes).toBe(20);
    lru.delete("a");
    lru.delete("never");
    expect(lru.bytes).toBe(20);
    expect(lru.size).toBe(1);
  });
});

describe("any sequence of operations", () => {
  type Op = { op: "set"; key: string; bytes: number } | { op: "get" | "delete"; key: string };
  const key = fc.constantFrom("a", "b", "c", "d", "e", "f");
  const op: fc.Arbitrary<Op> = fc.oneof(
    fc.record({ op: fc.constant("set" as const), key, bytes: fc.integer({ min: 0, max: 60 }) }),
    fc.record({ op: fc.constantFrom("get" as const, "delete" as const), key }),
  );

  it("stays within both bounds and agrees with a list kept in order of use", () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), fc.integer({ min: 1, max: 5 }), (ops, maxEntries) => {
        const lru = new ByteLru<string>(100, maxEntries);
        // The model: [key, value, bytes], least recently used first.
        let model: [string, string, number][] = [];
        ops.forEach((o, i) => {
          if (o.op === "set") {
            model = model.filter(([k]) => k !== o.key);
            if (o.bytes <= 100) model.push([o.key, `v${i}`, o.bytes]);
            while (model.reduce((n, [, , b]) => n + b, 0) > 100 || model.length > maxEntries) model.shift();
            lru.set(o.key, `v${i}`, o.bytes);
          } else if (o.op === "delete") {
            model = model.filter(([k]) => k !== o.key);
            lru.delete(o.key);
          } else {
            const found = model.find(([k]) => k === o.key);
            if (found) model = [...model.filter(([k]) => k !== o.key), found];
            expect(lru.get(o.key)).toBe(found?.[1]);
          }
          expect(lru.bytes).toBeLessThanOrEqual(100);
          expect(lru.size).toBeLessThanOrEqual(maxEntries);
          expect(lru.size).toBe(model.length);
          expect(lru.bytes).toBe(model.reduce((n, [, , b]) => n + b, 0));
        });
      }),
      { numRuns: 300 },
    );
  });
});
