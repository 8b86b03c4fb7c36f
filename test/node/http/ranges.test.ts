// src/worker/http/ranges.ts: the byte range a Range header asks for (RFC 9110 §14), and the stream of only those bytes.
import { describe, expect, it } from "vitest";
import { parseRange, rangeStillApplies, sliceStream } from "../../../src/worker/http/ranges";

describe("parseRange over a 1000-byte file", () => {
  it.each([
    ["bytes=0-99", { start: 0, end: 99 }],
    ["bytes=500-", { start: 500, end: 999 }],
    ["bytes=-100", { start: 900, end: 999 }],
    ["bytes=-5000", { start: 0, end: 999 }],
    ["bytes=900-5000", { start: 900, end: 999 }],
    ["BYTES=0-0", { start: 0, end: 0 }],
    [" bytes=10-20 ", { start: 10, end: 20 }],
  ])("%s → %o", (header, range) => {
    expect(parseRange(header, 1000)).toEqual(range);
  });

  it.each(["bytes=1000-", "bytes=1000-1200", "bytes=-0"])("%s is unsatisfiable (416)", (header) => {
    expect(parseRange(header, 1000)).toBe("unsatisfiable");
  });

  it.each([null, "", "bytes=", "bytes=-", "bytes=20-10", "bytes=0-1,5-9", "items=0-5", "bytes=a-b", "bytes=0-1-2"])(
    "%o sends the whole file",
    (header) => {
      expect(parseRange(header, 1000)).toBeUndefined();
    },
  );
});

describe("If-Range", () => {
  it("keeps the range only for the same strong validator", () => {
    expect(rangeStillApplies(undefined, '"abc"')).toBe(true);
    expect(rangeStillApplies('"abc"', '"abc"')).toBe(true);
    expect(rangeStillApplies('"abd"', '"abc"')).toBe(false);
    expect(rangeStillApplies('W/"abc"', '"abc"')).toBe(false);
    expect(rangeStillApplies("Wed, 21 Oct 2015 07:28:00 GMT", '"abc"')).toBe(false);
  });
});

describe("sliceStream", () => {
  const bytes = Uint8Array.from({ length: 100 }, (_, i) => i);
  /** The file as a stream of chunks of `size` bytes. */
  const stream = (size: number) =>
    new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < bytes.length; i += size) controller.enqueue(bytes.slice(i, i + size));
        controller.close();
      },
    });
  const read = async (s: ReadableStream<Uint8Array>) => new Uint8Array(await new Response(s).arrayBuffer());

  it.each([1, 7, 33, 100])("gives exactly the range's bytes from chunks of %i", async (size) => {
    for (const [start, end] of [
      [0, 0],
      [0, 99],
      [10, 45],
      [33, 66],
      [99, 99],
    ] as const) {
      expect(await read(sliceStream(stream(size), { start, end }))).toEqual(bytes.slice(start, end + 1));
    }
  });
});
