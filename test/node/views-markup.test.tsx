// What the pages say, read back with an independent HTML parser: head metadata (Open Graph, Twitter,
// JSON-LD, autodiscovery), the article's parts, the list, and text that stays text.
import { DomUtils, parseDocument } from "htmlparser2";
import { describe, expect, it } from "vitest";
import { OPEN_ORIGIN } from "../../src/shared/contract";
import { NAVIGATION } from "../../src/worker/http/negotiation";
import { siteApp } from "../support/site-app";
import { BASE, collection, NASTY_SUMMARY, NASTY_TITLE, VARS } from "./views-fixture";

type Element = ReturnType<typeof DomUtils.getElementsByTagName>[number];

async function page(path: string, status = 200, headers: Record<string, string> = { Accept: "text/html" }) {
  const response = await siteApp(collection).request(BASE + path, { headers }, VARS);
  expect(response.status).toBe(status);
  const doc = parseDocument(await response.text());
  const all = (tag: string, within: Element[] | typeof doc = doc) => DomUtils.getElementsByTagName(tag, within);
  const attr = (el: Element | undefined, name: string) => (el ? DomUtils.getAttributeValue(el, name) : undefined);
  const text = (el: Element | undefined) => (el ? DomUtils.textContent(el) : undefined);
  const meta = (key: string) =>
    all("meta")
      .filter((m) => attr(m, "property") === key || attr(m, "name") === key)
      .map((m) => attr(m, "content"));
  const byClass = (name: string) =>
    DomUtils.findAll((el) => (attr(el, "class") ?? "").split(" ").includes(name), doc.children);
  return { doc, all, attr, text, meta, byClass };
}

