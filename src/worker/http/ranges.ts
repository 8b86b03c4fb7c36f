// Byte ranges (RFC 9110 §14): which part of a file a Range request asks for, so players can seek.

/** A satisfiable range: first and last byte, inclusive. */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * The one range of a `Range: bytes=…` header over `length` bytes: a ByteRange, "unsatisfiable" (§14.1.1:
 * 416), or undefined to send the whole file (no header, another unit, several ranges, or a header that
 * is not a valid range: §14.2 lets a server ignore Range, and one full answer is always right).
 */
export function parseRange(header: string | null | undefined, length: number): ByteRange | "unsatisfiable" | undefined {
  if (!header) return undefined;
  const match = /^bytes=(\d*)-(\d*)$/i.exec(header.trim());
  if (!match || (match[1] === "" && match[2] === "")) return undefined;
  const [first, last] = [match[1]!, match[2]!];
  if (first === "") {
    // A suffix: the last N bytes (§14.1.2); "-0" asks for none of them.
    const suffix = Number(last);
    if (suffix === 0 || length === 0) return "unsatisfiable";
    return { start: Math.max(0, length - suffix), end: length - 1 };
  }
  const start = Number(first);
  const end = last === "" ? length - 1 : Math.min(Number(last), length - 1);
  if (last !== "" && Number(last) < start) return undefined;
  if (start >= length) return "unsatisfiable";
  return { start, end };
}

/** If-Range (§13.1.5) with an entity-tag: the range applies only while the client's copy is this one (strong match). */
export function rangeStillApplies(ifRange: string | null | undefined, etag: string): boolean {
  if (!ifRange) return true;
  return ifRange.trim() === etag;
}

/** A stream of only the bytes `range` names, read from a stream of the whole file. */
export function sliceStream(body: ReadableStream<Uint8Array>, range: ByteRange): ReadableStream<Uint8Array> {
  let at = 0;
  const reader = body.getReader();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      for (;;) {
        const { done, value } = await reader.read();
        if (done || at > range.end) {
          controller.close();
          await reader.cancel();
          return;
        }
        const from = at;
        at += value.byteLength;
        if (at <= range.start) continue;
        controller.enqueue(
          value.subarray(Math.max(0, range.start - from), Math.min(value.byteLength, range.end + 1 - from)),
        );
        if (at > range.end) {
          controller.close();
          await reader.cancel();
        }
        return;
      }
    },
    cancel: (reason) => reader.cancel(reason),
  });
}
