// Compression: every text type reaches clients gzipped when they ask, with its own strong validator.
// Which Accept-Encoding asks for gzip, and which tags revalidate, are unit-tested in
// test/node/http/send.test.ts; here the runtime's encoding is checked once per kind of route (each
// media type the site sends is among them).
import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { get, KINDS, ORIGIN } from "./http-fixtures";

/** The bytes as they travel, not decoded by fetch: what a client receives on the wire. */
async function raw(path: string, acceptEncoding: string) {
  const res = await SELF.fetch(ORIGIN + path, {
    headers: { "Accept-Encoding": acceptEncoding },
    encodeResponseBody: "manual",
  });
  return { res, bytes: new Uint8Array(await res.arrayBuffer()) };
}

async function gunzip(bytes: Uint8Array): Promise<string> {
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
  return new Response(stream).text();
}

describe.each(KINDS)("$path", ({ path }) => {
  it("is gzipped for Accept-Encoding: gzip, and decodes to the identity body", async () => {
    const identity = await (await get(path)).text();
    const { res, bytes } = await raw(path, "gzip");
    expect(res.headers.get("Content-Encoding")).toBe("gzip");
    expect([bytes[0], bytes[1]]).toEqual([0x1f, 0x8b]); // RFC 1952 §2.3.1
    expect(await gunzip(bytes)).toBe(identity);
  });

  it("is sent as is without Accept-Encoding, with its length", async () => {
    const { res, bytes } = await raw(path, "");
    expect(res.headers.get("Content-Encoding")).toBeNull();
    expect(Number(res.headers.get("Content-Length"))).toBe(bytes.byteLength);
  });

  it("gives the gzip representation its own strong tag, and either tag revalidates (§8.8.3.3)", async () => {
    const identity = (await get(path)).headers.get("ETag") ?? "";
    const gzip = (await get(path, { "Accept-Encoding": "gzip" })).headers.get("ETag") ?? "";
    expect(gzip).toMatch(/^"[^"]+"$/);
    expect(gzip).not.toBe(identity);
    // Cloudflare weakens the tag it forwards; a client that stopped asking for gzip keeps a good copy.
    for (const [encoding, tag] of [
      ["gzip", `W/${gzip}`],
      ["", gzip],
    ]) {
      const res = await get(path, { "Accept-Encoding": encoding ?? "", "If-None-Match": tag ?? "" });
      expect(res.status, `${encoding} ${tag}`).toBe(304);
    }
  });
});
