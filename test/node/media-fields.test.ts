// src/build/parsers/media-fields.ts and the sidecar: the media fields of a Markdown article and of a wire
// story, as the model holds them, and each mistake an author can make, refused at its line and field.
import { copyFile, mkdir, mkdtemp, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildCollection } from "../../src/build/collection";
import { MediaLibrary } from "../../src/build/media";
import { parseMarkdown } from "../../src/build/parsers/markdown";
import { ArticleSchema } from "../../src/shared/content/schema";
import { OPEN_ORIGIN } from "../../src/shared/contract";
import { rejectionOf } from "../support/content-errors";
import { PARSE_OPTIONS, ROOT, siteFeeds, testSite } from "../support/feed-fixtures";
import { MEDIA_DIR } from "../support/media-fixture";

const media = new MediaLibrary(MEDIA_DIR);
const parse = (front: string, body = "Text of the story.") =>
  parseMarkdown(`---\ntitle: A story\ndate: 2026-06-02\n${front}\n---\n${body}\n`, "content/x.md", "x", {
    ...PARSE_OPTIONS,
    media,
  });
const errorOf = (front: string, body?: string) => rejectionOf(() => parse(front, body));
const size = async (name: string) => (await stat(`${MEDIA_DIR}/media/${name}`)).size;

