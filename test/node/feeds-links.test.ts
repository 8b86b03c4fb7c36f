// Relative links and images in a body (test/fixtures/relative-links/) as readers get them: absolute, at
// the site's address, in every feed and on the page, from the build's documents and from a `?limit`
// document the Worker renders itself. Readers ignore xml:base, so a relative URL would be broken there.
import { beforeAll, describe, expect, it } from "vitest";
import { renderSite } from "../../src/build/render";
import { createApp } from "../../src/worker/app";
import { collectionFrom, ROOT, SITE_URL, siteVars } from "../support/feed-fixtures";
import { parseXml } from "../support/xml-tree";

const { SITE_URL: _open, ...vars } = siteVars();
const EXPECTED = [
  `href="${SITE_URL}/articles/council-vote#tally"`,
  `href="${SITE_URL}/tags/council"`,
  `src="${SITE_URL}/images/spending.png"`,
];

let get: (path: string) => Promise<string>;
beforeAll(async () => {
  const site = await renderSite(await collectionFrom(`${ROOT}test/fixtures/relative-links`), vars);
  const app = createApp({ current: site.current, store: () => ({ get: async (key) => site.stored.get(key) }) });
  get = async (path) => {
    const res = await app.request(SITE_URL + path, {}, { ...vars, SITE_URL });
    expect(res.status, path).toBe(200);
    return res.text();
  };
});

/** The body as each format carries it, read back by a parser. */
const bodies: [string, (text: string) => string][] = [
  ["/rss.xml", (t) => parseXml(t).root.one("channel").one("item").one("content:encoded").text],
  ["/atom.xml", (t) => parseXml(t).root.one("entry").one("content").text],
  ["/feed.json", (t) => JSON.parse(t).items[0].content_html],
  ["/rss.xml?limit=1", (t) => parseXml(t).root.one("channel").one("item").one("content:encoded").text],
  ["/feed.json?limit=1", (t) => JSON.parse(t).items[0].content_html],
  ["/articles/council-links", (t) => t],
];

describe("a body's relative links and images", () => {
  it.each(bodies)("are absolute at the site's address in %s", async (path, body) => {
    const html = body(await get(path));
    for (const url of EXPECTED) expect(html).toContain(url);
    expect(html).not.toContain("edgefeed.invalid");
  });
});

describe("the open address is the build's alone", () => {
  it("an article that writes it itself stops the build, naming the file", async () => {
    const collection = await collectionFrom(`${ROOT}test/fixtures/relative-links`);
    const [article] = collection.articles;
    const written = { ...collection, articles: [{ ...article!, summary: "See origin.edgefeed.invalid for more" }] };
    await expect(renderSite(written, vars)).rejects.toThrow(
      'test/fixtures/relative-links/council-links.md:1: expected text without "origin.edgefeed.invalid"',
    );
  });
});
