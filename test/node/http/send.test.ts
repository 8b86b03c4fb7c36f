// src/worker/http/send.ts: the one send path, each rule on a tiny Hono app per test (as hono tests its
// middleware): validators, 304 (RFC 9110 §13, §15.4.5), HEAD (§9.3.2), gzip and its own tag
// (§8.8.3.3), Range ignored (§14.2), and the 405 of a resource that exists (§15.5.6).
import { Hono } from "hono";
import { afterEach, describe, expect, it, vi } from "vitest";
import { type Rendered, type Representation, represent, restore } from "../../../src/shared/http/representation";
import { siteFrom } from "../../../src/shared/site";
import type { SiteEnv } from "../../../src/worker/app-env";
import { onError } from "../../../src/worker/errors";
import { ALLOWED_METHODS, clientAcceptsGzip, refuseOtherMethods, send } from "../../../src/worker/http/send";
import { siteVars } from "../../support/feed-fixtures";

const ATOM = "application/atom+xml; charset=utf-8";
const BODY = "<feed>é</feed>"; // 15 bytes in UTF-8: "é" is two.
const JULY_22 = "Mon, 22 Jul 2024 00:00:00 GMT";

/** The site as wrangler.toml's [vars] make it for requests to https://news.example. */
const VARS = siteVars({ SITE_URL: "" });
const SITE = siteFrom(VARS, "https://news.example");

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

/** A tiny app as src/worker/app.ts answers a resource that exists: the site in the context, 405 before sending, onError. */
function resourceApp(rep: Representation = REP, vary?: readonly string[]) {
  const app = new Hono<SiteEnv>();
  app.use(async (c, next) => {
    c.set("site", SITE);
    await next();
  });
  app.all("/r", (c) => {
    refuseOtherMethods(c);
    return send(c, rep, vary);
  });
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

describe("a resource that exists, as the Worker answers it (refuseOtherMethods, then send)", () => {
  it("sends the representation's strong tag, derived from its bytes and type", async () => {
    const res = await resourceApp(await represent(rendered())).request("/r");
    // The tag of ATOM + BODY, as representation.test.ts derives it.
    expect(res.headers.get("ETag")).toBe('"j-kMI_gAOkCb4b1VrMDB"');
    expect(await res.text()).toBe(BODY);
  });

  it("sends Last-Modified in whole seconds, so the date it sent is a 304 when it comes back", async () => {
    const app = resourceApp(await represent(rendered({ lastModified: new Date("2024-07-22T00:00:00.750Z") })));
    const res = await app.request("/r");
    expect(res.headers.get("Last-Modified")).toBe(JULY_22);
    const again = await app.request("/r", { headers: { "If-Modified-Since": JULY_22 } });
    expect(again.status).toBe(304);
  });

  it("passes the resource's Vary on", async () => {
    const res = await resourceApp(REP, ["Accept"]).request("/r");
    expect(res.headers.get("Vary")).toBe("Accept-Encoding, Accept");
  });

  it.each(["GET", "HEAD"])("%s is served", async (method) => {
    const res = await resourceApp().request("/r", { method });
    expect(res.status).toBe(200);
  });

  it.each(["POST", "PUT", "DELETE", "PATCH", "PROPFIND"])(
    "%s → 405 with Allow, nothing sent and no validators (§15.5.6)",
    async (method) => {
      const res = await resourceApp().request("/r", { method });
      expect(res.status).toBe(405);
      expect(headersOf(res)).toEqual({
        allow: "GET, HEAD, OPTIONS",
        "cache-control": "no-store",
        "content-type": "text/plain; charset=UTF-8",
        vary: "Accept",
      });
      expect(await res.text()).toBe("Method Not Allowed — This resource answers GET, HEAD, OPTIONS only.\n");
    },
  );

  it("405 is an HTML page for a browser, with the same Allow", async () => {
    const res = await resourceApp().request("/r", { method: "POST", headers: { Accept: "text/html" } });
    expect(res.status).toBe(405);
    expect(res.headers.get("Allow")).toBe("GET, HEAD, OPTIONS");
    expect(res.headers.get("Content-Type")).toBe("text/html; charset=UTF-8");
    expect(await res.text()).toContain("Method Not Allowed");
  });

  it("Allow names exactly ALLOWED_METHODS", () => {
    expect(ALLOWED_METHODS).toEqual(["GET", "HEAD", "OPTIONS"]);
  });

  it("a route that fails is a plain 500 that no cache keeps, the error only in the log", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    const app = new Hono<SiteEnv>();
    app.use(async (c, next) => {
      c.set("site", SITE);
      await next();
    });
    app.all("/r", () => {
      throw new Error("store answered nonsense");
    });
    app.onError(onError);
    const failed = await app.request("/r");
    expect(failed.status).toBe(500);
    expect(failed.headers.get("Cache-Control")).toBe("no-store");
    expect(await failed.text()).toBe(
      "Internal Server Error — Something went wrong on our side. Please try again later.\n",
    );
    expect(String(logged.mock.calls[0]?.[0])).toContain("store answered nonsense");
  });
});
