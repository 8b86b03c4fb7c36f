// Following the site from the fediverse, end to end: the site Worker and the fediverse Worker
// (src/federation/) built as they deploy (`wrangler deploy --dry-run`), run together in Miniflare (workerd)
// with its D1 database and delivery Queue, and a stand-in remote account on 127.0.0.1 with its own keys
// (test/support/fediverse-stand-in.ts), which signs what it sends as Mastodon does and checks what it
// gets with Misskey's HTTP Signatures library. Plain http and a private address are let in as under
// `npm start` (FEDERATION_DEV), never in production.
import { execFile } from "node:child_process";
import { cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { type Create, lookupObject, Organization, traverseCollection } from "@fedify/vocab";
import { getDocumentLoader } from "@fedify/vocab-runtime";
import { convertV4MiniflareOptions, Miniflare } from "miniflare";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newActorKey } from "../../src/federation/keys";
import { assetsOptions } from "../support/assets-options";
import { type StandIn, startStandIn } from "../support/fediverse-stand-in";
import { readMiniflareModules } from "../support/miniflare-modules";

const ROOT = resolve(import.meta.dirname, "../..");
const run = promisify(execFile);
const WRANGLER = join(ROOT, "node_modules/wrangler/bin/wrangler.js");
const OFFLINE = { CLOUDFLARE_CF_FETCH_ENABLED: "false", WRANGLER_SEND_METRICS: "false" };

/** A free port on 127.0.0.1: the site's address (SITE_URL) is known before it starts. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const { port } = server.address() as { port: number };
  await new Promise((done) => server.close(done));
  return port;
}

const article = (slug: string, title: string, date: string, body = `${title}, as the wire filed it.`) => ({
  name: `${slug}.md`,
  text: `---\ntitle: "${title}"\ndate: ${date}\ntags: [news]\n---\n${body}\n`,
});

let project: string;
let content: string;
let siteOut: string;
let fedOut: string;
let mf: Miniflare;
let origin: string;
let remote: StandIn;
let actorKey: string;
/** The scheduled article's time, set when the test deploys it, so that the test sees it before and after. */
let release: number;

/** Builds the site Worker from `content` as `wrangler deploy --dry-run` does. */
async function buildSite() {
  await rm(siteOut, { recursive: true, force: true });
  await run(process.execPath, [WRANGLER, "deploy", "--dry-run", "--outdir", siteOut], {
    cwd: project,
    env: { ...process.env, ...OFFLINE, EDGEFEED_YEAR: "2026", EDGEFEED_CONTENT_DIR: content },
  });
}

async function workers() {
  return convertV4MiniflareOptions({
    host: "127.0.0.1",
    port: Number(new URL(origin).port),
    d1Persist: join(project, ".state/d1"),
    workers: [
      {
        name: "edgefeed",
        modulesRoot: siteOut,
        modules: await readMiniflareModules(siteOut),
        compatibilityDate: "2026-11-03",
        bindings: { ...siteVars, SITE_URL: origin },
        assets: assetsOptions(join(project, "src/generated/store")),
        serviceBindings: { FEDERATION: "edgefeed-federation" },
      },
      {
        name: "edgefeed-federation",
        modulesRoot: fedOut,
        modules: await readMiniflareModules(fedOut),
        compatibilityDate: "2026-11-03",
        compatibilityFlags: ["nodejs_compat"],
        bindings: { ACTOR_KEY: actorKey, FEDERATION_DEV: "1", DELIVERY_RETRY_SECONDS: "1" },
        d1Databases: ["FEDERATION_DB"],
        queueProducers: { DELIVERIES: { queueName: "edgefeed-deliveries" } },
        queueConsumers: {
          "edgefeed-deliveries": {
            maxBatchSize: 10,
            maxBatchTimeout: 1,
            maxRetries: 10,
            deadLetterQueue: "edgefeed-deliveries-dead",
          },
        },
      },
    ],
  });
}

let siteVars: Record<string, string> = {};

/** The Cron Trigger's run, as the runtime starts it. */
async function cron() {
  const worker = await mf.getWorker("edgefeed");
  await worker.scheduled({ scheduledTime: new Date(), cron: "* * * * *" });
}

const ofType = (type: string) => (r: StandIn["received"][number]) => (r.activity as { type?: string }).type === type;

