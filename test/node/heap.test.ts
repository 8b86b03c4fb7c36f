// src/build/heap.ts: a rendering thread's heap is collected once it has grown to twice what it held after
// the last collection (and past a floor), and not before.
import { getHeapStatistics } from "node:v8";
import { expect, it } from "vitest";
import { keepHeapDown } from "../../src/build/heap";

const used = () => getHeapStatistics().used_heap_size;
/** A floor every test process is past. */
const LOW = 1;

it("leaves a heap under the floor to V8 (nothing collected yet)", () => {
  expect(keepHeapDown(used() * 4)).toBe(false);
});

it("collects past the floor, then not until what it holds has doubled", () => {
  expect(keepHeapDown(LOW)).toBe(true);
  const after = used();
  expect(keepHeapDown(LOW)).toBe(false);
  // What is held cannot be collected: once it has doubled the heap, the heap is collected again.
  const held: string[][] = [];
  while (used() < after * 2.2) held.push(Array.from({ length: 10_000 }, (_, i) => `held ${held.length} ${i}`));
  expect(keepHeapDown(LOW)).toBe(true);
  expect(used()).toBeGreaterThan(after * 1.5);
  expect(keepHeapDown(LOW)).toBe(false);
  expect(held.length).toBeGreaterThan(0);
});
