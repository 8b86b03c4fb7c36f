// RFC 9562 §5.5 name-based (v5) UUIDs, with Web Crypto's SHA-1: the same code in the build (Node) and the Worker.

/** RFC 9562 §6.6 NameSpace_URL: the name hashed is an IRI. */
export const URL_NAMESPACE = "6ba7b811-9dad-11d1-80b4-00c04fd430c8";

export async function uuidV5(name: string, namespace: string): Promise<string> {
  const ns = namespace.replace(/-/g, "");
  const bytes = new TextEncoder().encode(name);
  const input = new Uint8Array(16 + bytes.length);
  for (let i = 0; i < 16; i++) input[i] = Number.parseInt(ns.slice(i * 2, i * 2 + 2), 16);
  input.set(bytes, 16);
  const hash = new Uint8Array(await crypto.subtle.digest("SHA-1", input));
  hash[6] = (hash[6]! & 0x0f) | 0x50; // version 5
  hash[8] = (hash[8]! & 0x3f) | 0x80; // RFC 9562 variant
  const hex = [...hash.subarray(0, 16)].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
