// src/build/cache.ts digest: sha-256 of its parts, each prefixed with its length in bytes, whether the parts
// are text (hashed in one call) or bytes; lists that join to the same text do not digest the same.
import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { digest, digestOf } from "../../src/build/cache";

/** The definition, written out: each part's UTF-8 bytes after their count and a colon. */
const expected = (parts: (string | Uint8Array)[]) =>
  createHash("sha256")
    .update(
      Buffer.concat(
        parts.flatMap((part) => {
          const bytes = typeof part === "string" ? Buffer.from(part) : Buffer.from(part);
          return [Buffer.from(`${bytes.byteLength}:`), bytes];
        }),
      ),
    )
    .digest("hex");

describe("digest", () => {
  it("is the sha-256 of the length-prefixed parts, for text, bytes, or both", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string({ unit: "binary" }), fc.uint8Array())), (parts) => {
        expect(digest(...parts)).toBe(expected(parts));
      }),
      { numRuns: 300 },
    );
  });

  it("tells apart lists that join to the same text", () => {
    expect(digest("ab", "c")).not.toBe(digest("a", "bc"));
    expect(digest("1:a")).not.toBe(digest("a"));
    expect(digest("", "x")).not.toBe(digest("x"));
  });

  it("takes a list longer than a call takes arguments: 600,000 articles' digests", () => {
    // The signature of a document made of every article digests all their digests: spread into a call,
    // 500,000 of them were a RangeError (the call stack's size) under Node 24.
    const parts = Array.from({ length: 600_000 }, (_, i) => (i % 7).toString(16).repeat(64));
    const hashing = createHash("sha256");
    for (const part of parts) hashing.update(`${part.length}:${part}`);
    expect(digestOf(parts)).toBe(hashing.digest("hex"));
  });
});
