// The hostile requests of hostile.test.ts: each with what it tries and, where the Worker decides, the
// status it should get. Every one must at least not be a 5xx.

export const SCRIPT = "<script>alert(1)</script>";
const K9 = "a".repeat(9 * 1024);

export interface Case {
  name: string;
  /** Path and query, sent as is (already percent-encoded where the case needs it). */
  target: string;
  init?: RequestInit;
  /** The status the Worker should choose; every case must at least not be a 5xx. */
  status?: number;
  /** A string that must never appear verbatim in the body (markup the request tried to inject). */
  injected?: string;
}

export const html = { Accept: "text/html" };

export const CASES: Case[] = [
  // Path traversal: the Worker has no file system, but nothing may resolve outside the routes either.
  { name: "dot segments", target: "/../../etc/passwd", status: 404 },
  { name: "encoded dot segments %2e%2e", target: "/%2e%2e/%2e%2e/etc/passwd", status: 404 },
  { name: "encoded slashes ..%2f", target: "/..%2f..%2fwrangler.toml", status: 404 },
  { name: "double-encoded %252e%252e", target: "/%252e%252e/%252e%252e/etc/passwd", status: 404 },
  { name: "traversal in a slug", target: "/articles/..%2f..%2fsrc%2findex.ts", status: 404 },
  { name: "traversal in an asset name", target: "/assets/..%2f..%2fpackage.json", status: 404 },
  { name: "backslashes", target: "/..\\..\\etc\\passwd", status: 404 },
  // Internal entries (src/shared/contract.ts): a tag's newest articles as JSON, naming content files, a
  // medium's facts, an epoch's documents; no spelling of their keys or store files may reach them.
  { name: "an internal variant as a space", target: "/tags/mexico%20items", status: 404, injected: '"file"' },
  { name: "an internal variant as its file name", target: "/tags/mexico~items", status: 404, injected: '"file"' },
  { name: "an internal variant, encoded", target: "/tags/mexico%7Eitems", status: 404, injected: '"file"' },
  { name: "a store file's name", target: "/!tags!mexico~items", status: 404, injected: '"file"' },
  { name: "a store file's path", target: "/_store/!tags!mexico~items", status: 404, injected: '"file"' },
  { name: "a feed's view by name", target: "/rss.xml%20view", status: 404 },
  { name: "an epoch's key", target: "/rss.xml@0", status: 404 },
  { name: "an epoch's key, encoded", target: "/rss.xml%400", status: 404 },
  { name: "a query in an encoded path", target: "/tags/mexico%3Fx", status: 404 },
  { name: "a fragment in an encoded path", target: "/tags/mexico%23x", status: 404 },
  { name: "upper case", target: "/Tags/Mexico", status: 404 },
  // Bytes that are not text.
  { name: "encoded NUL in a slug", target: "/articles/us-mexico-partnership-fentanyl-migration%00", status: 404 },
  { name: "encoded NUL alone", target: "/%00", status: 404 },
  { name: "broken percent-encoding", target: "/%E0%A4%A", status: 404 },
  { name: "broken percent-encoding in a tag feed", target: "/tags/%E0%A4%A/rss.xml", status: 404 },
  { name: "overlong UTF-8", target: "/articles/%C0%AF", status: 404 },
  { name: "lone surrogate", target: "/tags/%ED%A0%80", status: 404 },
  { name: "broken percent-encoding in limit", target: "/rss.xml?limit=%E0%A4%A", status: 400 },
  { name: "bad escape in format", target: "/feed?format=%ZZ", status: 400 },
  { name: "CRLF in the path", target: "/%0d%0aSet-Cookie:%20x=1", status: 404 },
  // Sizes.
  { name: "9 KB path", target: `/${K9}`, status: 404 },
  { name: "9 KB slug", target: `/articles/${K9}`, status: 404 },
  { name: "9 KB query string", target: `/rss.xml?x=${K9}`, status: 200 },
  {
    name: "2,000 query parameters",
    target: `/rss.xml?${Array.from({ length: 2000 }, (_, i) => `p${i}=${i}`).join("&")}`,
  },
  { name: "9 KB header value", target: "/rss.xml", init: { headers: { "X-Junk": K9 } }, status: 200 },
  { name: "9 KB User-Agent", target: "/", init: { headers: { "User-Agent": K9 } }, status: 200 },
  // Absurd negotiation.
  {
    name: "Accept with 5,000 entries",
    target: "/feed",
    init: { headers: { Accept: Array.from({ length: 5000 }, (_, i) => `type${i}/x;q=0.${i % 10}`).join(", ") } },
    status: 200,
  },
  { name: "Accept q=NaN", target: "/feed", init: { headers: { Accept: "application/atom+xml;q=NaN" } }, status: 200 },
  { name: "Accept made of separators", target: "/feed", init: { headers: { Accept: ";;;,,,;q=;=,=" } }, status: 200 },
  { name: "Accept 9 KB of one type", target: "/nope", init: { headers: { Accept: `text/${K9}` } }, status: 404 },
  {
    name: "Accept-Encoding garbage",
    target: "/atom.xml",
    init: { headers: { "Accept-Encoding": ";q=,gzip;q=x,*;" } },
    status: 200,
  },
  // Bogus conditional headers: ignored or unmatched, so a full 200.
  {
    name: "If-None-Match unterminated",
    target: "/rss.xml",
    init: { headers: { "If-None-Match": '"abc' } },
    status: 200,
  },
  { name: "If-None-Match bare W/", target: "/rss.xml", init: { headers: { "If-None-Match": "W/" } }, status: 200 },
  { name: "If-None-Match *, mixed", target: "/rss.xml", init: { headers: { "If-None-Match": '*, "x"' } }, status: 200 },
  { name: "If-None-Match 9 KB", target: "/rss.xml", init: { headers: { "If-None-Match": `"${K9}"` } }, status: 200 },
  {
    name: "If-None-Match with 3,000 tags",
    target: "/rss.xml",
    init: { headers: { "If-None-Match": Array.from({ length: 3000 }, (_, i) => `"t${i}"`).join(",") } },
    status: 200,
  },
  {
    name: "If-Modified-Since words",
    target: "/rss.xml",
    init: { headers: { "If-Modified-Since": "yesterday" } },
    status: 200,
  },
  {
    name: "If-Modified-Since epoch number",
    target: "/rss.xml",
    init: { headers: { "If-Modified-Since": "0" } },
    status: 200,
  },
  {
    name: "If-Modified-Since impossible date",
    target: "/rss.xml",
    init: { headers: { "If-Modified-Since": "Mon, 99 Foo 99999 99:99:99 GMT" } },
    status: 200,
  },
  { name: "If-Modified-Since 9 KB", target: "/rss.xml", init: { headers: { "If-Modified-Since": K9 } }, status: 200 },
  // Range: ignored (RFC 9110 §14.2), so the full body with 200, never a 206 or a 416.
  { name: "Range bytes=0-10", target: "/atom.xml", init: { headers: { Range: "bytes=0-10" } }, status: 200 },
  { name: "Range suffix", target: "/atom.xml", init: { headers: { Range: "bytes=-1" } }, status: 200 },
  { name: "Range unsatisfiable", target: "/atom.xml", init: { headers: { Range: "bytes=999999-" } }, status: 200 },
  { name: "Range garbage", target: "/atom.xml", init: { headers: { Range: "lines=1-2,,x" } }, status: 200 },
  {
    name: "Range many",
    target: "/atom.xml",
    init: { headers: { Range: `bytes=${"0-0,".repeat(2000)}0-0` } },
    status: 200,
  },
  // Odd methods.
  { name: "TRACE", target: "/rss.xml", init: { method: "TRACE" }, status: 405 },
  { name: "PROPFIND", target: "/rss.xml", init: { method: "PROPFIND" }, status: 405 },
  { name: "MKCOL on a page", target: "/", init: { method: "MKCOL" }, status: 405 },
  {
    // The Fetch standard upper-cases "get" before it reaches the Worker; over HTTP, workerd itself
    // answers 501 to it (RFC 9110 §9.1: methods are case-sensitive, so "get" is not GET).
    name: "lower-case get",
    target: "/rss.xml",
    init: { method: "get" },
    status: 200,
  },
  { name: "POST with a body to an unknown path", target: "/nope", init: { method: "POST", body: K9 }, status: 404 },
  // Markup in the path and query, for people (HTML errors) and programs.
  {
    name: "script in the path (HTML)",
    target: `/${encodeURIComponent(SCRIPT)}`,
    init: { headers: html },
    status: 404,
    injected: SCRIPT,
  },
  {
    name: "raw script in the path",
    target: "/<script>alert(1)</script>",
    init: { headers: html },
    status: 404,
    injected: SCRIPT,
  },
  {
    name: "script as a slug",
    target: `/articles/${encodeURIComponent(SCRIPT)}`,
    init: { headers: html },
    status: 404,
    injected: SCRIPT,
  },
  {
    name: "script as a tag",
    target: `/tags/${encodeURIComponent(SCRIPT)}`,
    init: { headers: html },
    status: 404,
    injected: SCRIPT,
  },
  {
    name: "script as a tag feed",
    target: `/tags/${encodeURIComponent(SCRIPT)}/rss.xml`,
    status: 404,
    injected: SCRIPT,
  },
  {
    name: "script in limit",
    target: `/rss.xml?limit=${encodeURIComponent(SCRIPT)}`,
    init: { headers: html },
    status: 400,
    injected: SCRIPT,
  },
  {
    name: "script in format",
    target: `/feed?format=${encodeURIComponent(SCRIPT)}`,
    init: { headers: html },
    status: 400,
    injected: SCRIPT,
  },
  {
    name: "script in an unused parameter of a page",
    target: `/?q=${encodeURIComponent(SCRIPT)}`,
    status: 200,
    injected: SCRIPT,
  },
  {
    name: "script in an unused parameter of a feed",
    target: `/atom.xml?q=${encodeURIComponent(SCRIPT)}`,
    status: 200,
    injected: SCRIPT,
  },
  {
    name: "attribute breakout in the path",
    target: `/tags/${encodeURIComponent('"><img src=x onerror=alert(1)>')}`,
    init: { headers: html },
    status: 404,
    injected: "<img src=x",
  },
  // Addresses that are almost right.
  { name: "unicode slug", target: `/articles/${encodeURIComponent("café-über")}`, status: 404 },
  { name: "unicode tag", target: `/tags/${encodeURIComponent("日本")}`, status: 404 },
  { name: "unicode tag feed", target: `/tags/${encodeURIComponent("méxico")}/atom.xml`, status: 404 },
  { name: "double slash before a feed", target: "//rss.xml", status: 404 },
  { name: "double slash inside", target: "/tags//rss.xml", status: 404 },
  { name: "upper-case feed name", target: "/RSS.XML", status: 404 },
  { name: "repeated limit", target: "/rss.xml?limit=1&limit=2", status: 400 },
  { name: "archive zero-padded", target: "/archive/0001/rss.xml", status: 404 },
  { name: "archive huge number", target: `/archive/${"9".repeat(400)}/rss.xml`, status: 404 },
  { name: "page huge number", target: `/page/${"9".repeat(400)}`, status: 404 },
  // Host: fetch through SELF keeps the URL's host, and the Worker reads only the URL; forwarding
  // headers change nothing. (Over HTTP a Host header does choose the links' origin while SITE_URL is
  // unset, which is why a deployment sets SITE_URL.)
  {
    name: "Host header",
    target: "/rss.xml",
    init: { headers: { Host: "evil.example" } },
    status: 200,
    injected: "evil.example",
  },
  {
    name: "X-Forwarded-Host and -Proto",
    target: "/atom.xml",
    init: { headers: { "X-Forwarded-Host": "evil.example", "X-Forwarded-Proto": "http" } },
    status: 200,
    injected: "evil.example",
  },
];
