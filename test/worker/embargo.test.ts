// An embargo holds against anyone: before a scheduled article's time no URL reaches a document of a
// later epoch or an internal entry, and no response (status, header or byte) differs from the same site
// built without the article. The build's output (test/worker/setup/scheduled-site.ts) is served by the
// Worker's code inside workerd, with a clock of the test's choosing.
import { describe, expect, inject, it } from "vitest";
import { entryFile } from "../../src/shared/contract";
import { createApp } from "../../src/worker/app";
import { NAVIGATION } from "../../src/worker/http/negotiation";
import type { BuiltSite } from "./setup/scheduled-site";

const { with: scheduled, without, built, release } = inject("scheduledSite");
const ORIGIN = "https://news.example";
const SLUG = "acme-merger-embargoed";
const PARTNER = "acme-merger-partner.example";

const env = { SITE_URL: "" } as Env;

/** The Worker's app over a built site, its store the build's own map, at a moment of the test's choosing. */
function serve(site: BuiltSite, now: number) {
  const stored = new Map(site.stored);
  const app = createApp({
    current: site.current,
    store: () => ({ get: async (key) => stored.get(key) }),
    clock: () => now,
  });
  return { request: (url: string, init?: RequestInit) => app.request(url, init, env) };
}

const keysOf = (site: BuiltSite) => [...Object.keys(site.current.entries), ...site.stored.map(([key]) => key)];
/** A key a request may name: a path's own document, or a feed's view (a browser's navigation). */
const isPublic = (key: string) => !key.includes("@") && !/ (?!view$)/.test(key);

interface Target {
  path: string;
  init?: RequestInit;
}

/** The request each public key answers. */
function requestOf(key: string): Target {
  const [path = "", variant] = key.split(" ");
  return { path: encodeURI(path), ...(variant === "view" ? { init: { headers: NAVIGATION } } : {}) };
}

/** Every spelling of a key as a URL that a client could try: as it is, encoded, and as its store file. */
function spellings(key: string): string[] {
  const file = entryFile(key);
  return [
    encodeURI(key),
    encodeURI(key).replaceAll("@", "%40"),
    encodeURI(key.replace(" ", "~")),
    encodeURI(file),
    encodeURI(file).replaceAll("!", "%21").replaceAll("~", "%7E"),
    `/_store${encodeURI(file)}`,
  ];
}

describe("before its time", () => {
  const at = release - 1000;

  it("the site has a scheduled article, in an epoch of its own", () => {
    expect(scheduled.current.epochs.map((e) => Date.parse(e.at))).toEqual([release]);
    expect(built).toBeLessThan(release);
    expect(keysOf(scheduled).some((key) => key.includes("@"))).toBe(true);
  });

  it("no URL reaches an internal entry or a later epoch's document, however it is spelled", async () => {
    const internal = keysOf(scheduled).filter((key) => !isPublic(key));
    expect(internal.length).toBeGreaterThan(10);
    for (const now of [at, release]) {
      const app = serve(scheduled, now);
      for (const key of internal) {
        for (const path of spellings(key)) {
          for (const headers of [{}, NAVIGATION]) {
            const res = await app.request(ORIGIN + path, { headers });
            const body = await res.text();
            expect(res.status, `${path} at ${now - release} ms`).toBe(404);
            expect(body, path).not.toContain(SLUG);
          }
        }
      }
    }
  });

  it("every response is what the site without the scheduled article gives: status, headers and bytes", async () => {
    const a = serve(scheduled, at);
    const b = serve(without, at);
    const targets: Target[] = [
      ...new Set(
        [...keysOf(scheduled), ...keysOf(without)].filter(isPublic).map((key) => JSON.stringify(requestOf(key))),
      ),
    ].map((t) => JSON.parse(t) as Target);
    targets.push(
      { path: `/articles/${SLUG}` },
      { path: "/tags/mergers" },
      { path: "/tags/mergers/rss.xml" },
      { path: "/rss.xml?limit=1" },
      { path: "/tags/mexico/atom.xml?limit=2" },
      // The ActivityPub outbox counts articles and its newest page lists them: neither may tell.
      { path: "/outbox" },
      { path: "/outbox/page/1" },
      { path: "/outbox/page/2" },
      { path: "/outbox", init: { headers: { Accept: "application/activity+json" } } },
      { path: "/feed", init: { headers: { Accept: "application/feed+json" } } },
      { path: "/nope", init: { headers: { Accept: "text/html" } } },
    );
    expect(targets.length).toBeGreaterThan(100);
    let found = 0;
    for (const { path, init } of targets) {
      for (const method of ["GET", "HEAD"]) {
        const [x, y] = await Promise.all([
          a.request(ORIGIN + path, { ...init, method }),
          b.request(ORIGIN + path, { ...init, method }),
        ]);
        expect(x.status, path).toBe(y.status);
        if (x.status === 200) found += 1;
        expect([...x.headers], path).toEqual([...y.headers]);
        expect(new Uint8Array(await x.arrayBuffer()), path).toEqual(new Uint8Array(await y.arrayBuffer()));
      }
    }
    // The documents are there to compare: a site that answered nothing would compare equal too.
    expect(found).toBeGreaterThan(200);
  });

  it("no page's Content-Security-Policy names the scheduled article's image origin", async () => {
    const res = await serve(scheduled, at).request(`${ORIGIN}/`);
    expect(res.headers.get("Content-Security-Policy")).not.toContain(PARTNER);
  });
});

describe("from its time", () => {
  it("its page, with its image's origin allowed, and the feeds that list it", async () => {
    const app = serve(scheduled, release);
    const page = await app.request(`${ORIGIN}/articles/${SLUG}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(`${PARTNER}/photos/deal.jpg`);
    expect(page.headers.get("Content-Security-Policy")).toContain(`img-src 'self' https://${PARTNER}`);
    expect(await (await app.request(`${ORIGIN}/rss.xml`)).text()).toContain(`/articles/${SLUG}`);
    expect((await app.request(`${ORIGIN}/tags/mergers/rss.xml`)).status).toBe(200);
  });

  it("in the outbox, sent as ActivityPub JSON that any origin may read", async () => {
    const app = serve(scheduled, release);
    const outbox = (await (await app.request(`${ORIGIN}/outbox`)).json()) as { first: string; totalItems: number };
    const page = await app.request(outbox.first);
    expect(page.status).toBe(200);
    expect(page.headers.get("Content-Type")).toBe("application/activity+json");
    expect(page.headers.get("Access-Control-Allow-Origin")).toBe("*");
    expect(page.headers.get("X-Content-Type-Options")).toBe("nosniff");
    const { orderedItems } = (await page.json()) as { orderedItems: { object: { id: string } }[] };
    expect(orderedItems[0]!.object.id).toBe(`${ORIGIN}/articles/${SLUG}`);
    const before = (await (await serve(scheduled, release - 1000).request(`${ORIGIN}/outbox`)).json()) as {
      totalItems: number;
    };
    expect(outbox.totalItems).toBe(before.totalItems + 1);
  });
});
