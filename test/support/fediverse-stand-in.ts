// A remote fediverse account, alice, on a real HTTP server on 127.0.0.1: the far end of end-to-end tests
// that follow from and deliver to the site's Workers. She signs as Mastodon signs, and her inboxes check
// every signature with Misskey's verifier, so what the site sends is judged by code it does not share.

import { createHash, generateKeyPair, randomUUID, sign as rsaSign } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { promisify } from "node:util";
import {
  parseRequestSignature,
  verifyDigestHeader,
  verifyDraftSignature,
} from "@misskey-dev/node-http-message-signatures";

/** ActivityPub's media type (ActivityPub §3.2): what alice's actor is served as and what her inbox reads. */
const AP_MEDIA_TYPE = "application/activity+json";
const AS_CONTEXT = "https://www.w3.org/ns/activitystreams";
/** Where `publicKey`, `owner` and `publicKeyPem` are defined, as Mastodon's actors name it. */
const SECURITY_CONTEXT = "https://w3id.org/security/v1";

/**
 * What a POST's signature must cover for the stand-in to call it verified: the headers Mastodon and
 * fedify sign on every POST. Without `digest` a signature says nothing about the body; without
 * `(request-target)` and `host` it could be replayed to another inbox.
 */
const REQUIRED_SIGNED_HEADERS = ["(request-target)", "host", "date", "digest"];
/** The headers alice signs, in Mastodon's order (app/lib/request.rb signs content-type with the rest). */
const SIGNED_HEADERS = [...REQUIRED_SIGNED_HEADERS, "content-type"];
/** Mastodon accepts a Date up to 12 hours either side of its clock (SignatureVerification). */
const CLOCK_SKEW_MS = 12 * 60 * 60 * 1000;
/** How long a key fetch may take before the POST is recorded as unverified. */
const KEY_FETCH_TIMEOUT_MS = 5_000;

export interface StandIn {
  origin: string;
  actorId: string;
  inbox: string;
  sharedInbox: string;
  /** Every POST the inboxes received, in order, with whether its signature verified and by which key id. */
  received: {
    path: string;
    /** The body as JSON, or its text when it is not JSON. */
    // biome-ignore lint/suspicious/noExplicitAny: tests read whichever fields the activity they sent has.
    activity: any;
    verified: boolean;
    keyId?: string;
    status: number;
    /** Why the signature did not verify. */
    error?: string;
  }[];
  /** Answer the next `n` inbox POSTs with `status` (e.g. 500 for a server that is down), then 202 again. */
  failNext(n: number, status?: number): void;
  /** Waits until `predicate(received)` holds or `ms` pass (polling every 100 ms); returns whether it held. */
  until(predicate: (received: StandIn["received"]) => boolean, ms?: number): Promise<boolean>;
  /**
   * POSTs an activity to `url` signed with alice's key as Mastodon signs; returns the Response.
   * `tamper`: `unsigned` sends no Signature; `wrongKey` signs with another key but claims alice's key id;
   * `alterBody` signs one body and sends another.
   */
  signedPost(url: string, activity: object, tamper?: Tamper): Promise<Response>;
  /** A Follow of `target` (an actor URL) by alice, with a fresh id. */
  follow(target: string): object;
  /** The Undo of a Follow that `follow` made. */
  undo(follow: object): object;
  close(): Promise<void>;
}

export interface Tamper {
  unsigned?: boolean;
  wrongKey?: boolean;
  alterBody?: boolean;
}

type Received = StandIn["received"][number];

const generateRsaKeyPair = promisify(generateKeyPair);

/** An RSA 2048 key pair as PEM: the key size and type Mastodon gives every account. */
function rsaKeyPair(): Promise<{ publicKey: string; privateKey: string }> {
  return generateRsaKeyPair("rsa", {
    modulusLength: 2048,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
  });
}

