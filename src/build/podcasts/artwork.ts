// A show's or an episode's artwork, held to Apple Podcasts' rules ("Artwork requirements",
// https://podcasters.apple.com/support/896-artwork-requirements): JPEG or PNG, square, from 1400×1400 to
// 3000×3000 pixels when a show is submitted by RSS feed, in the RGB colour space. Its 72 dpi is not checked
// (no app reads a file's density; the pixels are what it shows), nor its "should not contain an alpha
// channel" for the show cover: a wish, not a refusal. The facts come from the bytes' own headers (JPEG's
// frame header, PNG's IHDR), never from the file's name.

/** The side, in pixels, that artwork must be between (both included). */
export const ARTWORK_SIDE = { min: 1400, max: 3000 } as const;

/** What the rules need to know about an image. */
export interface ArtworkFacts {
  type: "image/jpeg" | "image/png";
  width: number;
  height: number;
  colour: "rgb" | "cmyk" | "gray";
}

export interface ArtworkProblem {
  problem: string;
  hint?: string;
}

const COLOUR_NAMES = { rgb: "RGB", cmyk: "CMYK", gray: "grayscale" } as const;

/** What keeps `bytes` from serving as podcast artwork, the first rule it breaks; undefined when none. */
export function artworkProblem(bytes: Uint8Array): ArtworkProblem | undefined {
  const facts = artworkFacts(bytes);
  if (typeof facts === "string") {
    return {
      problem: `expected a JPEG or PNG image, found ${facts}`,
      hint: "Apple Podcasts takes artwork as JPEG or PNG only",
    };
  }
  const { width, height, colour } = facts;
  const { min, max } = ARTWORK_SIDE;
  const size = `${width}×${height} pixels`;
  if (width !== height) {
    return { problem: `expected square artwork, found ${size}`, hint: "crop it to a square" };
  }
  if (width < min) {
    return {
      problem: `expected artwork at least ${min}×${min} pixels, found ${size}`,
      hint: `Apple Podcasts asks for ${min} to ${max} pixels a side: export it again from a larger original`,
    };
  }
  if (width > max) {
    return {
      problem: `expected artwork at most ${max}×${max} pixels, found ${size}`,
      hint: `Apple Podcasts asks for ${min} to ${max} pixels a side: scale it down to ${max}×${max}`,
    };
  }
  if (colour !== "rgb") {
    return {
      problem: `expected artwork in the RGB colour space, found ${COLOUR_NAMES[colour]}`,
      hint: "convert it to RGB (sRGB) and export it again",
    };
  }
  return undefined;
}

/**
 * A JPEG's or PNG's type, pixel size and colour space, from its header; what the bytes are instead
 * ("a GIF image", "a JPEG image with no frame header") when they are not a JPEG or PNG that states them.
 */
export function artworkFacts(bytes: Uint8Array): ArtworkFacts | string {
  if (matches(bytes, [[0, PNG_SIGNATURE]])) return png(bytes);
  // SOI, then the first marker's 0xFF.
  if (matches(bytes, [[0, "\xff\xd8\xff"]])) return jpeg(bytes);
  return OTHER_TYPES.find(([, marks]) => matches(bytes, marks))?.[0] ?? "bytes of another type";
}

// PNG, ISO/IEC 15948: the signature, then the IHDR chunk first: width, height, bit depth, colour type.
const PNG_SIGNATURE = "\x89PNG\r\n\x1a\n";
const IHDR = "\0\0\0\x0dIHDR"; // its length (13) and type

/**
 * PNG colour types (§6.1). A palette image (3) is RGB: its PLTE entries are red, green and blue triples
 * (§11.2.3), even when every entry happens to be a grey.
 */
const PNG_COLOURS: Record<number, ArtworkFacts["colour"]> = { 0: "gray", 2: "rgb", 3: "rgb", 4: "gray", 6: "rgb" };

function png(bytes: Uint8Array): ArtworkFacts | string {
  if (bytes.byteLength < 8 + 8 + 13 || !matches(bytes, [[8, IHDR]])) {
    return "a PNG image with no IHDR chunk first";
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const colour = PNG_COLOURS[bytes[25]!];
  if (!colour) return `a PNG image of colour type ${bytes[25]}, which PNG does not have`;
  return { type: "image/png", width: view.getUint32(16), height: view.getUint32(20), colour };
}

/**
 * JPEG, ITU T.81 Annex B: marker segments up to the frame header, a start-of-frame marker SOF0–SOF15 other
 * than DHT (C4), JPG (C8) and DAC (CC): precision, lines, samples per line and the number of components.
 * Three components are YCbCr (JFIF) or RGB (an Adobe APP14 with transform 0), both RGB colour; four are
 * CMYK or YCCK (Adobe); one is grayscale. The size is the stored one: an EXIF orientation may turn it a
 * quarter on screen, which changes neither squareness nor the length of a side.
 */
function jpeg(bytes: Uint8Array): ArtworkFacts | string {
  const none = "a JPEG image with no frame header (SOFn) before its image data";
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let pos = 2;
  for (;;) {
    if (pos + 4 > bytes.byteLength || bytes[pos] !== 0xff) return none;
    const marker = bytes[pos + 1]!;
    if (marker === 0xff) {
      pos++; // fill byte (§B.1.1.2)
      continue;
    }
    // Markers that stand alone, with no length: TEM, RST0–RST7 (§B.1.1.3).
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      pos += 2;
      continue;
    }
    // Start of scan or end of image before any frame header.
    if (marker === 0xda || marker === 0xd9) return none;
    const length = view.getUint16(pos + 2);
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      if (length < 8 || pos + 2 + length > bytes.byteLength) return none;
      const height = view.getUint16(pos + 5);
      const width = view.getUint16(pos + 7);
      const components = bytes[pos + 9]!;
      const colour = JPEG_COLOURS[components];
      if (!colour) return `a JPEG image of ${components} colour components, which no colour space has`;
      // A height of 0 is left to a DNL marker after the first scan (§B.2.5), which readers rarely support.
      if (height === 0 || width === 0) return "a JPEG image whose frame header states no size";
      return { type: "image/jpeg", width, height, colour };
    }
    if (length < 2) return none;
    pos += 2 + length;
  }
}

const JPEG_COLOURS: Record<number, ArtworkFacts["colour"]> = { 1: "gray", 3: "rgb", 4: "cmyk" };

/** Other images people try as artwork, by what their first bytes say (offset, Latin-1 text), to name what was found. */
const OTHER_TYPES: [string, [number, string][]][] = [
  ["a GIF image", [[0, "GIF8"]]],
  [
    "a WebP image",
    [
      [0, "RIFF"],
      [8, "WEBP"],
    ],
  ],
  // ISO BMFF's ftyp box and its major brand.
  ["an AVIF image", [[4, "ftypavi"]]],
  ["a HEIC image", [[4, "ftyphei"]]],
  ["a HEIF image", [[4, "ftypmif1"]]],
  ["a TIFF image", [[0, "II*\0"]]],
  ["a TIFF image", [[0, "MM\0*"]]],
];

/** Whether `bytes` hold each text at its offset. */
function matches(bytes: Uint8Array, marks: [number, string][]): boolean {
  return marks.every(([at, text]) => [...text].every((c, i) => bytes[at + i] === c.charCodeAt(0)));
}
