// Fuzzing request handling inside workerd: arbitrary paths, query strings, methods, origins and headers
// never make the Worker answer 5xx (or fail to answer). Paths are mostly the site's own routes with their
// variable parts fuzzed, and otherwise fast-check's URL paths or raw text (which the URL parser encodes).
import { SELF } from "cloudflare:test";
import fc from "fast-check";
import { expect, it } from "vitest";

/**
 * Header value characters: visible ASCII, space and tab (RFC 9110 §5.5). obs-text is left out: workerd
 * would send a JS string's U+0080–U+00FF as UTF-8, not as the single bytes a client would send.
 */
const valueChar = fc.oneof(fc.integer({ min: 0x20, max: 0x7e }), fc.constant(0x09)).map((c) => String.fromCharCode(c));
/** A header name: an RFC 9110 token. */
const token = fc.stringMatching(/^[!#$%&'*+\-.^_`|~0-9A-Za-z]{1,24}$/);
/** Headers that change how the request is framed or routed rather than what it asks for. */
const FRAMING = new Set([
  "host",
  "content-length",
  "transfer-encoding",
  "connection",
  "upgrade",
  "keep-alive",
  "te",
  "trailer",
  "expect",
]);
const headerName = fc
  .oneof(
    fc.constantFrom(
      "Accept",
      "Accept-Encoding",
      "Accept-Language",
      "If-None-Match",
      "If-Modified-Since",
      "If-Match",
      "If-Unmodified-Since",
      "Range",
      "Origin",
      "Access-Control-Request-Method",
      "Access-Control-Request-Headers",
      "Cache-Control",
      "Cookie",
      "User-Agent",
      "X-Forwarded-Proto",
      "Sec-Fetch-Dest",
      "Sec-Fetch-Mode",
    ),
    token,
  )
  .filter((name) => !FRAMING.has(name.toLowerCase()));
const headerValue = fc.oneof(
  fc.string({ unit: valueChar, maxLength: 80 }),
  fc.constantFrom(
    "*",
    "*/*;q=0",
    "application/atom+xml;q=0.9, application/feed+json;q=1.0, text/html;q=abc",
    "gzip;q=0, br, *;q=0.5",
    'W/"x", "y", *',
    "Mon, 22 Jul 2024 00:00:00 GMT",
    "Sunday, 06-Nov-94 08:49:37 GMT",
    "Sun Nov  6 08:49:37 1994",
    "bytes=0-1,5-",
    "document",
    "navigate",
    "null",
  ),
);
const headers = fc.uniqueArray(fc.tuple(headerName, headerValue), {
  maxLength: 6,
  selector: ([name]) => name.toLowerCase(),
});

/** Fills a route's variable part: a value that exists, a number, or an arbitrary segment. */
const hole = (...known: string[]) =>
  fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...known) },
    fc.constantFrom("0", "1", "2", "01", "-1", "999999999", "1e3", "%2F", "%00", "%ZZ", "%E2%82", "..", ""),
    fc.webSegment(),
    fc.string({ maxLength: 12 }).map(encodeURIComponent),
  );