export async function startStandIn(): Promise<StandIn> {
  // The impostor's key signs `wrongKey` requests: a valid signature, by a key alice's actor does not name.
  const [alice, impostor] = await Promise.all([rsaKeyPair(), rsaKeyPair()]);
  const received: Received[] = [];
  let failures = { left: 0, status: 500 };
  // Requests are recorded one after another, in the order they arrived, each once its checks are done.
  let recording: Promise<void> = Promise.resolve();

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500).end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  const actorId = `${origin}/users/alice`;
  const inbox = `${actorId}/inbox`;
  const sharedInbox = `${origin}/inbox`;
  const keyId = `${actorId}#main-key`;
  const inboxPath = new URL(inbox).pathname;
  const sharedInboxPath = new URL(sharedInbox).pathname;

  /** alice as Mastodon serves an account (docs.joinmastodon.org/spec/activitypub/#as). */
  const actor = {
    "@context": [AS_CONTEXT, SECURITY_CONTEXT],
    id: actorId,
    type: "Person",
    preferredUsername: "alice",
    name: "Alice",
    url: `${origin}/@alice`,
    inbox,
    outbox: `${actorId}/outbox`,
    followers: `${actorId}/followers`,
    following: `${actorId}/following`,
    endpoints: { sharedInbox },
    publicKey: { id: keyId, owner: actorId, publicKeyPem: alice.publicKey },
  };

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? "/", origin);
    if (request.method === "GET" && url.pathname === new URL(actorId).pathname && acceptsActivityPub(request)) {
      return send(response, 200, AP_MEDIA_TYPE, actor);
    }
    if (request.method === "GET" && url.pathname === "/.well-known/webfinger") {
      const resource = url.searchParams.get("resource");
      // RFC 7033 §4.2: a query without a resource is a bad request; one for someone else is not found.
      if (resource === null) return send(response, 400, "text/plain", "missing resource");
      if (resource !== `acct:alice@${url.host}` && resource !== actorId) return send(response, 404, "text/plain", "");
      return send(response, 200, "application/jrd+json", {
        subject: `acct:alice@${url.host}`,
        aliases: [actorId],
        links: [{ rel: "self", type: AP_MEDIA_TYPE, href: actorId }],
      });
    }
    if (request.method === "POST" && (url.pathname === inboxPath || url.pathname === sharedInboxPath)) {
      // The status is fixed as the request arrives, so failNext counts requests in arrival order.
      const status = failures.left > 0 ? failures.status : 202;
      if (failures.left > 0) failures = { ...failures, left: failures.left - 1 };
      const body = readBody(request);
      const recorded = recording.then(async () => {
        received.push({ path: url.pathname, status, ...(await inspect(request, await body)) });
      });
      recording = recorded.catch(() => {});
      // Answered only once recorded: a sender that has its answer finds its request in `received`.
      await recorded;
      return send(response, status, "text/plain", "");
    }
    return send(response, 404, "text/plain", "");
  }

  async function signedPost(url: string, activity: object, tamper: Tamper = {}): Promise<Response> {
    const signedBody = JSON.stringify(activity);
    const sentBody = tamper.alterBody ? JSON.stringify({ ...activity, alteredInTransit: true }) : signedBody;
    const target = new URL(url);
    const headers: Record<string, string> = {
      date: new Date().toUTCString(),
      // RFC 3230 §4.3.2 instance digest, with the algorithm named as Mastodon names it.
      digest: `SHA-256=${createHash("sha256").update(signedBody).digest("base64")}`,
      "content-type": AP_MEDIA_TYPE,
    };
    if (!tamper.unsigned) {
      // draft-cavage-http-signatures-12 §2.3: one "name: value" line per signed header, in the order the
      // headers parameter lists them; (request-target) is the lower-cased method and the path with its query.
      // Host is not set here: fetch sends the URL's host, which is what is signed.
      const values: Record<string, string> = {
        ...headers,
        "(request-target)": `post ${target.pathname}${target.search}`,
        host: target.host,
      };
      const signingString = SIGNED_HEADERS.map((name) => `${name}: ${values[name]}`).join("\n");
      const privateKey = tamper.wrongKey ? impostor.privateKey : alice.privateKey;
      // rsa-sha256 is RSASSA-PKCS1-v1_5 with SHA-256 (draft-cavage-http-signatures-12 §6.1; RFC 8017 §8.2).
      const signature = rsaSign("sha256", Buffer.from(signingString), privateKey).toString("base64");
      headers.signature = `keyId="${keyId}",algorithm="rsa-sha256",headers="${SIGNED_HEADERS.join(" ")}",signature="${signature}"`;
    }
    return fetch(target, { method: "POST", headers, body: sentBody });
  }

  return {
    origin,
    actorId,
    inbox,
    sharedInbox,
    received,
    failNext(n, status = 500) {
      failures = { left: n, status };
    },
    async until(predicate, ms = 10_000) {
      const deadline = Date.now() + ms;
      while (!predicate(received)) {
        if (Date.now() >= deadline) return false;
        await sleep(100);
      }
      return true;
    },
    signedPost,
    // Mastodon's ids: a Follow is a fresh URL on alice's server, its Undo a fragment of her actor
    // (ActivityPub::TagManager#generate_uri_for and the UndoFollowSerializer).
    follow(target) {
      return {
        "@context": AS_CONTEXT,
        id: `${origin}/${randomUUID()}`,
        type: "Follow",
        actor: actorId,
        object: target,
      };
    },
    undo(follow) {
      if (!isRecord(follow) || typeof follow.id !== "string") throw new TypeError("undo: expected a Follow with an id");
      const { "@context": _context, ...embedded } = follow;
      const followId = follow.id.slice(follow.id.lastIndexOf("/") + 1);
      return {
        "@context": AS_CONTEXT,
        id: `${actorId}#follows/${followId}/undo`,
        type: "Undo",
        actor: actorId,
        object: embedded,
      };
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
      await recording;
    },
  };
}

