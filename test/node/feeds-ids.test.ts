// Tag feed ids: name-based UUIDs computed in the Worker without node:crypto, checked against Node's SHA-1
// and the build's own UUID v5, and shaped as the W3C Feed Validation Service requires of a UUID URN.
import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { uuidV5 as nodeUuidV5 } from "../../src/content/ids";
import { sha1, tagFeedId, uuidV5 } from "../../src/feeds/feed-ids";
import { w3cUriProblem } from "../support/url";

const FEED_ID = "urn:uuid:0b6c3f9e-5d1a-4c87-a2e4-7f3b9d0c6e15";

describe("sha1", () => {
  it("matches FIPS 180-4's examples", () => {
    const hex = (s: string) => Buffer.from(sha1(new TextEncoder().encode(s))).toString("hex");
    expect(hex("abc")).toBe("a9993e364706816aba3e25717850c26c9cd0d89d");
    expect(hex("")).toBe("da39a3ee5e6b4b0d3255bfef95601890afd80709");
    expect(hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")).toBe(
      "84983e441c3bd26ebaae4aa1f95129e5e54670f1",
    );
  });

  it("agrees with node:crypto on any input, across block boundaries", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        expect(Buffer.from(sha1(bytes)).toString("hex")).toBe(createHash("sha1").update(bytes).digest("hex"));
      }),
      { numRuns: 200 },
    );
  });
});

describe("tag feed ids", () => {
  it("are the build's UUID v5 of the tag feed's IRI", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (name) => {
        expect(uuidV5(name, "6ba7b811-9dad-11d1-80b4-00c04fd430c8")).toBe(
          nodeUuidV5(name, "6ba7b811-9dad-11d1-80b4-00c04fd430c8"),
        );
      }),
      { numRuns: 100 },
    );
    // RFC 9562 Appendix A.4's example: "www.example.com" in the DNS namespace.
    expect(uuidV5("www.example.com", "6ba7b810-9dad-11d1-80b4-00c04fd430c8")).toBe(
      "2ed6657d-e927-568b-95e1-2665a8aea6a2",
    );
  });

  it("are UUID URNs the W3C validator accepts, one per tag, stable", () => {
    const ids = ["mexico", "us", "border-wall", "café"].map((tag) => tagFeedId(FEED_ID, tag));
    for (const id of ids) expect(w3cUriProblem(id)).toBeUndefined();
    expect(w3cUriProblem(`${FEED_ID}#tags/mexico`)).toMatch(/^InvalidUUID/);
    expect(new Set(ids).size).toBe(4);
    expect(ids).not.toContain(FEED_ID);
    expect(tagFeedId(FEED_ID, "mexico")).toBe(ids[0]);
    expect(tagFeedId("urn:uuid:11111111-2222-4333-8444-555555555555", "mexico")).not.toBe(ids[0]);
  });
});
