// WebSub pings from the scheduled handler (src/websub/publisher.ts), against a hub stub that answers as
// the test says, with the state in miniflare's KV: one ping per changed topic and hub, none when
// nothing changed, retries until a failing or absent hub takes it, and a hub that fetches the topic
// right after the ping gets the document the ping announced.
import { env, SELF } from "cloudflare:test";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { CurrentBundle } from "../../src/app";
import { createApp } from "../../src/app";
import current from "../../src/generated/current.js";
import { publish } from "../../src/websub/publisher";

const SITE = "https://news.example";
const HUB = "https://hub.example/";
const OTHER_HUB = "https://other-hub.example/publish";
const T0 = Date.parse("2026-12-01T00:00:00Z");
const MINUTE = 60_000;
const state = () => (env as unknown as { WEBSUB_STATE: KVNamespace }).WEBSUB_STATE;

/** The built site with hubs configured. */
const withHubs = (hubs: string, bundle: CurrentBundle = current): CurrentBundle => ({
  ...bundle,
  vars: { ...bundle.vars, WEBSUB_HUBS: hubs },
});
const TOPICS = Object.keys(current.topics).map((path) => SITE + path);

/** A hub that answers each ping with the next status in line (a number) or by throwing ("down"). */
function hub(answers: (number | "down")[] = []) {
  const pings: { hub: string; topic: string; mode: string | null; type: string | null }[] = [];
  const fetch = async (request: Request) => {
    const form = new URLSearchParams(await request.text());
    const answer = answers.shift() ?? 204;
    if (answer === "down") throw new Error("connection refused");
    pings.push({
      hub: request.url,
      topic: form.get("hub.url") ?? "",
      mode: form.get("hub.mode"),
      type: request.headers.get("Content-Type"),
    });
    return new Response(null, { status: answer });
  };
  return { pings, fetch };
}

const run = (bundle: CurrentBundle, fetch: (r: Request) => Promise<Response>, now: number) =>
  publish({ current: bundle, env: { SITE_URL: SITE, WEBSUB_STATE: state() }, now, fetch });

beforeEach(async () => {
  await state().delete("state");
  vi.spyOn(console, "warn").mockImplementation(() => {});
});

it("announces every topic once per hub, form-encoded, and nothing on the next run", async () => {
  const stub = hub();
  const bundle = withHubs(`${HUB} ${OTHER_HUB}`);
  await run(bundle, stub.fetch, T0);
  expect(stub.pings).toHaveLength(TOPICS.length * 2);
  expect(new Set(stub.pings.map((p) => `${p.hub} ${p.topic}`)).size).toBe(TOPICS.length * 2);
  expect(new Set(stub.pings.map((p) => p.topic))).toEqual(new Set(TOPICS));
  for (const ping of stub.pings) {
    expect(ping.mode).toBe("publish");
    expect(ping.type).toBe("application/x-www-form-urlencoded");
  }
  await run(bundle, stub.fetch, T0 + MINUTE);
  expect(stub.pings).toHaveLength(TOPICS.length * 2);
});

it("after a content change pings only the topics that changed", async () => {
  const stub = hub();
  await run(withHubs(HUB), stub.fetch, T0);
  stub.pings.length = 0;
  const changed = withHubs(HUB, { ...current, topics: { ...current.topics, "/atom.xml": '"new"' } });
  await run(changed, stub.fetch, T0 + MINUTE);
  expect(stub.pings.map((p) => p.topic)).toEqual([`${SITE}/atom.xml`]);
});

it("retries a hub that answers 500 twice, with backoff, until it takes the ping", async () => {
  const only = withHubs(HUB, { ...current, topics: { "/rss.xml": current.topics["/rss.xml"]! } });
  const stub = hub([500, 500, 204]);
  expect((await run(only, stub.fetch, T0)).pending).toBe(1);
  // Not due again before a minute has passed.
  expect((await run(only, stub.fetch, T0 + 30_000)).sent).toEqual([]);
  expect((await run(only, stub.fetch, T0 + MINUTE)).pending).toBe(1);
  const last = await run(only, stub.fetch, T0 + 3 * MINUTE);
  expect(last).toEqual({ sent: [{ hub: HUB, topic: `${SITE}/rss.xml` }], pending: 0 });
  expect(stub.pings.map((p) => p.topic)).toEqual([`${SITE}/rss.xml`, `${SITE}/rss.xml`, `${SITE}/rss.xml`]);
});

it("keeps a ping for a hub that is down for several runs and delivers it when the hub is back", async () => {
  const only = withHubs(HUB, { ...current, topics: { "/feed.json": current.topics["/feed.json"]! } });
  const stub = hub(["down", "down", "down", "down"]);
  let now = T0;
  for (let i = 0; i < 4; i++) {
    const result = await run(only, stub.fetch, now);
    expect(result.pending).toBe(1);
    now += 60 * MINUTE;
  }
  expect(await run(only, stub.fetch, now)).toEqual({ sent: [{ hub: HUB, topic: `${SITE}/feed.json` }], pending: 0 });
});

it("a hub that fetches the topic right after the ping gets the document the ping announced", async () => {
  const seen: string[] = [];
  const fetch = async (request: Request) => {
    const topic = new URLSearchParams(await request.text()).get("hub.url") ?? "";
    const res = await SELF.fetch(topic);
    await res.arrayBuffer();
    seen.push(`${new URL(topic).pathname} ${res.headers.get("ETag")}`);
    return new Response(null, { status: 202 });
  };
  await run(withHubs(HUB, { ...current, topics: { "/rss.xml": current.topics["/rss.xml"]! } }), fetch, T0);
  const [path, etag = ""] = seen[0]?.split(" ") ?? [];
  expect(path).toBe("/rss.xml");
  // The filled-in tag is the announced document's tag plus a digest of the address.
  expect(`${etag.slice(0, etag.lastIndexOf("."))}"`).toBe(current.topics["/rss.xml"]);
});

