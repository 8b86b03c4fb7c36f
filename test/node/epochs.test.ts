// src/build/render.ts: a later epoch renders only the documents made from what it releases. Whatever it
// skips must be what a build from scratch at that moment would have made: at each epoch's time the
// Worker serves (src/worker/schedule.ts) exactly the documents of a site built then, and none other.
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { renderSite } from "../../src/build/render";
import { readSiteConfig } from "../../src/build/site-vars";
import type { Collection } from "../../src/shared/content/schema";
import type { Asset, StoredEntry } from "../../src/shared/contract";
import { Schedule } from "../../src/worker/schedule";
import { collectionFrom, ROOT } from "../support/feed-fixtures";
import { generateArticles, syntheticDate } from "../support/generate-articles";

const STYLE: Asset = { path: "/assets/style.0123456789ab.css", body: "body { margin: 0 }\n" };
/** The build's moment: generated articles 1 to 7 (the newest, over five dates) are still to come. */
const NOW = syntheticDate(8).getTime() + 3_600_000;

let collection: Collection;
let vars: Awaited<ReturnType<typeof readSiteConfig>>["bundle"];

beforeAll(async () => {
  const dir = await mkdtemp(join(tmpdir(), "edgefeed-epochs-"));
  await generateArticles(dir, 45);
  // Comes out last, with a tag no article had: new tag pages and feeds appear only then.
  await writeFile(
    join(dir, "late.md"),
    "---\ntitle: Late\ndate: 2024-07-25T09:30:00Z\ntags: [fresh, us]\n---\nIt comes out last.\n",
  );
  collection = await collectionFrom(dir);
  vars = { ...(await readSiteConfig(join(ROOT, "wrangler.toml"))).bundle, PAGE_SIZE: "10" };
});

/** The site as the Worker serves it at epoch `i`: each key's entry as of that epoch, where there is one. */
function servedAt(site: Awaited<ReturnType<typeof renderSite>>, i: number, keys: Iterable<string>) {
  const schedule = new Schedule(site.current);
  const served = new Map<string, StoredEntry>();
  for (const key of keys) {
    const at = schedule.key(key, i);
    const entry = site.current.entries[at] ?? site.stored.get(at);
    if (entry) served.set(key, entry);
  }
  return served;
}

describe("epochs rendered by what they release", () => {
  it("serve at each release exactly what a build from scratch at that moment serves", async () => {
    const scheduled = await renderSite(collection, vars, { now: NOW, stylesheet: STYLE });
    const times = scheduled.current.epochs.map((e) => Date.parse(e.at));
    expect(times.length).toBeGreaterThanOrEqual(5);
    // Every key the scheduled site has, in any epoch.
    const everyKey = new Set(
      [...Object.keys(scheduled.current.entries), ...scheduled.stored.keys()].map((k) => k.replace(/@\d+$/, "")),
    );
    for (const [i, time] of [NOW, ...times].entries()) {
      const then = { ...collection, articles: collection.articles.filter((a) => Date.parse(a.published) <= time) };
      const fresh = await renderSite(then, vars, { now: time, stylesheet: STYLE });
      const expected = new Map([...Object.entries(fresh.current.entries), ...fresh.stored]);
      expect(fresh.current.epochs).toEqual([]);
      const served = servedAt(scheduled, i, everyKey);
      expect([...served.keys()].sort(), `epoch ${i}`).toEqual([...expected.keys()].sort());
      for (const [key, entry] of expected) expect(served.get(key), `epoch ${i}: ${key}`).toEqual(entry);
    }
  });
});
