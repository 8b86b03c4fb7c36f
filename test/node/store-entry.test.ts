// The keys of stored entries: a request can name only a public document (src/shared/contract.ts requestKey,
// src/shared/addresses.ts isPublicPath), never an internal variant or an epoch's key, however it spells one.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isPublicPath, paths } from "../../src/shared/addresses";
import { entryFile, entryKey, keyOfFile, requestKey, type Variant } from "../../src/shared/contract";

const INTERNAL: Variant[] = ["items", "facts"];

describe("isPublicPath", () => {
  it.each([
    "/",
    "/rss.xml",
    "/articles/us-mexico-partnership-fentanyl-migration",
    "/tags/café/rss.xml",
    "/tags/東京/archive/3/feed.json",
    "/tags/a_b.c-d/page/2",
    "/media/harbour-crane.0123456789ab.jpg",
    "/assets/style.0123456789ab.css",
    paths.icon,
    paths.sitemapFile("articles", 12),
  ])("%s is one", (path) => {
    expect(isPublicPath(path)).toBe(true);
  });

  it.each([
    ["an epoch", "/rss.xml@1"],
    ["a variant", "/tags/mexico items"],
    ["a store file's variant", "/tags/mexico~items"],
    ["a store file's slash", "/!tags!mexico"],
    ["an empty segment", "/tags//rss.xml"],
    ["a trailing slash", "/tags/"],
    ["a dot segment", "/articles/.."],
    ["a hidden name", "/.env"],
    ["upper case", "/Tags"],
    ["a percent sign", "/tags/%41"],
    ["a query", "/tags/x?y"],
    ["a fragment", "/tags/x#y"],
    ["a backslash", "/tags\\x"],
    ["a NUL", "/tags/x\0"],
    ["no leading slash", "rss.xml"],
    ["nothing", ""],
  ])("%s is not: %j", (_, path) => {
    expect(isPublicPath(path)).toBe(false);
  });
});

describe("requestKey", () => {
  it("names a path's document, and a feed's view", () => {
    expect(requestKey("/tags/mexico")).toBe(entryKey("/tags/mexico"));
    expect(requestKey("/rss.xml", "view")).toBe(entryKey("/rss.xml", "view"));
    expect(requestKey("/rss.xml@1")).toBeUndefined();
  });

  it("never names an internal variant or an epoch, for any path at all", () => {
    // Strings of every code point, and strings made of the characters keys and store files are made of.
    const near = fc.string({
      unit: fc.constantFrom(..."/ @~!%.-_abcitemsfactview019é東".split("")),
      maxLength: 40,
    });
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: "grapheme", maxLength: 40 }), near), fc.boolean(), (path, view) => {
        const key = requestKey(path, view ? "view" : undefined);
        if (key === undefined) return;
        expect(key).not.toContain("@");
        expect(key.endsWith(" view") ? key.slice(0, -5) : key).not.toMatch(/[ ~!]/);
        for (const variant of INTERNAL) expect(key.endsWith(` ${variant}`)).toBe(false);
      }),
      { numRuns: 5000 },
    );
  });

  it("cannot reach an internal key by its store file's name, or by any key read back from one", () => {
    for (const key of [
      entryKey("/tags/mexico", "items"),
      entryKey("/media/a.0123456789ab.mp3", "facts"),
      "/rss.xml@2",
    ]) {
      for (const spelling of [key, key.replace(" ", "~"), entryFile(key), keyOfFile(entryFile(key))]) {
        expect(requestKey(spelling), spelling).not.toBe(key);
        expect(requestKey(spelling, "view"), spelling).not.toBe(key);
      }
    }
  });
});
