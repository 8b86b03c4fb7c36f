// Hostile requests: none may crash the Worker (5xx), show its insides, or reflect markup.
import { env, SELF } from "cloudflare:test";
import { afterEach, describe, expect, it, vi } from "vitest";
import current from "../../src/generated/current.js";
import { createApp } from "../../src/worker/app";
import { CASES, html } from "./hostile-cases";
import { ORIGIN } from "./http-fixtures";

/** What a leaked stack trace, source path or internal name would look like in a body. */
const LEAKS = [
  /^\s+at \S+/m,
  /\bat .*\(.*:\d+:\d+\)/,
  /\.ts\b/,
  /node_modules/,
  /Error:/,
  /src\//,
  /ConfigError|HTTPException/,
];

function expectNoLeak(body: string) {
  for (const leak of LEAKS) expect(body).not.toMatch(leak);
}

describe.each(CASES)("$name", ({ target, init, status, injected }) => {
  it("is answered without a 5xx, leak or reflected markup", async () => {
    const res = await SELF.fetch(ORIGIN + target, init);
    const body = await res.text();
    expect(res.status).toBeLessThan(500);
    if (status !== undefined) expect(res.status).toBe(status);
    expectNoLeak(body);
    if (injected !== undefined) expect(body).not.toContain(injected);
    // No header injection either.
    expect(res.headers.get("Set-Cookie")).toBeNull();
    if (res.status === 200) expect(res.headers.get("Content-Range")).toBeNull();
  });
});

it("the cases number at least thirty", () => {
  expect(CASES.length).toBeGreaterThanOrEqual(30);
});

it("an unusual host (punycode, a port) gets links to itself", async () => {
  // With SITE_URL unset, absolute links use the request's origin: the only part a client controls is
  // the host, which the URL parser has already reduced to letters, digits, dots, dashes and a port.
  const res = await createApp({ current }).request("https://xn--caf-dma.example:8443/", {}, env);
  expect(res.status).toBe(200);
  expect(await res.text()).toContain('<link rel="canonical" href="https://xn--caf-dma.example:8443/"/>');
});

describe("the request's own origin, with SITE_URL unset", () => {
  // Cloudflare likely refuses such Hosts before the Worker runs; the Worker does not count on it. A URL
  // parser keeps " ' ` { } | and more in a host name (WHATWG URL forbids only a few code points).
  const unset = { ...env, SITE_URL: "" };
  it.each([
    ["a quote and an event handler", 'http://x"onmouseover="alert(1)/'],
    ["an apostrophe", "http://x'y.example/"],
    ["braces and a backtick", "http://a{b}`c.example/rss.xml"],
    ["an ampersand", "http://a&b.example/feed.json"],
    ["64 KB", `http://${"a".repeat(65_536)}.example/rss.xml`],
    ["a label over 63 characters", `http://${"a".repeat(64)}.example/`],
  ])("%s: a one-line 400, and nothing of it written anywhere", async (_, url) => {
    const res = await createApp({ current }).request(url, { headers: html }, unset);
    const body = await res.text();
    expect(res.status).toBe(400);
    expect(res.headers.get("Content-Type")).toMatch(/^text\/plain/);
    expect(body.trim().split("\n")).toHaveLength(1);
    expect(body).toMatch(/host/i);
    expect(body).not.toMatch(/onmouseover|a{b}|aaaaaaaaaaaaaaaa/);
  });

  it("is not read at all when SITE_URL is set", async () => {
    const res = await createApp({ current }).request(
      'http://x"onmouseover="alert(1)/',
      {},
      {
        ...env,
        SITE_URL: ORIGIN,
      },
    );
    expect(res.status).toBe(200);
    expect(await res.text()).not.toContain("onmouseover");
  });

  it.each([
    ["a port", "http://127.0.0.1:8787"],
    ["an IPv6 address", "http://[::1]:8787"],
    ["localhost", "http://localhost:8787"],
    ["a trailing dot", "https://news.example."],
  ])("%s is an origin like any other", async (_, origin) => {
    const res = await createApp({ current }).request(`${origin}/`, {}, unset);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain(`<link rel="canonical" href="${origin}/"/>`);
  });
});

describe("configuration mistakes", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  // The other [vars] are checked at build time, where a bad value stops the build (test/node/config.test.ts).
  it.each([
    ["SITE_URL", "not a url"],
    ["SITE_URL", "javascript:alert(1)"],
    ["SITE_URL", "https://news.example/?a=1&b=2"],
  ])("%s=%j: a plain 500 for the request, the variable to fix in the log", async (name, value) => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    const res = await createApp({ current }).request(`${ORIGIN}/rss.xml`, { headers: html }, { ...env, [name]: value });
    const body = await res.text();
    expect(res.status).toBe(500);
    expect(body).toContain("Something went wrong on our side");
    expect(body).not.toContain(name);
    expectNoLeak(body);
    // Without a site there is no page to render: plain text, which nosniff keeps from ever running as HTML.
    expect(res.headers.get("Content-Type")).toMatch(/^text\/plain/);
    expect(res.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(String(logged.mock.calls[0]?.[0])).toContain(name);
  });
});
