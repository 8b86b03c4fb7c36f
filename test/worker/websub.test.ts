// WebSub pings from the scheduled handler (src/worker/websub/publisher.ts), against a hub stub that answers as
// the test says, with the ledger in miniflare's Durable Object (a fresh one for each case): one ping per
// changed topic and hub, none when nothing changed, retries until a failing or absent hub takes it, a
// hub that fetches the topic right after the ping gets the document the ping announced, and runs that
// overlap, die half-way or follow a change of hubs send each ping once, to the hubs configured.
import { env, SELF } from "cloudflare:test";
import { beforeEach, describe, expect, it, vi } from "vitest";
import current from "../../src/generated/current.js";
import type { CurrentBundle } from "../../src/shared/contract";
import { createApp } from "../../src/worker/app";
import { publish } from "../../src/worker/websub/publisher";

const SITE = "https://news.example";
const HUB = "https://hub.example/";
const OTHER_HUB = "https://other-hub.example/publish";
const T0 = Date.parse("2026-12-01T00:00:00Z");
const MINUTE = 60_000;

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

let ledger = "";
/** A cron run scheduled at `now`, running at `wall` (the time its claims count from). */
const run = (bundle: CurrentBundle, fetch: (r: Request) => Promise<Response>, now: number, wall = now) =>
  publish({
    current: bundle,
    env: { SITE_URL: SITE, WEBSUB_LEDGER: env.WEBSUB_LEDGER },
    now,
    fetch,
    clock: () => wall,
    ledger,
  });

