// Stable article ids: RFC 9562 name-based (v5) UUIDs, so an id never depends on the site URL or title.
import { createHash } from "node:crypto";

/** The namespace of edgefeed article ids (a fixed random UUID; changing it would change every id). */
const NAMESPACE = "3d2b5c1e-8f4a-4e7b-9c61-5a0f2e9d7b13";

export function uuidV5(name: string, namespace = NAMESPACE): string {
  const hash = createHash("sha1")
    .update(Buffer.from(namespace.replace(/-/g, ""), "hex"))
    .update(name, "utf8")
    .digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50; // version 5
  hash[8] = (hash[8]! & 0x3f) | 0x80; // RFC 9562 variant
  const hex = hash.subarray(0, 16).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** An article id from a seed that names the story, not where or how it is published. */
export function articleId(seed: string): string {
  return `urn:uuid:${uuidV5(seed)}`;
}
