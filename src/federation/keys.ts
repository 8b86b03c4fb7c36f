// The actor's key pair: an RSA key (RSASSA-PKCS1-v1_5, SHA-256), the one HTTP Signatures key every
// fediverse server verifies, from the secret ACTOR_KEY (its private JWK). It is made once — by `npm start`
// for local development (src/build/federation-keys.ts), by `npm run federation:key` for production, which
// prints it for `wrangler secret put ACTOR_KEY` — and never here: a Worker that made a key when it found
// none would give the site a new identity that every follower's server refuses.

const RSA = { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" } as const;

export class MissingKey extends Error {}

const cached = new Map<string, Promise<CryptoKeyPair>>();

export function actorKeyPair(secret: string | undefined): Promise<CryptoKeyPair> {
  if (!secret) {
    return Promise.reject(
      new MissingKey('ACTOR_KEY is not set: see README, "Follow from the fediverse", to make the site\'s key once'),
    );
  }
  let pair = cached.get(secret);
  if (!pair) {
    pair = importPair(secret);
    cached.set(secret, pair);
  }
  return pair;
}

async function importPair(secret: string): Promise<CryptoKeyPair> {
  let jwk: JsonWebKey;
  try {
    jwk = JSON.parse(secret) as JsonWebKey;
  } catch {
    throw new MissingKey("ACTOR_KEY is not a JSON Web Key: set it again from `npm run federation:key`");
  }
  if (jwk.kty !== "RSA" || !jwk.d || !jwk.n || !jwk.e) {
    throw new MissingKey("ACTOR_KEY is not an RSA private JSON Web Key: set it again from `npm run federation:key`");
  }
  const privateKey = await crypto.subtle.importKey("jwk", { ...jwk, key_ops: ["sign"] }, RSA, true, ["sign"]);
  const publicKey = await crypto.subtle.importKey(
    "jwk",
    { kty: "RSA", n: jwk.n, e: jwk.e, alg: "RS256", ext: true, key_ops: ["verify"] },
    RSA,
    true,
    ["verify"],
  );
  return { privateKey, publicKey };
}

/** A new key, as ACTOR_KEY holds it (its private JWK). */
export async function newActorKey(): Promise<string> {
  const pair = (await crypto.subtle.generateKey(
    { ...RSA, modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]) },
    true,
    ["sign", "verify"],
  )) as CryptoKeyPair;
  return JSON.stringify(await crypto.subtle.exportKey("jwk", pair.privateKey));
}
