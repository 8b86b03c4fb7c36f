// src/shared/podcasts/show-feed.ts and ./elements.ts: the two shows of test/fixtures/podcasts/ as podcast
// apps get them (through the Worker's routes), checked by the offline podcast check (Apple's requirements
// and the podcast namespace, test/support/podcast-rules.ts) and the W3C validator's rules, and read back
// by the Podcast Index's podcast-partytime and gPodder's podcastparser: every episode's enclosure,
// length, type, duration, season, number, type, transcripts and chapters equal to the files' own facts.
import { createHash } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import { parseFeed } from "podcast-partytime";
import { beforeAll, describe, expect, it } from "vitest";
import { buildCollection } from "../../../src/build/collection";
import { renderSite } from "../../../src/build/render";
import { Catalog } from "../../../src/shared/catalog";
import type { Collection } from "../../../src/shared/content/schema";
import { renderRss } from "../../../src/shared/feeds/rss";
import { showDocument, showSite } from "../../../src/shared/podcasts/show-feed";
import { createApp } from "../../../src/worker/app";
import { externalSuite, PODCASTPARSER, podcastparser } from "../../support/external-parsers";
import { PARSE_OPTIONS, ROOT, SITE_URL, siteVars, testSite } from "../../support/feed-fixtures";
import { libxml2Errors } from "../../support/libxml2";
import { podcastGuid, podcastProblems } from "../../support/podcast-rules";
import { rssProblems } from "../../support/rss-rules";

const PODCASTS_DIR = `${ROOT}test/fixtures/podcasts`;

/** A file of the fixture as the site publishes it: its URL (stem, a hash of its bytes, extension) and size. */
function published(file: string, type: string) {
  const path = `${PODCASTS_DIR}/media/${file}`;
  const hash = createHash("sha256").update(readFileSync(path)).digest("hex").slice(0, 12);
  const [stem, ext] = file.split(".");
  return { url: `${SITE_URL}/media/${stem}.${hash}.${ext}`, type, length: statSync(path).size };
}

const MP3 = "audio/mpeg";
/** Each show's episodes, newest first, with the length of the tone each was made from (make-media.sh). */
const SHOWS = {
  "wire-briefing": {
    title: "The Wire Briefing",
    type: "episodic",
    category: ["News", "Daily News"],
    owner: { name: "Ana Ruiz", email: "podcasts@news.example" },
    explicit: false,
    artwork: published("episodic-art.jpg", "image/jpeg"),
    episodes: [
      { title: "Election night special", audio: "elections.mp3", seconds: 7, number: 3, type: "bonus" },
      {
        title: "Markets open lower",
        audio: "markets.mp3",
        seconds: 5,
        number: 2,
        type: "full",
        transcripts: [{ ...published("markets.vtt", "text/vtt"), language: "en" }],
        chapters: published("markets-chapters.json", "application/json+chapters"),
      },
      {
        title: "Welcome to The Wire Briefing",
        audio: "welcome.mp3",
        seconds: 3,
        number: 1,
        type: "full",
        transcripts: [
          { ...published("welcome.vtt", "text/vtt"), language: "en" },
          { ...published("welcome.srt", "application/x-subrip"), language: "en" },
          { ...published("welcome.json", "application/json") },
        ],
        chapters: published("welcome-chapters.json", "application/json+chapters"),
      },
    ],
  },
  "border-story": {
    title: "Border Story",
    type: "serial",
    category: ["Society & Culture", "Documentary"],
    owner: { name: "Luis Ortega", email: "luis@news.example" },
    explicit: true,
    artwork: published("serial-art.png", "image/png"),
    episodes: [
      { title: "Border Story 2.1: a year later", audio: "s2e1.mp3", seconds: 9, season: 2, number: 1, type: "full" },
      { title: "Border Story 1.2: the bridge", audio: "s1e2.mp3", seconds: 8, season: 1, number: 2, type: "full" },
      {
        title: "Border Story 1.1: the first crossing",
        audio: "s1e1.mp3",
        seconds: 6,
        season: 1,
        number: 1,
        type: "full",
      },
      { title: "Border Story: trailer", audio: "trailer.mp3", seconds: 4, season: 1, type: "trailer" },
    ],
  },
} as const;
type Name = keyof typeof SHOWS;
const NAMES = Object.keys(SHOWS) as Name[];
const feedUrl = (name: Name) => `${SITE_URL}/shows/${name}/rss.xml`;

