// src/worker/http/params.ts: query and path parameters checked at the edge, and the 400 a bad one gets.
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { describe, expect, it } from "vitest";
import type { SiteEnv } from "../../../src/worker/app-env";
import { onError } from "../../../src/worker/errors";
import { parseFormat, parseLimit, parsePage, single } from "../../../src/worker/http/params";

/** The HTTPException a call throws, or undefined when it returns. */
function refusal(call: () => unknown): { status: number; message: string } | undefined {
  try {
    call();
    return undefined;
  } catch (error) {
    if (!(error instanceof HTTPException)) throw error;
    return { status: error.status, message: error.message };
  }
}

describe("single", () => {
  it.each<[string[] | undefined, string | undefined]>([
    [undefined, undefined],
    [[], undefined],
    [["1"], "1"],
    [[""], ""],
  ])("%j → %j", (values, expected) => {
    expect(single(values, "limit")).toBe(expected);
  });

  it.each<[string[], string]>([
    [["1", "2"], "limit: expected at most one value, found 2"],
    [["1", "1"], "limit: expected at most one value, found 2"],
    [["a", "b", "c"], "limit: expected at most one value, found 3"],
  ])("%j → 400 %j: which one a cache in between would honour is unknowable", (values, message) => {
    expect(refusal(() => single(values, "limit"))).toEqual({ status: 400, message });
  });
});

describe("parseLimit", () => {
  it.each<[string | undefined, number | undefined]>([
    [undefined, undefined],
    ["1", 1],
    ["2", 2],
    ["20", 20],
    ["07", 7],
  ])("limit %j with page size 20 → %j", (value, expected) => {
    expect(parseLimit(value, 20)).toBe(expected);
  });

  it.each([
    "abc",
    "0",
    "00",
    "21",
    "-1",
    "+1",
    "1.5",
    "1.0",
    "",
    " 1",
    "1 ",
    "1e1",
    "0x10",
    "９", // a full-width digit: \d is ASCII only
    "99999999999",
    "Infinity",
  ])("limit %j with page size 20 → 400 with a one-line reason", (value) => {
    expect(refusal(() => parseLimit(value, 20))).toEqual({
      status: 400,
      message: "limit: expected a whole number from 1 to 20",
    });
  });

  it.each<[number, string, number | string]>([
    [2, "2", 2],
    [2, "3", "limit: expected a whole number from 1 to 2"],
    [1, "1", 1],
    [1, "2", "limit: expected a whole number from 1 to 1"],
    [1000, "1000", 1000],
  ])("with page size %i, limit %j → %j", (pageSize, value, expected) => {
    if (typeof expected === "number") expect(parseLimit(value, pageSize)).toBe(expected);
    else expect(refusal(() => parseLimit(value, pageSize))).toEqual({ status: 400, message: expected });
  });
});

describe("parseFormat", () => {
  it.each(["rss", "atom", "json"])("%j → %j", (value) => {
    expect(parseFormat(value)).toBe(value);
  });

  it.each(["bogus", "", "RSS", "Atom", "xml", "rss,atom", " rss", "feed.json"])("%j → 400", (value) => {
    expect(refusal(() => parseFormat(value))).toEqual({
      status: 400,
      message: "format: expected one of rss, atom, json",
    });
  });
});

describe("parsePage", () => {
  // One address per document: a positive whole number written without leading zeros.
  it.each<[string, number | undefined]>([
    ["1", 1],
    ["2", 2],
    ["10", 10],
    ["9999999", 9_999_999],
    ["10000000", undefined],
    ["0", undefined],
    ["01", undefined],
    ["-1", undefined],
    ["+1", undefined],
    ["1.0", undefined],
    ["1e1", undefined],
    ["", undefined],
    ["a", undefined],
    ["１", undefined],
  ])("%j → %j", (value, expected) => {
    expect(parsePage(value)).toBe(expected);
  });
});

describe("a refused parameter, through onError", () => {
  /** A tiny app with one route that reads ?limit= and ?format= as the feed routes do. */
  function app() {
    const app = new Hono<SiteEnv>();
    app.get("/feed", (c) => {
      const limit = parseLimit(single(c.req.queries("limit"), "limit"), 20);
      const format = parseFormat(single(c.req.queries("format"), "format") ?? "rss");
      return c.text(`${format} ${limit ?? "all"}`);
    });
    app.onError(onError);
    return app;
  }

  it.each<[string, string]>([
    ["?limit=5&format=atom", "atom 5"],
    ["", "rss all"],
    // Decoded before it is checked: %31 is "1".
    ["?limit=%31", "rss 1"],
  ])("%j → 200 %j", async (query, body) => {
    const res = await app().request(`/feed${query}`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(body);
  });

  it.each<[string, string]>([
    ["?limit=0", "limit: expected a whole number from 1 to 20"],
    ["?limit=", "limit: expected a whole number from 1 to 20"],
    ["?limit=%EF%BC%99", "limit: expected a whole number from 1 to 20"],
    ["?limit=1&limit=2", "limit: expected at most one value, found 2"],
    ["?format=bogus", "format: expected one of rss, atom, json"],
    ["?format=rss&format=atom", "format: expected at most one value, found 2"],
  ])("%j → 400, one line saying what was wrong, not to be stored", async (query, reason) => {
    const res = await app().request(`/feed${query}`);
    expect(res.status).toBe(400);
    expect(Object.fromEntries(res.headers)).toEqual({
      "cache-control": "no-store",
      "content-type": "text/plain; charset=UTF-8",
      vary: "Accept",
    });
    expect(await res.text()).toBe(`Bad Request — ${reason}\n`);
  });
});
