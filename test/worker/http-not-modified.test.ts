// The cheapest poll: a 304 carries what a cache needs to update its stored response (RFC 9110
// §15.4.5) and the CORS headers an app needs to read it, nothing else, and fits in 300 bytes on the
// wire for every subscription feed. (Real Chromium, as a cache and as a CORS client, is in
// test/browser/conditional.test.ts; bytes on a real socket in `npm run bench`.)
import { describe, expect, it } from "vitest";
import { FEEDS, get, KINDS } from "./http-fixtures";

/** RFC 9110 §15.4.5's fields that a 200 here carries, and Last-Modified (the validator of §13.1.3). */
const FOR_CACHES = ["etag", "cache-control", "vary", "last-modified"];
/** Without ACAO no app may read the 304; ACEH lets it read the tag off it as off a 200. */
const FOR_APPS = ["access-control-allow-origin", "access-control-expose-headers"];
/** Where WebSub (W3C WebSub §4) puts a feed's hub and self: a 304 may carry it, once feeds do. */
const MAY = new Set([...FOR_CACHES, ...FOR_APPS, "link"]);

/** The status line and header lines as HTTP/1.1 writes them, with the Date line a runtime adds. */
function wireBytes(res: Response): number {
  const lines = ["HTTP/1.1 304 Not Modified", ...[...res.headers].map(([name, value]) => `${name}: ${value}`)];
  if (!res.headers.has("Date")) lines.push(`Date: ${new Date(0).toUTCString()}`);
  return new TextEncoder().encode(`${lines.join("\r\n")}\r\n\r\n`).byteLength;
}

const ENCODINGS: [string, Record<string, string>][] = [
  ["identity", {}],
  ["gzip", { "Accept-Encoding": "gzip" }],
];

describe.each(FEEDS)("$path", ({ path }) => {
  it.each(ENCODINGS)(
    "(%s) 304: what caches and CORS clients need, as the 200 says it, in ≤ 300 bytes",
    async (_, ae) => {
      const headers = { ...ae, Origin: "https://reader.example" };
      const full = await get(path, headers);
      const res = await get(path, { ...headers, "If-None-Match": full.headers.get("ETag") ?? "" });
      expect(res.status).toBe(304);
      const names = [...res.headers.keys()];
      expect(names).toEqual(expect.arrayContaining([...FOR_CACHES, ...FOR_APPS]));
      expect(names.filter((name) => !MAY.has(name))).toEqual([]);
      for (const name of names) expect(res.headers.get(name), name).toBe(full.headers.get(name));
      expect(res.headers.get("Access-Control-Allow-Origin")).toBe("*");
      expect(res.headers.get("Access-Control-Expose-Headers")?.toLowerCase().split(",")).toContain("etag");
      expect(wireBytes(res)).toBeLessThanOrEqual(300);
    },
  );
});

describe.each(KINDS)("$path", ({ path }) => {
  it("304: no header a 200 sends but caches and CORS clients need, whatever the kind of document", async () => {
    const full = await get(path, { Accept: "text/html" });
    const res = await get(path, { Accept: "text/html", "If-None-Match": full.headers.get("ETag") ?? "" });
    expect(res.status).toBe(304);
    expect([...res.headers.keys()].filter((name) => !MAY.has(name))).toEqual([]);
    for (const [name, value] of res.headers) expect(value, name).toBe(full.headers.get(name));
  });
});
