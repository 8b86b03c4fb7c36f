// test/support/fediverse-stand-in.ts: alice's actor and WebFinger answer as Mastodon's do; what she signs
// is accepted by fedify's verifier and her tampered requests are not; what fedify signs is accepted by her
// inbox (Misskey's verifier) and the same request with its body changed is not; failNext answers as asked.
import { createPublicKey } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { exportSpki, generateCryptoKeyPair, getDocumentLoader, signRequest, verifyRequest } from "@fedify/fedify";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { type StandIn, startStandIn } from "../support/fediverse-stand-in";

const AP = "application/activity+json";

let standIn: StandIn;
beforeEach(async () => {
  standIn = await startStandIn();
});
afterEach(() => standIn.close());

/** A Create by alice, as signedPost's payload. */
function note(standIn: StandIn): object {
  return {
    "@context": "https://www.w3.org/ns/activitystreams",
    id: `${standIn.actorId}/statuses/1/activity`,
    type: "Create",
    actor: standIn.actorId,
    object: { id: `${standIn.actorId}/statuses/1`, type: "Note", content: "hello", attributedTo: standIn.actorId },
  };
}

/**
 * A fedify server in miniature, on its own port: `/inbox` answers 202 with the key id when fedify's
 * verifyRequest accepts the request and 401 when it does not; `/actor` serves the public half of a
 * fedify-generated key pair, for requests fedify signs.
 */
