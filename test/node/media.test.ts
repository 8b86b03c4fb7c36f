// src/build/media.ts: what the build says about a file comes from the file (type from its bytes, length,
// pixel size), and every file it cannot serve for its use stops the build with the file, line and field.

import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFile, mkdir, mkdtemp, readFile, stat, symlink, truncate, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { deflateSync } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import { MediaLibrary } from "../../src/build/media";
import { OPEN_ORIGIN } from "../../src/shared/contract";
import { rejectionOf } from "../support/content-errors";
import { ROOT } from "../support/feed-fixtures";
import { PNG_SIGNATURE, png, pngChunk, pngClaiming, pngHeader } from "../support/png";

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
    // Two seconds of audio (lame --decode gives 2.0 s of samples): its duration, in whole seconds.
    ["media/interview.mp3", "attachment", "audio/mpeg", { duration: 2 }, "interview", "mp3"],
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
    await writeFile(join(content, "media", "icon-256.png"), png(256, 256));
    expect(await rejectionOf(() => library().local("media/icon-256.png", place, "icon"))).toMatch(
      /expected an icon at least 512×512 pixels, found 256×256 \(media\/icon-256\.png\)/,
    );
    await expect(library().local("media/icon-512.png", place, "icon")).resolves.toMatchObject({ width: 512 });
  });
});

describe("wrangler.toml [assets] run_worker_first", () => {
  it("lets Static Assets serve exactly the image media directly, and sends everything else to the Worker", async () => {
    const { parse } = await import("smol-toml");
    const { MEDIA_TYPES } = await import("../../src/shared/addresses");
    const toml = parse(await readFile(`${ROOT}wrangler.toml`, "utf8")) as { assets: { run_worker_first: string[] } };
    const images = Object.entries(MEDIA_TYPES)
      .filter(([, m]) => m.kind === "image")
      .map(([ext]) => `!/media/*.${ext}`);
    expect(toml.assets.run_worker_first).toEqual(["/*", ...images]);
  });
});

