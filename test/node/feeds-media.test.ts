// The media collection (test/fixtures/media/) read back from RSS, Atom and JSON Feed by parsers that are
// not `feed` — @rowanmanning/feed-parser, Python's feedparser and Go's gofeed — each medium's absolute
// URL, MIME type and byte length compared with the file itself (its bytes, hashed here; its size on
// disk; the type its format is) or with what the front matter states for a remote one.
import { createHash } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import { parseFeed } from "@rowanmanning/feed-parser";
import { beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/worker/app";
import { externalSuite, FEEDPARSER, feedparser, GOFEED, gofeed } from "../support/external-parsers";
import { SITE_URL } from "../support/feed-fixtures";
import { MEDIA_DIR, mediaSite } from "../support/media-fixture";

interface Medium {
  url: string;
  type: string;
  length: number;
}

/** A file under the fixture's media/: where the site serves it (its stem, a hash of its bytes, its extension). */
function local(file: string, type: string): Medium {
  const path = `${MEDIA_DIR}/media/${file}`;
  const hash = createHash("sha256").update(readFileSync(path)).digest("hex").slice(0, 12);
  const [stem, ext] = file.split(".");
  return { url: `${SITE_URL}/media/${stem}.${hash}.${ext}`, type, length: statSync(path).size };
}

const LEAD = local("council-chamber.png", "image/png");
const MP3 = local("interview.mp3", "audio/mpeg");
// As the front matter states them (the build never fetches them).
const PDF = { url: "https://cdn.example.org/reports/harbour-plan.pdf", type: "application/pdf", length: 482133 };
const REMOTE = { url: "https://images.example.net/ferry/timetable-board.jpg", type: "image/jpeg", length: 120455 };
const SIDECAR = local("harbour-crane.jpg", "image/jpeg");
const ICON = local("icon-512.png", "image/png");
const FAVICON = local("favicon-64.png", "image/png");

/** By title, newest first as the feeds list them: each article's lead image and attachments. */
const ARTICLES: { title: string; image: Medium; attachments: Medium[] }[] = [
  { title: "Harbour crane arrives", image: SIDECAR, attachments: [] },
  { title: "Ferry timetable published", image: REMOTE, attachments: [] },
  { title: "Council approves the harbour plan", image: LEAD, attachments: [MP3, PDF] },
];

const feeds: Record<"rss" | "atom" | "json", string> = { rss: "", atom: "", json: "" };
beforeAll(async () => {
  const { site, vars } = await mediaSite();
  const app = createApp({ current: site.current, store: () => ({ get: async (key) => site.stored.get(key) }) });
  for (const [format, path] of [
    ["rss", "/rss.xml"],
    ["atom", "/atom.xml"],
    ["json", "/feed.json"],
  ] as const) {
    const res = await app.request(SITE_URL + path, {}, { ...vars, SITE_URL });
    expect(res.status).toBe(200);
    feeds[format] = await res.text();
  }
});

describe("@rowanmanning/feed-parser", () => {
  it("reads each item's image and media from RSS, with their types and lengths", () => {
    const feed = parseFeed(feeds.rss);
    expect(feed.image?.url).toBe(ICON.url);
    expect(feed.items.map((i) => i.title)).toEqual(ARTICLES.map((a) => a.title));
    feed.items.forEach((item, i) => {
      const { image, attachments } = ARTICLES[i]!;
      expect(item.image?.url).toBe(image.url);
      const media = item.media.map((m) => ({ url: m.url, type: m.mimeType, length: m.length }));
      expect(new Set(media.map((m) => JSON.stringify(m)))).toEqual(
        new Set([image, ...attachments].map((m) => JSON.stringify(m))),
      );
    });
  });

  it("reads each entry's image and enclosures from Atom, and the feed's logo", () => {
    const feed = parseFeed(feeds.atom);
    expect(feed.image?.url).toBe(ICON.url);
    feed.items.forEach((item, i) => {
      const { image, attachments } = ARTICLES[i]!;
      expect(item.image?.url).toBe(image.url);
      expect(item.media.map((m) => ({ url: m.url, type: m.mimeType, length: m.length }))).toEqual(attachments);
    });
  });
});

externalSuite("feedparser (Python)", [FEEDPARSER], () => {
  it("reads RSS: the first attachment as the enclosure, every medium as media:content, the image as thumbnail", () => {
    const parsed = feedparser(feeds.rss);
    expect(parsed.bozo).toBe(false);
    expect(parsed.version).toBe("rss20");
    expect(parsed.feed.image).toMatchObject({ href: ICON.url, width: 144, height: 144 });
    parsed.entries.forEach((entry, i) => {
      const { title, image, attachments } = ARTICLES[i]!;
      expect(entry.title).toBe(title);
      expect(entry.enclosures).toEqual(
        attachments.slice(0, 1).map((m) => ({ href: m.url, type: m.type, length: String(m.length) })),
      );
      expect(entry.media_thumbnail?.map((t) => t.url)).toEqual([image.url]);
      expect(entry.media_content?.map((m) => ({ url: m.url, type: m.type, length: Number(m.filesize) }))).toEqual([
        image,
        ...attachments,
      ]);
    });
  });

  it("reads Atom: every attachment as an enclosure, the image as thumbnail, the icon and logo", () => {
    const parsed = feedparser(feeds.atom);
    expect(parsed.bozo).toBe(false);
    expect(parsed.version).toBe("atom10");
    expect(parsed.feed).toMatchObject({ icon: FAVICON.url, logo: ICON.url });
    parsed.entries.forEach((entry, i) => {
      const { image, attachments } = ARTICLES[i]!;
      expect(entry.enclosures?.map((e) => ({ url: e.href, type: e.type, length: Number(e.length) }))).toEqual(
        attachments,
      );
      expect(entry.media_thumbnail?.map((t) => t.url)).toEqual([image.url]);
    });
  });
});

externalSuite("gofeed (Go)", [GOFEED], () => {
  it("reads RSS: the enclosure, media:content with its sizes, and the channel image", () => {
    const { feed } = gofeed(feeds.rss);
    expect(feed.feedType).toBe("rss");
    expect(feed.image?.url).toBe(ICON.url);
    feed.items.forEach((item, i) => {
      const { image, attachments } = ARTICLES[i]!;
      expect(item.enclosures ?? []).toEqual(
        attachments.slice(0, 1).map((m) => ({ url: m.url, type: m.type, length: String(m.length) })),
      );
      const contents = item.extensions?.media?.content ?? [];
      expect(contents.map((c) => ({ url: c.attrs.url, type: c.attrs.type, length: Number(c.attrs.fileSize) }))).toEqual(
        [image, ...attachments],
      );
      expect(item.extensions?.media?.thumbnail?.map((t) => t.attrs.url)).toEqual([image.url]);
    });
  });

  it("reads Atom: every enclosure with its length and type", () => {
    const { feed } = gofeed(feeds.atom);
    expect(feed.feedType).toBe("atom");
    feed.items.forEach((item, i) => {
      expect((item.enclosures ?? []).map((e) => ({ url: e.url, type: e.type, length: Number(e.length) }))).toEqual(
        ARTICLES[i]!.attachments,
      );
    });
  });

  it("reads JSON Feed: icon, favicon, each item's image and attachments with their sizes", () => {
    const { feed, raw } = gofeed(feeds.json);
    expect(feed.feedType).toBe("json");
    expect(raw).toMatchObject({ icon: ICON.url, favicon: FAVICON.url });
    const items = raw.items as { title: string; image?: string; attachments?: Record<string, unknown>[] }[];
    items.forEach((item, i) => {
      const { title, image, attachments } = ARTICLES[i]!;
      expect(item.title).toBe(title);
      expect(item.image).toBe(image.url);
      expect((item.attachments ?? []).map((a) => ({ url: a.url, type: a.mime_type, length: a.size_in_bytes }))).toEqual(
        attachments,
      );
    });
  });
});

describe("the feeds' full content", () => {
  it.each(["rss", "atom", "json"] as const)("starts with the lead image, with its alt text, in %s", (format) => {
    const contents =
      format === "json"
        ? (JSON.parse(feeds.json).items as { content_html: string }[]).map((i) => i.content_html)
        : parseFeed(feeds[format]).items.map((i) => i.content ?? "");
    contents.forEach((html, i) => {
      expect(html).toMatch(
        new RegExp(`^<figure><img src="${ARTICLES[i]!.image.url.replaceAll(".", "\\.")}" alt="[^"]+"`),
      );
    });
  });
});