const feeds = {} as Record<Name, string>;
let app: ReturnType<typeof createApp>;
let vars: ReturnType<typeof siteVars>;
let collection: Collection;
beforeAll(async () => {
  const built = await buildCollection(
    PODCASTS_DIR,
    { ...PARSE_OPTIONS, showDefaults: { language: "en", author: "edgefeed newsroom", siteUrl: SITE_URL } },
    ROOT,
  );
  expect(built.errors.map(String)).toEqual([]);
  collection = built.collection;
  const { SITE_URL: _open, ...bundle } = siteVars();
  vars = siteVars();
  const site = await renderSite(collection, bundle, { now: Date.parse("2026-07-01T00:00:00Z") });
  app = createApp({ current: site.current, store: () => ({ get: async (key) => site.stored.get(key) }) });
  for (const name of NAMES) {
    const res = await app.request(feedUrl(name), {}, vars);
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("application/rss+xml; charset=utf-8");
    feeds[name] = await res.text();
  }
});

describe.each(NAMES)("the show feed of %s", (name) => {
  it("passes the offline podcast check: Apple's requirements and the podcast namespace", () => {
    expect(podcastProblems(feeds[name])).toEqual([]);
  });

  it("passes the W3C validator's rules, itunes: included, and is well-formed XML", async () => {
    expect(rssProblems(feeds[name], { selfUrl: feedUrl(name) })).toEqual([]);
    expect(await libxml2Errors({ [name]: feeds[name] })).toEqual([]);
  });

  it("podcast-partytime reads back the show and every episode as the files are", () => {
    const show = SHOWS[name];
    const feed = parseFeed(feeds[name])!;
    expect(feed.title).toBe(show.title);
    expect(feed.itunesType).toBe(show.type);
    expect(feed.itunesCategory).toEqual([show.category.join(" > ")]);
    expect(feed.explicit).toBe(show.explicit);
    expect(feed.owner).toEqual(show.owner);
    expect(feed.itunesImage).toBe(show.artwork.url);
    // Derived here from the feed's address, by the podcast namespace's own rule.
    expect(feed.guid).toBe(podcastGuid(feedUrl(name)));
    expect(feed.medium).toBe("podcast");
    expect(feed.items.map((item) => item.title)).toEqual(show.episodes.map((e) => e.title));
    feed.items.forEach((item, i) => {
      const episode = show.episodes[i]!;
      const { url, length, type } = published(episode.audio, MP3);
      expect(item.enclosure).toEqual({ url, length, type });
      expect(item.duration).toBe(episode.seconds);
      expect(item.itunesEpisodeType).toBe(episode.type);
      expect(item.itunesEpisode).toBe("number" in episode ? episode.number : undefined);
      expect(item.itunesSeason).toBe("season" in episode ? episode.season : undefined);
      expect(item.podcastEpisode?.number).toBe("number" in episode ? episode.number : undefined);
      expect(item.podcastSeason?.number).toBe("season" in episode ? episode.season : undefined);
      const transcripts = "transcripts" in episode ? episode.transcripts : [];
      expect((item.podcastTranscripts ?? []).map((t) => ({ url: t.url, type: t.type, language: t.language }))).toEqual(
        transcripts.map((t) => ({
          url: t.url,
          // partytime names SubRip by the namespace's other spelling of its type.
          type: t.type === "application/x-subrip" ? "application/srt" : t.type,
          // A transcript in no stated language is in the feed's (the namespace's default).
          language: "language" in t ? t.language : "en",
        })),
      );
      const chapters = "chapters" in episode ? episode.chapters : undefined;
      expect(item.podcastChapters && { url: item.podcastChapters.url, type: item.podcastChapters.type }).toEqual(
        chapters && { url: chapters.url, type: chapters.type },
      );
    });
  });
});

