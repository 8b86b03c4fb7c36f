// Content with errors under `npm start`: the last good build, with a banner naming each problem on every
// page and on nothing else; with no problems (any deployed script), the pages exactly as stored.
import { env } from "cloudflare:test";
import { expect, it } from "vitest";
import current from "../../src/generated/current.js";
import { createApp } from "../../src/worker/app";
import { NAVIGATION } from "../../src/worker/http/negotiation";
import { SCRIPT } from "./hostile-cases";
import { ARTICLE, ORIGIN } from "./http-fixtures";

const PROBLEMS = [
  'content/broken.md:3: field "date": expected a date such as 2026-07-22, found "tomorrow"',
  `content/nasty.txt:1: expected a date line, found "${SCRIPT}"`,
];

/** The same request to the shipped bundle's documents, without problems and with them. */
async function both(path: string, headers: Record<string, string>): Promise<[Response, Response]> {
  const send = (problems: readonly string[]) =>
    createApp({ current, problems }).request(ORIGIN + path, { headers }, env);
  return [await send([]), await send(PROBLEMS)];
}

it.each(["/", ARTICLE, "/tags", "/nope"])(
  "%s: the last good page, with every problem first in its body",
  async (path) => {
    const [good, broken] = await both(path, { Accept: "text/html" });
    const [goodHtml, html] = [await good.text(), await broken.text()];
    expect(broken.status).toBe(good.status);
    expect(html).toMatch(/<body[^>]*><section class="problems" role="alert"/);
    expect(html).toContain("content/broken.md:3: field &quot;date&quot;: expected a date such as 2026-07-22");
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).not.toContain(SCRIPT);
    // The rest of the page is the stored one.
    expect(html.replace(/<section class="problems"[\s\S]*?<\/section>/, "")).toBe(goodHtml);
    expect(broken.headers.get("ETag")).toBeNull();
    expect(broken.headers.get("Cache-Control")).toBe("no-store");
    expect(broken.headers.get("Content-Security-Policy")).toBe(good.headers.get("Content-Security-Policy"));
  },
);

it.each([
  ["/rss.xml", {}],
  ["/feed.json", {}],
  ["/rss.xml", NAVIGATION],
] as [string, Record<string, string>][])(
  "%s is served as stored: a feed reader never sees the banner",
  async (path, headers) => {
    const [good, broken] = await both(path, headers);
    if (!("Sec-Fetch-Dest" in headers)) {
      expect(await broken.text()).toBe(await good.text());
      expect(broken.headers.get("ETag")).toBe(good.headers.get("ETag"));
    } else {
      // A feed's page for a browser is a page: it shows the banner too.
      expect(await broken.text()).toContain('class="problems"');
    }
  },
);

it("with no problems, the shipped Worker's pages carry no banner", async () => {
  const res = await createApp({ current }).request(`${ORIGIN}/`, {}, env);
  expect(await res.text()).not.toContain('class="problems"');
  expect(res.headers.get("ETag")).not.toBeNull();
});
