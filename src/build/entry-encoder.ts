// A render worker's store files (./render-worker.ts): each document's entry, encodeEntry's bytes
// (src/shared/contract.ts), written into one buffer the thread keeps. A feed document is a few hundred
// kilobytes: a fresh buffer or string that size each time costs more in new pages than the encoding
// does, so the body's pieces (src/shared/http/representation.ts, Body) are encoded straight into the kept
// buffer, hashed there, and the line of validators written just before them.
import { createHash } from "node:crypto";
import { encodeEntryBytes, type Meta } from "../shared/contract";
import { type Body, etagOf, type Rendered, taggedPrefix } from "../shared/http/representation";

/** Room kept before the body for the line of validators (one is about 200 bytes; a longer one is copied). */
const HEAD_ROOM = 1024;

export class EntryEncoder {
  #buffer = Buffer.allocUnsafe(1 << 20);

  /** The store file's bytes for `rendered` (valid until the next call, which writes over them), and its validators. */
  encode(rendered: Rendered): { meta: Meta; bytes: Uint8Array } {
    const end = this.#write(rendered.body);
    const body = this.#buffer.subarray(HEAD_ROOM, end);
    const digest = createHash("sha256").update(taggedPrefix(rendered.contentType)).update(body).digest();
    const meta: Meta = {
      etag: etagOf(digest),
      contentType: rendered.contentType,
      // HTTP dates have one-second precision (RFC 9110 §5.6.7): toUTCString drops the milliseconds.
      lastModified: rendered.lastModified.toUTCString(),
      cacheControl: rendered.cacheControl,
    };
    const head = Buffer.from(`${JSON.stringify(meta)}\n`);
    if (head.byteLength > HEAD_ROOM) return { meta, bytes: encodeEntryBytes(meta, body) };
    head.copy(this.#buffer, HEAD_ROOM - head.byteLength);
    return { meta, bytes: this.#buffer.subarray(HEAD_ROOM - head.byteLength, end) };
  }

  /** Writes the body as UTF-8 after the head's room; where it ends. */
  #write(body: Body): number {
    const pieces = typeof body === "string" ? [body] : body;
    let units = 0;
    for (const piece of pieces) units += piece.length;
    // UTF-8 takes at most 3 bytes for a UTF-16 code unit (4 for the two of a surrogate pair).
    const needed = HEAD_ROOM + 3 * units;
    if (this.#buffer.byteLength < needed)
      this.#buffer = Buffer.allocUnsafe(Math.max(needed, 2 * this.#buffer.byteLength));
    let at = HEAD_ROOM;
    let held = "";
    for (let i = 0; i < pieces.length; i++) {
      const piece = held + pieces[i]!;
      const last = piece.charCodeAt(piece.length - 1);
      // A surrogate pair split between two pieces is one character: its halves are encoded together.
      if (i < pieces.length - 1 && last >= 0xd800 && last <= 0xdbff) {
        held = piece;
        continue;
      }
      held = "";
      at += this.#buffer.write(piece, at);
    }
    return at;
  }
}
