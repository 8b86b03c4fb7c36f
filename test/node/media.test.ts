// src/build/media.ts: what the build says about a file comes from the file (type from its bytes, length,
// pixel size), and every file it cannot serve for its use stops the build with the file, line and field.

import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFile, mkdir, mkdtemp, readFile, stat, symlink, truncate, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { MediaLibrary } from "../../src/build/media";
import { OPEN_ORIGIN } from "../../src/http/open-origin";
import { rejectionOf } from "../support/content-errors";
import { ROOT } from "../support/feed-fixtures";

const FIXTURES = `${ROOT}test/fixtures/media/media`;
const ERRORS = `${ROOT}test/fixtures/media-errors/media`;
const place = { file: "content/story.md", line: 7, field: "image" };

let content: string;
beforeAll(async () => {
  // A content folder of its own, with the fixtures and the bad files side by side.
  content = await mkdtemp(join(tmpdir(), "edgefeed-media-"));
  await mkdir(join(content, "media"));
  for (const [dir, name] of [
    [FIXTURES, "council-chamber.png"],
    [FIXTURES, "harbour-crane.jpg"],
    [FIXTURES, "interview.mp3"],
    [FIXTURES, "icon-512.png"],
    [ERRORS, "not-square.png"],
    [ERRORS, "photo-really-jpeg.png"],
  ] as const) {
    await copyFile(join(dir, name), join(content, "media", name));
  }
  await writeFile(join(content, "media", "notes.png"), "not an image at all\n");
  await writeFile(join(content, "media", "empty.mp3"), "");
});

const sha12 = async (path: string) =>
  createHash("sha256")
    .update(await readFile(path))
    .digest("hex")
    .slice(0, 12);

describe("a local file's facts", () => {
  it.each([
    ["media/council-chamber.png", "image", "image/png", { width: 1200, height: 630 }, "council-chamber", "png"],
    ["media/harbour-crane.jpg", "image", "image/jpeg", { width: 800, height: 450 }, "harbour-crane", "jpg"],
    ["media/interview.mp3", "attachment", "audio/mpeg", {}, "interview", "mp3"],
  ] as const)(
    "%s: type from its bytes, its byte length and pixel size, a name hashing its bytes",
    async (ref, use, type, size, stem, ext) => {
      const library = new MediaLibrary(content);
      const medium = await library.local(ref, place, use);
      const path = join(content, ref);
      const name = `${stem}.${await sha12(path)}.${ext}`;
      expect(medium).toEqual({
        url: `${OPEN_ORIGIN}/media/${name}`,
        type,
        kind: use === "image" ? "image" : "audio",
        length: (await stat(path)).size,
        ...size,
      });
      expect(library.files()).toEqual([{ name, source: path, type, length: (await stat(path)).size }]);
    },
  );

  it("publishes a file once however many articles use it, and none of a draft's", async () => {
    const library = new MediaLibrary(content);
    await library.local("media/council-chamber.png", place, "image");
    await library.local("media/council-chamber.png", { ...place, file: "content/other.md" }, "image");
    await library.unpublished().local("media/harbour-crane.jpg", place, "image");
    expect(library.files().map((f) => f.name)).toEqual([
      `council-chamber.${await sha12(join(content, "media/council-chamber.png"))}.png`,
    ]);
  });
});