async function startFedifySide() {
  const { publicKey, privateKey } = await generateCryptoKeyPair("RSASSA-PKCS1-v1_5");
  const publicKeyPem = await exportSpki(publicKey);
  // Both the stand-in and this server are on 127.0.0.1, which fedify's loader refuses unless told.
  const loader = getDocumentLoader({ allowPrivateAddress: true });
  let origin = "";
  const server: Server = createServer(async (request, response) => {
    const url = new URL(request.url ?? "/", origin);
    if (request.method === "GET" && url.pathname === "/actor") {
      const actor = {
        "@context": ["https://www.w3.org/ns/activitystreams", "https://w3id.org/security/v1"],
        id: `${origin}/actor`,
        type: "Service",
        preferredUsername: "fedify",
        inbox: `${origin}/inbox`,
        publicKey: { id: `${origin}/actor#main-key`, owner: `${origin}/actor`, publicKeyPem },
      };
      response.writeHead(200, { "content-type": AP }).end(JSON.stringify(actor));
      return;
    }
    if (request.method === "POST" && url.pathname === "/inbox") {
      const chunks: Buffer[] = [];
      for await (const chunk of request) chunks.push(chunk);
      const headers = new Headers();
      for (const [name, value] of Object.entries(request.headers)) {
        if (typeof value === "string") headers.set(name, value);
      }
      const key = await verifyRequest(new Request(url, { method: "POST", headers, body: Buffer.concat(chunks) }), {
        documentLoader: loader,
        contextLoader: loader,
      });
      response.writeHead(key ? 202 : 401).end(key?.id?.href ?? "");
      return;
    }
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    inbox: `${origin}/inbox`,
    keyId: new URL(`${origin}/actor#main-key`),
    privateKey,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe("alice's documents", () => {
  it("serves a Mastodon-shaped Person with her RSA 2048 key to ActivityPub clients", async () => {
    const response = await fetch(standIn.actorId, { headers: { accept: AP } });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe(AP);
    const actor = await response.json();
    expect(actor).toMatchObject({
      "@context": ["https://www.w3.org/ns/activitystreams", "https://w3id.org/security/v1"],
      id: `${standIn.origin}/users/alice`,
      type: "Person",
      preferredUsername: "alice",
      inbox: `${standIn.origin}/users/alice/inbox`,
      outbox: `${standIn.origin}/users/alice/outbox`,
      followers: `${standIn.origin}/users/alice/followers`,
      endpoints: { sharedInbox: `${standIn.origin}/inbox` },
      publicKey: { id: `${standIn.origin}/users/alice#main-key`, owner: `${standIn.origin}/users/alice` },
    });
    expect(actor).toMatchObject({
      id: standIn.actorId,
      inbox: standIn.inbox,
      endpoints: { sharedInbox: standIn.sharedInbox },
    });
    const { publicKeyPem } = z.object({ publicKey: z.object({ publicKeyPem: z.string() }) }).parse(actor).publicKey;
    const key = createPublicKey(publicKeyPem);
    expect(key.asymmetricKeyType).toBe("rsa");
    expect(key.asymmetricKeyDetails?.modulusLength).toBe(2048);

    const ld = await fetch(standIn.actorId, { headers: { accept: 'application/ld+json; profile="x"' } });
    expect(ld.status).toBe(200);
    expect((await fetch(standIn.actorId, { headers: { accept: "text/html" } })).status).toBe(404);
  });

  it("answers WebFinger for acct:alice@host with a self link to her actor", async () => {
    const host = new URL(standIn.origin).host;
    const response = await fetch(`${standIn.origin}/.well-known/webfinger?resource=acct:alice@${host}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/jrd+json");
    expect(await response.json()).toEqual({
      subject: `acct:alice@${host}`,
      aliases: [standIn.actorId],
      links: [{ rel: "self", type: AP, href: standIn.actorId }],
    });
    expect((await fetch(`${standIn.origin}/.well-known/webfinger?resource=acct:bob@${host}`)).status).toBe(404);
    expect((await fetch(`${standIn.origin}/.well-known/webfinger`)).status).toBe(400);
  });

  it("answers 404 to anything else", async () => {
    expect((await fetch(`${standIn.origin}/users/bob`, { headers: { accept: AP } })).status).toBe(404);
    expect((await fetch(standIn.inbox)).status).toBe(404);
    expect((await fetch(standIn.actorId, { method: "POST", body: "{}" })).status).toBe(404);
  });
});

describe("signedPost", () => {
  it("signs as fedify accepts, and its tampered requests are refused by fedify", async () => {
    const fedify = await startFedifySide();
    try {
      const honest = await standIn.signedPost(fedify.inbox, note(standIn));
      expect([honest.status, await honest.text()]).toEqual([202, `${standIn.actorId}#main-key`]);
      for (const tamper of [{ unsigned: true }, { wrongKey: true }, { alterBody: true }]) {
        const response = await standIn.signedPost(fedify.inbox, note(standIn), tamper);
        expect([tamper, response.status]).toEqual([tamper, 401]);
      }
    } finally {
      await fedify.close();
    }
  });

  it("sends Mastodon's headers: rsa-sha256 over (request-target) host date digest content-type", async () => {
    let seen: Record<string, string | string[] | undefined> = {};
    const server = createServer((request, response) => {
      seen = request.headers;
      request.resume().on("end", () => response.writeHead(202).end());
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/inbox`;
      await standIn.signedPost(url, note(standIn));
      expect(seen.signature).toMatch(
        new RegExp(
          `^keyId="${standIn.actorId}#main-key",algorithm="rsa-sha256",headers="\\(request-target\\) host date digest content-type",signature="[A-Za-z0-9+/]+=*"$`,
        ),
      );
      expect(seen.digest).toMatch(/^SHA-256=[A-Za-z0-9+/]{43}=$/);
      expect(seen["content-type"]).toBe(AP);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

describe("alice's inboxes", () => {
  it("verify a request fedify signs, and not the same request with its body changed", async () => {
    const fedify = await startFedifySide();
    try {
      const body = JSON.stringify(standIn.follow(standIn.actorId));
      const signed = await signRequest(
        new Request(standIn.inbox, { method: "POST", headers: { "content-type": AP }, body }),
        fedify.privateKey,
        fedify.keyId,
      );
      expect((await fetch(signed)).status).toBe(202);
      const altered = body.replace('"Follow"', '"Block"');
      expect(altered).not.toBe(body);
      expect(
        (await fetch(standIn.sharedInbox, { method: "POST", headers: signed.headers, body: altered })).status,
      ).toBe(202);

      expect(standIn.received).toMatchObject([
        {
          path: "/users/alice/inbox",
          verified: true,
          keyId: fedify.keyId.href,
          status: 202,
          activity: JSON.parse(body),
        },
        { path: "/inbox", verified: false, keyId: fedify.keyId.href, status: 202, activity: JSON.parse(altered) },
      ]);
      expect(standIn.received[0]!.error).toBeUndefined();
      expect(standIn.received[1]!.error).toMatch(/Digest/);
    } finally {
      await fedify.close();
    }
  });

  it("agree with fedify on alice's own requests", async () => {
    await standIn.signedPost(standIn.inbox, note(standIn));
    await standIn.signedPost(standIn.inbox, note(standIn), { unsigned: true });
    await standIn.signedPost(standIn.inbox, note(standIn), { wrongKey: true });
    await standIn.signedPost(standIn.sharedInbox, note(standIn), { alterBody: true });
    expect(standIn.received.map(({ verified, keyId }) => ({ verified, keyId }))).toEqual([
      { verified: true, keyId: `${standIn.actorId}#main-key` },
      { verified: false, keyId: undefined },
      { verified: false, keyId: `${standIn.actorId}#main-key` },
      { verified: false, keyId: `${standIn.actorId}#main-key` },
    ]);
    expect(standIn.received[1]!.error).toMatch(/signature/i);
    expect(standIn.received[2]!.error).toMatch(/does not verify/);
    expect(standIn.received[3]!.error).toMatch(/Digest/);
  });

  it("answer failNext(2, 500) with 500 twice, then 202", async () => {
    standIn.failNext(2, 500);
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await standIn.signedPost(standIn.inbox, note(standIn))).status);
    expect(statuses).toEqual([500, 500, 202]);
    expect(standIn.received.map(({ status, verified }) => ({ status, verified }))).toEqual([
      { status: 500, verified: true },
      { status: 500, verified: true },
      { status: 202, verified: true },
    ]);
    expect(await standIn.until((received) => received.length === 3, 1_000)).toBe(true);
    expect(await standIn.until((received) => received.length === 4, 200)).toBe(false);
  });
});

describe("follow and undo", () => {
  it("make Mastodon's Follow, with a fresh id each time, and its Undo embedding it", () => {
    const target = "http://localhost:8787/@news";
    const follow = standIn.follow(target);
    expect(follow).toMatchObject({ type: "Follow", actor: standIn.actorId, object: target });
    const withId = z.object({ id: z.string() });
    expect(withId.parse(standIn.follow(target)).id).not.toBe(withId.parse(follow).id);
    const embedded = Object.fromEntries(Object.entries(follow).filter(([name]) => name !== "@context"));
    expect(standIn.undo(follow)).toEqual({
      "@context": "https://www.w3.org/ns/activitystreams",
      id: expect.stringMatching(new RegExp(`^${standIn.actorId}#follows/[0-9a-f-]{36}/undo$`)),
      type: "Undo",
      actor: standIn.actorId,
      object: embedded,
    });
  });
});
