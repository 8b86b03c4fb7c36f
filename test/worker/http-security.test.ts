// Secure headers on every response, whatever its status: CSP, nosniff, referrer and permissions
// policies, framing, and HSTS only over https. One middleware writes them for every route, so a 200
// is checked on one route of each kind, next to every other status.
import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { NAVIGATION } from "../../src/http/negotiation";
import { KINDS, ORIGIN } from "./http-fixtures";

const RESPONSES: [string, string, RequestInit?][] = [
  ...KINDS.map(({ path }): [string, string] => [`200 ${path}`, path]),
  ["304", "/atom.xml", { headers: { "If-None-Match": "*" } }],
  ["404 text", "/nope"],
  ["404 HTML", "/nope", { headers: { Accept: "text/html" } }],
  ["200 a feed's view", "/atom.xml", { headers: { ...NAVIGATION, Accept: "text/html" } }],
  ["405", "/rss.xml", { method: "POST" }],
  ["400", "/rss.xml?limit=0"],
  ["204 preflight", "/rss.xml", { method: "OPTIONS", headers: { Origin: "https://a.example" } }],
  ["HEAD", "/", { method: "HEAD" }],
];

/** CSP directives by name (RFC: directive names are case-insensitive; sources are kept as sent). */
function csp(value: string | null): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const directive of (value ?? "").split(";")) {
    const [name, ...sources] = directive.trim().split(/\s+/);
    if (name) map.set(name.toLowerCase(), sources);
  }
  return map;
}

describe.each(RESPONSES)("%s", (_, path, init) => {
  it("carries a strict Content-Security-Policy", async () => {
    const res = await SELF.fetch(ORIGIN + path, init);
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
  });

  it("carries nosniff, a referrer policy, a permissions policy and no framing", async () => {
    const res = await SELF.fetch(ORIGIN + path, init);
    expect(res.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(res.headers.get("Referrer-Policy")).toBe("strict-origin-when-cross-origin");
    expect(res.headers.get("Permissions-Policy")).toMatch(/camera=\(\)/);
    expect(res.headers.get("Permissions-Policy")).toMatch(/geolocation=\(\)/);
    expect(res.headers.get("X-Frame-Options")).toBe("DENY");
  });

  it("carries HSTS over https only (RFC 6797 §7.2)", async () => {
    const https = await SELF.fetch(ORIGIN + path, init);
    expect(https.headers.get("Strict-Transport-Security")).toMatch(/^max-age=\d{7,}/);
    const http = await SELF.fetch(`http://news.example${path}`, init);
    expect(http.headers.get("Strict-Transport-Security")).toBeNull();
  });
});

describe("script", () => {
  it.each([
    "/",
    "/tags",
    "/articles/us-mexico-partnership-fentanyl-migration",
    "/rss.xml",
    "/feed.json",
    "/feed",
    "/nope",
  ])("%s runs none, for a reader and for a browser's navigation (its view is a page without script)", async (path) => {
    for (const headers of [{}, { ...NAVIGATION, Accept: "text/html" }]) {
      const policy = csp((await SELF.fetch(ORIGIN + path, { headers })).headers.get("Content-Security-Policy"));
      expect(policy.get("script-src") ?? policy.get("default-src")).toEqual(["'none'"]);
    }
  });
});

it("a page links its stylesheet from its own origin, which style-src 'self' allows", async () => {
  const html = await (await SELF.fetch(`${ORIGIN}/`)).text();
  const href = /<link rel="stylesheet" href="([^"]+)"/.exec(html)?.[1] ?? "";
  expect(new URL(href, ORIGIN).origin).toBe(ORIGIN);
  expect((await SELF.fetch(new URL(href, ORIGIN))).status).toBe(200);
  // No inline style element or attribute, which style-src 'self' would block.
  expect(html).not.toMatch(/<style[\s>]|\sstyle="/);
});
