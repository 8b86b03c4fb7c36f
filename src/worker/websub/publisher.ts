// WebSub publishing (https://www.w3.org/TR/websub/): run by the Cron Trigger, it tells each hub in
// WEBSUB_HUBS about every subscription feed (topic) whose document changed since it was last announced
// (a deploy with new content, or a scheduled article's time arriving), and retries each ping that a
// hub did not accept until it does.
//
// State: the ledger, a Durable Object (./ledger.ts): which ETag each topic was announced with, and the
// pings still owed. A run claims one ping at a time, sends it, and records the outcome at once, so runs
// that overlap never send a ping twice, and a run that dies leaves behind only the ping it was sending,
// owed again. A ping is only dropped once a hub accepted it (2xx) or refused it for good (4xx other
// than 429), or once its hub is no longer in WEBSUB_HUBS.
//
// The edge copy: the Worker answers every request itself from the documents the build rendered (no
// CDN cache sits in front of a Worker's responses), so a hub that fetches a topic right after the
// ping gets the epoch the ping announced.
import type { CurrentBundle } from "../../shared/contract";
import { siteFrom } from "../../shared/site";
import { Schedule } from "../schedule";
import type { Claim, Outcome, WebSubLedger } from "./ledger";
import { retryAfterMs } from "./retry";

export interface PublishEnv {
  SITE_URL?: string;
  /** Where `npm start` serves (src/build/commands.ts DEV_ORIGIN): topics' address locally when SITE_URL is empty. */
  EDGEFEED_DEV_ORIGIN?: string;
  WEBSUB_LEDGER?: DurableObjectNamespace<WebSubLedger>;
}

export interface PublishOptions {
  current: CurrentBundle;
  env: PublishEnv;
  /** The moment of this run (the cron's scheduledTime): it decides which scheduled articles are out. */
  now: number;
  /** How pings leave (the runtime's fetch; a test passes its hub). */
  fetch?: (request: Request) => Promise<Response>;
  /** How long a hub may take to answer a ping. */
  timeoutMs?: number;
  /** The time, for how long a claimed ping stays claimed (Date.now; a test passes its own). */
  clock?: () => number;
  /** The ledger's name in WEBSUB_LEDGER (a test gives each of its cases a ledger of its own). */
  ledger?: string;
}

export interface PublishResult {
  /** Pings a hub accepted in this run. */
  sent: { hub: string; topic: string }[];
  /** Pings still owed after this run (those other runs are sending included). */
  pending: number;
}

/** The one ledger of the Worker's pings. */
const LEDGER = "websub";
/**
 * How long a run holds a ping it claimed beyond the ping's time-out: time enough to record the outcome
 * after a hub that took the whole time-out, and short enough that the ping of a run that died goes out
 * again within a cron run or two.
 */
const CLAIM_MARGIN = 60_000;

export async function publish(options: PublishOptions): Promise<PublishResult> {
  const { current, env, now } = options;
  const send = options.fetch ?? ((request: Request) => fetch(request));
  const address = env.SITE_URL || env.EDGEFEED_DEV_ORIGIN || "";
  const site = siteFrom({ ...current.vars, SITE_URL: address }, "http://origin.invalid", {
    icons: current.icons,
    stylesheet: current.stylesheet,
  });
  if (site.hubs.length === 0) return { sent: [], pending: 0 };
  if (!address) {
    console.error("WebSub: WEBSUB_HUBS needs SITE_URL, the address topics are announced under; no ping sent");
    return { sent: [], pending: 0 };
  }
  const namespace = env.WEBSUB_LEDGER;
  if (!namespace) {
    console.error(
      'WebSub: WEBSUB_HUBS needs the Durable Object binding "WEBSUB_LEDGER" (wrangler.toml) to keep its pings; no ping sent',
    );
    return { sent: [], pending: 0 };
  }
  const ledger = namespace.get(namespace.idFromName(options.ledger ?? LEDGER));
  const clock = options.clock ?? Date.now;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const schedule = new Schedule(current);
  const topics: Record<string, string> = {};
  for (const [path, etag] of Object.entries(schedule.topics(schedule.epochAt(now)))) topics[site.baseUrl + path] = etag;
  await ledger.announce(topics, site.hubs, now);
  const sent: PublishResult["sent"] = [];
  for (;;) {
    const { ping, owed } = await ledger.claim(now, clock(), timeoutMs + CLAIM_MARGIN);
    if (!ping) return { sent, pending: owed };
    const outcome = await deliver(send, ping, now, timeoutMs);
    if ("sent" in outcome) sent.push({ hub: ping.hub, topic: ping.topic });
    await ledger.settle(ping, outcome, now);
  }
}

/** One publish ping (WebSub §7: form-encoded hub.mode=publish, hub.url=<topic>). */
async function deliver(
  send: (request: Request) => Promise<Response>,
  ping: Claim,
  now: number,
  timeoutMs: number,
): Promise<Outcome> {
  const request = new Request(ping.hub, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ "hub.mode": "publish", "hub.url": ping.topic }).toString(),
    signal: AbortSignal.timeout(timeoutMs),
  });
  let res: Response;
  try {
    res = await send(request);
  } catch (error) {
    console.warn(`WebSub: ${ping.hub} did not answer for ${ping.topic} (${String(error)}); will retry`);
    return { retryAfterMs: 0 };
  }
  await res.body?.cancel();
  if (res.ok) return { sent: true };
  if (res.status === 429 || res.status >= 500) {
    console.warn(`WebSub: ${ping.hub} answered ${res.status} for ${ping.topic}; will retry`);
    return { retryAfterMs: retryAfterMs(res.headers.get("Retry-After"), now) };
  }
  // Any other refusal will not change by asking again.
  console.error(`WebSub: ${ping.hub} refused the ping for ${ping.topic} with ${res.status}; dropped`);
  return { dropped: true };
}
