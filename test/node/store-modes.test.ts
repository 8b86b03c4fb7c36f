// The same answers in every store mode: over 1,000 generated articles and the bundled one, every document
// an incremental build wrote (after an addition, a correction and a deletion), served by the shipped
// bundle from Static Assets and from KV (miniflare's own emulation of each), has byte-identical bodies
// and the same ETag, and its body is what the Worker's app gives for that address from a build from
// scratch of the same articles in process (test/support/site-app.ts).

import { cp, mkdtemp, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { get as httpGet } from "node:http";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { buildStylesheet } from "../../src/build/assets";
import type { CurrentBundle } from "../../src/shared/contract";
import { keyOfFile } from "../../src/shared/contract";
import { NAVIGATION } from "../../src/worker/http/negotiation";
import { type RunningWorker, startWorker } from "../browser/worker";
import { CONTENT_DIR, SITE_URL, siteVars } from "../support/feed-fixtures";
import { generateArticles } from "../support/generate-articles";
import { siteApp } from "../support/site-app";

const GENERATED = 1000;
let dir: string;
let workers: Record<"assets" | "kv", RunningWorker>;
let keys: string[];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "edgefeed-modes-"));
  await generateArticles(dir, GENERATED);
  await cp(join(CONTENT_DIR, "us-mexico-partnership-fentanyl-migration.txt"), join(dir, "seed.txt"));
  const vars = { SITE_URL };
  // The build served is an incremental one: made after an addition in the middle of the archive, a
  // correction and a deletion, with what the build before them left in the build cache.
  const aside = join(dir, "..", `${basename(dir)}-aside.txt`);
  await rename(join(dir, "dispatch-00003.txt"), aside);
  const changeAfterFirstBuild = async () => {
    await rename(aside, join(dir, "dispatch-00003.txt"));
    const corrected = join(dir, "dispatch-00501.txt");
    await writeFile(
      corrected,
      (await readFile(corrected, "utf8")).replace("Dispatch 501:", "Dispatch 501 (corrected):"),
    );
    await rm(join(dir, "dispatch-00700.md"));
  };
  const assets = await startWorker({ content: dir, vars, changeAfterFirstBuild });
  workers = { assets, kv: await startWorker({ content: dir, vars, store: "kv", from: assets }) };
  const current: CurrentBundle = JSON.parse(await readFile(join(assets.storeDir, "../../current.txt"), "utf8"));
  keys = [...Object.keys(current.entries), ...(await readdir(assets.storeDir)).map((f) => keyOfFile(`/${f}`))];
}, 300_000);

afterAll(async () => {
  // The KV Worker serves the bundle the other built: it goes first.
  await workers?.kv.dispose();
  await workers?.assets.dispose();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** The request a key answers: its path, and a browser's navigation for a feed's view. */
function request(key: string): [string, { headers: Record<string, string> }] {
  const [path = "", variant] = key.split(" ");
  return [path, { headers: variant === "view" ? { ...NAVIGATION } : {} }];
}

/**
 * A GET through node:http, not fetch(): Node's fetch (undici) sends Sec-Fetch-Mode: cors on every
 * request, over whatever the caller set, so it can never make a navigation.
 */
function get(url: string, headers: Record<string, string>): Promise<{ status: number; etag?: string; body: Buffer }> {
  return new Promise((resolve, reject) => {
    httpGet(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () =>
        resolve({ status: res.statusCode ?? 0, etag: res.headers.etag, body: Buffer.concat(chunks) }),
      );
      res.on("error", reject);
    }).on("error", reject);
  });
}

it("serves every document with the same bytes and ETag from Static Assets and KV, and as the Worker's app serves the same build in process", async () => {
  const documents = keys.filter((key) => !key.endsWith(" items"));
  expect(documents.length).toBeGreaterThan(GENERATED);
  const inProcess = siteApp(workers.assets.collection, await buildStylesheet());
  const env = siteVars();
  let compared = 0;
  const compare = async (key: string) => {
    const [path, init] = request(key);
    const [a, k] = await Promise.all([
      get(workers.assets.origin + encodeURI(path), init.headers),
      get(workers.kv.origin + encodeURI(path), init.headers),
    ]);
    expect([a.status, k.status], key).toEqual([200, 200]);
    expect(k.body.equals(a.body), key).toBe(true);
    expect(k.etag, key).toBe(a.etag);
    const rendered = await inProcess.request(SITE_URL + encodeURI(path), init, env);
    expect(a.body.toString("utf8"), key).toBe(await rendered.text());
    compared += 1;
  };
  for (let i = 0; i < documents.length; i += 16) await Promise.all(documents.slice(i, i + 16).map(compare));
  expect(compared).toBe(documents.length);
}, 600_000);

it("answers a document that is in neither place with 404 in both modes", async () => {
  for (const worker of Object.values(workers)) {
    for (const path of ["/articles/no-such-story", "/archive/9999/atom.xml", "/tags/no-such-tag/rss.xml"]) {
      expect((await fetch(worker.origin + path)).status, path).toBe(404);
    }
  }
});
