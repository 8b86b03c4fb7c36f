// Whether a medium's bytes are whole: each format walked through its structure to its end, so that a file
// cut short (a copy or an upload that stopped) or damaged is refused instead of published with the size
// its header states. file-type and image-size read only a file's first bytes: a PNG cut to 33 bytes (its
// signature and header) passed both. Formats that are streams with no end marker or length (MP3, Ogg,
// Opus, FLAC, WebM) play up to where they were cut and are not walked.
import { Readable } from "node:stream";
import { crc32, createInflate } from "node:zlib";
import type { MediaExtension } from "../shared/addresses";

/** What the formats walked here are called in a message. */
const NAMES: Partial<Record<MediaExtension, string>> = {
  png: "PNG image",
  jpg: "JPEG image",
  gif: "GIF image",
  webp: "WebP image",
  avif: "AVIF image",
  wav: "WAV file",
  mp4: "MP4 file",
  m4a: "M4A file",
  pdf: "PDF file",
};

/** What is wrong with a medium's bytes ("expected a whole PNG image, found …"); undefined when they are whole. */
export async function structureProblem(ext: MediaExtension, bytes: Buffer): Promise<string | undefined> {
  const found = await walk(ext, bytes);
  return found && `expected a whole ${NAMES[ext]}, found ${found}`;
}

async function walk(ext: MediaExtension, bytes: Buffer): Promise<string | undefined> {
  switch (ext) {
    case "png":
      return png(bytes);
    case "jpg":
      return jpeg(bytes);
    case "gif":
      return gif(bytes);
    case "webp":
    case "wav":
      return riff(bytes);
    case "avif":
    case "mp4":
    case "m4a":
      return isoBoxes(bytes);
    case "pdf":
      return pdf(bytes);
    default:
      return undefined;
  }
}

/** Bytes per pixel sample set, by PNG colour type (PNG §6.1): greyscale, RGB, palette, grey + alpha, RGBA. */
const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };
/** Adam7's seven passes (PNG §8.2): first column and row, and their steps. */
const ADAM7 = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
] as const;

/**
 * PNG (ISO/IEC 15948): chunks from IHDR through IEND, each whole; a critical chunk's CRC must match (as
 * libpng requires; a damaged ancillary chunk is only skipped by decoders); the pixel data must inflate to
 * at least the bytes IHDR's size needs (one filter byte and the samples of each row of each pass).
 */
async function png(bytes: Buffer): Promise<string | undefined> {
  let pos = 8;
  const idat: Buffer[] = [];
  let header: Buffer | undefined;
  for (;;) {
    if (pos + 12 > bytes.byteLength) return "one that ends before its IEND chunk";
    const length = bytes.readUInt32BE(pos);
    const type = bytes.toString("latin1", pos + 4, pos + 8);
    const end = pos + 12 + length;
    if (end > bytes.byteLength) return "one that ends before its IEND chunk";
    const data = bytes.subarray(pos + 8, pos + 8 + length);
    const critical = (bytes[pos + 4]! & 0x20) === 0;
    if (critical && crc32(bytes.subarray(pos + 4, pos + 8 + length)) !== bytes.readUInt32BE(pos + 8 + length)) {
      return `its ${type} chunk damaged (its CRC does not match)`;
    }
    if (pos === 8 && type !== "IHDR") return "no IHDR chunk first";
    if (type === "IHDR") header = data;
    if (type === "IDAT") idat.push(data);
    if (type === "IEND") break;
    pos = end;
  }
  if (header?.byteLength !== 13) return "its IHDR chunk damaged";
  const [width, height] = [header.readUInt32BE(0), header.readUInt32BE(4)];
  const [depth, colour, interlace] = [header[8]!, header[9]!, header[12]!];
  const channels = CHANNELS[colour];
  if (!channels || ![1, 2, 4, 8, 16].includes(depth)) return "its IHDR chunk damaged (no such colour type and depth)";
  const row = (pixels: number) => 1 + Math.ceil((pixels * channels * depth) / 8);
  const passes = interlace === 1 ? ADAM7 : [[0, 0, 1, 1] as const];
  let needed = 0;
  for (const [x, y, dx, dy] of passes) {
    const [w, h] = [Math.ceil((width - x) / dx), Math.ceil((height - y) / dy)];
    if (w > 0 && h > 0) needed += h * row(w);
  }
  const inflated = await inflatedLength(Buffer.concat(idat), needed);
  if (typeof inflated === "string") return `pixel data that does not decode (${inflated})`;
  return inflated < needed ? `pixel data for fewer pixels than its ${width}×${height}` : undefined;
}

