// The fediverse Worker (./wrangler.toml): requests the site Worker forwards (src/worker/federation.ts),
// the releases its Cron Trigger hands over (release()), and the delivery queue's batches.
import { WorkerEntrypoint } from "cloudflare:workers";
import { SITE_HEADER, type SiteProfile } from "../shared/activitypub/federation-contract";
import { deliver } from "./deliveries";
import { type ContextData, type FederationEnv, federationFor, POSTS_KEY } from "./federation";
import { MissingKey } from "./keys";
import { type OutboxCreate, type Released, release } from "./release";
import { D1KvStore } from "./store";

/** Where the last profile is kept, for queue batches, which come with none. */
const PROFILE_KEY = ["edgefeed", "site"] as const;

export default class FederationWorker extends WorkerEntrypoint<FederationEnv> {
  override async fetch(request: Request): Promise<Response> {
    const header = request.headers.get(SITE_HEADER);
    if (!header) return text(400, "not forwarded by the site Worker");
    const site = JSON.parse(decodeURIComponent(header)) as SiteProfile;
    if (!this.env.ACTOR_KEY)
      return text(503, 'the fediverse is off here: ACTOR_KEY is not set (README, "Follow from the fediverse")');
    const data: ContextData = { env: this.env, site };
    this.ctx.waitUntil(keepProfile(this.env, site));
    try {
      return await federationFor(this.env).fetch(request, {
        contextData: data,
        onNotFound: () => text(404, "not found"),
        // A browser asking for the actor gets the site's home page.
        onNotAcceptable: () => Response.redirect(new URL("/", request.url).href, 303),
      });
    } catch (error) {
      if (error instanceof MissingKey) return text(503, error.message);
      throw error;
    }
  }

  /** The Cron Trigger's run: the outbox's newest Create activities, as the site serves them now. */
  async release(
    site: SiteProfile,
    origin: string,
    creates: OutboxCreate[],
    posts: number,
    whole: boolean,
  ): Promise<Released> {
    await keepProfile(this.env, site);
    const kv = new D1KvStore(this.env.FEDERATION_DB);
    await kv.set(POSTS_KEY, posts);
    // fedify's cached documents and idempotence keys expire; their rows go a batch per run.
    await kv.purge();
    return release({ env: this.env, site }, origin, creates, whole);
  }

  override async queue(batch: MessageBatch<unknown>): Promise<void> {
    const site = await new D1KvStore(this.env.FEDERATION_DB).get<SiteProfile>(PROFILE_KEY);
    if (!site) {
      // Nothing can be sent before a profile came: each task waits for the next batch.
      for (const message of batch.messages) message.retry({ delaySeconds: 60 });
      return;
    }
    const base = Number(this.env.DELIVERY_RETRY_SECONDS) || undefined;
    await deliver(batch, federationFor(this.env), { env: this.env, site }, base);
  }
}

/** The profile last written by this isolate: each request brings it, and it seldom changes. */
let kept: string | undefined;

async function keepProfile(env: FederationEnv, site: SiteProfile) {
  const text = JSON.stringify(site);
  if (text === kept) return;
  await new D1KvStore(env.FEDERATION_DB).set(PROFILE_KEY, site);
  kept = text;
}

const text = (status: number, body: string) =>
  new Response(`${body}\n`, { status, headers: { "Content-Type": "text/plain; charset=utf-8" } });
