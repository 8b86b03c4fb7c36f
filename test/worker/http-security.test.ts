// Security headers where they act (src/worker/middleware/security-headers.ts): a document a browser renders
// carries every policy a browser applies to documents; a feed for readers, robots.txt and a plain-text
// error only nosniff; an asset nosniff and its embedding policy; a 304 and a preflight none. Each
// response is checked header by header: nothing it carries is outside what its kind may carry.
import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import current from "../../src/generated/current.js";
import { paths } from "../../src/shared/addresses";
import { NAVIGATION } from "../../src/worker/http/negotiation";
import { ARTICLE, ORIGIN } from "./http-fixtures";

/** What a browser sends when a person follows a link. */
const BROWSER = { Accept: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8" };

type Kind = "document" | "asset" | "data" | "none";

const RESPONSES: [label: string, path: string, kind: Kind, init?: RequestInit][] = [
  ["200 /", "/", "document"],
  ["200 article", ARTICLE, "document"],
  ["200 /tags", "/tags", "document"],
  ["200 /tags/mexico", "/tags/mexico", "document"],
  ["HEAD /", "/", "document", { method: "HEAD" }],
  ["200 /rss.xml's view for a browser", "/rss.xml", "document", { headers: { ...BROWSER, ...NAVIGATION } }],
  ["200 /feed's view for a browser", "/feed", "document", { headers: { ...BROWSER, ...NAVIGATION } }],
  ["200 /tags/mexico/atom.xml's view", "/tags/mexico/atom.xml", "document", { headers: { ...BROWSER, ...NAVIGATION } }],
  ["200 /rss.xml with a browser's Accept but no Sec-Fetch-*", "/rss.xml", "data", { headers: BROWSER }],
  ["200 /sitemap.xml", "/sitemap.xml", "document"],
  ["404 HTML", "/nope", "document", { headers: BROWSER }],
  ["405 HTML", "/", "document", { method: "POST", headers: BROWSER }],
  ["200 /rss.xml for a reader", "/rss.xml", "data"],
  ["200 /atom.xml for a reader", "/atom.xml", "data", { headers: { Accept: "application/atom+xml" } }],
  ["200 /feed.json", "/feed.json", "data", { headers: BROWSER }],
  ["200 /feed for a reader", "/feed", "data"],
  ["200 /tags/mexico/rss.xml", "/tags/mexico/rss.xml", "data"],
  ["200 /robots.txt", "/robots.txt", "data"],
  ["404 text", "/nope", "data"],
  ["405 text", "/rss.xml", "data", { method: "POST" }],
  ["400 text", "/rss.xml?limit=0", "data"],
  // The address the build gave the stylesheet (a hash of its bytes), as the script carries it.
  ["200 stylesheet", current.stylesheet, "asset"],
  ["200 icon", paths.icon, "asset"],
  ["204 preflight", "/rss.xml", "none", { method: "OPTIONS", headers: { Origin: "https://a.example" } }],
];

/** Security headers by kind of response, lower-cased as fetch reports them. */
const SECURITY: Record<Kind, string[]> = {
  document: [
    "content-security-policy",
    "cross-origin-opener-policy",
    "cross-origin-resource-policy",
    "origin-agent-cluster",
    "permissions-policy",
    "referrer-policy",
    "x-content-type-options",
    "x-frame-options",
  ],
  asset: ["cross-origin-resource-policy", "x-content-type-options"],
  data: ["x-content-type-options"],
  none: [],
};

/** Everything else a response may carry: its body's description, caching, CORS, Allow, the preflight's own. */
const OTHER = new Set([
  "content-type",
  "content-length",
  "content-encoding",
  "etag",
  "last-modified",
  "cache-control",
  "vary",
  "allow",
  "access-control-allow-origin",
  "access-control-expose-headers",
  "access-control-allow-methods",
  "access-control-allow-headers",
  "access-control-max-age",
]);

/** hono's secureHeaders defaults that no current browser acts on (see the comments in the middleware). */
const OBSOLETE = [
  "x-xss-protection",
  "x-download-options",
  "x-permitted-cross-domain-policies",
  "x-dns-prefetch-control",
];

/** CSP directives by name (directive names are case-insensitive; sources are kept as sent). */
function csp(value: string | null): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const directive of (value ?? "").split(";")) {
    const [name, ...sources] = directive.trim().split(/\s+/);
    if (name) map.set(name.toLowerCase(), sources);
  }
  return map;
}

