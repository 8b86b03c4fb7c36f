// src/build/entry-encoder.ts: a document's store file is the same bytes whether the build's thread encodes
// its entry (storedEntry, then encodeEntry) or a render worker encodes its pieces into its kept buffer,
// for any text cut anywhere: astral characters (a pair's halves in two pieces), lone surrogates (both
// encode them as U+FFFD), line breaks before the body; and one document's bytes after a larger one's.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EntryEncoder } from "../../src/build/entry-encoder";
import { storedEntry } from "../../src/build/render";
import { decodeEntry, encodeEntry } from "../../src/shared/contract";

/** `text` cut at the given places (any code unit, a surrogate pair's middle too). */
const cut = (text: string, at: number[]) => {
  const places = [...new Set(at.map((n) => n % (text.length + 1)))].sort((a, b) => a - b);
  return [0, ...places].map((start, i) => text.slice(start, places[i] ?? text.length));
};

describe("a store file", () => {
  it("is the same bytes from the encoder as from storedEntry and encodeEntry", async () => {
    const encoder = new EntryEncoder();
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: "binary" }),
        fc.array(fc.nat(), { maxLength: 8 }),
        fc.boolean(),
        fc.constantFrom("text/html; charset=utf-8", "application/feed+json"),
        fc.date({ min: new Date(0), max: new Date(Date.UTC(2100, 0)), noInvalidDate: true }),
        async (text, at, whole, contentType, lastModified) => {
          const rendered = {
            body: whole ? text : cut(text, at),
            contentType,
            lastModified,
            cacheControl: "max-age=60",
          };
          const entry = await storedEntry(rendered);
          expect(entry.body).toBe(text);
          const bytes = Buffer.from(encoder.encode(rendered).bytes);
          expect(bytes.equals(Buffer.from(encodeEntry(entry)))).toBe(true);
          expect(decodeEntry(bytes.toString()).etag).toBe(entry.etag);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("is whole after a larger document's, and for a body larger than the buffer the encoder starts with", async () => {
    const encoder = new EntryEncoder();
    const at = new Date(Date.UTC(2026, 0, 1));
    for (const text of ["€".repeat(400_000), "x".repeat(3 << 20), "\u{1F600}".repeat(300_000), "short", ""]) {
      const rendered = {
        body: cut(text, [1, 4096, 70_000]),
        contentType: "text/plain",
        lastModified: at,
        cacheControl: "",
      };
      const expected = Buffer.from(encodeEntry(await storedEntry(rendered)));
      expect(Buffer.from(encoder.encode(rendered).bytes).equals(expected)).toBe(true);
    }
  });
});