it("a show's owner locks it, names its funding and people, and states its rhythm", () => {
  const feed = parseFeed(feeds["wire-briefing"])!;
  expect(feed.locked).toBe(true);
  expect(feed.podcastOwner).toBe("podcasts@news.example");
  expect(feed.podcastFunding).toEqual([{ url: "https://news.example/support", message: "Support the newsroom" }]);
  expect(feed.podcastPeople?.map((p) => [p.name, p.role?.toLowerCase()])).toEqual([["Ana Ruiz", "host"]]);
  // One episode a day, from the first one's date (2026-06-01 to 2026-06-03).
  expect(feeds["wire-briefing"]).toContain(
    '<podcast:updateFrequency dtstart="2026-06-01T06:00:00.000Z" rrule="FREQ=DAILY">Daily</podcast:updateFrequency>',
  );
  const welcome = feed.items.find((item) => item.title === "Welcome to The Wire Briefing")!;
  expect(welcome.podcastPeople?.map((p) => [p.name, p.role?.toLowerCase()])).toEqual([["Marta Gil", "guest"]]);
  const serial = parseFeed(feeds["border-story"])!;
  expect(serial.itunesComplete).toBe(false);
  expect(serial.itunesNewFeedUrl).toBe("https://podcasts.news.example/border-story.xml");
});

externalSuite("gPodder's podcastparser", [PODCASTPARSER], () => {
  it.each(NAMES)("%s: reads every episode's enclosure, duration, number, season and type as the files are", (name) => {
    const show = SHOWS[name];
    const parsed = podcastparser(feeds[name], feedUrl(name));
    expect(parsed.title).toBe(show.title);
    expect(parsed.type).toBe(show.type);
    expect(parsed.cover_url).toBe(show.artwork.url);
    // podcastparser lists a serial show oldest first, as Apple Podcasts does.
    const episodes = show.type === "serial" ? [...show.episodes].reverse() : show.episodes;
    expect(parsed.episodes.map((e) => e.title)).toEqual(episodes.map((e) => e.title));
    parsed.episodes.forEach((parsedEpisode, i) => {
      const episode = episodes[i]!;
      const { url, length, type } = published(episode.audio, MP3);
      expect(parsedEpisode.enclosures).toEqual([{ url, file_size: length, mime_type: type }]);
      expect(parsedEpisode.total_time).toBe(episode.seconds);
      expect(parsedEpisode.type).toBe(episode.type);
      expect(parsedEpisode.number).toBe("number" in episode ? episode.number : undefined);
      expect(parsedEpisode.season).toBe("season" in episode ? episode.season : undefined);
    });
  });
});

it("a complete show says so to Apple (itunes:complete) and to Podcasting 2.0 apps (updateFrequency)", () => {
  const catalog = new Catalog(collection);
  const show = { ...catalog.show("border-story")!, complete: true };
  const site = testSite();
  const xml = renderRss(showDocument(show, catalog.episodes(show.name), site), showSite(site, show)).join("");
  expect(xml).toContain("<itunes:complete>Yes</itunes:complete>");
  expect(xml).toContain('<podcast:updateFrequency complete="true">Complete</podcast:updateFrequency>');
  expect(parseFeed(xml)!.itunesComplete).toBe(true);
  expect(podcastProblems(xml)).toEqual([]);
  // The W3C validator's itunes.py predates itunes:complete (Apple added it in 2017): its one complaint.
  expect(rssProblems(xml, { selfUrl: feedUrl("border-story") })).toEqual([
    "channel: undefined element <itunes:complete>",
  ]);
});

it("the site's JSON Feed states each episode's duration as read from its audio (duration_in_seconds)", async () => {
  const res = await app.request(`${SITE_URL}/feed.json`, {}, vars);
  const feed = (await res.json()) as {
    items: { title: string; attachments?: { url: string; duration_in_seconds?: number }[] }[];
  };
  const episodes: readonly { title: string; audio: string; seconds: number }[] = NAMES.flatMap((name) => [
    ...SHOWS[name].episodes,
  ]);
  expect(feed.items).toHaveLength(episodes.length);
  for (const item of feed.items) {
    const episode = episodes.find((e) => e.title === item.title)!;
    expect(item.attachments).toMatchObject([
      { ...attachmentOf(published(episode.audio, MP3)), duration_in_seconds: episode.seconds },
    ]);
  }
});

/** A medium as JSON Feed 1.1 names its fields. */
const attachmentOf = ({ url, type, length }: { url: string; type: string; length: number }) => ({
  url,
  mime_type: type,
  size_in_bytes: length,
});