beforeEach(() => {
  ledger = crypto.randomUUID();
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
        media: current.media,
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

it("does nothing without hubs, and says what is missing without SITE_URL or the ledger's binding", async () => {
  const stub = hub();
  expect(await run(current, stub.fetch, T0)).toEqual({ sent: [], pending: 0 });
  const logged = vi.spyOn(console, "error").mockImplementation(() => {});
  await publish({
    current: withHubs(HUB),
    env: { WEBSUB_LEDGER: env.WEBSUB_LEDGER },
    now: T0,
    fetch: stub.fetch,
    ledger,
  });
  await publish({ current: withHubs(HUB), env: { SITE_URL: SITE }, now: T0, fetch: stub.fetch, ledger });
  expect(stub.pings).toEqual([]);
  expect(String(logged.mock.calls[0]?.[0])).toContain("SITE_URL");
  expect(String(logged.mock.calls[1]?.[0])).toContain("WEBSUB_LEDGER");
});

it("under npm start, with SITE_URL empty, announces topics under the address it serves on", async () => {
  const stub = hub();
  const local = "http://127.0.0.1:8811";
  await publish({
    current: withHubs(HUB),
    env: { SITE_URL: "", EDGEFEED_DEV_ORIGIN: local, WEBSUB_LEDGER: env.WEBSUB_LEDGER },
    now: T0,
    fetch: stub.fetch,
    ledger,
  });
  expect(new Set(stub.pings.map((p) => p.topic))).toEqual(new Set(Object.keys(current.topics).map((p) => local + p)));
});

/** A promise the test settles: a hub holds its answer until the test lets it go. */
function deferred<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((settle) => {
    resolve = settle;
  });
  return { promise, resolve };
}

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

describe("overlapping, interrupted and reconfigured runs", () => {
  it.each([
    ["announced in this minute", false],
    ["owed by an earlier run the hubs refused", true],
  ])("three overlapping runs send each ping %s exactly once", async (_, owed) => {
    const bundle = withHubs(`${HUB} ${OTHER_HUB}`);
    let now = T0;
    if (owed) {
      const refusing = hub(Array.from({ length: TOPICS.length * 2 }, () => 503));
      expect((await run(bundle, refusing.fetch, T0)).pending).toBe(TOPICS.length * 2);
      now = T0 + 60 * MINUTE;
    }
    // The hub holds every ping until the runs overlap: the first run has a ping in flight when the other
    // two start, and the hub lets go once three pings wait on it or the other two runs are over.
    const posts = new Map<string, number>();
    const gate = deferred();
    const first = deferred();
    const three = deferred();
    const fetch = async (request: Request) => {
      const key = `${request.url} ${await topicOf(request)}`;
      posts.set(key, (posts.get(key) ?? 0) + 1);
      const arrived = [...posts.values()].reduce((a, b) => a + b, 0);
      if (arrived === 1) first.resolve();
      if (arrived === 3) three.resolve();
      await gate.promise;
      return accepted();
    };
    // Scheduled a minute apart, all three running at the same moment: the first is still busy with slow
    // hubs when the third starts.
    const wall = now + 2 * MINUTE;
    const runs = [run(bundle, fetch, now, wall)];
    await first.promise;
    runs.push(run(bundle, fetch, now + MINUTE, wall), run(bundle, fetch, now + 2 * MINUTE, wall));
    await Promise.race([three.promise, Promise.all(runs.slice(1))]);
    gate.resolve();
    await Promise.all(runs);
    const expected = [HUB, OTHER_HUB].flatMap((h) => TOPICS.map((topic) => `${h} ${topic}`));
    expect([...posts.keys()].sort()).toEqual(expected.sort());
    expect([...posts].filter(([, count]) => count !== 1)).toEqual([]);
  });

  it("a run that dies half-way has kept what it delivered: later runs send only the rest", async () => {
    // Five pings delivered, one in flight, and some left.
    expect(TOPICS.length).toBeGreaterThan(6);
    const bundle = withHubs(HUB);
    const delivered: string[] = [];
    const stuck = deferred<Response>();
    const dying = deferred<string>();
    let died = false;
    // Five pings go through, then the sixth never comes back: the run hangs there, as one the runtime
    // stopped would, without finishing.
    const fetch = async (request: Request) => {
      const topic = await topicOf(request);
      if (!died && delivered.length === 5) {
        died = true;
        dying.resolve(topic);
        return stuck.promise;
      }
      delivered.push(topic);
      return accepted();
    };
    const dead = run(bundle, fetch, T0);
    const inFlight = await dying.promise;
    const sent = [...delivered];
    // A second run of the same minute, while the sixth ping may still be on its way (within its time-out).
    const again = hub();
    await run(bundle, again.fetch, T0, T0 + 5_000);
    expect(again.pings.map((p) => p.topic).sort()).toEqual(
      TOPICS.filter((t) => !sent.includes(t) && t !== inFlight).sort(),
    );
    // An hour later the sixth ping has long been given up on: it goes out again, and only it.
    const later = hub();
    await run(bundle, later.fetch, T0 + 60 * MINUTE);
    expect(later.pings.map((p) => p.topic)).toEqual([inFlight]);
    // The dead run's late word on the sixth ping changes nothing: another run has delivered it since.
    stuck.resolve(accepted());
    await dead;
    expect(await run(bundle, hub().fetch, T0 + 120 * MINUTE)).toEqual({ sent: [], pending: 0 });
  });

  it("a dead run's late answer never counts for a ping announced since, to the same hub for the same topic", async () => {
    const v2 = withHubs(HUB, { ...current, topics: { "/rss.xml": '"v2"' } });
    /** A hub that holds its one answer until the test gives it. */
    const holding = () => {
      const answer = deferred<Response>();
      const asked = deferred();
      const fetch = () => {
        asked.resolve();
        return answer.promise;
      };
      return { answer, asked, fetch };
    };
    // A run hangs on the first version's ping; an hour later another run has sent that ping again.
    const dead = holding();
    const deadRun = run(ONE_TOPIC, dead.fetch, T0);
    await dead.asked.promise;
    await run(ONE_TOPIC, hub().fetch, T0 + 60 * MINUTE);
    // The topic changes, and a run's ping for the second version is in flight when the dead run's answer
    // for the first finally arrives. Then the second version's ping fails: it must still be owed.
    const slow = holding();
    const slowRun = run(v2, slow.fetch, T0 + 61 * MINUTE);
    await slow.asked.promise;
    dead.answer.resolve(accepted());
    await deadRun;
    slow.answer.resolve(new Response(null, { status: 503 }));
    expect((await slowRun).pending).toBe(1);
    const later = hub();
    await run(v2, later.fetch, T0 + 120 * MINUTE);
    expect(later.pings.map((p) => p.topic)).toEqual([`${SITE}/rss.xml`]);
  });

  it("drops the pings owed to a hub taken out of WEBSUB_HUBS, and pings it no more", async () => {
    // The other hub is down: its pings are owed when it is taken out of the list.
    const fetch = async (request: Request) => {
      if (request.url === OTHER_HUB) throw new Error("connection refused");
      return accepted();
    };
    expect((await run(withHubs(`${HUB} ${OTHER_HUB}`), fetch, T0)).pending).toBe(TOPICS.length);
    const next = hub();
    const result = await run(withHubs(HUB), next.fetch, T0 + 60 * MINUTE);
    expect(next.pings).toEqual([]);
    expect(result.pending).toBe(0);
  });

  it("a topic that changes while its ping is in flight is announced once more, after the change", async () => {
    const changed = withHubs(HUB, { ...current, topics: { "/rss.xml": '"v2"' } });
    const gate = deferred<Response>();
    const inFlight = deferred();
    let announcedV2 = false;
    const posts: { topic: string; afterChange: boolean }[] = [];
    const fetch = async (request: Request) => {
      posts.push({ topic: await topicOf(request), afterChange: announcedV2 });
      if (posts.length > 1) return accepted();
      inFlight.resolve();
      return gate.promise;
    };
    const first = run(ONE_TOPIC, fetch, T0);
    await inFlight.promise;
    announcedV2 = true;
    await run(changed, fetch, T0 + MINUTE);
    gate.resolve(accepted());
    await first;
    await run(changed, fetch, T0 + 2 * MINUTE);
    await run(changed, fetch, T0 + 3 * MINUTE);
    // One ping per version of the topic, the second sent after the second version was announced.
    expect(posts).toEqual([
      { topic: `${SITE}/rss.xml`, afterChange: false },
      { topic: `${SITE}/rss.xml`, afterChange: true },
    ]);
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
