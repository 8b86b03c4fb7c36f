// The site as one ActivityPub actor, with fedify: WebFinger (acct:<handle>@<host>), the actor document at
// /@<handle> (for clients that ask for ActivityStreams; a browser is sent to the home page), NodeInfo,
// the inbox (Follow → Accept, Undo(Follow) → no longer a follower; fedify verifies every POST's HTTP
// Signature and answers 401 to one without a valid one) and the followers collection. Articles go out
// from ./release.ts; the outbox is a document the build renders (src/shared/activitypub/outbox.ts).
import { createFederation, type Federation } from "@fedify/fedify";
import { Accept, Endpoints, Follow, Image, Organization, Undo } from "@fedify/vocab";
import { validatePublicUrl } from "@fedify/vocab-runtime";
import { FEDERATION_PATHS, type SiteProfile } from "../shared/activitypub/federation-contract";
import { DeliveryQueue } from "./deliveries";
import { actorKeyPair } from "./keys";
import { addFollower, D1KvStore, followers, removeFollower } from "./store";

export interface FederationEnv {
  FEDERATION_DB: D1Database;
  DELIVERIES: Queue;
  /** The actor's RSA private key as a JWK (./keys.ts). */
  ACTOR_KEY?: string;
  /** "1" under `npm start` only: remote actors on private addresses and plain http are let in. */
  FEDERATION_DEV?: string;
  /** Seconds before a failed delivery's first retry (default 30; the end-to-end tests use 1). */
  DELIVERY_RETRY_SECONDS?: string;
}

export interface ContextData {
  env: FederationEnv;
  site: SiteProfile;
}

/** Where the number of articles out is kept, from each release. */
export const POSTS_KEY = ["edgefeed", "posts"] as const;

const made = new WeakMap<D1Database, Federation<ContextData>>();

export function federationFor(env: FederationEnv): Federation<ContextData> {
  let federation = made.get(env.FEDERATION_DB);
  if (!federation) {
    federation = build(env);
    made.set(env.FEDERATION_DB, federation);
  }
  return federation;
}

/**
 * A remote actor's address as this deployment may deliver to it: https to a public host, or anything
 * under `npm start` (FEDERATION_DEV), where the stand-ins live on 127.0.0.1 over http.
 */
export async function reachable(url: URL | null | undefined, env: FederationEnv): Promise<boolean> {
  if (!url) return false;
  if (env.FEDERATION_DEV === "1") return url.protocol === "https:" || url.protocol === "http:";
  if (url.protocol !== "https:") return false;
  return validatePublicUrl(url.href).then(
    () => true,
    () => false,
  );
}

function build(env: FederationEnv): Federation<ContextData> {
  const federation = createFederation<ContextData>({
    kv: new D1KvStore(env.FEDERATION_DB),
    queue: new DeliveryQueue(env.DELIVERIES),
    // Tasks run from the Worker's queue handler, never from a loop of fedify's own.
    manuallyStartQueue: true,
    allowPrivateAddress: env.FEDERATION_DEV === "1",
    userAgent: { software: "edgefeed" },
    // Mastodon and most servers verify draft-cavage signatures; starting there saves a second attempt.
    firstKnock: "draft-cavage-http-signatures-12",
  });

  federation
    .setActorDispatcher(FEDERATION_PATHS.actor, async (ctx, identifier) => {
      const { site } = ctx.data;
      if (identifier !== site.handle) return null;
      const keys = await ctx.getActorKeyPairs(identifier);
      return new Organization({
        id: ctx.getActorUri(identifier),
        preferredUsername: site.handle,
        name: site.name,
        summary: site.summary,
        url: new URL("/", ctx.origin),
        inbox: ctx.getInboxUri(identifier),
        endpoints: new Endpoints({ sharedInbox: ctx.getInboxUri() }),
        outbox: new URL(site.outbox, ctx.origin),
        followers: ctx.getFollowersUri(identifier),
        // A news site publishes; it does not read replies or approve followers by hand.
        manuallyApprovesFollowers: false,
        discoverable: true,
        indexable: true,
        ...(site.icon ? { icon: new Image({ url: new URL(site.icon.url), mediaType: site.icon.type }) } : {}),
        publicKey: keys[0]?.cryptographicKey ?? null,
        assertionMethods: keys.map((key) => key.multikey),
      });
    })
    .mapHandle((ctx, handle) => (handle === ctx.data.site.handle ? handle : null))
    .setKeyPairsDispatcher(async (ctx) => [await actorKeyPair(ctx.data.env.ACTOR_KEY)]);

  federation
    .setFollowersDispatcher(FEDERATION_PATHS.followers, async (ctx, identifier) => {
      if (identifier !== ctx.data.site.handle) return null;
      const list = await followers(ctx.data.env.FEDERATION_DB);
      return {
        items: list.map((f) => ({
          id: new URL(f.id),
          inboxId: new URL(f.inbox),
          endpoints: f.sharedInbox ? { sharedInbox: new URL(f.sharedInbox) } : null,
        })),
      };
    })
    .setCounter(async (ctx, identifier) =>
      identifier === ctx.data.site.handle ? (await followers(ctx.data.env.FEDERATION_DB)).length : null,
    );

  federation
    .setInboxListeners(FEDERATION_PATHS.inbox, FEDERATION_PATHS.sharedInbox)
    .on(Follow, async (ctx, follow) => {
      const { env, site } = ctx.data;
      const me = ctx.getActorUri(site.handle);
      if (follow.objectId?.href !== me.href || !follow.id) return;
      const follower = await follow.getActor(ctx);
      if (!follower?.id || !follower.inboxId) return;
      if (!(await reachable(follower.id, env)) || !(await reachable(follower.inboxId, env))) return;
      const shared = follower.endpoints?.sharedInbox;
      await addFollower(
        env.FEDERATION_DB,
        {
          id: follower.id.href,
          inbox: follower.inboxId.href,
          sharedInbox: shared && (await reachable(shared, env)) ? shared.href : null,
        },
        follow.id.href,
        Date.now(),
      );
      await ctx.sendActivity(
        { identifier: site.handle },
        follower,
        new Accept({ id: new URL(`#accepts/${encodeURIComponent(follow.id.href)}`, me), actor: me, object: follow }),
      );
    })
    .on(Undo, async (ctx, undo) => {
      const object = await undo.getObject(ctx);
      if (!(object instanceof Follow) || !undo.actorId || object.actorId?.href !== undo.actorId.href) return;
      if (object.objectId?.href !== ctx.getActorUri(ctx.data.site.handle).href) return;
      // The Follow it undoes, when it names one: a late Undo of an old Follow leaves a newer one be.
      await removeFollower(ctx.data.env.FEDERATION_DB, undo.actorId.href, object.id?.href);
    });

  federation.setNodeInfoDispatcher(FEDERATION_PATHS.nodeInfo, async (ctx) => ({
    software: { name: "edgefeed", version: "0.1.0" },
    protocols: ["activitypub"],
    usage: {
      users: { total: 1, activeHalfyear: 1, activeMonth: 1 },
      // The outbox's count as the last Cron Trigger run saw it (./index.ts).
      localPosts: (await new D1KvStore(env.FEDERATION_DB).get<number>(POSTS_KEY)) ?? 0,
      localComments: 0,
    },
    openRegistrations: false,
    metadata: { nodeName: ctx.data.site.name },
  }));

  return federation;
}