describe("the article page", () => {
  const url = `${BASE}/articles/talks-and-terms`;

  it("has the head a reader, a search engine and a chat app look for", async () => {
    const { all, attr, text, meta } = await page("/articles/talks-and-terms");
    expect(attr(all("html")[0], "lang")).toBe("en");
    expect(text(all("title")[0])).toBe(`${NASTY_TITLE} · ${VARS.SITE_TITLE}`);
    expect(meta("description")).toEqual([NASTY_SUMMARY]);
    const links = all("link").map((l) => [attr(l, "rel"), attr(l, "type") ?? null, attr(l, "href")]);
    expect(links).toContainEqual(["canonical", null, url]);
    expect(links).toContainEqual(["alternate", "application/rss+xml", `${BASE}/rss.xml`]);
    expect(links).toContainEqual(["alternate", "application/atom+xml", `${BASE}/atom.xml`]);
    expect(links).toContainEqual(["alternate", "application/feed+json", `${BASE}/feed.json`]);
    expect(meta("og:type")).toEqual(["article"]);
    expect(meta("og:title")).toEqual([NASTY_TITLE]);
    expect(meta("og:description")).toEqual([NASTY_SUMMARY]);
    expect(meta("og:url")).toEqual([url]);
    // The wire date line "Tuesday, July 23, 2024" at midnight in SITE_TIMEZONE (UTC).
    expect(meta("article:published_time")).toEqual(["2024-07-23T00:00:00Z"]);
    expect(meta("article:tag")).toEqual(["border-wall", "us"]);
    expect(meta("twitter:card")).toEqual(["summary"]);
    expect(meta("twitter:title")).toEqual([NASTY_TITLE]);
  });

  it("without a lead image, previews with the site's icon when there is one, and with no image otherwise", async () => {
    expect((await page("/articles/talks-and-terms")).meta("og:image")).toEqual([]);
    const icon = {
      url: `${OPEN_ORIGIN}/media/icon.0123456789ab.png`,
      type: "image/png",
      length: 9,
      width: 512,
      height: 512,
    };
    const withIcons = { ...collection, icons: { icon, favicon: icon } };
    const response = await siteApp(withIcons).request(`${BASE}/articles/talks-and-terms`, {}, VARS);
    const doc = parseDocument(await response.text());
    const meta = (key: string) =>
      DomUtils.getElementsByTagName("meta", doc)
        .filter(
          (m) => DomUtils.getAttributeValue(m, "property") === key || DomUtils.getAttributeValue(m, "name") === key,
        )
        .map((m) => DomUtils.getAttributeValue(m, "content"));
    // The build leaves the site's address open in media URLs; the Worker fills it in as it sends the page.
    expect(meta("og:image")).toEqual([`${VARS.SITE_URL}/media/icon.0123456789ab.png`]);
    expect([meta("og:image:width"), meta("og:image:alt")]).toEqual([["512"], [VARS.SITE_TITLE]]);
    // A square icon is a small card, not a large one.
    expect(meta("twitter:card")).toEqual(["summary"]);
  });

  it("describes itself as a schema.org NewsArticle in JSON-LD that no text can break out of", async () => {
    const { all, attr, text } = await page("/articles/talks-and-terms");
    const scripts = all("script");
    expect(scripts.map((s) => attr(s, "type"))).toEqual(["application/ld+json"]);
    const json = text(scripts[0]) ?? "";
    // The title holds "</script>": in the raw text no "<" may appear at all.
    expect(json).not.toContain("<");
    expect(JSON.parse(json)).toMatchObject({
      "@context": "https://schema.org",
      "@type": "NewsArticle",
      headline: NASTY_TITLE,
      datePublished: "2024-07-23T00:00:00Z",
      dateModified: "2024-07-23T00:00:00Z",
      author: { name: VARS.SITE_AUTHOR },
      publisher: { "@type": "Organization", name: VARS.SITE_TITLE },
      keywords: ["border-wall", "us"],
      mainEntityOfPage: { "@type": "WebPage", "@id": url },
    });
  });

  it("shows headline, dateline, tags, paragraphs, source, subscribe box and footer", async () => {
    const { all, attr, text, byClass } = await page("/articles/talks-and-terms");
    const story = byClass("story")[0]!;
    expect(all("h1", [story]).map(text)).toEqual([NASTY_TITLE]);
    const time = all("time", [story])[0];
    expect([attr(time, "datetime"), text(time)]).toEqual(["2024-07-23T00:00:00Z", "July 23, 2024"]);
    expect(all("a", byClass("tags")).map((a) => [attr(a, "href"), text(a)])).toEqual([
      ["/tags/border-wall", "border-wall"],
      ["/tags/us", "us"],
    ]);
    expect(all("p", byClass("body")).map(text)).toEqual([
      NASTY_SUMMARY,
      "Second paragraph: a ]]> b <script>alert(1)</script> c.",
    ]);
    const source = byClass("source")[0];
    expect(text(source)).toBe("Source: wire.example (story 4242)");
    expect(attr(all("a", source ? [source] : [])[0], "href")).toBe("https://wire.example/stories/4242?a=1&b=2");
    expect(all("a", byClass("subscribe")).map((a) => attr(a, "href"))).toEqual(["/rss.xml", "/atom.xml", "/feed.json"]);
    expect(all("code", byClass("subscribe")).map(text)).toEqual([
      `${BASE}/rss.xml`,
      `${BASE}/atom.xml`,
      `${BASE}/feed.json`,
    ]);
    expect(all("footer")).toHaveLength(1);
    // The text's "<b>", "<em>" and "<script>" stayed text.
    expect(all("main").flatMap((m) => all("b", [m]).concat(all("em", [m]), all("script", [m])))).toEqual([]);
  });

  it("without tags has no tag list and no article:tag, and names a wire story without a link", async () => {
    const { all, text, meta, byClass } = await page("/articles/quiet-day");
    expect(byClass("tags")).toEqual([]);
    expect(meta("article:tag")).toEqual([]);
    expect(text(byClass("source")[0])).toBe("Source: wire service (story 777)");
    expect(all("a", byClass("source"))).toEqual([]);
  });
});

describe("the home page", () => {
  it("lists the newest articles first with title, date, summary and tags, and links the next page", async () => {
    const { all, attr, text, meta, byClass } = await page("/");
    expect(all("h1").map(text)).toEqual([VARS.SITE_TITLE]);
    expect(meta("og:type")).toEqual([]);
    const items = all("li", byClass("articles")).filter((li) => li.parent === byClass("articles")[0]);
    expect(
      items.map((li) => [
        text(all("h2", [li])[0]),
        attr(all("a", [li])[0], "href"),
        attr(all("time", [li])[0], "datetime"),
        text(all("p", [li])[1]),
        all(
          "a",
          byClass("tags").filter((t) => DomUtils.existsOne((e) => e === t, [li])),
        ).map(text),
      ]),
    ).toEqual([
      [NASTY_TITLE, "/articles/talks-and-terms", "2024-07-23", NASTY_SUMMARY, ["border-wall", "us"]],
      ["A quiet day", "/articles/quiet-day", "2024-07-22", "Nothing happened.", []],
      ["Story 3", "/articles/story-3", "2024-07-21", "Summary of story 3.", ["us"]],
    ]);
    expect(all("a", byClass("pages")).map((a) => [attr(a, "rel"), attr(a, "href")])).toEqual([["next", "/page/1"]]);
  });

  it("older page 1 (numbered from the oldest) holds the older articles and links back", async () => {
    const { all, attr, text, byClass } = await page("/page/1");
    expect(all("h2", byClass("articles")).map(text)).toEqual(["Story 4", "Story 5"]);
    expect(all("a", byClass("pages")).map((a) => [attr(a, "rel"), attr(a, "href")])).toEqual([["prev", "/"]]);
  });
});