it("pings a topic on the first run after a scheduled article's time, not before", async () => {
  const release = T0 + 5 * MINUTE;
  const scheduled = withHubs(HUB, {
    ...current,
    epochs: [
      {
        at: new Date(release).toISOString(),
        changed: ["/rss.xml"],
        newest: current.newest,
        topics: { "/rss.xml": '"later"' },
      },
    ],
  });
  const stub = hub();
  await run(scheduled, stub.fetch, T0);
  stub.pings.length = 0;
  await run(scheduled, stub.fetch, release - 1);
  expect(stub.pings).toEqual([]);
  await run(scheduled, stub.fetch, release);
  expect(stub.pings.map((p) => p.topic)).toEqual([`${SITE}/rss.xml`]);
});

it("does nothing without hubs, and says what is missing without SITE_URL or the KV binding", async () => {
  const stub = hub();
  expect(await run(current, stub.fetch, T0)).toEqual({ sent: [], pending: 0 });
  const logged = vi.spyOn(console, "error").mockImplementation(() => {});
  await publish({ current: withHubs(HUB), env: { WEBSUB_STATE: state() }, now: T0, fetch: stub.fetch });
  await publish({ current: withHubs(HUB), env: { SITE_URL: SITE }, now: T0, fetch: stub.fetch });
  expect(stub.pings).toEqual([]);
  expect(String(logged.mock.calls[0]?.[0])).toContain("SITE_URL");
  expect(String(logged.mock.calls[1]?.[0])).toContain("WEBSUB_STATE");
});

const topicOf = async (request: Request) => new URLSearchParams(await request.text()).get("hub.url") ?? "";
const accepted = () => new Response(null, { status: 202 });
const ONE_TOPIC = withHubs(HUB, { ...current, topics: { "/rss.xml": current.topics["/rss.xml"]! } });

describe("Retry-After", () => {
  it("waits as long as a hub's Retry-After asks, but never longer than an hour", async () => {
    const answers = [new Response(null, { status: 503, headers: { "Retry-After": "99999999" } })];
    const posts: string[] = [];
    const fetch = async (request: Request) => {
      posts.push(await topicOf(request));
      return answers.shift() ?? accepted();
    };
    expect((await run(ONE_TOPIC, fetch, T0)).pending).toBe(1);
    expect((await run(ONE_TOPIC, fetch, T0 + 59 * MINUTE)).sent).toEqual([]);
    expect(await run(ONE_TOPIC, fetch, T0 + 60 * MINUTE)).toEqual({
      sent: [{ hub: HUB, topic: `${SITE}/rss.xml` }],
      pending: 0,
    });
    expect(posts).toHaveLength(2);
  });

  it("reads a Retry-After that is an HTTP date (RFC 9110 §10.2.3)", async () => {
    const retryAt = new Date(T0 + 10 * MINUTE).toUTCString();
    const answers = [new Response(null, { status: 429, headers: { "Retry-After": retryAt } })];
    const fetch = async () => answers.shift() ?? accepted();
    expect((await run(ONE_TOPIC, fetch, T0)).pending).toBe(1);
    expect((await run(ONE_TOPIC, fetch, T0 + 9 * MINUTE)).sent).toEqual([]);
    expect((await run(ONE_TOPIC, fetch, T0 + 10 * MINUTE)).pending).toBe(0);
  });
});

describe("discovery in HTTP (WebSub §4, RFC 8288)", () => {
  const app = createApp({ current: withHubs(`${HUB} ${OTHER_HUB}`) });
  const get = (path: string, headers: Record<string, string> = {}) =>
    app.request(SITE + path, { headers }, env as unknown as Env);
  const expected = (path: string) => `<${HUB}>; rel="hub", <${OTHER_HUB}>; rel="hub", <${SITE}${path}>; rel="self"`;

  it.each(["/rss.xml", "/atom.xml", "/feed.json", "/tags/mexico/rss.xml"])(
    "%s names its hubs and itself, on the 200 and on the 304",
    async (path) => {
      const full = await get(path);
      expect(full.headers.get("Link")).toBe(expected(path));
      // An app fetching the feed over CORS may read it, or it could not discover the hubs.
      expect(full.headers.get("Access-Control-Expose-Headers")).toBe("ETag,Link");
      const revalidated = await get(path, { "If-None-Match": full.headers.get("ETag") ?? "" });
      expect(revalidated.status).toBe(304);
      expect(revalidated.headers.get("Link")).toBe(expected(path));
      expect(revalidated.headers.get("Access-Control-Expose-Headers")).toBe("ETag,Link");
    },
  );

  it("/feed names the document it answers with as self", async () => {
    expect((await get("/feed", { Accept: "application/atom+xml" })).headers.get("Link")).toBe(expected("/atom.xml"));
  });

  it.each(["/", "/rss.xml?limit=1", "/tags/mexico"])("%s is not a topic and names no hub", async (path) => {
    const res = await get(path);
    expect(res.headers.get("Link")).toBeNull();
    expect(res.headers.get("Access-Control-Expose-Headers")).toBe("ETag");
  });
});
