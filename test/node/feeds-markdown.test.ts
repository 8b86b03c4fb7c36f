// A Markdown article's body in the three feeds: its "## Details" is <h2>, as on its page (where the
// <h1> is the title), inside RSS content:encoded, Atom content and JSON Feed content_html.
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { collectionFrom, type Rendered, ROOT, siteFeeds, testSite } from "../support/feed-fixtures";
import { parseXml } from "../support/xml-tree";

/** test/fixtures/markdown-article/council-approves-budget.md, written out by hand. */
const BODY =
  "<p>The city council approved next year's budget on Monday.</p>\n<h2>Details</h2>\n<p>The vote was seven to two, after a four-hour debate.</p>";

let feeds: Rendered;
beforeAll(async () => {
  feeds = await siteFeeds(await collectionFrom(join(ROOT, "test/fixtures/markdown-article")), testSite());
});

describe('a Markdown article with "## Details"', () => {
  it("has <h2>Details</h2> in RSS content:encoded", () => {
    const item = parseXml(feeds.rss).root.one("channel").one("item");
    expect(item.one("title").text).toBe("Council approves the budget");
    expect(item.one("content:encoded").text).toBe(BODY);
  });

  it('has <h2>Details</h2> in Atom content type="html"', () => {
    const entry = parseXml(feeds.atom).root.one("entry");
    expect(entry.one("content").attrs.type).toBe("html");
    expect(entry.one("content").text).toBe(BODY);
  });

  it("has <h2>Details</h2> in JSON Feed content_html", () => {
    const [item, ...rest] = JSON.parse(feeds.json).items;
    expect(rest).toEqual([]);
    expect(item.content_html).toBe(BODY);
  });
});