describe("the media fields", () => {
  it("give the lead image with its alt text and caption, and the attachments in order", async () => {
    const article = await parse(
      [
        "image: media/council-chamber.png",
        'image_alt: "The chamber during the vote"',
        "image_caption: 'Photo: City desk'",
        "attachments:",
        "  - path: media/interview.mp3",
        "    title: Interview",
        "    duration: 754.5",
        "  - url: https://cdn.example.org/plan.pdf",
        "    type: application/pdf",
        "    size: 482133",
      ].join("\n"),
    );
    expect(ArticleSchema.safeParse(article).success).toBe(true);
    expect(article?.image).toEqual({
      url: expect.stringMatching(new RegExp(`^${OPEN_ORIGIN}/media/council-chamber\\.[0-9a-f]{12}\\.png$`)),
      type: "image/png",
      length: await size("council-chamber.png"),
      width: 1200,
      height: 630,
      alt: "The chamber during the vote",
      caption: "Photo: City desk",
    });
    expect(article?.attachments).toEqual([
      {
        url: expect.stringMatching(/\/media\/interview\.[0-9a-f]{12}\.mp3$/),
        type: "audio/mpeg",
        length: await size("interview.mp3"),
        title: "Interview",
        duration: 754.5,
      },
      { url: "https://cdn.example.org/plan.pdf", type: "application/pdf", length: 482133 },
    ]);
  });

  it("take a remote image with the facts its author states", async () => {
    const article = await parse(
      "image: { url: 'https://img.example/a.jpg', type: image/jpeg, size: 1200, width: 40, height: 30 }\nimage_alt: A",
    );
    expect(article?.image).toEqual({
      url: "https://img.example/a.jpg",
      type: "image/jpeg",
      length: 1200,
      width: 40,
      height: 30,
      alt: "A",
    });
  });

  it("size and serve an image in the body that names a file under content/", async () => {
    const article = await parse("", "See the map:\n\n![The route](media/route-map.png)\n");
    expect(article?.contentHtml).toMatch(
      new RegExp(
        `<img src="${OPEN_ORIGIN}/media/route-map\\.[0-9a-f]{12}\\.png" alt="The route" width="640" height="360" loading="lazy" decoding="async" />`,
      ),
    );
  });

  it.each([
    [
      "image without image_alt",
      "image: media/council-chamber.png",
      /^content\/x\.md:4: field "image_alt": expected the text/,
    ],
    [
      "image_alt without image",
      "image_alt: Nothing",
      /^content\/x\.md:4: field "image_alt": expected an "image:" field beside it/,
    ],
    [
      "a remote image given as a bare URL",
      "image: https://img.example/a.jpg\nimage_alt: A",
      /^content\/x\.md:4: field "image": expected a file under content\/ .*\n {2}hint: write image: \{ url:/,
    ],
    [
      "a remote image without its size",
      "image: { url: 'https://img.example/a.jpg', type: image/jpeg }\nimage_alt: A",
      /^content\/x\.md:4: field "image\.size": expected the remote file's size in bytes.*found nothing\n {2}hint: the build never fetches/,
    ],
    [
      "a remote image of another type",
      "image: { url: 'https://img.example/a.mp3', type: audio/mpeg, size: 9 }\nimage_alt: A",
      /field "image\.type": expected an image type/,
    ],
    [
      "a remote image over http",
      "image: { url: 'http://img.example/a.jpg', type: image/jpeg, size: 9 }\nimage_alt: A",
      /field "image\.url": expected an absolute https URL, found "http:\/\/img\.example\/a\.jpg"/,
    ],
    [
      "an attachment naming neither path nor url",
      "attachments:\n  - title: Interview",
      /^content\/x\.md:5: field "attachments\[1\]": expected a path: \(a file under content\/\) or a url:/,
    ],
    [
      "a local attachment stating its type",
      "attachments:\n  - path: media/interview.mp3\n  - path: media/interview.mp3\n    type: audio/mp3",
      /^content\/x\.md:6: field "attachments\[2\]\.type": expected only path, title and duration \(the file itself gives its type and size\)/,
    ],
    [
      "a missing attachment file, at its item's line",
      "attachments:\n  - path: media/interview.mp3\n  - path: media/gone.mp3",
      /^content\/x\.md:6: field "attachments\[2\]\.path": expected a file at .*media\/gone\.mp3, found nothing/,
    ],
    [
      "a duration that is not seconds",
      "attachments:\n  - path: media/interview.mp3\n    duration: '12:34'",
      /field "attachments\[1\]\.duration": expected a number of seconds such as 754, found "12:34"/,
    ],
    ["attachments that are not a list", "attachments: media/interview.mp3", /field "attachments": expected a list/],
  ])("refuse %s", async (_, front, message) => {
    expect(await errorOf(front)).toMatch(message);
  });

  it("refuse a missing file at the line of the key that names it, and a body image with spaces at its own line", async () => {
    expect(await errorOf("attachments:\n  - title: Talk\n    duration: 3\n    path: media/nope.mp3")).toMatch(
      /^content\/x\.md:7: field "attachments\[1\]\.path": expected a file at/,
    );
    expect(
      await errorOf("", "Intro naming media/missing photo.png in text.\n\n![Gone](<media/missing photo.png>)\n"),
    ).toMatch(/^content\/x\.md:8: field "body image": expected a file at .*media\/missing photo\.png/);
  });

  it("report a bad file at each place that names it, even while it is being read", async () => {
    const library = new MediaLibrary(MEDIA_DIR);
    const one = library.local("media/gone.png", { file: "content/one.md", line: 5, field: "image" }, "image");
    const two = library.local("media/gone.png", { file: "content/two.md", line: 6, field: "image" }, "image");
    expect(await rejectionOf(() => one)).toMatch(/^content\/one\.md:5: field "image"/);
    expect(await rejectionOf(() => two)).toMatch(/^content\/two\.md:6: field "image"/);
  });

  it("refuse a body image that is not there, at its line", async () => {
    // Lines 1–5 are the front matter (line 4 empty), the body starts on line 6.
    expect(await errorOf("", "Intro.\n\n![Gone](media/gone.png)\n")).toMatch(
      /^content\/x\.md:8: field "body image": expected a file at .*media\/gone\.png, found nothing/,
    );
  });
});

describe("a wire story's sidecar", () => {
  it("gives the story its image, and the story text stays as filed", async () => {
    const { collection, errors } = await buildCollection(MEDIA_DIR, PARSE_OPTIONS, ROOT);
    expect(errors).toEqual([]);
    const story = collection.articles.find((a) => a.slug === "harbour-crane-arrives");
    expect(story?.image).toMatchObject({
      type: "image/jpeg",
      length: await size("harbour-crane.jpg"),
      width: 800,
      height: 450,
      alt: "The crane on the deck of the ship as it enters the harbour",
    });
    expect(story?.contentHtml).toBe(
      "<p>A new container crane arrived at the harbour on Thursday aboard a heavy-lift ship.</p>\n<p>It will start work in August, the port authority said.</p>",
    );
  });
});

describe("the site's icons", () => {
  it("are each optional: a favicon alone need not be 512 px, and the feeds name only what is set", async () => {
    const place = { file: "wrangler.toml", line: 1, field: "SITE_FAVICON" };
    const { collection, errors } = await buildCollection(
      MEDIA_DIR,
      { ...PARSE_OPTIONS, icons: { favicon: { ref: "media/favicon-64.png", place } } },
      ROOT,
    );
    expect(errors).toEqual([]);
    expect(collection.icons?.icon).toBeUndefined();
    expect(collection.icons?.favicon).toMatchObject({ type: "image/png", width: 64, height: 64 });
    const site = { ...testSite(), icons: collection.icons };
    const feeds = await siteFeeds(collection, site);
    const favicon = collection.icons!.favicon!.url;
    expect(feeds.atom).toContain(`<icon>${favicon}</icon>`);
    expect(feeds.atom).not.toContain("<logo>");
    expect(JSON.parse(feeds.json)).toMatchObject({ favicon });
    expect(JSON.parse(feeds.json).icon).toBeUndefined();
    // RSS <image> takes the favicon at its own size, under RSS 2.0's 144 × 400.
    expect(feeds.rss).toMatch(
      new RegExp(`<url>${favicon.replaceAll(".", "\\.")}</url>[\\s\\S]*<width>64</width>\\s*<height>64</height>`),
    );
  });
});

describe("a sidecar that does not belong", () => {
  it("is refused beside a Markdown article, alone, or with a field other than the media fields", async () => {
    const dir = await mkdtemp(join(tmpdir(), "edgefeed-sidecar-"));
    await mkdir(join(dir, "media"));
    await copyFile(`${MEDIA_DIR}/media/harbour-crane.jpg`, join(dir, "media", "harbour-crane.jpg"));
    await copyFile(`${MEDIA_DIR}/harbour-crane-arrives.txt`, join(dir, "harbour-crane-arrives.txt"));
    await writeFile(
      join(dir, "harbour-crane-arrives.yaml"),
      "image: media/harbour-crane.jpg\nimage_alt: A crane\ntitle: Retitled\n",
    );
    await writeFile(join(dir, "notes.md"), "---\ntitle: Notes\ndate: 2026-06-01\n---\nText.\n");
    await writeFile(join(dir, "notes.yaml"), "image: media/harbour-crane.jpg\nimage_alt: A crane\n");
    await writeFile(join(dir, "stray.yaml"), "image_alt: Nothing\n");
    const { errors } = await buildCollection(dir, PARSE_OPTIONS, dir);
    expect(errors.map((e) => e.message)).toEqual([
      'harbour-crane-arrives.yaml:3: expected a sidecar field (image, image_alt, image_caption, attachments, show, season, episode, episode_type, transcripts, chapters, people), found "title"',
      "notes.yaml:1: expected a wire story notes.txt beside this sidecar, found notes.md\n  hint: a Markdown article takes image: and attachments: in its front matter",
      "stray.yaml:1: expected a wire story stray.txt beside this sidecar, found none\n  hint: rename it after the story it belongs to",
    ]);
  });
});

describe("the build of a collection with bad media (test/fixtures/media-errors/)", () => {
  it("fails, naming the file and field of each: a missing image, a JPEG named .png, no alt text, a non-square icon", async () => {
    const { errors } = await buildCollection(
      `${ROOT}test/fixtures/media-errors`,
      {
        ...PARSE_OPTIONS,
        icons: {
          icon: { ref: "media/not-square.png", place: { file: "wrangler.toml", line: 12, field: "SITE_ICON" } },
        },
      },
      ROOT,
    );
    expect(errors.map((e) => e.message)).toEqual([
      'test/fixtures/media-errors/jpeg-named-png.md:4: field "image": expected media/photo-really-jpeg.png\'s bytes to be the type its name says (.png), found image/jpeg\n  hint: rename it to photo-really-jpeg.jpg',
      'test/fixtures/media-errors/missing-image.md:4: field "image": expected a file at test/fixtures/media-errors/media/nowhere.png, found nothing\n  hint: put the file at test/fixtures/media-errors/media/nowhere.png, or correct the path',
      'test/fixtures/media-errors/no-alt.md:5: field "image_alt": expected the text that stands in for the image, found none\n  hint: add image_alt: "What the image shows" (readers, screen readers and feeds without images show it)',
      'wrangler.toml:12: field "SITE_ICON": expected a square image, found 600×400 pixels (media/not-square.png)\n  hint: crop it to a square',
    ]);
  });
});
