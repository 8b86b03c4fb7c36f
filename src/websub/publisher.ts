// WebSub publishing (https://www.w3.org/TR/websub/): run by the Cron Trigger, it tells each hub in
// WEBSUB_HUBS about every subscription feed (topic) whose document changed since it was last announced
// (a deploy with new content, or a scheduled article's time arriving), and retries each ping that a
// hub did not accept until it does.
//
// State: one JSON value in Workers KV (WEBSUB_STATE): which ETag each topic was announced with, and the
// pings still owed. KV rather than a Durable Object because the cron is its only writer, once a minute
// from one place, so KV's eventual consistency costs nothing here, and one key needs no class, no
// migration and no extra billing. A ping is only dropped once a hub accepted it (2xx) or refused it
// for good (4xx other than 429).
//
// The edge copy: the Worker answers every request itself from the documents the build rendered (no
// CDN cache sits in front of a Worker's responses), so a hub that fetches a topic right after the
// ping gets the epoch the ping announced.
import type { CurrentBundle } from "../app";
import { Schedule } from "../schedule";
import { siteFrom } from "../site";
import { retryAfterMs, retryDelay } from "./retry";

export interface PublishEnv {
  SITE_URL?: string;
  WEBSUB_STATE?: KVNamespace;
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
}

interface Ping {
  hub: string;
  topic: string;
  attempts: number;
  /** Not before this time (ms). */
  next: number;
}

interface State {
  /** Topic URL → the ETag of the document last announced for it. */
  announced: Record<string, string>;
  pending: Ping[];
}

export interface PublishResult {
  /** Pings a hub accepted in this run. */
  sent: { hub: string; topic: string }[];
  /** Pings still owed after this run. */
  pending: number;
}

const STATE_KEY = "state";

export async function publish(options: PublishOptions): Promise<PublishResult> {
  const { current, env, now } = options;
  const send = options.fetch ?? ((request: Request) => fetch(request));
  const site = siteFrom({ ...current.vars, SITE_URL: env.SITE_URL ?? "" }, "http://origin.invalid", current.icons);
  if (site.hubs.length === 0) return { sent: [], pending: 0 };
  if (!env.SITE_URL) {
    console.error("WebSub: WEBSUB_HUBS needs SITE_URL, the address topics are announced under; no ping sent");
    return { sent: [], pending: 0 };
  }
  const kv = env.WEBSUB_STATE;
  if (!kv) {
    console.error('WebSub: WEBSUB_HUBS needs a KV binding "WEBSUB_STATE" (wrangler.toml) to keep its pings');
    return { sent: [], pending: 0 };
  }
  const state: State = (await kv.get<State>(STATE_KEY, "json")) ?? { announced: {}, pending: [] };
  const schedule = new Schedule(current);
  for (const [path, etag] of Object.entries(schedule.topics(schedule.epochAt(now)))) {
    const topic = site.baseUrl + path;
    if (state.announced[topic] === etag) continue;
    state.announced[topic] = etag;
    for (const hub of site.hubs) {
      // A topic that changes again before its ping went out is still announced once.
      if (!state.pending.some((p) => p.hub === hub && p.topic === topic)) {
        state.pending.push({ hub, topic, attempts: 0, next: now });
      }
    }
  }
  const sent: PublishResult["sent"] = [];
  const owed: Ping[] = [];
  for (const ping of state.pending) {
    if (ping.next > now) {
      owed.push(ping);
      continue;
    }
    const outcome = await deliver(send, ping, now, options.timeoutMs ?? 10_000);
    if (outcome.ok) sent.push({ hub: ping.hub, topic: ping.topic });
    else if (outcome.retryAfterMs !== undefined) {
      const attempts = ping.attempts + 1;
      owed.push({ ...ping, attempts, next: now + retryDelay(attempts, outcome.retryAfterMs) });
    }
  }
  state.pending = owed;
  await kv.put(STATE_KEY, JSON.stringify(state));
  return { sent, pending: owed.length };
}

/** One publish ping (WebSub §7: form-encoded hub.mode=publish, hub.url=<topic>). */
async function deliver(
  send: (request: Request) => Promise<Response>,
  ping: Ping,
  now: number,
  timeoutMs: number,
): Promise<{ ok: true } | { ok: false; retryAfterMs?: number }> {
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
    return { ok: false, retryAfterMs: 0 };
  }
  await res.body?.cancel();
  if (res.ok) return { ok: true };
  if (res.status === 429 || res.status >= 500) {
    console.warn(`WebSub: ${ping.hub} answered ${res.status} for ${ping.topic}; will retry`);
    return { ok: false, retryAfterMs: retryAfterMs(res.headers.get("Retry-After"), now) };
  }
  // Any other refusal will not change by asking again.
  console.error(`WebSub: ${ping.hub} refused the ping for ${ping.topic} with ${res.status}; dropped`);
  return { ok: false };
}
