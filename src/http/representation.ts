// A response body computed once: its bytes, strong validators and date, memoized per isolate.

export interface Representation {
  body: Uint8Array;
  /** Strong validator of the identity bytes and media type: a quoted SHA-256 prefix (RFC 9110 §8.8.3). */
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

export interface Rendered {
  body: string;
  contentType: string;
  lastModified: Date;
  cacheControl: string;
}

export async function represent(rendered: Rendered): Promise<Representation> {
  const body = new TextEncoder().encode(rendered.body);
  // The media type is part of the representation: the same feed bytes sent as application/xml to a
  // browser (src/routes/feeds.ts) are another representation, so they get another strong tag.
  const digest = await crypto.subtle.digest(
    "SHA-256",
    new TextEncoder().encode(`${rendered.contentType}\n${rendered.body}`),
  );
  return restore({
    body,
    etag: `"${base64url(new Uint8Array(digest).subarray(0, 18))}"`,
    contentType: rendered.contentType,
    // HTTP dates have one-second precision (RFC 9110 §5.6.7).
    lastModified: new Date(Math.floor(rendered.lastModified.getTime() / 1000) * 1000),
    cacheControl: rendered.cacheControl,
  });
}

/** A representation from its identity bytes and tag, e.g. as read back from the edge cache. */
export function restore(rep: Omit<Representation, "gzipEtag">): Representation {
  return { ...rep, gzipEtag: `${rep.etag.slice(0, -1)}-gzip"` };
}

function base64url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes))
    .replaceAll("+", "-")
    .replaceAll("/", "_")
    .replace(/=+$/, "");
}

/** Where a memo looks before rendering, and keeps what it rendered: the edge cache (./edge-cache.ts). */
export interface SecondTier {
  /** The stored representation, or undefined (also when the store fails: rendering is the fallback). */
  match(key: string): Promise<Representation | undefined>;
  /** Stores in the background; never delays or fails the response. */
  put(key: string, rep: Representation): void;
}

/**
 * A small least-recently-used memo of representations. Bounded, because keys include the request's
 * origin when SITE_URL is unset, and a client choosing Host headers must not grow memory without end.
 * A hit costs one Map lookup; only a miss (a cold isolate, or a key not seen yet) consults the
 * second tier, if this view of the memo has one.
 */
export class Memo {
  #entries = new Map<string, Promise<Representation>>();
  #tier: (() => SecondTier | undefined) | undefined;
  constructor(readonly limit = 256) {}

  /**
   * This memo's entries, with a second tier for misses. The tier belongs to one request (it holds
   * that request's waitUntil) and is only made on a miss, so a hit allocates nothing for it.
   */
  withTier(tier: () => SecondTier | undefined): Memo {
    const view = new Memo(this.limit);
    view.#entries = this.#entries;
    view.#tier = tier;
    return view;
  }

  get(key: string, make: () => Rendered | Promise<Rendered>): Promise<Representation> {
    let entry = this.#entries.get(key);
    if (entry) {
      this.#entries.delete(key);
    } else {
      entry = this.#load(key, make);
      // A failed render is not remembered: the next request tries again.
      entry.catch(() => this.#entries.delete(key));
      const oldest = this.#entries.keys().next();
      if (this.#entries.size >= this.limit && !oldest.done) this.#entries.delete(oldest.value);
    }
    this.#entries.set(key, entry);
    return entry;
  }

  async #load(key: string, make: () => Rendered | Promise<Rendered>): Promise<Representation> {
    const tier = this.#tier?.();
    const stored = await tier?.match(key);
    if (stored) return stored;
    const rep = await represent(await make());
    tier?.put(key, rep);
    return rep;
  }
}