describe.each(RESPONSES)("%s", (_, path, kind, init) => {
  it(`carries the ${kind === "none" ? "no" : kind} security headers, and nothing its kind may not carry`, async () => {
    const res = await SELF.fetch(ORIGIN + path, init);
    await res.arrayBuffer();
    const names = [...res.headers.keys()];
    expect(names).toEqual(expect.arrayContaining(SECURITY[kind]));
    const allowed = new Set([...SECURITY[kind], ...OTHER, "strict-transport-security"]);
    expect(names.filter((name) => !allowed.has(name))).toEqual([]);
    for (const name of OBSOLETE) expect(res.headers.has(name), name).toBe(false);
    if (res.headers.has("x-content-type-options")) expect(res.headers.get("X-Content-Type-Options")).toBe("nosniff");
    if (kind !== "document") return;
    const policy = csp(res.headers.get("Content-Security-Policy"));
    expect(policy.get("default-src")).toEqual(["'none'"]);
    expect(policy.get("frame-ancestors")).toEqual(["'none'"]);
    expect(policy.get("base-uri")).toEqual(["'none'"]);
    expect(policy.get("form-action")).toEqual(["'none'"]);
    for (const [name, sources] of policy) {
      expect(sources, name).not.toContain("'unsafe-inline'");
      expect(sources, name).not.toContain("'unsafe-eval'");
      expect(sources, name).not.toContain("*");
    }
    expect(res.headers.get("Referrer-Policy")).toBe("strict-origin-when-cross-origin");
    expect(res.headers.get("Permissions-Policy")).toMatch(/camera=\(\)/);
    expect(res.headers.get("Permissions-Policy")).toMatch(/geolocation=\(\)/);
    expect(res.headers.get("X-Frame-Options")).toBe("DENY");
    expect(res.headers.get("Cross-Origin-Opener-Policy")).toBe("same-origin");
    expect(res.headers.get("Cross-Origin-Resource-Policy")).toBe("cross-origin");
  });

  it(
    kind === "document"
      ? "carries HSTS over https only (RFC 6797 §7.2)"
      : "carries no HSTS: browsers learn it from the documents they navigate to",
    async () => {
      const https = await SELF.fetch(ORIGIN + path, init);
      const http = await SELF.fetch(`http://news.example${path}`, init);
      await Promise.all([https.arrayBuffer(), http.arrayBuffer()]);
      if (kind === "document") expect(https.headers.get("Strict-Transport-Security")).toMatch(/^max-age=\d{7,}/);
      else expect(https.headers.get("Strict-Transport-Security")).toBeNull();
      expect(http.headers.get("Strict-Transport-Security")).toBeNull();
    },
  );
});

describe("script-src", () => {
  it.each(["/", "/tags", ARTICLE, "/sitemap.xml", "/nope", "/rss.xml"])("%s runs no script at all", async (path) => {
    const res = await SELF.fetch(ORIGIN + path, { headers: { ...BROWSER, ...NAVIGATION } });
    await res.arrayBuffer();
    const policy = csp(res.headers.get("Content-Security-Policy"));
    expect(policy.get("script-src") ?? ["'none'"]).toEqual(["'none'"]);
  });
});

it("a page links its stylesheet from its own origin, which style-src 'self' allows", async () => {
  const html = await (await SELF.fetch(`${ORIGIN}/`)).text();
  const href = /<link rel="stylesheet" href="([^"]+)"/.exec(html)?.[1] ?? "";
  expect(new URL(href, ORIGIN).origin).toBe(ORIGIN);
  const css = await SELF.fetch(new URL(href, ORIGIN));
  await css.arrayBuffer();
  expect(css.status).toBe(200);
  // No inline style element or attribute, which style-src 'self' would block.
  expect(html).not.toMatch(/<style[\s>]|\sstyle="/);
});
