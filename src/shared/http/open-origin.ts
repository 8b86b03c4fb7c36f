// Documents rendered once with the site's address left open, then filled in per address for the price
// of a concatenation. The build renders every document with OPEN_ORIGIN as its base URL; a request
// fills in SITE_URL or its own origin. A base URL needs no escaping in any of the outputs (XML text and
// attributes, HTML, JSON): src/shared/site.ts refuses one with a character that would.
import { OPEN_ORIGIN } from "../contract";

/** A rendered body as the UTF-8 pieces between its occurrences of OPEN_ORIGIN. */
export interface OpenBody {
  readonly pieces: readonly Uint8Array[];
  /** The pieces' bytes together. */
  readonly bytes: number;
}

const utf8 = new TextEncoder();

/** Encoded once, when the document is opened, so that filling it in copies bytes and transcodes nothing. */
export function openBody(body: string): OpenBody {
  const pieces = body.split(OPEN_ORIGIN).map((piece) => utf8.encode(piece));
  return { pieces, bytes: pieces.reduce((sum, piece) => sum + piece.byteLength, 0) };
}

/** The body with `baseUrl` in each opening: one allocation and a copy of each piece. */
export function fillBody(body: OpenBody, baseUrl: string): Uint8Array {
  const base = utf8.encode(baseUrl);
  const filled = new Uint8Array(body.bytes + base.byteLength * (body.pieces.length - 1));
  let at = 0;
  body.pieces.forEach((piece, i) => {
    if (i > 0) {
      filled.set(base, at);
      at += base.byteLength;
    }
    filled.set(piece, at);
    at += piece.byteLength;
  });
  return filled;
}

/**
 * The validator of a filled-in document: the open document's strong tag and a digest of the base URL,
 * so two addresses never share a tag for different bytes (RFC 9110 §8.8.3), and no request hashes a
 * document. `originDigest` is computed once per address (src/shared/site.ts).
 */
export function filledEtag(openEtag: string, originDigest: string): string {
  return `${openEtag.slice(0, -1)}.${originDigest}"`;
}

/**
 * A short digest of a base URL for filledEtag: FNV-1a (32-bit), base 36, at most 7 characters. Not a
 * secret, only a name: it must tell apart the few addresses one site answers under, and every byte of
 * it rides on each poll's 304.
 */
export function originDigest(baseUrl: string): string {
  let hash = 0x811c9dc5;
  for (const byte of utf8.encode(baseUrl)) hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
  return hash.toString(36);
}
