// src/http/send.ts: the one send path, each rule on a tiny Hono app per test (as hono tests its
// middleware): validators, 304 (RFC 9110 §13, §15.4.5), HEAD (§9.3.2), gzip and its own tag
// (§8.8.3.3), Range ignored (§14.2), and serve()'s memo and 405 (§15.5.6).
import { Hono } from "hono";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { AppEnv } from "../../../src/app-env";
import { Memo, type Rendered, restore } from "../../../src/http/representation";
import { ALLOWED_METHODS, clientAcceptsGzip, type Resource, send, serve } from "../../../src/http/send";
import { onError } from "../../../src/routes/errors";
import { type Site, siteFrom } from "../../../src/site";
import { siteVars } from "../../support/feed-fixtures";

const ATOM = "application/atom+xml; charset=utf-8";
const BODY = "<feed>é</feed>"; // 15 bytes in UTF-8: "é" is two.
const JULY_22 = "Mon, 22 Jul 2024 00:00:00 GMT";

/** The site as wrangler.toml's [vars] make it for requests to https://news.example. */
const VARS = siteVars({ SITE_URL: "" });
const SITE = siteFrom(VARS, "https://news.example");
const OTHER_SITE = siteFrom(VARS, "http://other.example");

/** A representation with short literal tags, as the edge cache would hand it back. */
const REP = restore({
  body: new TextEncoder().encode(BODY),
  etag: '"abc"',
  contentType: ATOM,
  lastModified: new Date(JULY_22),
  cacheControl: "max-age=300",
});

/** A tiny app whose one route sends REP with `send`. */
function sendApp(vary?: readonly string[]) {
  const app = new Hono();
  app.get("/r", (c) => send(c, REP, vary));
  return app;
}

/** A tiny app as src/app.ts wires one: the site and a memo in the context, a route that calls serve, onError. */
function serveApp(
  render: () => Rendered | Promise<Rendered>,
  { resource = { key: "/r" }, memo = new Memo(), site = SITE }: { resource?: Resource; memo?: Memo; site?: Site } = {},
) {
  const app = new Hono<AppEnv>();
  app.use(async (c, next) => {
    c.set("site", site);
    c.set("memo", memo);
    await next();
  });
  app.all("/r", (c) => serve(c, resource, render));
  app.onError(onError);
  return app;
}

const rendered = (over: Partial<Rendered> = {}): Rendered => ({
  body: BODY,
  contentType: ATOM,
  lastModified: new Date(JULY_22),
  cacheControl: "max-age=300",
  ...over,
});

const headersOf = (res: Response) => Object.fromEntries(res.headers);

afterEach(() => {
  vi.restoreAllMocks();
});

