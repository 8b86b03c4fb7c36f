// src/shared/contract.ts readBundle: the Worker reads the bundle the build wrote, and stops at start-up with
// what is wrong when the script carries anything else.
import { describe, expect, it } from "vitest";
import { renderSite } from "../../src/build/render";
import { readSiteConfig } from "../../src/build/site-vars";
import { readBundle } from "../../src/shared/contract";
import { CONTENT_DIR, collectionFrom, ROOT } from "../support/feed-fixtures";

const built = async () => {
  const { current } = await renderSite(
    await collectionFrom(CONTENT_DIR),
    (await readSiteConfig(`${ROOT}wrangler.toml`)).bundle,
    {
      now: Date.parse("2026-06-01T00:00:00Z"),
    },
  );
  return JSON.parse(JSON.stringify(current)) as Record<string, unknown>;
};

describe("readBundle", () => {
  it("takes the bundle the build writes, as it is", async () => {
    const bundle = await built();
    expect(readBundle(bundle)).toBe(bundle);
  });

  it.each<[string, (b: Record<string, unknown>) => unknown, string]>([
    ["not an object", () => [], "the bundle as a JSON object"],
    ["no vars", (b) => ({ ...b, vars: undefined }), '"vars", an object'],
    ["newest not a list", (b) => ({ ...b, newest: {} }), '"newest", an array of articles'],
    ["no media", (b) => ({ ...b, media: null }), '"media", an object'],
    [
      "an entry without its ETag",
      (b) => ({ ...b, entries: { "/": { contentType: "text/html", lastModified: "", cacheControl: "", body: "" } } }),
      'entry / to have a string "etag"',
    ],
    ["no topics", (b) => ({ ...b, topics: [] }), '"topics", an object'],
    ["epochs not a list", (b) => ({ ...b, epochs: {} }), '"epochs", an array'],
    [
      "an epoch without a date",
      (b) => ({ ...b, epochs: [{ at: "soon", changed: [], newest: [], topics: {}, media: {} }] }),
      'epoch 0 to have a date "at"',
    ],
    [
      "an epoch without its changed keys",
      (b) => ({ ...b, epochs: [{ at: "2026-06-02T00:00:00Z", newest: [], topics: {}, media: {} }] }),
      'epoch 0 to have "changed" and "newest" arrays',
    ],
  ])("refuses a bundle with %s, naming what it expected and how to fix it", async (_, spoil, expected) => {
    const bad = spoil(await built());
    expect(() => readBundle(bad)).toThrow(
      `src/generated/current.txt: expected ${expected}; run \`npm run build:content\` again`,
    );
  });
});
