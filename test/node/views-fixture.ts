// Articles and site settings for the page tests: parsed from wire text (the real parser), with the
// characters that break markup when escaping goes wrong, an article without tags, and enough articles
// to need a second page.

import { parseWire } from "../../src/build/parsers/wire";
import type { Article, Collection } from "../../src/shared/content/schema";
import type { SiteVars } from "../../src/shared/site";

/** Site settings as the Worker reads them, [vars] and SITE_URL (no other bindings); a page holds three articles. */
export const VARS = {
  SITE_TITLE: "Wire & Co",
  SITE_DESCRIPTION: "News from the wire, as <feeds> & pages.",
  SITE_URL: "https://news.example",
  SITE_AUTHOR: "Wire desk",
  SITE_LANGUAGE: "en",
  FEED_ID: "urn:uuid:6f1d2c1e-9b1b-4e1e-8a59-3f8a4c2f1b10",
  PAGE_SIZE: "3",
  WEBSUB_HUBS: "",
  FEDIVERSE_HANDLE: "",
  FEED_MIN_POLL: "",
  FEED_MAX_POLL: "",
} satisfies SiteVars;

export const BASE = "https://news.example";

/** Title, summary and body text that close elements, attributes and scripts if printed unescaped. */
export const NASTY_TITLE = `Talks & “terms” <update> </script><b>'quoted'</b> ]]>`;
export const NASTY_SUMMARY = `R&D budgets <em>"rise"</em> — see &amp; note </title>.`;

const OPTIONS = { referenceYear: 2026, timeZone: "UTC" };

function wire(slug: string, text: string): Promise<Article> {
  return parseWire(text, `content/${slug}.txt`, slug, OPTIONS);
}

/** The nasty article: newest, two tags, a source link with a query string and a wire id. */
export const nasty = await wire(
  "talks-and-terms",
  [
    "Tuesday, July 23, 2024",
    "border-wall us 4242",
    "",
    NASTY_TITLE,
    "",
    NASTY_SUMMARY,
    "",
    "Second paragraph: a ]]> b <script>alert(1)</script> c.",
    "",
    "Source link: https://wire.example/stories/4242?a=1&b=2",
    "",
  ].join("\n"),
);

/** No keywords other than the wire id: no tags, source without a URL. */
export const untagged = await wire(
  "quiet-day",
  ["Monday, July 22, 2024", "777", "", "A quiet day", "", "Nothing happened.", "", "Source link", ""].join("\n"),
);

const plain = (n: number, date: string) =>
  wire(`story-${n}`, [date, "us", "", `Story ${n}`, "", `Summary of story ${n}.`, ""].join("\n"));

/** Five articles, newest first (the order the build produces), so that page 2 exists. */
export const collection: Collection = {
  articles: [
    nasty,
    untagged,
    await plain(3, "Sunday, July 21, 2024"),
    await plain(4, "Saturday, July 20, 2024"),
    await plain(5, "Friday, July 19, 2024"),
  ],
  version: "views-fixture",
};