beforeAll(async () => {
  project = await mkdtemp(join(tmpdir(), "edgefeed-federation-"));
  for (const entry of ["src", "wrangler.toml", "package.json", "tsconfig.json"]) {
    await cp(join(ROOT, entry), join(project, entry), {
      recursive: true,
      filter: (from) => from !== join(ROOT, "src/generated") && !from.endsWith(".dev.vars"),
    });
  }
  await symlink(join(ROOT, "node_modules"), join(project, "node_modules"));
  content = join(project, "content");
  siteOut = join(project, ".site");
  fedOut = join(project, ".federation");
  await mkdir(content);
  for (const a of [
    article("harbour-opens", "Harbour opens", "2026-06-01T08:00:00Z"),
    article("ferry-resumes", "Ferry resumes", "2026-06-02T08:00:00Z"),
  ]) {
    await writeFile(join(content, a.name), a.text);
  }
  const toml = await readFile(join(ROOT, "wrangler.toml"), "utf8");
  siteVars = Object.fromEntries([...toml.matchAll(/^([A-Z_]+) = "(.*)"$/gm)].map((m) => [m[1]!, m[2]!]));
  await buildSite();
  await run(
    process.execPath,
    [WRANGLER, "deploy", "--dry-run", "-c", "src/federation/wrangler.toml", "--outdir", fedOut],
    { cwd: project, env: { ...process.env, ...OFFLINE } },
  );
  actorKey = await newActorKey();
  origin = `http://127.0.0.1:${await freePort()}`;
  remote = await startStandIn();
  mf = new Miniflare(await workers());
  await mf.ready;
}, 240_000);

afterAll(async () => {
  await mf?.dispose();
  await remote?.close();
  if (project) await rm(project, { recursive: true, force: true });
});

const actor = () => `${origin}/@news`;
const followerCount = async () => {
  const res = await fetch(`${origin}/@news/followers`, { headers: { Accept: "application/activity+json" } });
  return ((await res.json()) as { totalItems?: number }).totalItems;
};

