// src/worker/http/negotiation.ts: which feed format /feed answers in (RFC 9110 §12.5.1 q-values), and the one rule
// that tells a browser's navigation (the feed's HTML view) from every other request (the feed itself).
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { isNavigation, NAVIGATION, NAVIGATION_VARY, negotiateFormat } from "../../../src/worker/http/negotiation";

describe("isNavigation", () => {
  it.each<[string, Record<string, string>, boolean]>([
    // What Chromium, Firefox and Safari send when a person follows a link or types the address.
    [
      "a link followed in a browser",
      {
        "Sec-Fetch-Dest": "document",
        "Sec-Fetch-Mode": "navigate",
        "Sec-Fetch-Site": "same-origin",
        "Sec-Fetch-User": "?1",
      },
      true,
    ],
    [
      "an address typed in",
      { "Sec-Fetch-Dest": "document", "Sec-Fetch-Mode": "navigate", "Sec-Fetch-Site": "none" },
      true,
    ],
    // Header values are tokens; compare them without regard to case.
    ["the same in capitals", { "Sec-Fetch-Dest": "Document", "Sec-Fetch-Mode": "NAVIGATE" }, true],
    ["no fetch metadata (every reader, library, crawler, curl)", {}, false],
    ["a browser's Accept without fetch metadata", { Accept: "text/html,application/xhtml+xml,*/*;q=0.8" }, false],
    ["a page's own fetch()", { "Sec-Fetch-Dest": "empty", "Sec-Fetch-Mode": "cors" }, false],
    ["an <iframe>", { "Sec-Fetch-Dest": "iframe", "Sec-Fetch-Mode": "navigate" }, false],
    // Fetch §2.2.6: only a navigation has the destination "document", so the mode is not read.
    ["a destination of document alone", { "Sec-Fetch-Dest": "document" }, true],
    ["a navigation mode without the document destination", { "Sec-Fetch-Mode": "navigate" }, false],
  ])("%s → %s", (_, headers, expected) => {
    expect(isNavigation(new Headers(headers))).toBe(expected);
  });

  it("varies on exactly the headers it reads", () => {
    expect(NAVIGATION_VARY).toEqual(["Sec-Fetch-Dest"]);
    expect(isNavigation(new Headers(NAVIGATION))).toBe(true);
  });
});

describe("negotiateFormat", () => {
  const app = new Hono();
  app.get("/feed", (c) => c.text(negotiateFormat(c)));
  const format = async (accept?: string) =>
    (await app.request("/feed", accept === undefined ? {} : { headers: { Accept: accept } })).text();

  it.each([
    [undefined, "rss"],
    ["*/*", "rss"],
    ["application/atom+xml", "atom"],
    ["application/json", "json"],
    ["application/rss+xml;q=0.2, application/feed+json;q=0.3", "json"],
    // A browser's Accept names application/xml: RSS, and the navigation rule decides view or feed.
    ["text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "rss"],
  ])("Accept: %j → %s", async (accept, expected) => {
    expect(await format(accept)).toBe(expected);
  });
});