/** How many bytes a zlib stream inflates to, counted up to `enough` and never kept; or zlib's complaint. */
async function inflatedLength(stream: Buffer, enough: number): Promise<number | string> {
  const inflate = createInflate();
  let length = 0;
  try {
    for await (const chunk of Readable.from([stream]).pipe(inflate)) {
      length += (chunk as Buffer).byteLength;
      if (length >= enough) break;
    }
    return length;
  } catch (error) {
    // A stream cut short ends without its last block: "unexpected end of file".
    return length >= enough ? length : (error as Error).message;
  } finally {
    inflate.destroy();
  }
}

/**
 * JPEG (ITU T.81 Annex B): marker segments, each whole, and after each start of scan its entropy-coded
 * data (0xFF is escaped as 0xFF00 there, and restart markers stand alone) up to the next marker, through
 * the end-of-image marker.
 */
function jpeg(bytes: Buffer): string | undefined {
  const cut = "one that ends before its end-of-image marker";
  let pos = 2;
  let scanned = false;
  for (;;) {
    if (pos >= bytes.byteLength) return cut;
    if (bytes[pos] !== 0xff) return "bytes between its segments that are not a marker";
    while (bytes[pos] === 0xff) pos++;
    if (pos >= bytes.byteLength) return cut;
    const marker = bytes[pos]!;
    pos++;
    if (marker === 0xd9) return scanned ? undefined : "no image data before its end-of-image marker";
    if ((marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) continue;
    if (pos + 2 > bytes.byteLength) return cut;
    const length = bytes.readUInt16BE(pos);
    if (length < 2) return "a segment that states no length";
    pos += length;
    if (pos > bytes.byteLength) return cut;
    if (marker !== 0xda) continue;
    scanned = true;
    // Entropy-coded data runs to the next 0xFF that is neither 0xFF00 nor a restart marker.
    for (;;) {
      pos = bytes.indexOf(0xff, pos);
      if (pos < 0 || pos + 1 >= bytes.byteLength) return cut;
      const next = bytes[pos + 1]!;
      if (next === 0x00 || (next >= 0xd0 && next <= 0xd7)) pos += 2;
      else break;
    }
  }
}

/** GIF 89a: the screen descriptor and colour table, then extensions and images, each of sub-blocks, through the trailer. */
function gif(bytes: Buffer): string | undefined {
  const cut = "one that ends before its trailer";
  const table = (flags: number) => (flags & 0x80 ? 3 * 2 ** ((flags & 7) + 1) : 0);
  let pos = 13 + table(bytes[10] ?? 0);
  const subBlocks = () => {
    for (;;) {
      if (pos >= bytes.byteLength) return false;
      const size = bytes[pos]!;
      pos += 1 + size;
      if (size === 0) return true;
    }
  };
  for (;;) {
    if (pos >= bytes.byteLength) return cut;
    const block = bytes[pos];
    if (block === 0x3b) return undefined;
    if (block === 0x21) pos += 2;
    else if (block === 0x2c) {
      if (pos + 10 > bytes.byteLength) return cut;
      pos += 10 + table(bytes[pos + 9]!) + 1;
    } else return "a block GIF does not have";
    if (!subBlocks()) return cut;
  }
}

/** RIFF (WebP, WAV): the size the container states, and every chunk whole inside it. */
function riff(bytes: Buffer): string | undefined {
  const cut = "one that ends before its RIFF container does";
  const end = 8 + bytes.readUInt32LE(4);
  if (end > bytes.byteLength) return cut;
  let pos = 12;
  while (pos + 8 <= end) {
    const next = pos + 8 + bytes.readUInt32LE(pos + 4);
    if (next > end) return cut;
    pos = next + (next % 2); // chunks are padded to an even length
  }
  return undefined;
}

/** ISO base media files (AVIF, MP4, M4A; ISO/IEC 14496-12 §4.2): every top-level box whole, to the file's end. */
function isoBoxes(bytes: Buffer): string | undefined {
  let pos = 0;
  while (pos < bytes.byteLength) {
    if (pos + 8 > bytes.byteLength) return "one that ends inside a box";
    let size = bytes.readUInt32BE(pos);
    if (size === 0) return undefined; // the last box, running to the end of the file
    if (size === 1) {
      if (pos + 16 > bytes.byteLength) return "one that ends inside a box";
      size = Number(bytes.readBigUInt64BE(pos + 8));
    }
    if (size < 8) return "a box that states no length";
    if (pos + size > bytes.byteLength)
      return `one that ends before its ${bytes.toString("latin1", pos + 4, pos + 8)} box does`;
    pos += size;
  }
  return undefined;
}

/** PDF (ISO 32000 §7.5.5): a reader looks for "%%EOF" in the last 1,024 bytes; a file cut short has none. */
function pdf(bytes: Buffer): string | undefined {
  return bytes.subarray(-1024).includes("%%EOF") ? undefined : 'one that ends before its "%%EOF"';
}
