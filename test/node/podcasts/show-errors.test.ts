// src/build/parsers/show.ts and ./episode-fields.ts: each mistake a podcast's files can hold stops the
// build naming the file, the line and the field — bad artwork (too small, CMYK, not square), a category
// Apple does not list, an owner without an e-mail, audio whose bytes are not what its name says, a
// malformed chapters file — on a copy of test/fixtures/podcasts/ with that one mistake made.
import { cp, mkdtemp, readFile, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { buildCollection } from "../../../src/build/collection";
import { PARSE_OPTIONS, ROOT } from "../../support/feed-fixtures";

const FIXTURE = `${ROOT}test/fixtures/podcasts`;
const SHOW = "shows/wire-briefing.yaml";
const EPISODE = "welcome-to-the-wire-briefing.md";

/** The fixture with `file`'s text changed by `edit`; the build's messages, with the line `marker` is on in the edited file. */
async function build(file: string, edit: (text: string) => string, marker: string) {
  const dir = await mkdtemp(join(tmpdir(), "edgefeed-podcast-"));
  await cp(FIXTURE, dir, { recursive: true });
  // A WAV under its own name, for the test of a format Apple does not play (not-really.mp3 holds a WAV's bytes).
  await cp(join(dir, "media/not-really.mp3"), join(dir, "media/welcome.wav"));
  const text = edit(await readFile(join(dir, file), "utf8"));
  await writeFile(join(dir, file), text);
  const { errors } = await buildCollection(
    dir,
    { ...PARSE_OPTIONS, showDefaults: { language: "en", author: "newsroom" } },
    dir,
  );
  const line = text.split("\n").findIndex((l) => l.includes(marker)) + 1;
  expect(line, `${marker} in ${file}`).toBeGreaterThan(0);
  return { messages: errors.map((e) => e.message), line, dir };
}

describe("a show's artwork that Apple Podcasts refuses stops the build at the artwork field", () => {
  it.each([
    ["1000 pixels a side", "bad-small.jpg", "expected artwork at least 1400×1400 pixels, found 1000×1000"],
    ["CMYK", "bad-cmyk.jpg", "expected artwork in the RGB colour space, found CMYK"],
    ["not square", "bad-wide.png", "expected square artwork, found 2000×1400"],
  ])("%s", async (_, file, problem) => {
    const { messages, line } = await build(
      SHOW,
      (t) => t.replace("media/episodic-art.jpg", `media/${file}`),
      "artwork:",
    );
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(new RegExp(`^shows/wire-briefing\\.yaml:${line}: field "artwork": `));
    expect(messages[0]).toContain(problem);
  });
});

it("a category not in Apple's list stops the build naming the field and the list", async () => {
  const { messages, line } = await build(SHOW, (t) => t.replace("category: News", "category: Newz"), "category: Newz");
  expect(messages).toHaveLength(1);
  expect(messages[0]).toMatch(
    new RegExp(
      `^shows/wire-briefing\\.yaml:${line}: field "category": expected one of Apple's categories \\(Arts, Business, `,
    ),
  );
  expect(messages[0]).toContain('found "Newz"');
});

it("a subcategory of another category stops the build at the subcategory", async () => {
  const { messages, line } = await build(
    SHOW,
    (t) => t.replace("subcategory: Daily News", "subcategory: Documentary"),
    "subcategory:",
  );
  expect(messages[0]).toMatch(
    new RegExp(`^shows/wire-briefing\\.yaml:${line}: field "subcategory": expected a subcategory of "News" \\(`),
  );
});

it("an owner without an e-mail stops the build at owner.email", async () => {
  const { messages, line } = await build(SHOW, (t) => t.replace(/\n {2}email: .*\n/, "\n"), "owner:");
  expect(messages).toHaveLength(1);
  expect(messages[0]).toMatch(
    new RegExp(
      `^shows/wire-briefing\\.yaml:${line}: field "owner.email": expected the owner's e-mail address, found nothing`,
    ),
  );
});

it("an episode whose audio's bytes are not its extension stops the build at its path", async () => {
  const { messages, line } = await build(
    EPISODE,
    (t) => t.replace("media/welcome.mp3", "media/not-really.mp3"),
    "not-really.mp3",
  );
  expect(messages).toHaveLength(1);
  expect(messages[0]).toMatch(
    new RegExp(`^welcome-to-the-wire-briefing\\.md:${line}: field "attachments\\[1\\]\\.path": `),
  );
  expect(messages[0]).toContain(
    "expected media/not-really.mp3's bytes to be the type its name says (.mp3), found audio/wav",
  );
});

it("a malformed chapters file stops the build at its own line and field, naming the episode that uses it", async () => {
  const chapters = await readFile(`${FIXTURE}/media/bad-chapters.json`, "utf8");
  const at = chapters.split("\n").findIndex((l) => l.includes('"ten"')) + 1;
  const { messages, line, dir } = await build(
    EPISODE,
    (t) => t.replace("media/welcome-chapters.json", "media/bad-chapters.json"),
    "chapters:",
  );
  expect(messages).toHaveLength(1);
  // A media file is named from where the build runs, as content/media/… is in a project.
  const path = relative(process.cwd(), join(dir, "media/bad-chapters.json"));
  expect(messages[0]).toContain(`${path}:${at}: field "chapters[3].startTime": expected `);
  expect(messages[0]).toContain(`named by welcome-to-the-wire-briefing.md:${line}, field "chapters"`);
});

it("an episode naming no show the site has stops the build, listing the shows", async () => {
  const { messages, line } = await build(EPISODE, (t) => t.replace("show: wire-briefing", "show: wire-brief"), "show:");
  expect(messages).toEqual([
    `welcome-to-the-wire-briefing.md:${line}: field "show": expected one of the shows in content/shows/ (border-story, wire-briefing), found "wire-brief"`,
  ]);
});

it("a serial show's full episode without its number stops the build", async () => {
  const file = "border-story-the-bridge.md";
  const { messages, line } = await build(file, (t) => t.replace("episode: 2\n", ""), "show:");
  expect(messages[0]).toMatch(new RegExp(`^${file}:${line}: field "episode": expected the episode's number`));
});

it("a shows folder that is a link to elsewhere is refused, not read", async () => {
  const dir = await mkdtemp(join(tmpdir(), "edgefeed-podcast-"));
  const elsewhere = await mkdtemp(join(tmpdir(), "edgefeed-elsewhere-"));
  await cp(join(FIXTURE, "shows"), elsewhere, { recursive: true });
  await cp(join(FIXTURE, "media"), join(dir, "media"), { recursive: true });
  await symlink(elsewhere, join(dir, "shows"));
  const { errors } = await buildCollection(dir, { ...PARSE_OPTIONS }, dir);
  expect(errors.map((e) => e.message)).toEqual([
    expect.stringMatching(
      /^shows:1: expected a folder of shows \(content\/shows\/<name>\.yaml\), found a symbolic link/,
    ),
  ]);
});

it("a show without an author, on a site without SITE_AUTHOR, stops the build at the show file asking for one", async () => {
  const dir = await mkdtemp(join(tmpdir(), "edgefeed-podcast-"));
  await cp(FIXTURE, dir, { recursive: true });
  const show = join(dir, SHOW);
  await writeFile(show, (await readFile(show, "utf8")).replace(/^author: .*\n/m, ""));
  const { errors } = await buildCollection(
    dir,
    { ...PARSE_OPTIONS, showDefaults: { language: "en", author: "" } },
    dir,
  );
  expect(errors.map((e) => e.message)).toEqual([
    expect.stringMatching(
      /^shows\/wire-briefing\.yaml:1: field "author": expected the show's author \(or SITE_AUTHOR in wrangler\.toml\), found none/,
    ),
  ]);
  // With SITE_AUTHOR set, the show is the site author's.
  const { collection } = await buildCollection(
    dir,
    { ...PARSE_OPTIONS, showDefaults: { language: "en", author: "The newsroom" } },
    dir,
  );
  expect(collection.shows?.find((s) => s.name === "wire-briefing")?.author).toBe("The newsroom");
});

it("an episode in a format Apple Podcasts does not play (WAV) stops the build at its audio", async () => {
  const { messages, line, dir } = await build(
    EPISODE,
    (t) => t.replace("media/welcome.mp3", "media/welcome.wav"),
    "welcome.wav",
  );
  expect(line).toBeGreaterThan(0);
  expect(dir).toBeTruthy();
  expect(messages).toEqual([
    expect.stringMatching(
      /^welcome-to-the-wire-briefing\.md:\d+: field "attachments": an episode: expected audio or video Apple Podcasts plays \(MP3, M4A or MP4\), found audio\/wav/,
    ),
  ]);
});
