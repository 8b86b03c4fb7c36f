// src/build/store-folder.ts: where the build writes the store. With STORE = "assets" the entries and the
// media share the Static Assets folder; with STORE = "kv" the entries go beside it, so the deploy never
// lists or uploads them, and nothing of an earlier build's entries stays behind in the assets.
import { mkdir, mkdtemp, readdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { storeFolders, storeWriter } from "../../src/build/store-folder";

const entry = {
  etag: '"e"',
  contentType: "text/plain",
  lastModified: new Date(0).toUTCString(),
  cacheControl: "no-store",
  body: "x",
};

async function build(out: string, mode: string) {
  const store = await storeWriter(storeFolders(out, mode));
  await store.put("/tags/x", entry);
  await store.file("media/a.0123456789ab.png", { text: "png" });
  await store.file("_headers", { text: "/media/*\n" });
  await store.commit();
}

const tree = async (dir: string) => (await readdir(dir, { recursive: true })).sort();

describe("the store's folders", () => {
  it("with STORE = assets: the entries, the media and _headers in the assets folder", async () => {
    const out = await mkdtemp(join(tmpdir(), "edgefeed-folders-"));
    await build(out, "assets");
    expect(await tree(out)).toEqual([
      "store",
      "store/_headers",
      "store/_store",
      "store/_store/!tags!x",
      "store/media",
      "store/media/a.0123456789ab.png",
    ]);
  });

  it("with STORE = kv: the entries beside the assets, and an earlier build's entries gone from them", async () => {
    const out = await mkdtemp(join(tmpdir(), "edgefeed-folders-"));
    await mkdir(join(out, "store", "_store"), { recursive: true });
    await writeFile(join(out, "store", "_store", "!old"), "stale");
    await build(out, "kv");
    expect(await tree(out)).toEqual([
      "kv-store",
      "kv-store/_store",
      "kv-store/_store/!tags!x",
      "store",
      "store/_headers",
      "store/media",
      "store/media/a.0123456789ab.png",
    ]);
  });
});
