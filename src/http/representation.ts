// A response body computed once: its bytes, strong validator and date, memoized per isolate.

export interface Representation {
  body: Uint8Array;
  /** Strong validator of the identity bytes: a quoted SHA-256 prefix (RFC 9110 §8.8.3). */
  etag: string;
  contentType: string;
  lastModified: Date;
  cacheControl: string;
}

export interface Rendered {
  body: string;
  contentType: string;
  lastModified: Date;
  cacheControl: string;
}

export async function represent(rendered: Rendered): Promise<Representation> {
  const body = new TextEncoder().encode(rendered.body);
  const digest = await crypto.subtle.digest("SHA-256", body);
  return {
    body,
    etag: `"${base64url(new Uint8Array(digest).subarray(0, 18))}"`,
    contentType: rendered.contentType,
    // HTTP dates have one-second precision (RFC 9110 §5.6.7).
    lastModified: new Date(Math.floor(rendered.lastModified.getTime() / 1000) * 1000),
    cacheControl: rendered.cacheControl,
  };
}

function base64url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes))
    .replaceAll("+", "-")
    .replaceAll("/", "_")
    .replace(/=+$/, "");
}

/**
 * A small least-recently-used memo of representations. Bounded, because keys include the request's
 * origin when SITE_URL is unset, and a client choosing Host headers must not grow memory without end.
 */
export class Memo {
  readonly #entries = new Map<string, Promise<Representation>>();
  constructor(readonly limit = 256) {}

  get(key: string, make: () => Rendered): Promise<Representation> {
    let entry = this.#entries.get(key);
    if (entry) {
      this.#entries.delete(key);
    } else {
      entry = represent(make());
      // A failed render is not remembered: the next request tries again.
      entry.catch(() => this.#entries.delete(key));
      if (this.#entries.size >= this.limit) this.#entries.delete(this.#entries.keys().next().value as string);
    }
    this.#entries.set(key, entry);
    return entry;
  }
}
