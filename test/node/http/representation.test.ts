// src/shared/http/representation.ts: what represent() makes of a rendered body (bytes, strong tags, a date
// HTTP can carry).
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { type Rendered, represent, restore } from "../../../src/shared/http/representation";

const ATOM = "application/atom+xml; charset=utf-8";
const JULY_22 = new Date("2024-07-22T00:00:00Z");

const rendered = (over: Partial<Rendered> = {}): Rendered => ({
  body: "<feed>é</feed>",
  contentType: ATOM,
  lastModified: JULY_22,
  cacheControl: "max-age=300",
  ...over,
});

/** The tag as its comment defines it, computed with Node's own SHA-256 rather than the module's. */
const tagOf = (contentType: string, body: string) =>
  `"${createHash("sha256").update(`${contentType}\n${body}`).digest().subarray(0, 15).toString("base64url")}"`;

describe("represent", () => {
  it("encodes the body as UTF-8 and keeps the media type and Cache-Control as given", async () => {
    const rep = await represent(rendered());
    expect([...rep.body]).toEqual([
      0x3c, 0x66, 0x65, 0x65, 0x64, 0x3e, 0xc3, 0xa9, 0x3c, 0x2f, 0x66, 0x65, 0x65, 0x64, 0x3e,
    ]);
    expect(rep.contentType).toBe(ATOM);
    expect(rep.cacheControl).toBe("max-age=300");
  });

  it.each<[string, string, string]>([
    // Computed outside Node: printf '<type>\n<body>' | openssl dgst -sha256 -binary | head -c 15 | base64 | tr '+/' '-_'
    ["text/plain; charset=utf-8", "hello", '"nUd7SqiVixS3yS24thxn"'],
    [ATOM, "<feed>é</feed>", '"j-kMI_gAOkCb4b1VrMDB"'],
    ["application/xml; charset=utf-8", "<feed>é</feed>", '"MKlNqrcMUvg52rsqwMVM"'],
  ])("tags %s %j with the quoted base64url of the first 15 bytes of its SHA-256", async (contentType, body, etag) => {
    const rep = await represent(rendered({ contentType, body }));
    expect(rep.etag).toBe(etag);
    expect(rep.etag).toBe(tagOf(contentType, body));
    // RFC 9110 §8.8.3: a strong entity-tag is a quoted string of etagc characters.
    expect(rep.etag).toMatch(/^"[\x21\x23-\x7e]+"$/);
  });

  it("gives the gzip coding its own strong tag, the identity tag with -gzip inside the quotes (§8.8.3.3)", async () => {
    const rep = await represent(rendered());
    expect(rep.gzipEtag).toBe('"j-kMI_gAOkCb4b1VrMDB-gzip"');
  });

  it.each<[string, Partial<Rendered>, Partial<Rendered>, boolean]>([
    ["the same body and type", {}, {}, true],
    [
      "the same body and type, other dates and caching",
      {},
      { lastModified: new Date(0), cacheControl: "no-store" },
      true,
    ],
    ["another body", {}, { body: "<feed>e</feed>" }, false],
    ["a body differing in one trailing newline", {}, { body: "<feed>é</feed>\n" }, false],
    // The same bytes under another media type are another representation.
    ["the same body as another type", {}, { contentType: "application/xml; charset=utf-8" }, false],
  ])("%s → same tag: %s", async (_, a, b, same) => {
    const [x, y] = await Promise.all([represent(rendered(a)), represent(rendered(b))]);
    expect(x.etag === y.etag).toBe(same);
  });

  it.each<[string, string]>([
    ["2024-07-22T00:00:00.000Z", "2024-07-22T00:00:00.000Z"],
    ["2024-07-22T00:00:00.001Z", "2024-07-22T00:00:00.000Z"],
    ["2024-07-22T00:00:00.999Z", "2024-07-22T00:00:00.000Z"],
    ["2024-07-22T23:59:59.500Z", "2024-07-22T23:59:59.000Z"],
  ])("Last-Modified %s becomes %s: HTTP-dates have whole seconds (RFC 9110 §5.6.7)", async (given, expected) => {
    const rep = await represent(rendered({ lastModified: new Date(given) }));
    expect(rep.lastModified.toISOString()).toBe(expected);
  });
});

describe("restore", () => {
  it("derives the gzip tag from the identity tag, as represent() does", () => {
    const rep = restore({
      body: new Uint8Array([0x61]),
      etag: '"abc"',
      contentType: "text/plain",
      lastModified: JULY_22,
      cacheControl: "no-store",
    });
    expect(rep.gzipEtag).toBe('"abc-gzip"');
    expect(rep.etag).toBe('"abc"');
  });
});
