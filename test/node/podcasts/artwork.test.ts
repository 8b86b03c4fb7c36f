// src/build/podcasts/artwork.ts: Apple Podcasts' artwork rules (JPEG or PNG, square, 1400 to 3000 pixels a
// side, RGB), each shown a file that breaks it; the facts read from the headers agree with image-size's.

import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { imageSize } from "image-size";
import { describe, expect, it } from "vitest";
import { ARTWORK_SIDE, artworkFacts, artworkProblem } from "../../../src/build/podcasts/artwork";
import { PNG_SIGNATURE, pngChunk } from "../../support/png";

const MEDIA = join(import.meta.dirname, "../../fixtures/podcasts/media");
const read = (name: string) => readFile(join(MEDIA, name));

/** The first bytes of a PNG: its signature and IHDR (8-bit, of a colour type); enough for the rules. */
function pngHead(width: number, height: number, colourType: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = colourType;
  return Buffer.concat([PNG_SIGNATURE, pngChunk("IHDR", ihdr)]);
}

/** A JPEG's segment: its marker and length-prefixed data. */
const segment = (marker: number, data: number[]) => [
  0xff,
  marker,
  (data.length + 2) >> 8,
  (data.length + 2) & 0xff,
  ...data,
];

/**
 * The first bytes of a JPEG (ITU T.81 Annex B) up to its frame header: SOI, a JFIF APP0, a Huffman table
 * (DHT, marker C4, which sits among the SOF markers and is not one), then SOFn with `components`.
 */
function jpegHead(width: number, height: number, components: number, sof = 0xc0): Buffer {
  const perComponent = Array.from({ length: components }, (_, i) => [i + 1, 0x11, 0]).flat();
  return Buffer.from([
    0xff,
    0xd8,
    ...segment(0xe0, [0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]),
    ...segment(0xc4, [0x00, ...Array(16).fill(0)]),
    ...segment(sof, [8, height >> 8, height & 0xff, width >> 8, width & 0xff, components, ...perComponent]),
  ]);
}

describe("the shows' artwork", () => {
  it.each([
    ["episodic-art.jpg", "image/jpeg", 1400],
    ["serial-art.png", "image/png", 3000],
  ])("%s is a %s of %i pixels a side in RGB, and breaks no rule", async (name, type, side) => {
    const bytes = await read(name);
    expect(artworkFacts(bytes)).toEqual({ type, width: side, height: side, colour: "rgb" });
    const { width, height } = imageSize(bytes);
    expect({ width, height }).toEqual({ width: side, height: side });
    expect(artworkProblem(bytes)).toBeUndefined();
  });
});

describe("each rule, shown the file it refuses", () => {
  it.each([
    ["bad-small.jpg", "expected artwork at least 1400×1400 pixels, found 1000×1000 pixels"],
    ["bad-wide.png", "expected square artwork, found 2000×1400 pixels"],
    ["bad-cmyk.jpg", "expected artwork in the RGB colour space, found CMYK"],
    ["not-really.mp3", "expected a JPEG or PNG image, found bytes of another type"],
  ])("%s: %s", async (name, problem) => {
    expect(artworkProblem(await read(name))).toEqual({ problem, hint: expect.any(String) });
  });

  it("takes the sides from 1400 to 3000 pixels, both included, and no side outside them", () => {
    const { min, max } = ARTWORK_SIDE;
    expect([min, max]).toEqual([1400, 3000]);
    for (const side of [1400, 2048, 3000]) {
      expect(artworkProblem(pngHead(side, side, 2))).toBeUndefined();
      expect(artworkProblem(jpegHead(side, side, 3))).toBeUndefined();
    }
    expect(artworkProblem(pngHead(1399, 1399, 2))?.problem).toBe(
      "expected artwork at least 1400×1400 pixels, found 1399×1399 pixels",
    );
    expect(artworkProblem(jpegHead(3001, 3001, 3))?.problem).toBe(
      "expected artwork at most 3000×3000 pixels, found 3001×3001 pixels",
    );
    expect(artworkProblem(jpegHead(1400, 1500, 3))?.problem).toBe("expected square artwork, found 1400×1500 pixels");
  });

  it("takes PNG's RGB, RGBA and palette colour types, and refuses its grayscale ones", () => {
    // Colour types (PNG §6.1): 2 RGB, 6 RGB with alpha, 3 a palette of RGB entries; 0 and 4 grey.
    for (const type of [2, 3, 6]) expect(artworkProblem(pngHead(1400, 1400, type))).toBeUndefined();
    for (const type of [0, 4]) {
      expect(artworkProblem(pngHead(1400, 1400, type))?.problem).toBe(
        "expected artwork in the RGB colour space, found grayscale",
      );
    }
    expect(artworkFacts(pngHead(1400, 1400, 5))).toBe("a PNG image of colour type 5, which PNG does not have");
  });

  it("reads a JPEG's colour from its frame header's components, whichever SOF it is", () => {
    expect(artworkFacts(jpegHead(1400, 1400, 3, 0xc2))).toEqual({
      type: "image/jpeg",
      width: 1400,
      height: 1400,
      colour: "rgb",
    });
    expect(artworkProblem(jpegHead(1400, 1400, 1, 0xc1))?.problem).toBe(
      "expected artwork in the RGB colour space, found grayscale",
    );
    expect(artworkProblem(jpegHead(1400, 1400, 4))?.problem).toBe(
      "expected artwork in the RGB colour space, found CMYK",
    );
  });

  it("names what it found instead of a JPEG or PNG, and a JPEG with no frame header", () => {
    const refused = (bytes: Uint8Array) => artworkProblem(bytes)?.problem;
    expect(refused(Buffer.from("GIF89a\x01\x00\x01\x00", "latin1"))).toBe(
      "expected a JPEG or PNG image, found a GIF image",
    );
    expect(refused(Buffer.from("RIFF\x24\x00\x00\x00WEBPVP8 ", "latin1"))).toBe(
      "expected a JPEG or PNG image, found a WebP image",
    );
    expect(refused(Buffer.from("\x00\x00\x00\x1cftypavif", "latin1"))).toBe(
      "expected a JPEG or PNG image, found an AVIF image",
    );
    expect(refused(new Uint8Array())).toBe("expected a JPEG or PNG image, found bytes of another type");
    // Start of scan straight after SOI: image data with no frame header to say its size.
    expect(refused(Buffer.from([0xff, 0xd8, ...segment(0xda, [1, 1, 0, 0, 63, 0])]))).toBe(
      "expected a JPEG or PNG image, found a JPEG image with no frame header (SOFn) before its image data",
    );
    // Cut inside the first segment.
    expect(refused(jpegHead(1400, 1400, 3).subarray(0, 10))).toMatch(/found a JPEG image with no frame header/);
    expect(refused(PNG_SIGNATURE)).toBe("expected a JPEG or PNG image, found a PNG image with no IHDR chunk first");
  });
});