describe("the not-found page", () => {
  it("says what happened, links home, and claims no canonical address", async () => {
    const { all, attr, text } = await page("/articles/no-such-article", 404);
    expect(all("h1").map(text)).toEqual(["Not Found"]);
    expect(all("a", all("main")).map((a) => attr(a, "href"))).toEqual(["/"]);
    expect(all("link").filter((l) => attr(l, "rel") === "canonical")).toEqual([]);
  });
});

describe("a feed's browser view", () => {
  /** A feed as a browser's navigation gets it. */
  const view = (path: string) =>
    page(path, 200, { ...NAVIGATION, Accept: "text/html,application/xhtml+xml,*/*;q=0.8" });
  const articles = (all: Awaited<ReturnType<typeof view>>["all"], attr: Awaited<ReturnType<typeof view>>["attr"]) =>
    all("h2", all("ol")).map((h) => attr(all("a", [h])[0], "href"));

  it.each([
    ["/rss.xml", "RSS", ["Atom", "JSON Feed"]],
    ["/atom.xml", "Atom", ["RSS", "JSON Feed"]],
    ["/feed.json", "JSON Feed", ["RSS", "Atom"]],
  ])(
    "%s says what a feed is, gives its address to copy, the other formats and the articles",
    async (path, label, others) => {
      const { all, attr, text, byClass } = await view(path);
      expect(text(all("title")[0])).toBe(`${VARS.SITE_TITLE} · ${label} feed`);
      expect(all("h1").map(text)).toEqual([VARS.SITE_TITLE]);
      const box = byClass("subscribe");
      expect(text(all("h2", box)[0])).toBe("This is a web feed");
      expect(text(all("p", box)[0])).toMatch(/feed reader app .* new articles come to you/);
      expect(text(all("dt", box)[0])).toBe(`${label} feed address`);
      expect(text(all("code", all("dd", box))[0])).toBe(BASE + path);
      expect(all("a", box).map(text)).toEqual([...others, "read it on the website"]);
      // The items, as the home page lists them: title link, date, summary.
      expect(articles(all, attr)).toEqual(["/articles/talks-and-terms", "/articles/quiet-day", "/articles/story-3"]);
      const first = all("li", all("ol"))[0]!;
      expect(text(all("h2", [first])[0])).toBe(NASTY_TITLE);
      expect(attr(all("time", [first])[0], "datetime")).toBe("2024-07-23");
      expect(text(all("p", [first])[1])).toBe(NASTY_SUMMARY);
      // Nothing in the titles and summaries became an element.
      expect(all("b", all("main")).length + all("em", all("main")).length + all("script").length).toBe(0);
      // The older articles are one archive away (RFC 5005 prev-archive).
      expect(all("a", byClass("pages")).map((a) => [attr(a, "rel"), attr(a, "href"), text(a)])).toEqual([
        ["prev-archive", `/archive/1/${path.slice(1)}`, "Older articles"],
      ]);
    },
  );

  it("an archive links newer articles and offers the current feed's address, not its own", async () => {
    const { all, attr, text, byClass } = await view("/archive/1/atom.xml");
    expect(text(all("h2", byClass("subscribe"))[0])).toBe("This is a web feed’s archive");
    expect(text(byClass("address")[0])).toBe(`${BASE}/atom.xml`);
    expect(articles(all, attr)).toEqual(["/articles/story-4", "/articles/story-5"]);
    expect(all("a", byClass("pages")).map((a) => [attr(a, "rel"), attr(a, "href")])).toEqual([
      ["current", "/atom.xml"],
    ]);
  });

  it("a tag's feed is advertised beside the site's, and ?limit shows only the newest", async () => {
    const { all, attr, text, byClass } = await view("/tags/us/feed.json?limit=1");
    const alternates = all("link").filter((l) => attr(l, "rel") === "alternate");
    expect(alternates.map((l) => attr(l, "href"))).toContain(`${BASE}/tags/us/feed.json`);
    expect(alternates.map((l) => attr(l, "href"))).toContain(`${BASE}/feed.json`);
    expect(text(byClass("address")[0])).toBe(`${BASE}/tags/us/feed.json`);
    expect(articles(all, attr)).toEqual(["/articles/talks-and-terms"]);
  });
});
