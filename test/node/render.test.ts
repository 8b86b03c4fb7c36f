// src/build/render.ts: a document's store file is the same bytes whether the build's thread encodes its
// entry (storedEntry, then encodeEntry) or a render worker encodes it once (storedFile), for any text:
// astral characters, lone surrogates (both encode them as U+FFFD), line breaks before the body.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { storedEntry, storedFile } from "../../src/build/render";
import { decodeEntry, encodeEntry } from "../../src/shared/contract";

describe("a store file", () => {
  it("is the same bytes from storedFile as from storedEntry and encodeEntry", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: "binary" }),
        fc.constantFrom("text/html; charset=utf-8", "application/feed+json"),
        fc.date({ min: new Date(0), max: new Date(Date.UTC(2100, 0)), noInvalidDate: true }),
        async (body, contentType, lastModified) => {
          const rendered = { body, contentType, lastModified, cacheControl: "max-age=60" };
          const entry = await storedEntry(rendered);
          const bytes = storedFile(rendered);
          expect(Buffer.from(bytes).equals(Buffer.from(encodeEntry(entry)))).toBe(true);
          expect(decodeEntry(Buffer.from(bytes).toString()).etag).toBe(entry.etag);
        },
      ),
    );
  });
});
