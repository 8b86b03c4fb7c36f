// Name-based (v5) UUIDs, computed with Web Crypto the same way in the build and the Worker: checked against
// RFC 9562's example and an independent reference on node:crypto's SHA-1; article ids and tag feed ids are
// UUID URNs of them, shaped as the W3C Feed Validation Service requires.
import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { articleId } from "../../src/build/parsers/ids";
import { URL_NAMESPACE, uuidV5 } from "../../src/shared/content/uuid";
import { tagFeedId } from "../../src/shared/feeds/feed-ids";
import { w3cUriProblem } from "../support/url";

const FEED_ID = "urn:uuid:0b6c3f9e-5d1a-4c87-a2e4-7f3b9d0c6e15";
/** RFC 9562 §6.6 NameSpace_DNS. */
const DNS_NAMESPACE = "6ba7b810-9dad-11d1-80b4-00c04fd430c8";
/** The namespace of edgefeed article ids: fixed, since changing it would change every published id. */
const ARTICLE_NAMESPACE = "3d2b5c1e-8f4a-4e7b-9c61-5a0f2e9d7b13";
const UUID_V5 = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** RFC 9562 §5.5, independently: SHA-1 of the namespace's bytes + the UTF-8 name, version and variant bits set. */
function referenceUuidV5(name: string, namespace: string): string {
  const hash = createHash("sha1")
    .update(Buffer.from(namespace.replace(/-/g, ""), "hex"))
    .update(name, "utf8")
    .digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50; // version 5
  hash[8] = (hash[8]! & 0x3f) | 0x80; // RFC 9562 variant
  const hex = hash.subarray(0, 16).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

describe("uuidV5", () => {
  it("matches RFC 9562 Appendix A.4's example", async () => {
    // "www.example.com" in the DNS namespace.
    expect(await uuidV5("www.example.com", DNS_NAMESPACE)).toBe("2ed6657d-e927-568b-95e1-2665a8aea6a2");
    expect(referenceUuidV5("www.example.com", DNS_NAMESPACE)).toBe("2ed6657d-e927-568b-95e1-2665a8aea6a2");
  });

  it("uses RFC 9562's NameSpace_URL", () => {
    expect(URL_NAMESPACE).toBe("6ba7b811-9dad-11d1-80b4-00c04fd430c8");
  });

  it("agrees with node:crypto's SHA-1 on any name, across block boundaries", async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: "binary" }), async (name) => {
        expect(await uuidV5(name, URL_NAMESPACE)).toBe(referenceUuidV5(name, URL_NAMESPACE));
      }),
      { numRuns: 100 },
    );
  });

  it("agrees with node:crypto's SHA-1 in any namespace", async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 300 }), fc.uuid(), async (name, namespace) => {
        const id = await uuidV5(name, namespace);
        expect(id).toMatch(UUID_V5);
        expect(id).toBe(referenceUuidV5(name, namespace));
      }),
      { numRuns: 200 },
    );
  });
});

describe("article ids", () => {
  it("are the UUID URN of the seed's UUID v5 in the article namespace, stable for the same seed", async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: "binary" }), async (seed) => {
        const id = await articleId(seed);
        expect(id).toBe(`urn:uuid:${await uuidV5(seed, ARTICLE_NAMESPACE)}`);
        expect(id).toBe(`urn:uuid:${referenceUuidV5(seed, ARTICLE_NAMESPACE)}`);
        expect(await articleId(seed)).toBe(id);
      }),
      { numRuns: 100 },
    );
  });

  it("are UUID URNs the W3C validator accepts, one per seed", async () => {
    const ids = await Promise.all(["86519", "story-17", "tag:news.example,2024:a", "café"].map(articleId));
    for (const id of ids) {
      expect(id).toMatch(/^urn:uuid:/);
      expect(id.slice("urn:uuid:".length)).toMatch(UUID_V5);
      expect(w3cUriProblem(id)).toBeUndefined();
    }
    expect(new Set(ids).size).toBe(4);
  });
});

describe("tag feed ids", () => {
  it("are the UUID URN of the tag feed's IRI's UUID v5 in the URL namespace", async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: "binary" }), async (tag) => {
        expect(await tagFeedId(FEED_ID, tag)).toBe(
          `urn:uuid:${referenceUuidV5(`${FEED_ID}#tags/${tag}`, URL_NAMESPACE)}`,
        );
      }),
      { numRuns: 100 },
    );
  });

  it("are UUID URNs the W3C validator accepts, one per tag, stable", async () => {
    const ids = await Promise.all(["mexico", "us", "border-wall", "café"].map((tag) => tagFeedId(FEED_ID, tag)));
    for (const id of ids) expect(w3cUriProblem(id)).toBeUndefined();
    expect(w3cUriProblem(`${FEED_ID}#tags/mexico`)).toMatch(/^InvalidUUID/);
    expect(new Set(ids).size).toBe(4);
    expect(ids).not.toContain(FEED_ID);
    expect(await tagFeedId(FEED_ID, "mexico")).toBe(ids[0]);
    expect(await tagFeedId("urn:uuid:11111111-2222-4333-8444-555555555555", "mexico")).not.toBe(ids[0]);
  });
});