describe("a file that is not whole, or claims a size no image has", () => {
  const library = () => new MediaLibrary(content);
  const put = async (name: string, bytes: Uint8Array) => {
    await writeFile(join(content, "media", name), bytes);
    return `media/${name}`;
  };

  it("a PNG cut after its header (33 bytes) stops the build, as a lead image and as the site's icon", async () => {
    const whole = png(600, 600);
    const ref = await put("cut.png", whole.subarray(0, 33));
    for (const use of ["image", "icon"] as const) {
      expect(await rejectionOf(() => library().local(ref, place, use))).toMatch(
        /^content\/story\.md:7: field "image": expected a whole PNG image, found one that ends before its IEND chunk \(media\/cut\.png\)\n {2}hint: /,
      );
    }
    // The same image whole is taken: the refusal is the cut, not the picture.
    await expect(library().local(await put("whole.png", whole), place, "icon")).resolves.toMatchObject({
      width: 600,
      height: 600,
    });
  });

  it("a PNG cut inside its pixel data, or with a damaged chunk, stops the build", async () => {
    const whole = png(64, 64);
    const cut = await put("cut-in-idat.png", whole.subarray(0, whole.byteLength - 20));
    expect(await rejectionOf(() => library().local(cut, place, "image"))).toMatch(
      /field "image": expected a whole PNG image, found one that ends before its IEND chunk \(media\/cut-in-idat\.png\)/,
    );
    const damaged = Buffer.from(whole);
    damaged.writeUInt8(damaged.readUInt8(30) ^ 0xff, 30); // a byte of IHDR's CRC: it no longer matches the chunk
    const damagedRef = await put("damaged.png", damaged);
    expect(await rejectionOf(() => library().local(damagedRef, place, "image"))).toMatch(
      /field "image": expected a whole PNG image, found its IHDR chunk damaged \(its CRC does not match\) \(media\/damaged\.png\)/,
    );
    // Every chunk whole, but the pixel data holds fewer rows than the header declares.
    const short = Buffer.concat([
      PNG_SIGNATURE,
      pngHeader(64, 64),
      pngChunk("IDAT", deflateSync(Buffer.alloc(65 * 10))),
      pngChunk("IEND"),
    ]);
    const shortRef = await put("short.png", short);
    expect(await rejectionOf(() => library().local(shortRef, place, "image"))).toMatch(
      /field "image": expected a whole PNG image, found pixel data for fewer pixels than its 64×64 \(media\/short\.png\)/,
    );
  });

  it("a JPEG cut before its end-of-image marker stops the build", async () => {
    const jpeg = await readFile(join(FIXTURES, "harbour-crane.jpg"));
    const ref = await put("cut.jpg", jpeg.subarray(0, Math.floor(jpeg.byteLength / 2)));
    expect(await rejectionOf(() => library().local(ref, place, "image"))).toMatch(
      /^content\/story\.md:7: field "image": expected a whole JPEG image, found one that ends before its end-of-image marker \(media\/cut\.jpg\)/,
    );
  });

  it("a GIF cut before its trailer stops the build, and a whole one is taken", async () => {
    // The smallest GIF: 1×1, one colour table, one image, the trailer (0x3B).
    const gif = Buffer.from(
      "47494638396101000100800000ffffff00000021f90401000000002c00000000010001000002024401003b",
      "hex",
    );
    await expect(library().local(await put("dot.gif", gif), place, "image")).resolves.toMatchObject({ width: 1 });
    const cut = await put("cut.gif", gif.subarray(0, 30));
    expect(await rejectionOf(() => library().local(cut, place, "image"))).toMatch(
      /field "image": expected a whole GIF image, found one that ends before its trailer \(media\/cut\.gif\)/,
    );
  });

  it("a WebP whose RIFF container is cut short stops the build", async () => {
    // RIFF header stating 4,000 bytes, a VP8L chunk header for 100×100 pixels, and no more.
    const vp8l = Buffer.from([0x2f, 0x63, 0xc0, 0x18, 0x00, 0x00]);
    const riff = Buffer.alloc(20);
    riff.write("RIFF", 0, "latin1");
    riff.writeUInt32LE(4000, 4);
    riff.write("WEBPVP8L", 8, "latin1");
    riff.writeUInt32LE(3980, 16);
    const ref = await put("cut.webp", Buffer.concat([riff, vp8l]));
    expect(await rejectionOf(() => library().local(ref, place, "image"))).toMatch(
      /field "image": expected a whole WebP image, found one that ends before its RIFF container does \(media\/cut\.webp\)/,
    );
  });

  it("an MP4, a WAV and a PDF cut short stop the build, and whole ones are taken", async () => {
    const box = (type: string, body: Buffer, size = 8 + body.byteLength) => {
      const head = Buffer.alloc(8);
      head.writeUInt32BE(size, 0);
      head.write(type, 4, "latin1");
      return Buffer.concat([head, body]);
    };
    const ftyp = box("ftyp", Buffer.from("isom\0\0\x02\0isomiso2mp41", "latin1"));
    const mp4 = Buffer.concat([ftyp, box("mdat", Buffer.alloc(64))]);
    await expect(library().local(await put("whole.mp4", mp4), place, "attachment")).resolves.toMatchObject({
      type: "video/mp4",
    });
    const cutMp4 = await put("cut.mp4", mp4.subarray(0, mp4.byteLength - 10));
    expect(await rejectionOf(() => library().local(cutMp4, place, "attachment"))).toMatch(
      /field "image": expected a whole MP4 file, found one that ends before its mdat box does \(media\/cut\.mp4\)/,
    );

    const fmt = Buffer.from("fmt \x10\0\0\0\x01\0\x01\0\x40\x1f\0\0\x80\x3e\0\0\x02\0\x10\0", "latin1");
    const data = Buffer.concat([Buffer.from("data\xa0\x0f\0\0", "latin1"), Buffer.alloc(4000)]);
    const head = Buffer.from("RIFF\0\0\0\0WAVE", "latin1");
    head.writeUInt32LE(4 + fmt.byteLength + data.byteLength, 4);
    const wav = Buffer.concat([head, fmt, data]);
    await expect(library().local(await put("whole.wav", wav), place, "attachment")).resolves.toMatchObject({
      type: "audio/wav",
    });
    const cutWav = await put("cut.wav", wav.subarray(0, 1000));
    expect(await rejectionOf(() => library().local(cutWav, place, "attachment"))).toMatch(
      /field "image": expected a whole WAV file, found one that ends before its RIFF container does \(media\/cut\.wav\)/,
    );

    const pdf = Buffer.from(`%PDF-1.4\n${"% filler\n".repeat(200)}trailer\n<<>>\n%%EOF\n`, "latin1");
    await expect(library().local(await put("whole.pdf", pdf), place, "attachment")).resolves.toMatchObject({
      type: "application/pdf",
    });
    const cutPdf = await put("cut.pdf", pdf.subarray(0, 1200));
    expect(await rejectionOf(() => library().local(cutPdf, place, "attachment"))).toMatch(
      /field "image": expected a whole PDF file, found one that ends before its "%%EOF" \(media\/cut\.pdf\)/,
    );
  });

  it.each([
    [100_000, 100_000],
    [20_000, 10],
    [10, 20_000],
    [10_000, 10_000],
  ])("a PNG declaring %d×%d pixels stops the build, before its pixels are read", async (width, height) => {
    const ref = await put(`claims-${width}x${height}.png`, pngClaiming(width, height));
    expect(await rejectionOf(() => library().local(ref, place, "image"))).toMatch(
      new RegExp(
        `^content/story\\.md:7: field "image": expected an image of at most 16384 pixels a side and 64 megapixels, found ${width}×${height} pixels \\(media/claims-${width}x${height}\\.png\\)\\n {2}hint: `,
      ),
    );
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
