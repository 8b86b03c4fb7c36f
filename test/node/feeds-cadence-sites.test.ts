// A site that posts daily and one that posts weekly (test/fixtures/cadence/): each feed asks its readers
// back at its own interval, in Cache-Control and in RSS <ttl> and sy:*, and says the same across
// requests, isolates (two Workers over one build) and deploys (two builds of the same content).
import { describe, expect, it } from "vitest";
import { renderSite } from "../../src/build/render";
import { checkSiteConfig } from "../../src/shared/config";
import type { Collection } from "../../src/shared/content/schema";
import { createApp } from "../../src/worker/app";
import { collectionFrom, ROOT, SITE_URL, siteVars } from "../support/feed-fixtures";

const { SITE_URL: _open, ...vars } = siteVars();

const READERS_AND_BROWSERS: Record<string, string>[] = [{}, { Accept: "text/html" }];

/** The feeds of a site: its own and its one tag's, in every format, for a reader and for a browser. */
const feeds = (tag: string): { path: string; headers: Record<string, string> }[] =>
  ["", `/tags/${tag}`].flatMap((prefix) =>
    ["rss.xml", "atom.xml", "feed.json"].flatMap((file) =>
      READERS_AND_BROWSERS.map((headers) => ({ path: `${prefix}/${file}`, headers })),
    ),
  );

async function build(folder: string) {
  const collection: Collection = await collectionFrom(`${ROOT}test/fixtures/cadence/${folder}`);
  return renderSite(collection, vars);
}

/** A Worker over one build: the script's documents, the rest from the build's store in memory. */
function worker(site: Awaited<ReturnType<typeof build>>) {
  const app = createApp({ current: site.current, store: () => ({ get: async (key) => site.stored.get(key) }) });
  return async (path: string, headers: Record<string, string> = {}) => {
    const res = await app.request(SITE_URL + path, { headers }, { ...vars, SITE_URL });
    return { status: res.status, headers: Object.fromEntries(res.headers), body: await res.text() };
  };
}

describe.each([
  // One a day: half a day between polls, "twice daily".
  { folder: "daily", tag: "city", maxAge: 43_200, ttl: 720, period: "daily", frequency: 2 },
  // One a week: half a week would leave news unseen for days; the one-day ceiling holds it.
  { folder: "weekly", tag: "column", maxAge: 86_400, ttl: 1_440, period: "daily", frequency: 1 },
])("a site that posts $folder", ({ folder, tag, maxAge, ttl, period, frequency }) => {
  it(`asks readers back every ${maxAge} s: max-age on every feed, <ttl> and sy:* in RSS`, async () => {
    const get = worker(await build(folder));
    for (const { path, headers } of feeds(tag)) {
      const res = await get(path, headers);
      expect(res.status, path).toBe(200);
      expect(res.headers["cache-control"], path).toBe(`max-age=${maxAge}`);
      if (!path.endsWith("rss.xml")) continue;
      expect(res.body).toContain(`<ttl>${ttl}</ttl>`);
      expect(res.body).toContain(`<sy:updatePeriod>${period}</sy:updatePeriod>`);
      expect(res.body).toContain(`<sy:updateFrequency>${frequency}</sy:updateFrequency>`);
    }
    // A `?limit` view, rendered by the Worker itself, says what its feed says.
    expect((await get("/rss.xml?limit=2")).headers["cache-control"]).toBe(`max-age=${maxAge}`);
    expect((await get(`/tags/${tag}/feed.json?limit=2`)).headers["cache-control"]).toBe(`max-age=${maxAge}`);
  });

  it("says the same across requests, isolates and deploys", async () => {
    const [first, second] = [await build(folder), await build(folder)];
    expect(second.current).toEqual(first.current);
    expect([...second.stored]).toEqual([...first.stored]);
    const isolates = [worker(first), worker(first), worker(second)];
    for (const { path, headers } of [...feeds(tag), { path: "/rss.xml?limit=2", headers: {} }]) {
      const answers = [];
      for (const get of isolates) answers.push(await get(path, headers), await get(path, headers));
      for (const answer of answers.slice(1)) expect(answer, path).toEqual(answers[0]);
    }
  });
});

it("a poll bound that <ttl> and sy:* cannot state stops the build, naming the variable", () => {
  expect(() => checkSiteConfig({ ...vars, FEED_MAX_POLL: "172800" })).toThrow(
    /^wrangler\.toml \[vars\] FEED_MAX_POLL: expected seconds .* found "172800"$/,
  );
});
