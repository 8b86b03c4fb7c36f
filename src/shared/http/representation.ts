// A response body computed once: its bytes, strong validators and date, memoized per isolate.

export interface Representation {
  body: Uint8Array;
  /**
   * Strong validator of the identity bytes and media type: a quoted SHA-256 prefix (RFC 9110 §8.8.3) of
   * 120 bits, which tells any two versions of a document apart, in the 20 characters that keep a poll's
   * 304 under 300 bytes.
   */
  etag: string;
  /**
   * Strong validator of the gzip-coded representation. A content coding makes a different
   * representation, which gets its own tag (RFC 9110 §8.8.3.3, the "123-b" example).
   */
  gzipEtag: string;
  contentType: string;
  lastModified: Date;
  cacheControl: string;
}

/**
 * A rendered body: text, or text in pieces written one after another. A feed document is hundreds of
 * kilobytes: joined into one string, V8 puts it in its large-object space, whose fresh pages cost more to
 * fill than the writing did (the build encodes the pieces straight into bytes, src/build/render.ts).
 */
export type Body = string | readonly string[];

/** A body as one string. */
export const bodyText = (body: Body): string => (typeof body === "string" ? body : body.join(""));

export interface Rendered {
  body: Body;
  contentType: string;
  lastModified: Date;
  cacheControl: string;
}

export async function represent(rendered: Rendered): Promise<Representation> {
  const body = new TextEncoder().encode(bodyText(rendered.body));
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(taggedText(rendered)));
  return restore({
    body,
    etag: etagOf(new Uint8Array(digest)),
    contentType: rendered.contentType,
    // HTTP dates have one-second precision (RFC 9110 §5.6.7).
    lastModified: new Date(Math.floor(rendered.lastModified.getTime() / 1000) * 1000),
    cacheControl: rendered.cacheControl,
  });
}

/**
 * What the strong tag digests (SHA-256), as UTF-8: the media type, a line feed, the body. The media type is
 * part of the representation (RFC 9110 §8.8.3): the same bytes under another type are another
 * representation, so they get another strong tag.
 */
export const taggedText = ({ contentType, body }: Pick<Rendered, "contentType" | "body">) =>
  `${taggedPrefix(contentType)}${bodyText(body)}`;

/** What taggedText puts before the body. */
export const taggedPrefix = (contentType: string) => `${contentType}\n`;

/** The strong tag of a taggedText's SHA-256 digest. */
export const etagOf = (digest: Uint8Array) => `"${base64url(digest.subarray(0, 15))}"`;

/** A representation from its identity bytes and tag, e.g. a stored document filled in (src/worker/app.ts). */
export function restore(rep: Omit<Representation, "gzipEtag">): Representation {
  return { ...rep, gzipEtag: `${rep.etag.slice(0, -1)}-gzip"` };
}

function base64url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes))
    .replaceAll("+", "-")
    .replaceAll("/", "_")
    .replace(/=+$/, "");
}