describe("a file the build cannot serve", () => {
  const library = () => new MediaLibrary(content);
  it.each([
    [
      "a missing file",
      "media/nowhere.png",
      "image",
      /^content\/story\.md:7: field "image": expected a file at .*media\/nowhere\.png, found nothing\n {2}hint: put the file at .*media\/nowhere\.png, or correct the path$/,
    ],
    [
      "a JPEG named .png",
      "media/photo-really-jpeg.png",
      "image",
      /^content\/story\.md:7: field "image": expected media\/photo-really-jpeg\.png's bytes to be the type its name says \(\.png\), found image\/jpeg\n {2}hint: rename it to photo-really-jpeg\.jpg$/,
    ],
    [
      "text named .png",
      "media/notes.png",
      "image",
      /^content\/story\.md:7: field "image": expected an image, audio, video or PDF file, found bytes of no type edgefeed knows \(media\/notes\.png\)/,
    ],
    ["an empty file", "media/empty.mp3", "attachment", /field "image": expected a media file, found an empty file/],
    [
      "audio where an image is needed",
      "media/interview.mp3",
      "image",
      /field "image": expected an image \(PNG, JPG, GIF, WEBP, AVIF\), found audio\/mpeg \(media\/interview\.mp3\)$/,
    ],
    [
      "a path outside content/",
      "../secrets.png",
      "image",
      /expected a file inside content\/, found "\.\.\/secrets\.png"/,
    ],
    ["an absolute path", "/etc/passwd", "image", /expected a path relative to content\/ such as "media\/lead\.jpg"/],
    [
      "a non-square icon",
      "media/not-square.png",
      "icon",
      /field "image": expected a square image, found 600×400 pixels \(media\/not-square\.png\)\n {2}hint: crop it to a square$/,
    ],
    ["a non-square favicon", "media/not-square.png", "favicon", /expected a square image, found 600×400 pixels/],
  ] as const)("%s stops the build", async (_, ref, use, message) => {
    expect(await rejectionOf(() => library().local(ref, place, use))).toMatch(message);
  });

  it("a square icon below 512 px is refused, one of 512 px is taken", async () => {
    const small = join(content, "media", "icon-256.png");
    // A PNG header stating 256×256: image-size reads the size from it.
    const png = await readFile(join(content, "media", "icon-512.png"));
    const header = Buffer.from(png);
    header.writeUInt32BE(256, 16);
    header.writeUInt32BE(256, 20);
    await writeFile(small, header);
    expect(await rejectionOf(() => library().local("media/icon-256.png", place, "icon"))).toMatch(
      /expected an icon at least 512×512 pixels, found 256×256 \(media\/icon-256\.png\)/,
    );
    await expect(library().local("media/icon-512.png", place, "icon")).resolves.toMatchObject({ width: 512 });
  });
});

describe("wrangler.toml [assets] run_worker_first", () => {
  it("lets Static Assets serve exactly the image media directly, and sends everything else to the Worker", async () => {
    const { parse } = await import("smol-toml");
    const { MEDIA_TYPES } = await import("../../src/addresses");
    const toml = parse(await readFile(`${ROOT}wrangler.toml`, "utf8")) as { assets: { run_worker_first: string[] } };
    const images = Object.entries(MEDIA_TYPES)
      .filter(([, m]) => m.kind === "image")
      .map(([ext]) => `!/media/*.${ext}`);
    expect(toml.assets.run_worker_first).toEqual(["/*", ...images]);
  });
});

describe("a file larger than Static Assets serve", () => {
  it("a file larger than Static Assets serve (25 MiB) stops the build without being read", async () => {
    const big = join(content, "media", "long-interview.mp3");
    await copyFile(join(FIXTURES, "interview.mp3"), big);
    await truncate(big, 25 * 1024 * 1024 + 1);
    expect(
      await rejectionOf(() => new MediaLibrary(content).local("media/long-interview.mp3", place, "attachment")),
    ).toMatch(
      /^content\/story\.md:7: field "image": expected a file of at most 25 MiB \(26,214,400 bytes\), found 26,214,401 bytes \(media\/long-interview\.mp3\)\n {2}hint: /,
    );
  });
});

describe("the build reads only regular files inside content/, never through a link", () => {
  const library = () => new MediaLibrary(content);

  it("a medium that is a symbolic link stops the build, even to a file inside content/", async () => {
    await symlink(join(content, "media", "council-chamber.png"), join(content, "media", "linked.png"));
    expect(await rejectionOf(() => library().local("media/linked.png", place, "image"))).toMatch(
      /^content\/story\.md:7: field "image": expected a regular file at .*media\/linked\.png, found a symbolic link\n {2}hint: /,
    );
  });

  it("a folder on the way that is a link (content/media → elsewhere) stops the build", async () => {
    const elsewhere = await mkdtemp(join(tmpdir(), "edgefeed-elsewhere-"));
    await copyFile(join(FIXTURES, "council-chamber.png"), join(elsewhere, "lead.png"));
    await symlink(elsewhere, join(content, "linked-media"));
    expect(await rejectionOf(() => library().local("linked-media/lead.png", place, "image"))).toMatch(
      /^content\/story\.md:7: field "image": expected a folder at .*linked-media, found a symbolic link\n {2}hint: /,
    );
  });

  it("a FIFO where a medium should be stops the build without blocking on it", async () => {
    await promisify(execFile)("mkfifo", [join(content, "media", "pipe.png")]);
    expect(await rejectionOf(() => library().local("media/pipe.png", place, "image"))).toMatch(
      /^content\/story\.md:7: field "image": expected a regular file at .*media\/pipe\.png, found a FIFO\n {2}hint: /,
    );
  });
});
