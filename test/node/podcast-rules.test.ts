// The podcast feed check (test/support/podcast-rules.ts) on a hand-written feed that passes every rule,
// then on that feed broken one way per rule; Apple's category list; and the W3C rules' itunes checks.
import { describe, expect, it } from "vitest";
import { APPLE_CATEGORIES, categoryProblem } from "../../src/shared/podcasts/categories";
import { podcastGuid, podcastProblems } from "../support/podcast-rules";
import { rssProblems, W3C_ITUNES_CATEGORIES } from "../support/rss-rules";

// The feed URL and guid are guid.md's own example, so the guid below is the spec's, not ours.
const SELF = "https://mp3s.nashownotes.com/pc20rss.xml";

const VALID = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd" xmlns:podcast="https://podcastindex.org/namespace/1.0">
  <channel>
    <title>Edge Notes</title>
    <link>https://notes.example.com/</link>
    <description>Two conversations about feeds &amp; the people who read them.</description>
    <language>en-us</language>
    <atom:link href="${SELF}" rel="self" type="application/rss+xml"/>
    <itunes:image href="https://notes.example.com/artwork/show.jpg"/>
    <itunes:category text="News">
      <itunes:category text="Tech News"/>
    </itunes:category>
    <itunes:category text="Kids &amp; Family"/>
    <itunes:explicit>false</itunes:explicit>
    <itunes:author>Edge Notes Collective</itunes:author>
    <itunes:owner>
      <itunes:name>Ada Example</itunes:name>
      <itunes:email>ada@notes.example.com</itunes:email>
    </itunes:owner>
    <itunes:type>serial</itunes:type>
    <itunes:complete>Yes</itunes:complete>
    <itunes:new-feed-url>${SELF}</itunes:new-feed-url>
    <podcast:guid>917393e3-1b1e-5cef-ace4-edaa54e1f810</podcast:guid>
    <podcast:locked owner="ada@notes.example.com">yes</podcast:locked>
    <podcast:funding url="https://notes.example.com/support">Support the show</podcast:funding>
    <podcast:person role="host" img="https://notes.example.com/people/ada.png" href="https://notes.example.com/ada">Ada Example</podcast:person>
    <podcast:medium>podcast</podcast:medium>
    <podcast:updateFrequency complete="true" dtstart="2024-01-05T09:00:00Z" rrule="FREQ=WEEKLY;COUNT=2">Weekly, two episodes</podcast:updateFrequency>
    <item>
      <title>Why feeds still matter</title>
      <link>https://notes.example.com/episodes/1</link>
      <description>Where RSS came from and where it goes.</description>
      <guid isPermaLink="false">edge-notes-1</guid>
      <pubDate>Fri, 05 Jan 2024 09:00:00 GMT</pubDate>
      <enclosure url="https://media.example.com/edge-notes/1.mp3" length="48213771" type="audio/mpeg"/>
      <itunes:duration>1:02:03</itunes:duration>
      <itunes:episode>1</itunes:episode>
      <itunes:season>1</itunes:season>
      <itunes:episodeType>full</itunes:episodeType>
      <itunes:explicit>false</itunes:explicit>
      <itunes:image href="https://notes.example.com/artwork/1.png"/>
      <podcast:transcript url="https://notes.example.com/episodes/1.vtt" type="text/vtt" language="en" rel="captions"/>
      <podcast:chapters url="https://notes.example.com/episodes/1.chapters.json" type="application/json+chapters"/>
      <podcast:person role="guest" href="https://example.org/grace">Grace Example</podcast:person>
      <podcast:season name="Beginnings">1</podcast:season>
      <podcast:episode display="Pilot">1</podcast:episode>
      <podcast:funding url="https://notes.example.com/support/1">Fund the next one</podcast:funding>
    </item>
    <item>
      <title>Readers answer back</title>
      <link>https://notes.example.com/episodes/2</link>
      <description>Listener questions, answered.</description>
      <guid isPermaLink="false">edge-notes-2</guid>
      <pubDate>Fri, 12 Jan 2024 09:00:00 GMT</pubDate>
      <enclosure url="https://media.example.com/edge-notes/2.m4a" length="7340032" type="audio/x-m4a"/>
      <itunes:duration>754</itunes:duration>
      <itunes:episode>2</itunes:episode>
      <itunes:season>1</itunes:season>
      <itunes:episodeType>bonus</itunes:episodeType>
      <podcast:transcript url="https://notes.example.com/episodes/2.srt" type="application/x-subrip"/>
      <podcast:season>1</podcast:season>
      <podcast:episode>1.5</podcast:episode>
    </item>
  </channel>
