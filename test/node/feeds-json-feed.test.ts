// src/shared/feeds/json-feed.ts: a JSON Feed document is written in pieces (each member, each item), and
// those pieces read as JSON.stringify(feed, null, 2) would have written the whole, for any JSON at all;
// and the object `feed` builds is taken as it built it, with JSON.stringify given back afterwards.
import fc from "fast-check";
import { Feed } from "feed";
import { describe, expect, it } from "vitest";
import { paths } from "../../src/shared/addresses";
import { prettyJson, renderJsonFeed } from "../../src/shared/feeds/json-feed";
import { testSite } from "../support/feed-fixtures";

describe("prettyJson", () => {
  it("is JSON.stringify(object, null, 2), in pieces, for any object", () => {
    fc.assert(
      fc.property(
        fc.dictionary(
          fc.string(),
          fc.oneof(fc.jsonValue(), fc.array(fc.jsonValue()), fc.constant(undefined), fc.array(fc.constant(undefined))),
        ),
        (object) => {
          expect(prettyJson(object).join("")).toBe(JSON.stringify(object, null, 2));
        },
      ),
      { numRuns: 500 },
    );
  });

  it("keeps each item of a list in pieces of its own", () => {
    const pieces = prettyJson({ version: "1.1", items: [{ id: "a" }, { id: "b" }] });
    expect(pieces).toContain('{\n      "id": "a"\n    }');
    expect(pieces).toContain('{\n      "id": "b"\n    }');
  });
});

describe("renderJsonFeed", () => {
  it("leaves JSON.stringify as it was, after a document and after one that fails", () => {
    const stringify = JSON.stringify;
    const site = testSite();
    const doc = { id: "urn:x", title: "T", description: "D", homePath: "/", paths: paths.feeds(""), items: [] };
    expect(JSON.parse(renderJsonFeed(doc, site).join("")).version).toBe("https://jsonfeed.org/version/1.1");
    expect(JSON.stringify).toBe(stringify);
    const json1 = Feed.prototype.json1;
    Feed.prototype.json1 = () => {
      throw new Error("broken");
    };
    try {
      expect(() => renderJsonFeed(doc, site)).toThrow("broken");
    } finally {
      Feed.prototype.json1 = json1;
    }
    expect(JSON.stringify).toBe(stringify);
  });
});
