// PNG bytes made in the test, so that no hostile image is committed: whole ones of any size, and the
// pieces to cut or forge one (PNG, ISO/IEC 15948 §5: a signature, then chunks of length, type, data, CRC).
import { crc32, deflateSync } from "node:zlib";

export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** One chunk: its length, type, data and the CRC-32 of type and data. */
export function pngChunk(type: string, data: Uint8Array = new Uint8Array()): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.byteLength, 0);
  head.write(type, 4, "latin1");
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** IHDR of an 8-bit greyscale, non-interlaced image. */
export function pngHeader(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // greyscale
  return pngChunk("IHDR", ihdr);
}

/** A whole 8-bit greyscale PNG of width × height pixels: every row a filter byte and `width` samples. */
export function png(width: number, height: number): Buffer {
  const rows = Buffer.alloc((width + 1) * height, 0x80);
  for (let y = 0; y < height; y++) rows[y * (width + 1)] = 0;
  return Buffer.concat([
    PNG_SIGNATURE,
    pngHeader(width, height),
    pngChunk("IDAT", deflateSync(rows)),
    pngChunk("IEND"),
  ]);
}

/**
 * A PNG that declares width × height pixels and is otherwise well formed (every chunk whole, with its
 * CRC), with one row of pixel data: what a file claiming an absurd size looks like.
 */
export function pngClaiming(width: number, height: number): Buffer {
  return Buffer.concat([
    PNG_SIGNATURE,
    pngHeader(width, height),
    pngChunk("IDAT", deflateSync(Buffer.alloc(1 + Math.min(width, 1 << 16)))),
    pngChunk("IEND"),
  ]);
}