const file = hole("rss.xml", "atom.xml", "feed.json");
const tag = hole("mexico", "us");
const n = hole("1", "2");
/** The site's routes (README.md "Routes") with their variable parts fuzzed. */
const routePath = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      "/",
      "/rss.xml",
      "/atom.xml",
      "/feed.json",
      "/feed",
      "/tags",
      "/sitemap.xml",
      "/robots.txt",
    ),
  },
  hole("us-mexico-partnership-fentanyl-migration").map((slug) => `/articles/${slug}`),
  tag.map((t) => `/tags/${t}`),
  fc.tuple(tag, file).map(([t, f]) => `/tags/${t}/${f}`),
  fc.tuple(n, file).map(([k, f]) => `/archive/${k}/${f}`),
  fc.tuple(tag, n, file).map(([t, k, f]) => `/tags/${t}/archive/${k}/${f}`),
  n.map((k) => `/page/${k}`),
  fc.tuple(tag, n).map(([t, k]) => `/tags/${t}/page/${k}`),
  hole("style.css").map((a) => `/assets/${a}`),
);
const path = fc.oneof(
  { weight: 4, arbitrary: routePath },
  fc.webPath(),
  fc.string({ unit: "binary", maxLength: 40 }).map((s) => `/${s}`),
);
const queryValue = fc.oneof(
  fc.constantFrom("", "1", "0", "20", "21", "-1", "1.5", "rss", "atom", "json", "RSS", "%FF", "999999999999"),
  fc.string({ maxLength: 10 }).map(encodeURIComponent),
);
const parameters = fc
  .array(fc.tuple(fc.constantFrom("limit", "format", "page", "n", ""), queryValue), { minLength: 1, maxLength: 4 })
  .map((pairs) => `?${pairs.map(([k, v]) => `${k}=${v}`).join("&")}`);
const query = fc.oneof(
  fc.constant(""),
  parameters,
  fc.webQueryParameters().map((q) => `?${q}`),
  fc.string({ maxLength: 30 }).map((s) => `?${s}`),
);
const knownOrigin = fc.constantFrom(
  "https://news.example",
  "http://localhost:8787",
  "http://127.0.0.1",
  "https://[::1]:8443",
);
/** With SITE_URL empty, every new origin is a new set of documents to render (the memo's worst case). */
const origin = fc.oneof(
  knownOrigin,
  fc.domain().map((d) => `https://${d}`),
);
const method = fc.constantFrom("GET", "GET", "GET", "HEAD", "OPTIONS", "POST", "PUT", "DELETE", "PATCH");

/**
 * Sends each request; fails on a 5xx; returns how many of each status came back. (The tests' generous
 * timeouts only stop a hang: a request through the test pool takes up to ~30 ms on a busy machine.)
 */
async function fuzzRequests(
  requests: fc.Arbitrary<[string, string, string, string, [string, string][], string]>,
  numRuns: number,
): Promise<Record<string, number>> {
  const seen: Record<string, number> = {};
  await fc.assert(
    fc.asyncProperty(requests, async ([o, p, q, m, h, body]) => {
      // Concatenated, not resolved: a path such as "//x" is a path here, not a host.
      const url = new URL(o + p + q);
      const res = await SELF.fetch(url, {
        method: m,
        headers: h,
        ...(m === "POST" || m === "PUT" || m === "PATCH" ? { body } : {}),
      });
      await res.arrayBuffer();
      expect(res.status, `${m} ${url.href} ${JSON.stringify(h)}`).toBeLessThan(500);
      seen[res.status] = (seen[res.status] ?? 0) + 1;
    }),
    { numRuns },
  );
  return seen;
}

it("answers any request without a 5xx", async () => {
  const seen = await fuzzRequests(fc.tuple(origin, path, query, method, headers, fc.string({ maxLength: 40 })), 250);
  // The generators reach real representations as well as errors.
  expect(Object.keys(seen)).toEqual(expect.arrayContaining(["200", "404"]));
}, 60_000);

it("answers any query string on a feed with 200 or a 400 that says why, never a 5xx", async () => {
  const feed = fc.constantFrom(
    "/rss.xml",
    "/atom.xml",
    "/feed.json",
    "/feed",
    "/tags/mexico/rss.xml",
    "/tags/us/feed.json",
  );
  const seen = await fuzzRequests(
    // Known origins only: rendering every feed for a new origin each run would be slow and prove nothing more.
    fc.tuple(knownOrigin, feed, parameters, fc.constantFrom("GET", "HEAD"), headers, fc.constant("")),
    150,
  );
  expect(Object.keys(seen)).toEqual(expect.arrayContaining(["200", "400"]));
}, 60_000);
