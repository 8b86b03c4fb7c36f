// src/worker/middleware/security-headers.ts and src/worker/middleware/cors.ts on a tiny Hono app per test: which
// headers each kind of response gets, decided by its status and media type alone.
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { cors } from "../../../src/worker/middleware/cors";
import { securityHeaders } from "../../../src/worker/middleware/security-headers";

/** An app whose one route answers with `status` and, when given, `type` (and an ETag, as the send path does). */
function app(status: number, type?: string, media?: Parameters<typeof securityHeaders>[0]) {
  const a = new Hono();
  a.use(securityHeaders(media));
  a.use(cors());
  a.get("/r", () => {
    const headers: Record<string, string> = { ETag: '"t"' };
    if (type) headers["Content-Type"] = type;
    return new Response(status === 304 || status === 204 ? null : "x", { status, headers });
  });
  return a;
}

const names = async (res: Response) => [...res.headers.keys()].sort();

const DOCUMENT = [
  "content-security-policy",
  "cross-origin-opener-policy",
  "cross-origin-resource-policy",
  "origin-agent-cluster",
  "permissions-policy",
  "referrer-policy",
  "strict-transport-security",
  "x-content-type-options",
  "x-frame-options",
];
const CORS = ["access-control-allow-origin", "access-control-expose-headers"];

describe("securityHeaders", () => {
  it.each(["text/html; charset=utf-8", "application/xml; charset=utf-8", "TEXT/HTML"])(
    "a document a browser renders (%s) gets every policy, HSTS over https",
    async (type) => {
      const res = await app(200, type).request("https://news.example/r");
      expect(await names(res)).toEqual([...DOCUMENT, ...CORS, "content-type", "etag"].sort());
      const http = await app(200, type).request("http://news.example/r");
      expect(http.headers.has("Strict-Transport-Security")).toBe(false);
    },
  );

  it.each([
    "application/rss+xml; charset=utf-8",
    "application/atom+xml; charset=utf-8",
    "application/feed+json; charset=utf-8",
    "text/plain; charset=utf-8",
  ])("what programs read (%s) gets nosniff only", async (type) => {
    const res = await app(200, type).request("https://news.example/r");
    expect(await names(res)).toEqual(["x-content-type-options", ...CORS, "content-type", "etag"].sort());
  });

  it("a page's CSP allows the site's own images, and exactly the other origins the content's media come from", async () => {
    const csp = async (media?: Parameters<typeof securityHeaders>[0]) =>
      (await app(200, "text/html", media).request("https://news.example/r")).headers.get("Content-Security-Policy");
    expect(await csp()).toBe(
      "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    );
    expect(
      await csp({ img: ["https://img.example", "https://cdn.example"], media: ["'self'", "https://audio.example"] }),
    ).toBe(
      "default-src 'none'; style-src 'self'; img-src 'self' https://img.example https://cdn.example; media-src 'self' https://audio.example; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    );
  });

  it.each(["image/png", "image/jpeg", "audio/mpeg", "video/mp4", "application/pdf"])(
    "a medium (%s) gets nosniff and its embedding policy, as an asset",
    async (type) => {
      const res = await app(200, type).request("https://news.example/r");
      expect(res.headers.get("X-Content-Type-Options")).toBe("nosniff");
      expect(res.headers.get("Cross-Origin-Resource-Policy")).toBe("cross-origin");
      expect(res.headers.has("Content-Security-Policy")).toBe(false);
    },
  );

  it.each(["text/css; charset=utf-8", "image/svg+xml; charset=utf-8"])(
    "an asset (%s) gets nosniff and its embedding policy",
    async (type) => {
      const res = await app(200, type).request("https://news.example/r");
      expect(res.headers.get("Cross-Origin-Resource-Policy")).toBe("cross-origin");
      expect(await names(res)).toEqual(
        ["cross-origin-resource-policy", "x-content-type-options", ...CORS, "content-type", "etag"].sort(),
      );
    },
  );

  it("a 304 gets none, whatever it revalidates: the cache keeps the stored response's", async () => {
    const res = await app(304, "text/html").request("https://news.example/r");
    expect(await names(res)).toEqual([...CORS, "content-type", "etag"].sort());
  });

  it("a response without a body type gets none", async () => {
    const res = await app(204).request("https://news.example/r");
    expect(await names(res)).toEqual([...CORS, "etag"].sort());
  });
});

describe("cors", () => {
  it("exposes the ETag only where there is one", async () => {
    const a = new Hono();
    a.use(cors());
    a.get("/r", (c) => c.text("no tag"));
    const res = await a.request("/r");
    expect(res.headers.get("Access-Control-Allow-Origin")).toBe("*");
    expect(res.headers.has("Access-Control-Expose-Headers")).toBe(false);
    expect((await app(200, "text/plain").request("/r")).headers.get("Access-Control-Expose-Headers")).toBe("ETag");
  });
});
