// src/build/podcasts/audio.ts: an episode's duration comes from its audio, in whole seconds, whatever the
// MP3 states about itself (LAME's Info tag, a Xing tag, nothing), and from an MP4's own track headers.

import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { AudioProblem, audioFacts } from "../../../src/build/podcasts/audio";

const MEDIA = join(import.meta.dirname, "../../fixtures/podcasts/media");
const read = (name: string) => readFile(join(MEDIA, name));
const has = (bytes: Buffer, text: string) => bytes.includes(Buffer.from(text, "latin1"));

describe("an MP3's duration", () => {
  // The tone lengths test/fixtures/podcasts/media/make-media.sh encodes, and whether each file states its
  // frame count in a tag: LAME's "Info" in a CBR file (where its first frame has room: 40 kbps, not 32),
  // "Xing" in a VBR one, neither in a VBR one made with -t, whose frames must all be read.
  it.each([
    ["welcome.mp3", 3, "none"],
    ["markets.mp3", 5, "Info"],
    ["elections.mp3", 7, "Xing"],
    ["trailer.mp3", 4, "none"],
    ["s1e1.mp3", 6, "none"],
    ["s1e2.mp3", 8, "none"],
    ["s2e1.mp3", 9, "none"],
  ] as const)("%s lasts %i s (its tag: %s)", async (name, seconds, header) => {
    const bytes = await read(name);
    expect(header === "none" ? !has(bytes, "Xing") && !has(bytes, "Info") : has(bytes, header)).toBe(true);
    expect(await audioFacts(bytes, "audio/mpeg")).toEqual({ duration: seconds });
  });
});

describe("audio whose duration cannot be read", () => {
  it.each([
    ["a WAV's bytes named .mp3", "not-really.mp3", "audio/mpeg"],
    ["a PNG's bytes as MP3", "bad-wide.png", "audio/mpeg"],
    ["a PNG's bytes as M4A", "bad-wide.png", "audio/mp4"],
    ["a PNG's bytes as MP4 video", "bad-wide.png", "video/mp4"],
  ])("refuses %s", async (_, name, type) => {
    const refused = await audioFacts(await read(name), type).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(AudioProblem);
    expect(refused).toMatchObject({ problem: "expected audio whose duration can be read, found none" });
  });

  it("refuses an empty file and an MP3 cut to its first frames' header", async () => {
    for (const bytes of [new Uint8Array(), (await read("s1e2.mp3")).subarray(0, 4)]) {
      await expect(audioFacts(bytes, "audio/mpeg")).rejects.toThrow(
        "expected audio whose duration can be read, found none",
      );
    }
  });
});

// MP4 files (ISO/IEC 14496-12) made here from their boxes: the duration a reader takes from an MP4 is what
// each track's media header (mdhd) states, not its samples, and no AAC or H.264 encoder is needed to state it.
const box = (type: string, ...content: Uint8Array[]) => {
  const body = Buffer.concat(content);
  const head = Buffer.alloc(8);
  head.writeUInt32BE(8 + body.byteLength);
  head.write(type, 4, "latin1");
  return Buffer.concat([head, body]);
};
const u32 = (...values: number[]) => {
  const b = Buffer.alloc(4 * values.length);
  values.forEach((v, i) => {
    b.writeUInt32BE(v, 4 * i);
  });
  return b;
};
const text = (s: string) => Buffer.from(s, "latin1");

/** A track of `seconds` at `timescale` units a second: sound (an AAC sample entry) or video (an avc1 one). */
function track(id: number, kind: "soun" | "vide", timescale: number, seconds: number) {
  // Version 0, flags "enabled, in movie, in preview", the track's id, then fields a reader does not need.
  const tkhd = box("tkhd", u32(7, 0, 0, id, 0, 0), Buffer.alloc(60));
  const mdhd = box("mdhd", u32(0, 0, 0, timescale, Math.round(seconds * timescale), 0x55c4_0000));
  const hdlr = box("hdlr", u32(0, 0), text(kind), u32(0, 0, 0), text("\0"));
  const entry =
    kind === "soun"
      ? // SampleEntry (6 reserved bytes, data reference 1), then AudioSampleEntry: version, revision, vendor,
        // 1 channel, 16 bits, compression 0, packet size 0, 16.16 sample rate.
        box(
          "mp4a",
          Buffer.from([0, 0, 0, 0, 0, 0, 0, 1]),
          u32(0, 0),
          Buffer.from([0, 1, 0, 16, 0, 0, 0, 0]),
          u32(timescale * 0x1_0000),
        )
      : box("avc1", Buffer.from([0, 0, 0, 0, 0, 0, 0, 1]), Buffer.alloc(70));
  const stbl = box("stbl", box("stsd", u32(0, 1), entry), box("stts", u32(0, 0)), box("stsz", u32(0, 0, 0)));
  return box("trak", tkhd, box("mdia", mdhd, hdlr, box("minf", stbl)));
}

function mp4(brand: string, ...tracks: Buffer[]) {
  const mvhd = box("mvhd", u32(0, 0, 0, 1000, 0), Buffer.alloc(80));
  return Buffer.concat([box("ftyp", text(brand), u32(0), text(brand), text("isom")), box("moov", mvhd, ...tracks)]);
}

describe("an MP4's duration", () => {
  it("is its sound track's, for an M4A", async () => {
    expect(await audioFacts(mp4("M4A ", track(1, "soun", 44_100, 6.4)), "audio/mp4")).toEqual({ duration: 6 });
    expect(await audioFacts(mp4("M4A ", track(1, "soun", 16_000, 12.5)), "audio/mp4")).toEqual({ duration: 13 });
  });

  it("is its sound track's, for a video with sound", async () => {
    const video = mp4("isom", track(1, "vide", 90_000, 61.2), track(2, "soun", 48_000, 61.2));
    expect(await audioFacts(video, "video/mp4")).toEqual({ duration: 61 });
  });

  it("is its longest track's, for a video without sound", async () => {
    expect(await audioFacts(mp4("isom", track(1, "vide", 90_000, 95.6)), "video/mp4")).toEqual({ duration: 96 });
  });

  it("is at least a second, for a clip shorter than half a second", async () => {
    expect(await audioFacts(mp4("M4A ", track(1, "soun", 44_100, 0.3)), "audio/mp4")).toEqual({ duration: 1 });
  });

  it("refuses one whose tracks state no duration", async () => {
    await expect(audioFacts(mp4("M4A ", track(1, "soun", 44_100, 0)), "audio/mp4")).rejects.toBeInstanceOf(
      AudioProblem,
    );
  });
});