describe("send", () => {
  it("answers 200 with the body, its type and length, both validators and Vary", async () => {
    const res = await sendApp().request("/r");
    expect(res.status).toBe(200);
    expect(headersOf(res)).toEqual({
      "cache-control": "max-age=300",
      "content-length": "15",
      "content-type": ATOM,
      etag: '"abc"',
      "last-modified": JULY_22,
      vary: "Accept-Encoding",
    });
    expect(await res.text()).toBe(BODY);
  });

  it("names the gzip coding and sends the gzip tag to a client that accepts gzip, without a length", async () => {
    // The runtime compresses on the way out (workerd's encodeBody): the length is not known here.
    const res = await sendApp().request("/r", { headers: { "Accept-Encoding": "gzip, deflate, br" } });
    expect(res.status).toBe(200);
    expect(headersOf(res)).toEqual({
      "cache-control": "max-age=300",
      "content-encoding": "gzip",
      "content-type": ATOM,
      etag: '"abc-gzip"',
      "last-modified": JULY_22,
      vary: "Accept-Encoding",
    });
  });

  it.each<[readonly string[] | undefined, string]>([
    [undefined, "Accept-Encoding"],
    [[], "Accept-Encoding"],
    [["Accept"], "Accept-Encoding, Accept"],
    [["Accept", "Origin"], "Accept-Encoding, Accept, Origin"],
  ])("with vary %j sends Vary: %s", async (vary, expected) => {
    const res = await sendApp(vary).request("/r");
    expect(res.headers.get("Vary")).toBe(expected);
  });

  it.each<[string, Record<string, string>, string]>([
    ["its identity tag", { "If-None-Match": '"abc"' }, '"abc"'],
    ["its gzip tag, from a gzip client", { "If-None-Match": '"abc-gzip"', "Accept-Encoding": "gzip" }, '"abc-gzip"'],
    // Either tag names the same content: a client whose Accept-Encoding changed still has a good copy.
    ["its gzip tag, from a client that no longer asks for gzip", { "If-None-Match": '"abc-gzip"' }, '"abc"'],
    [
      "its identity tag, from a client that now asks for gzip",
      { "If-None-Match": '"abc"', "Accept-Encoding": "gzip" },
      '"abc-gzip"',
    ],
    // Cloudflare weakens a strong tag when it recompresses: the weak comparison takes it back (§13.1.2).
    ["its gzip tag made weak", { "If-None-Match": 'W/"abc-gzip"', "Accept-Encoding": "gzip" }, '"abc-gzip"'],
    ["*", { "If-None-Match": "*" }, '"abc"'],
    ["If-Modified-Since equal to Last-Modified", { "If-Modified-Since": JULY_22 }, '"abc"'],
  ])("304 for %s, with the validators and caching headers a 200 would carry (§15.4.5)", async (_, headers, etag) => {
    const res = await sendApp(["Accept"]).request("/r", { headers });
    expect(res.status).toBe(304);
    expect(headersOf(res)).toEqual({
      "cache-control": "max-age=300",
      etag,
      "last-modified": JULY_22,
      vary: "Accept-Encoding, Accept",
    });
    expect(await res.text()).toBe("");
  });

  it.each<[string, Record<string, string>]>([
    ["another tag", { "If-None-Match": '"not-this-one"' }],
    ["its tag unquoted", { "If-None-Match": "abc" }],
    ["If-Modified-Since before Last-Modified", { "If-Modified-Since": "Sun, 21 Jul 2024 23:59:59 GMT" }],
    [
      "a non-matching tag with a future If-Modified-Since",
      { "If-None-Match": '"x"', "If-Modified-Since": "Fri, 01 Jan 2100 00:00:00 GMT" },
    ],
  ])("200 with the full body for %s", async (_, headers) => {
    const res = await sendApp().request("/r", { headers });
    expect(res.status).toBe(200);
    expect(res.headers.get("ETag")).toBe('"abc"');
    expect(await res.text()).toBe(BODY);
  });

  it("ignores Range: the whole body, no Content-Range, and no Accept-Ranges spent on saying so (§14.2)", async () => {
    const res = await sendApp().request("/r", { headers: { Range: "bytes=0-1" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Range")).toBeNull();
    expect(res.headers.get("Accept-Ranges")).toBeNull();
    expect(await res.text()).toBe(BODY);
  });

  it.each<[string, Record<string, string>]>([
    ["identity", {}],
    ["gzip", { "Accept-Encoding": "gzip" }],
  ])("HEAD (%s) gives GET's status and headers without a body (§9.3.2)", async (_, headers) => {
    const app = sendApp();
    const get = await app.request("/r", { headers });
    const head = await app.request("/r", { method: "HEAD", headers });
    expect(head.status).toBe(200);
    expect(headersOf(head)).toEqual(headersOf(get));
    expect(await head.text()).toBe("");
  });

  it("HEAD sends the length the GET body has", async () => {
    const head = await sendApp().request("/r", { method: "HEAD" });
    expect(head.headers.get("Content-Length")).toBe("15");
  });

  it("HEAD answers a conditional request with 304 as GET does", async () => {
    const res = await sendApp().request("/r", { method: "HEAD", headers: { "If-None-Match": '"abc"' } });
    expect(res.status).toBe(304);
    expect(res.headers.get("ETag")).toBe('"abc"');
  });
});

describe("clientAcceptsGzip", () => {
  const request = (acceptEncoding: string | undefined, cf?: object) => {
    const req = new Request("https://news.example/", {
      headers: acceptEncoding === undefined ? {} : { "Accept-Encoding": acceptEncoding },
    });
    // What Cloudflare sets on request.cf: the Accept-Encoding the client itself sent.
    if (cf) Object.defineProperty(req, "cf", { value: cf });
    return req;
  };

  // RFC 9110 §12.5.3: codings are case-insensitive; q=0 means "not acceptable"; "*" stands for any
  // coding not named; a coding named explicitly is decided by its own q, whatever "*" says.
  it.each<[string | undefined, boolean]>([
    [undefined, false],
    ["", false],
    ["gzip", true],
    ["gzip, deflate, br", true],
    ["br;q=1.0, gzip;q=0.8, *;q=0.1", true],
    ["GZIP", true],
    ["gzip;q=0.001", true],
    ["gzip ; q=0.5", true],
    ["*", true],
    ["*;q=0.5", true],
    ["gzip;q=0", false],
    ["gzip;q=0.0", false],
    ["gzip; q=0", false],
    ["*, gzip;q=0", false],
    ["gzip;q=0, *", false],
    ["*;q=0", false],
    ["gzip;q=1, *;q=0", true],
    ["br", false],
    ["identity", false],
    ["deflate;q=0.5, identity", false],
    ["gzipx", false],
  ])("Accept-Encoding: %j → %s", (header, expected) => {
    expect(clientAcceptsGzip(request(header))).toBe(expected);
  });

  it.each<[string, object, boolean]>([
    // On Cloudflare the Worker always sees "br, gzip"; the client's own header decides.
    ["gzip", { clientAcceptEncoding: "gzip" }, true],
    ["br, gzip", { clientAcceptEncoding: "identity" }, false],
    ["br, gzip", { clientAcceptEncoding: "" }, false],
    ["", { clientAcceptEncoding: "gzip, deflate" }, true],
    // Without the field (bare workerd, other cf objects), the header is the client's own.
    ["gzip", {}, true],
    ["gzip", { clientAcceptEncoding: 1 }, true],
  ])("Accept-Encoding %j with cf %j → %s", (header, cf, expected) => {
    expect(clientAcceptsGzip(request(header, cf))).toBe(expected);
  });
});

describe("serve", () => {
  it("renders once, and sends the memo's representation from then on", async () => {
    const render = vi.fn(() => rendered());
    const app = serveApp(render);
    const first = await app.request("/r");
    const second = await app.request("/r");
    expect(render).toHaveBeenCalledTimes(1);
    // The tag of ATOM + BODY, as representation.test.ts derives it.
    expect(first.headers.get("ETag")).toBe('"j-kMI_gAOkCb4b1VrMDB"');
    expect(second.headers.get("ETag")).toBe(first.headers.get("ETag"));
    expect(await second.text()).toBe(await first.text());
  });

  it("sends Last-Modified in whole seconds, so the date it sent is a 304 when it comes back", async () => {
    const app = serveApp(() => rendered({ lastModified: new Date("2024-07-22T00:00:00.750Z") }));
    const res = await app.request("/r");
    expect(res.headers.get("Last-Modified")).toBe(JULY_22);
    const again = await app.request("/r", { headers: { "If-Modified-Since": JULY_22 } });
    expect(again.status).toBe(304);
  });

  it("passes the resource's Vary on", async () => {
    const res = await serveApp(() => rendered(), { resource: { key: "/r", vary: ["Accept"] } }).request("/r");
    expect(res.headers.get("Vary")).toBe("Accept-Encoding, Accept");
  });

  it.each(["GET", "HEAD"])("%s is served", async (method) => {
    const res = await serveApp(() => rendered()).request("/r", { method });
    expect(res.status).toBe(200);
  });

  it.each(["POST", "PUT", "DELETE", "PATCH", "PROPFIND"])(
    "%s → 405 with Allow, nothing rendered and no validators (§15.5.6)",
    async (method) => {
      const render = vi.fn(() => rendered());
      const res = await serveApp(render).request("/r", { method });
      expect(res.status).toBe(405);
      expect(headersOf(res)).toEqual({
        allow: "GET, HEAD, OPTIONS",
        "cache-control": "no-store",
        "content-type": "text/plain; charset=UTF-8",
        vary: "Accept",
      });
      expect(await res.text()).toBe("Method Not Allowed — This resource answers GET, HEAD, OPTIONS only.\n");
      expect(render).not.toHaveBeenCalled();
    },
  );

  it("405 is an HTML page for a browser, with the same Allow", async () => {
    const res = await serveApp(() => rendered()).request("/r", { method: "POST", headers: { Accept: "text/html" } });
    expect(res.status).toBe(405);
    expect(res.headers.get("Allow")).toBe("GET, HEAD, OPTIONS");
    expect(res.headers.get("Content-Type")).toBe("text/html; charset=UTF-8");
    expect(await res.text()).toContain("Method Not Allowed");
  });

  it("Allow names exactly ALLOWED_METHODS", () => {
    expect(ALLOWED_METHODS).toEqual(["GET", "HEAD", "OPTIONS"]);
  });

  it("keys the memo by site: another origin renders its own bytes", async () => {
    const memo = new Memo();
    const render = vi.fn((site: Site) => rendered({ body: `<feed>${site.baseUrl}</feed>` }));
    const a = await serveApp(() => render(SITE), { memo }).request("/r");
    const b = await serveApp(() => render(OTHER_SITE), { memo, site: OTHER_SITE }).request("/r");
    expect(render).toHaveBeenCalledTimes(2);
    expect(await a.text()).toBe("<feed>https://news.example</feed>");
    expect(await b.text()).toBe("<feed>http://other.example</feed>");
  });

  it("shares one entry across origins for a resource whose bytes do not name the site (anyOrigin)", async () => {
    const memo = new Memo();
    const render = vi.fn(() => rendered());
    const resource = { key: "/style.css", anyOrigin: true };
    await serveApp(render, { memo, resource }).request("/r");
    await serveApp(render, { memo, resource, site: OTHER_SITE }).request("/r");
    expect(render).toHaveBeenCalledTimes(1);
  });

  it("keeps resource keys apart", async () => {
    const memo = new Memo();
    const render = vi.fn(() => rendered());
    await serveApp(render, { memo, resource: { key: "/a" } }).request("/r");
    await serveApp(render, { memo, resource: { key: "/b" } }).request("/r");
    expect(render).toHaveBeenCalledTimes(2);
  });

  it("a failed render is a plain 500, and the next request renders again", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    const render = vi
      .fn<() => Rendered>()
      .mockImplementationOnce(() => {
        throw new Error("render failed");
      })
      .mockImplementation(() => rendered());
    const app = serveApp(render);
    const failed = await app.request("/r");
    expect(failed.status).toBe(500);
    expect(failed.headers.get("Cache-Control")).toBe("no-store");
    expect(await failed.text()).toBe(
      "Internal Server Error — Something went wrong on our side. Please try again later.\n",
    );
    expect(String(logged.mock.calls[0]?.[0])).toContain("render failed");
    const next = await app.request("/r");
    expect(next.status).toBe(200);
    expect(render).toHaveBeenCalledTimes(2);
  });
});