</rss>
`;

/** Replaces the first occurrence of `from`, which must be in the feed, so a row can't silently test nothing. */
function swap(from: string, to: string): (xml: string) => string {
  return (xml) => {
    if (!xml.includes(from)) throw new Error(`not in the feed: ${from}`);
    return xml.replace(from, to);
  };
}
const drop = (from: string) => swap(from, "");

describe("podcastProblems", () => {
  it("passes the valid feed", () => {
    expect(podcastProblems(VALID)).toEqual([]);
  });

  it("reads namespaces by URI, not by prefix", () => {
    const renamed = VALID.replaceAll("itunes:", "it:")
      .replaceAll("xmlns:itunes", "xmlns:it")
      .replaceAll("podcast:", "p:");
    expect(renamed).not.toContain("itunes:");
    expect(podcastProblems(renamed.replace("xmlns:podcast=", "xmlns:p="))).toEqual([]);
    // The familiar prefix bound to some other URI names no Apple element at all.
    const foreign = VALID.replace('xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"', 'xmlns:itunes="urn:x"');
    expect(podcastProblems(foreign)).toContain("[apple:channel-image] channel: missing <itunes:image href>");
  });

  it.each<[rule: string, how: string, edit: (xml: string) => string]>([
    // Apple, the show.
    ["apple:channel-title", "no title", drop("<title>Edge Notes</title>")],
    ["apple:channel-description", "no description", drop(/<description>Two[^<]*<\/description>/.exec(VALID)![0])],
    ["apple:channel-language", "no language", drop("<language>en-us</language>")],
    ["apple:channel-language", "a language name", swap("<language>en-us</language>", "<language>English</language>")],
    ["apple:channel-language", "an unknown code", swap("<language>en-us</language>", "<language>xx</language>")],
    ["apple:channel-image", "no artwork", drop('<itunes:image href="https://notes.example.com/artwork/show.jpg"/>')],
    ["apple:channel-image", "GIF artwork", swap("artwork/show.jpg", "artwork/show.gif")],
    [
      "apple:channel-image",
      "relative artwork",
      swap("https://notes.example.com/artwork/show.jpg", "/artwork/show.jpg"),
    ],
    [
      "apple:channel-image",
      "artwork without href",
      swap('<itunes:image href="https://notes.example.com/artwork/show.jpg"/>', "<itunes:image/>"),
    ],
    [
      "apple:channel-category",
      "no category",
      (xml) =>
        xml
          .replace(/<itunes:category text="News">[\s\S]*?<\/itunes:category>/, "")
          .replace('<itunes:category text="Kids &amp; Family"/>', ""),
    ],
    ["apple:channel-category", "an unknown category", swap('text="News"', 'text="Newz"')],
    ["apple:channel-category", "a subcategory of another", swap('text="Tech News"', 'text="Weather"')],
    [
      "apple:channel-category",
      "two subcategories",
      swap(
        '<itunes:category text="Tech News"/>',
        '<itunes:category text="Tech News"/><itunes:category text="Daily News"/>',
      ),
    ],
    [
      "apple:channel-category",
      "an unescaped-looking ampersand",
      swap('text="Kids &amp; Family"', 'text="Kids and Family"'),
    ],
    ["apple:channel-explicit", "no explicit", drop("<itunes:explicit>false</itunes:explicit>")],
    [
      "apple:channel-explicit",
      "explicit yes",
      swap("<itunes:explicit>false</itunes:explicit>", "<itunes:explicit>yes</itunes:explicit>"),
    ],
    ["apple:channel-author", "no author", drop("<itunes:author>Edge Notes Collective</itunes:author>")],
    ["apple:channel-owner", "no owner", (xml) => xml.replace(/<itunes:owner>[\s\S]*?<\/itunes:owner>/, "")],
    ["apple:channel-owner", "an owner without e-mail", drop("<itunes:email>ada@notes.example.com</itunes:email>")],
    ["apple:channel-owner", "an owner without name", drop("<itunes:name>Ada Example</itunes:name>")],
    [
      "apple:channel-owner",
      "an owner e-mail that isn't one",
      swap("ada@notes.example.com</itunes:email>", "ada at example</itunes:email>"),
    ],
    [
      "apple:channel-owner",
      "an owner e-mail with a name",
      swap("ada@notes.example.com</itunes:email>", "Ada &lt;ada@notes.example.com&gt;</itunes:email>"),
    ],
    ["apple:channel-type", "no type", drop("<itunes:type>serial</itunes:type>")],
    [
      "apple:channel-type",
      "an unknown type",
      swap("<itunes:type>serial</itunes:type>", "<itunes:type>weekly</itunes:type>"),
    ],
    ["apple:channel-link", "no link", drop("<link>https://notes.example.com/</link>")],
    ["apple:channel-link", "a relative link", swap("<link>https://notes.example.com/</link>", "<link>/</link>")],
    [
      "apple:channel-complete",
      "complete in lower case",
      swap("<itunes:complete>Yes</itunes:complete>", "<itunes:complete>yes</itunes:complete>"),
    ],
    [
      "apple:channel-complete",
      "complete twice",
      swap(
        "<itunes:complete>Yes</itunes:complete>",
        "<itunes:complete>Yes</itunes:complete><itunes:complete>Yes</itunes:complete>",
      ),
    ],
    [
      "apple:channel-new-feed-url",
      "a relative new feed",
      swap(`<itunes:new-feed-url>${SELF}`, "<itunes:new-feed-url>/feed.xml"),
    ],
    ["apple:namespace", "Apple's namespace over https", swap('xmlns:itunes="http://', 'xmlns:itunes="https://')],
    // Apple, the episodes.
    ["apple:item-title", "an episode without title", drop("<title>Why feeds still matter</title>")],
    [
      "apple:item-enclosure",
      "an episode without media",
      drop('<enclosure url="https://media.example.com/edge-notes/1.mp3" length="48213771" type="audio/mpeg"/>'),
    ],
    [
      "apple:item-enclosure",
      "two enclosures",
      swap(
        "<itunes:duration>754",
        '<enclosure url="https://media.example.com/2.mp3" length="1" type="audio/mpeg"/><itunes:duration>754',
      ),
    ],
    [
      "apple:enclosure-url",
      "a relative media URL",
      swap('url="https://media.example.com/edge-notes/1.mp3"', 'url="edge-notes/1.mp3"'),
    ],
    ["apple:enclosure-url", "no media URL", swap('url="https://media.example.com/edge-notes/1.mp3" ', "")],
    ["apple:enclosure-ascii", "a non-ASCII media URL", swap("edge-notes/1.mp3", "edge-notes/épisode-1.mp3")],
    ["apple:enclosure-length", "a length in megabytes", swap('length="48213771"', 'length="48.2"')],
    ["apple:enclosure-length", "a zero length", swap('length="48213771"', 'length="0"')],
    ["apple:enclosure-length", "no length", swap('length="48213771" ', "")],
    ["apple:enclosure-type", "an Ogg file", swap('type="audio/mpeg"', 'type="audio/ogg"')],
    ["apple:item-guid", "an episode without guid", drop('<guid isPermaLink="false">edge-notes-1</guid>')],
    ["apple:guid-unique", "two episodes with one guid", swap(">edge-notes-2</guid>", ">edge-notes-1</guid>")],
    ["apple:item-pubdate", "no date", drop("<pubDate>Fri, 05 Jan 2024 09:00:00 GMT</pubDate>")],
    ["apple:item-pubdate", "an ISO date", swap("Fri, 05 Jan 2024 09:00:00 GMT", "2024-01-05T09:00:00Z")],
    ["apple:item-pubdate", "the wrong weekday", swap("Fri, 05 Jan 2024", "Sat, 05 Jan 2024")],
    ["apple:item-duration", "no duration", drop("<itunes:duration>754</itunes:duration>")],
    ["apple:item-duration", "a duration in words", swap("<itunes:duration>754", "<itunes:duration>12 min")],
    ["apple:item-duration", "61 minutes", swap("<itunes:duration>1:02:03", "<itunes:duration>1:61:03")],
    [
      "apple:item-episode-type",
      "an unknown episode type",
      swap("<itunes:episodeType>bonus", "<itunes:episodeType>teaser"),
    ],
    [
      "apple:item-episode",
      "episode zero",
      swap("<itunes:episode>2</itunes:episode>", "<itunes:episode>0</itunes:episode>"),
    ],
    [
      "apple:item-episode",
      "episode 1.5",
      swap("<itunes:episode>2</itunes:episode>", "<itunes:episode>1.5</itunes:episode>"),
    ],
    [
      "apple:item-season",
      "season minus one",
      swap("<itunes:season>1</itunes:season>", "<itunes:season>-1</itunes:season>"),
    ],
    [
      "apple:item-explicit",
      "an episode explicit no",
      swap(
        "<itunes:explicit>false</itunes:explicit>\n      <itunes:image",
        "<itunes:explicit>no</itunes:explicit>\n      <itunes:image",
      ),
    ],
    ["apple:item-image", "WebP episode artwork", swap("artwork/1.png", "artwork/1.webp")],
    ["apple:serial-episode", "a serial show's episode without number", drop("<itunes:episode>1</itunes:episode>")],
    // Namespaces.
    ["podcast:namespace", "the podcast namespace over http", swap('xmlns:podcast="https://', 'xmlns:podcast="http://')],
    [
      "podcast:namespace",
      "the podcast namespace's GitHub page",
      swap(
        '"https://podcastindex.org/namespace/1.0"',
        '"https://github.com/Podcastindex-org/podcast-namespace/blob/main/docs/1.0.md"',
      ),
    ],
    [
      "xml:namespace",
      "an undeclared prefix",
      swap("<podcast:medium>podcast</podcast:medium>", "<pc:medium>podcast</pc:medium>"),
    ],
    // Podcasting 2.0.
    [
      "podcast:guid",
      "another feed's guid",
      swap("917393e3-1b1e-5cef-ace4-edaa54e1f810", "9b024349-ccf0-5f69-a609-6b82873eab3c"),
    ],
    [
      "podcast:guid",
      "a random (v4) UUID",
      swap("917393e3-1b1e-5cef-ace4-edaa54e1f810", "917393e3-1b1e-4cef-ace4-edaa54e1f810"),
    ],
    [
      "podcast:single",
      "two guids",
      swap("<podcast:guid>", "<podcast:guid>917393e3-1b1e-5cef-ace4-edaa54e1f810</podcast:guid><podcast:guid>"),
    ],
    [
      "podcast:single",
      "two chapters files",
      swap(
        "<podcast:season name",
        '<podcast:chapters url="https://notes.example.com/c.json" type="application/json+chapters"/><podcast:season name',
      ),
    ],
    [
      "podcast:placement",
      "a guid in an episode",
      swap(
        "<podcast:season>1</podcast:season>",
        "<podcast:season>1</podcast:season><podcast:guid>917393e3-1b1e-5cef-ace4-edaa54e1f810</podcast:guid>",
      ),
    ],
    [
      "podcast:placement",
      "a transcript of the show",
      swap(
        "<podcast:medium>",
        '<podcast:transcript url="https://notes.example.com/all.vtt" type="text/vtt"/><podcast:medium>',
      ),
    ],
    [
      "podcast:placement",
      "a medium in an episode",
      swap(
        "<podcast:season>1</podcast:season>",
        "<podcast:season>1</podcast:season><podcast:medium>music</podcast:medium>",
      ),
    ],
    ["podcast:locked", "locked true", swap(">yes</podcast:locked>", ">true</podcast:locked>")],
    ["podcast:locked", "a lock owner that isn't an e-mail", swap('owner="ada@notes.example.com"', 'owner="Ada"')],
    [
      "podcast:funding",
      "funding over http",
      swap('url="https://notes.example.com/support"', 'url="http://notes.example.com/support"'),
    ],
    [
      "podcast:funding",
      "funding without url",
      swap('<podcast:funding url="https://notes.example.com/support">', "<podcast:funding>"),
    ],
    [
      "podcast:funding",
      "a funding text over 128 characters",
      swap(">Support the show<", `>${"Support the show. ".repeat(8)}<`),
    ],
    ["podcast:transcript", "a transcript without type", swap(' type="application/x-subrip"', "")],
    ["podcast:transcript", "a transcript without url", swap(' url="https://notes.example.com/episodes/2.srt"', "")],
    ["podcast:transcript", "a transcript of an unknown type", swap('type="application/x-subrip"', 'type="text/srt"')],
    ["podcast:transcript", "a transcript rel other than captions", swap('rel="captions"', 'rel="subtitles"')],
    ["podcast:chapters", "chapters without type", swap(' type="application/json+chapters"', "")],
    ["podcast:chapters", "chapters of the wrong type", swap('type="application/json+chapters"', 'type="text/plain"')],
    ["podcast:person", "a person without name", swap(">Grace Example</podcast:person>", "> </podcast:person>")],
    ["podcast:person", "a person's picture over http", swap('img="https://notes', 'img="http://notes')],
    ["podcast:season", "season zero", swap("<podcast:season>1</podcast:season>", "<podcast:season>0</podcast:season>")],
    [
      "podcast:season",
      "a season in words",
      swap("<podcast:season>1</podcast:season>", "<podcast:season>one</podcast:season>"),
    ],
    [
      "podcast:episode",
      "an episode in words",
      swap("<podcast:episode>1.5</podcast:episode>", "<podcast:episode>one and a half</podcast:episode>"),
    ],
    ["podcast:episode", "a display over 32 characters", swap('display="Pilot"', `display="${"Pilot ".repeat(6)}"`)],
    ["podcast:medium", "an unknown medium", swap("<podcast:medium>podcast<", "<podcast:medium>radio<")],
    [
      "podcast:updateFrequency",
      "an rrule without FREQ first",
      swap('rrule="FREQ=WEEKLY;COUNT=2"', 'rrule="COUNT=2;FREQ=WEEKLY"'),
    ],
    ["podcast:updateFrequency", "an rrule with COUNT and no dtstart", swap(' dtstart="2024-01-05T09:00:00Z"', "")],
    ["podcast:updateFrequency", "dtstart in words", swap('dtstart="2024-01-05T09:00:00Z"', 'dtstart="next Friday"')],
    ["podcast:updateFrequency", "complete yes", swap('complete="true"', 'complete="yes"')],
    ["podcast:updateFrequency", "no text", swap(">Weekly, two episodes<", "><")],
  ])("%s: %s", (rule, _how, edit) => {
    const broken = edit(VALID);
    expect(broken).not.toBe(VALID);
    const problems = podcastProblems(broken);
    expect(
      problems.filter((p) => p.startsWith(`[${rule}] `)),
      problems.join("\n"),
    ).not.toEqual([]);
    // And nothing else fires, so each rule is tested on its own; but a misspelt namespace hides every
    // element in it, so Apple's required ones go missing too.
    if (rule !== "apple:namespace")
      expect(
        problems.filter((p) => !p.startsWith(`[${rule}] `)),
        problems.join("\n"),
      ).toEqual([]);
  });

  it("names what it expected and what it found", () => {
    expect(podcastProblems(VALID.replace('length="48213771"', 'length="48.2"'))).toEqual([
      '[apple:enclosure-length] item[1]/enclosure: expected the file size in bytes, a positive integer, found "48.2"',
    ]);
    expect(
      podcastProblems(VALID.replace("917393e3-1b1e-5cef-ace4-edaa54e1f810", podcastGuid("https://podnews.net/rss"))),
    ).toEqual([
      `[podcast:guid] channel/podcast:guid: expected 917393e3-1b1e-5cef-ace4-edaa54e1f810 (from ${SELF}), found 9b024349-ccf0-5f69-a609-6b82873eab3c`,
    ]);
  });
});

describe("podcastGuid", () => {
  // guid.md's examples: feed url mp3s.nashownotes.com/pc20rss.xml and podnews.net/rss.
  it.each([
    ["https://mp3s.nashownotes.com/pc20rss.xml", "917393e3-1b1e-5cef-ace4-edaa54e1f810"],
    ["https://podnews.net/rss", "9b024349-ccf0-5f69-a609-6b82873eab3c"],
    ["http://podnews.net/rss", "9b024349-ccf0-5f69-a609-6b82873eab3c"],
    ["https://podnews.net/rss//", "9b024349-ccf0-5f69-a609-6b82873eab3c"],
  ])("%s → %s", (url, guid) => {
    expect(podcastGuid(url)).toBe(guid);
  });
});

describe("categoryProblem", () => {
  it.each([
    ["News"],
    ["News", "Daily News"],
    ["Kids & Family", "Pets & Animals"],
    ["True Crime"],
    ["Education", "How To"],
  ])("accepts %s / %s", (category, subcategory?: string) => {
    expect(categoryProblem(category, subcategory)).toBeUndefined();
  });

  it("names the categories it expected", () => {
    expect(categoryProblem("Newz")).toBe(
      `expected one of Apple's categories (Arts, Business, Comedy, Education, Fiction, Government, History, Health & Fitness, Kids & Family, Leisure, Music, News, Religion & Spirituality, Science, Society & Culture, Sports, Technology, True Crime, TV & Film), found "Newz"`,
    );
    expect(categoryProblem("News", "Weather")).toBe(
      `expected a subcategory of "News" (Business News, Daily News, Entertainment News, News Commentary, Politics, Sports News, Tech News), found "Weather"`,
    );
    expect(categoryProblem("Technology", "Podcasting")).toBe(
      `expected no subcategory of "Technology" (it has none), found "Podcasting"`,
    );
  });

  it.each([["news"], ["Kids and Family"], ["Health"], ["constructor"], ["toString"], [""]])(
    "rejects %j",
    (category) => {
      expect(categoryProblem(category)).toMatch(/^expected one of Apple's categories/);
    },
  );

  it("has Apple's 19 categories and 91 subcategories", () => {
    expect(Object.keys(APPLE_CATEGORIES)).toHaveLength(19);
    expect(Object.values(APPLE_CATEGORIES).flat()).toHaveLength(91);
  });

  it("agrees with the W3C validator's copy but for the subcategory Religion, which it lacks", () => {
    const withoutReligion = Object.fromEntries(
      Object.entries(APPLE_CATEGORIES).map(([name, subs]) => [name, subs.filter((s) => s !== "Religion")]),
    );
    expect(withoutReligion).toEqual(W3C_ITUNES_CATEGORIES);
    expect(APPLE_CATEGORIES["Religion & Spirituality"]).toContain("Religion");
  });
});