describe("the site as an actor", () => {
  it("is found by WebFinger and read as an Organization with its key, inbox, outbox and followers", async () => {
    const host = new URL(origin).host;
    const finger = await fetch(`${origin}/.well-known/webfinger?resource=acct:news@${host}`);
    expect(finger.status).toBe(200);
    expect(finger.headers.get("Content-Type")).toMatch(/^application\/jrd\+json/);
    const self = ((await finger.json()) as { links: { rel: string; href: string }[] }).links.find(
      (l) => l.rel === "self",
    );
    expect(self?.href).toBe(actor());
    const res = await fetch(actor(), { headers: { Accept: "application/activity+json" } });
    expect(res.status).toBe(200);
    const doc = (await res.json()) as Record<string, unknown>;
    expect(doc).toMatchObject({
      id: actor(),
      type: "Organization",
      preferredUsername: "news",
      inbox: `${actor()}/inbox`,
      outbox: `${origin}/outbox`,
      followers: `${actor()}/followers`,
      endpoints: { sharedInbox: `${origin}/inbox` },
    });
    expect((doc.publicKey as { publicKeyPem: string }).publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    // A browser is sent to the site's page.
    const page = await fetch(actor(), { redirect: "manual" });
    expect(page.status).toBe(303);
    expect(page.headers.get("Location")).toBe(`${origin}/`);
  });

  it("is read by an ActivityPub client, with its outbox (fedify's lookupObject and traverseCollection)", async () => {
    // The client half of fedify, as another server runs it, by content negotiation on the actor's URL (its
    // WebFinger lookup of a handle asks https only, which the local address does not serve).
    const documentLoader = getDocumentLoader({ allowPrivateAddress: true });
    const found = await lookupObject(actor(), { documentLoader, contextLoader: documentLoader });
    expect(found).toBeInstanceOf(Organization);
    const site = found as Organization;
    expect(site.id?.href).toBe(actor());
    expect(site.preferredUsername?.toString()).toBe("news");
    const outbox = await site.getOutbox({ documentLoader, contextLoader: documentLoader });
    expect(outbox?.totalItems).toBe(2);
    const items = [];
    for await (const item of traverseCollection(outbox!, { documentLoader, contextLoader: documentLoader })) {
      items.push(item);
    }
    // The scheduled article is not out yet: two Creates, newest first.
    expect(items.map((item) => (item as Create).objectId?.href)).toEqual([
      `${origin}/articles/ferry-resumes`,
      `${origin}/articles/harbour-opens`,
    ]);
  });

  it("answers NodeInfo", async () => {
    const res = await fetch(`${origin}/nodeinfo/2.1`);
    expect(((await res.json()) as { protocols: string[] }).protocols).toEqual(["activitypub"]);
  });
});

describe("following, releases and unfollowing", () => {
  let follow: object;

  it("refuses an unsigned, a wrongly signed and an altered Follow with 401, and follows nobody", async () => {
    for (const tamper of [{ unsigned: true }, { wrongKey: true }, { alterBody: true }]) {
      const res = await remote.signedPost(`${actor()}/inbox`, remote.follow(actor()), tamper);
      expect(res.status, JSON.stringify(tamper)).toBe(401);
    }
    expect(await followerCount()).toBe(0);
    expect(remote.received.filter(ofType("Accept"))).toEqual([]);
  });

  it("refuses an activity larger than an inbox takes, before reading it", async () => {
    const res = await fetch(`${actor()}/inbox`, {
      method: "POST",
      headers: { "Content-Type": "application/activity+json" },
      body: "x".repeat(300_000),
    });
    expect(res.status).toBe(413);
  });

  it("a signed Follow is accepted: the follower's inbox gets a signed Accept of it", async () => {
    follow = remote.follow(actor());
    const res = await remote.signedPost(`${actor()}/inbox`, follow);
    expect(res.status).toBeLessThan(300);
    expect(await remote.until((r) => r.some(ofType("Accept")), 15_000)).toBe(true);
    const accept = remote.received.find(ofType("Accept"))!;
    expect(accept.verified).toBe(true);
    expect(accept.keyId).toBe(`${actor()}#main-key`);
    expect((accept.activity as { object: { id: string } }).object.id).toBe((follow as { id: string }).id);
    expect(await followerCount()).toBe(1);
  });

  it("the first release run delivers nothing that was out before; the scheduled article goes out at its time only", async () => {
    await cron();
    // Nothing new: the two articles were out before anyone followed.
    await new Promise((done) => setTimeout(done, 3000));
    expect(remote.received.filter(ofType("Create"))).toEqual([]);
    // A deploy with an article scheduled a little later (timed from now, whatever the machine's speed
    // so far): a run before its time sends nothing, and its outbox does not show it.
    release = Date.now() + 25_000;
    const scheduled = article("embargoed-merger", "Acme and Apex merge", new Date(release).toISOString());
    await writeFile(join(content, scheduled.name), scheduled.text);
    await buildSite();
    await mf.setOptions(await workers());
    expect(Date.now(), "the deploy took longer than the time to the release").toBeLessThan(release - 3000);
    await cron();
    await new Promise((done) => setTimeout(done, 2000));
    expect(remote.received.filter(ofType("Create"))).toEqual([]);
    const asJson = { headers: { Accept: "application/activity+json" } };
    const outbox = (await (await fetch(`${origin}/outbox`, asJson)).json()) as { totalItems: number; first: string };
    expect(outbox.totalItems).toBe(2);
    expect(await (await fetch(outbox.first, asJson)).text()).not.toContain("embargoed-merger");
    // Its time comes: the next run sends its Create, signed, once.
    await new Promise((done) => setTimeout(done, Math.max(0, release - Date.now() + 1000)));
    await cron();
    expect(await remote.until((r) => r.some(ofType("Create")), 15_000)).toBe(true);
    await cron();
    await new Promise((done) => setTimeout(done, 2000));
    const creates = remote.received.filter(ofType("Create"));
    expect(creates).toHaveLength(1);
    expect(creates[0]!.verified).toBe(true);
    expect((creates[0]!.activity as { object: { id: string } }).object.id).toBe(`${origin}/articles/embargoed-merger`);
  }, 90_000);

  it("an edit goes out as an Update, a removal as a Delete, each once, to a server that was down a while", async () => {
    await writeFile(
      join(content, "ferry-resumes.md"),
      article("ferry-resumes", "Ferry resumes, with a correction", "2026-06-02T08:00:00Z").text,
    );
    await rm(join(content, "harbour-opens.md"));
    await buildSite();
    await mf.setOptions(await workers());
    // The follower's server is down for the next three attempts.
    remote.failNext(3, 500);
    await cron();
    expect(await remote.until((r) => r.some((x) => ofType("Update")(x) && x.status < 300), 30_000)).toBe(true);
    expect(await remote.until((r) => r.some((x) => ofType("Delete")(x) && x.status < 300), 30_000)).toBe(true);
    await cron();
    await new Promise((done) => setTimeout(done, 2000));
    const delivered = (type: string) => remote.received.filter((x) => ofType(type)(x) && x.status < 300);
    expect(delivered("Update")).toHaveLength(1);
    expect(delivered("Delete")).toHaveLength(1);
    expect(remote.received.filter((x) => x.status === 500).length).toBe(3);
    const updated = delivered("Update")[0]!.activity as { object: { id: string; content: string } };
    expect(updated.object.id).toBe(`${origin}/articles/ferry-resumes`);
    expect(updated.object.content).toContain("Ferry resumes, with a correction");
    expect((delivered("Delete")[0]!.activity as { object: { id: string } }).object.id).toBe(
      `${origin}/articles/harbour-opens`,
    );
    for (const r of [...delivered("Update"), ...delivered("Delete")]) expect(r.verified).toBe(true);
  }, 90_000);

  it("after Undo(Follow), nothing more is delivered", async () => {
    const res = await remote.signedPost(`${actor()}/inbox`, remote.undo(follow));
    expect(res.status).toBeLessThan(300);
    // The inbox takes an activity at once and handles it from the queue.
    const deadline = Date.now() + 15_000;
    while ((await followerCount()) !== 0 && Date.now() < deadline) await new Promise((done) => setTimeout(done, 200));
    expect(await followerCount()).toBe(0);
    const before = remote.received.length;
    await writeFile(join(content, "late-news.md"), article("late-news", "Late news", "2026-06-03T08:00:00Z").text);
    await buildSite();
    await mf.setOptions(await workers());
    await cron();
    await new Promise((done) => setTimeout(done, 3000));
    expect(remote.received.slice(before)).toEqual([]);
  }, 90_000);
});