/** Whether a GET asks for ActivityPub (ActivityPub §3.2 names both media types a client may send). */
function acceptsActivityPub(request: IncomingMessage): boolean {
  const accept = request.headers.accept ?? "";
  return accept.includes(AP_MEDIA_TYPE) || accept.includes("application/ld+json");
}

function send(response: ServerResponse, status: number, type: string, body: unknown): void {
  const bytes = typeof body === "string" ? body : JSON.stringify(body);
  response.writeHead(status, { "content-type": type }).end(bytes);
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks);
}

/**
 * What the inbox records of a POST besides its path and status: the activity, and whether its signature
 * holds. The checks are those of a Mastodon inbox: the Digest matches the body (RFC 3230), the signature
 * covers REQUIRED_SIGNED_HEADERS and verifies with the key its keyId names, fetched from the keyId's document.
 */
async function inspect(request: IncomingMessage, body: Buffer): Promise<Omit<Received, "path" | "status">> {
  const text = body.toString("utf8");
  let activity: unknown;
  try {
    activity = JSON.parse(text);
  } catch {
    activity = text;
  }
  let keyId: string | undefined;
  try {
    const parsed = parseRequestSignature(request, {
      requiredComponents: { draft: REQUIRED_SIGNED_HEADERS },
      clockSkew: { delay: CLOCK_SKEW_MS, forward: CLOCK_SKEW_MS },
    });
    // Misskey's parser leaves RFC 9421 unimplemented (it throws); a fediverse server signing that way is
    // recorded as unverified with that error.
    if (parsed.version !== "draft") throw new Error(`unsupported signature version ${parsed.version}`);
    keyId = parsed.value.keyId;
    const digestErrors: unknown[] = [];
    if (!(await verifyDigestHeader(request, body, true, (e) => digestErrors.push(e)))) {
      throw new Error(`Digest does not match the body: ${digestErrors.map(String).join("; ")}`);
    }
    const publicKeyPem = await publicKeyPemOf(keyId);
    const signatureErrors: unknown[] = [];
    if (!(await verifyDraftSignature(parsed.value, publicKeyPem, (e) => signatureErrors.push(e)))) {
      throw new Error(`signature does not verify with ${keyId}: ${signatureErrors.map(String).join("; ")}`);
    }
    return { activity, verified: true, keyId };
  } catch (error) {
    return { activity, verified: false, keyId, error: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * The PEM of the key `keyId` names, fetched as Mastodon fetches it: the document at the keyId without its
 * fragment, which is either the actor (whose publicKey, or one of them, has that id and names the actor as
 * its owner) or the key itself.
 */
async function publicKeyPemOf(keyId: string): Promise<string> {
  const url = new URL(keyId);
  url.hash = "";
  const response = await fetch(url, {
    headers: { accept: AP_MEDIA_TYPE },
    signal: AbortSignal.timeout(KEY_FETCH_TIMEOUT_MS),
  });
  if (!response.ok) throw new Error(`GET ${url} for key ${keyId} answered ${response.status}`);
  const document: unknown = await response.json();
  if (!isRecord(document)) throw new Error(`GET ${url} for key ${keyId}: expected a JSON object`);
  if (document.id === keyId && typeof document.publicKeyPem === "string") return document.publicKeyPem;
  const keys = Array.isArray(document.publicKey) ? document.publicKey : [document.publicKey];
  for (const key of keys) {
    if (!isRecord(key) || key.id !== keyId) continue;
    if (key.owner !== document.id) throw new Error(`key ${keyId} names owner ${key.owner}, not ${document.id}`);
    if (typeof key.publicKeyPem !== "string") throw new Error(`key ${keyId} has no publicKeyPem`);
    return key.publicKeyPem;
  }
  throw new Error(`GET ${url}: no publicKey with id ${keyId}`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