// The itunes checks added to the W3C rules (test/support/rss-rules.ts), from w3c/feedvalidator's itunes.py.
describe("rssProblems with the itunes module", () => {
  const rss = (xml: string) => rssProblems(xml, { selfUrl: SELF });
  const withoutComplete = VALID.replace("<itunes:complete>Yes</itunes:complete>", "");

  it("accepts the podcast feed, but for itunes:complete, which the validator doesn't define", () => {
    expect(rss(withoutComplete)).toEqual([]);
    expect(rss(VALID)).toEqual(["channel: undefined element <itunes:complete>"]);
  });

  it.each<[how: string, edit: (xml: string) => string, problem: string]>([
    [
      "explicit yes",
      swap(">false</itunes:explicit>", ">yes</itunes:explicit>"),
      'channel/itunes:explicit: expected true or false, found "yes"',
    ],
    [
      "explicit with spaces",
      swap(">false</itunes:explicit>", "> false </itunes:explicit>"),
      'channel/itunes:explicit: expected true or false, found " false "',
    ],
    ["an unknown category", swap('text="News"', 'text="Newz"'), 'channel/itunes:category: invalid category "Newz"'],
    [
      "a retired category",
      swap('text="Kids &amp; Family"', 'text="Games &amp; Hobbies"'),
      'channel/itunes:category: obsolete category "Games & Hobbies"',
    ],
    [
      "a subcategory of another",
      swap('text="Tech News"', 'text="Weather"'),
      'channel/itunes:category/itunes:category: invalid category "Weather"',
    ],
    [
      "a category without text",
      swap('<itunes:category text="Kids &amp; Family"/>', "<itunes:category/>"),
      "channel/itunes:category: missing text attribute",
    ],
    [
      "no category",
      (xml) =>
        xml
          .replace(/<itunes:category text="News">[\s\S]*?<\/itunes:category>/, "")
          .replace('<itunes:category text="Kids &amp; Family"/>', ""),
      "channel: missing <itunes:category>, which iTunes needs",
    ],
    [
      "an owner without e-mail",
      drop("<itunes:email>ada@notes.example.com</itunes:email>"),
      "channel/itunes:owner: missing <itunes:email>",
    ],
    [
      "an owner e-mail that isn't one",
      swap("ada@notes.example.com</itunes:email>", "ada at example</itunes:email>"),
      'channel/itunes:owner/itunes:email: not an e-mail address: "ada at example"',
    ],
    [
      "artwork without href",
      swap('<itunes:image href="https://notes.example.com/artwork/show.jpg"/>', "<itunes:image/>"),
      "channel/itunes:image: missing href attribute",
    ],
    [
      "relative artwork",
      swap('href="https://notes.example.com/artwork/show.jpg"', 'href="show.jpg"'),
      'channel/itunes:image: href is not an http(s) URL: "show.jpg"',
    ],
    [
      "a duration in words",
      swap("<itunes:duration>754", "<itunes:duration>12 min"),
      'item[2]/itunes:duration: expected seconds, MM:SS or HH:MM:SS, found "12 min"',
    ],
    [
      "episode zero",
      swap("<itunes:episode>2<", "<itunes:episode>0<"),
      'item[2]/itunes:episode: not a positive integer: "0"',
    ],
    [
      "an unknown type",
      swap(">serial</itunes:type>", ">weekly</itunes:type>"),
      'channel/itunes:type: expected episodic or serial, found "weekly"',
    ],
    [
      "an unknown episode type",
      swap(">bonus</itunes:episodeType>", ">teaser</itunes:episodeType>"),
      'item[2]/itunes:episodeType: expected full, trailer or bonus, found "teaser"',
    ],
    [
      "a duration in the channel",
      swap("<itunes:type>", "<itunes:duration>1</itunes:duration><itunes:type>"),
      "channel: undefined element <itunes:duration>",
    ],
    [
      "two explicit values",
      swap(
        "<itunes:explicit>false</itunes:explicit>",
        "<itunes:explicit>false</itunes:explicit><itunes:explicit>true</itunes:explicit>",
      ),
      "channel: duplicate <itunes:explicit>",
    ],
    [
      "a Windows Media file",
      swap("edge-notes/2.m4a", "edge-notes/2.wmv"),
      "item[2]/enclosure: iTunes doesn't support .wmv files",
    ],
    [
      "keywords without commas",
      swap("<itunes:author>", "<itunes:keywords>feeds rss readers</itunes:keywords><itunes:author>"),
      'channel/itunes:keywords: keywords must be separated by commas: "feeds rss readers"',
    ],
    [
      "an author over 255 characters",
      swap(">Edge Notes Collective<", `>${"x".repeat(256)}<`),
      "channel/itunes:author: 256 characters, at most 255 allowed",
    ],
    [
      "the itunes prefix bound elsewhere",
      swap('xmlns:itunes="http://', 'xmlns:itunes="https://'),
      'prefix "itunes" bound to unexpected https://www.itunes.com/dtds/podcast-1.0.dtd',
    ],
    [
      "a Latin-1 feed",
      swap('encoding="UTF-8"', 'encoding="ISO-8859-1"'),
      "channel: itunes feeds should be UTF-8, found ISO-8859-1",
    ],
  ])("%s", (_how, edit, problem) => {
    const problems = rss(edit(withoutComplete));
    expect(
      problems.some((p) => p.endsWith(problem)),
      problems.join("\n"),
    ).toBe(true);
  });
});
