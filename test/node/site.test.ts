// src/shared/site.ts: the Site the Worker makes from the [vars] the build checked (their rules and mistakes:
// test/node/config.test.ts) and SITE_URL, which it checks itself, and the SiteCache that makes each env
// and origin's Site once.
import { describe, expect, it } from "vitest";
import { ConfigError } from "../../src/shared/config-values";
import { type Site, SiteCache, type SiteVars, siteFrom } from "../../src/shared/site";

const ORIGIN = "https://request.example";

/** [vars] as wrangler.toml ships them: SITE_URL empty, so the request's origin is the base URL. */
const vars = (over: Partial<SiteVars> = {}): SiteVars => ({
  SITE_TITLE: "edgefeed",
  SITE_DESCRIPTION: "News from the wire.",
  SITE_URL: "",
  SITE_AUTHOR: "edgefeed newsroom",
  SITE_LANGUAGE: "en",
  FEED_ID: "urn:uuid:0b6c3f9e-5d1a-4c87-a2e4-7f3b9d0c6e15",
  PAGE_SIZE: "20",
  FEED_MIN_POLL: "300",
  FEED_MAX_POLL: "86400",
  WEBSUB_HUBS: "",
  FEDIVERSE_HANDLE: "",
  ...over,
});

/** The ConfigError a call throws, as its message, or undefined when it returns. */
function configError(call: () => unknown): string | undefined {
  try {
    call();
    return undefined;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    expect(error.name).toBe("ConfigError");
    return error.message;
  }
}

describe("WEBSUB_HUBS", () => {
  it.each<[string, string[]]>([
    ["", []],
    ["  ", []],
    ["https://hub.example/", ["https://hub.example/"]],
    [" https://a.example/hub\thttps://b.example/ ", ["https://a.example/hub", "https://b.example/"]],
    ["https://HUB.example", ["https://hub.example/"]],
  ])("%j → %j", (hubs, expected) => {
    expect(siteFrom(vars({ WEBSUB_HUBS: hubs }), ORIGIN).hubs).toEqual(expected);
  });
});

describe("siteFrom", () => {
  it("reads every variable", () => {
    expect(siteFrom(vars(), ORIGIN)).toEqual<Site>({
      title: "edgefeed",
      description: "News from the wire.",
      baseUrl: ORIGIN,
      originDigest: expect.stringMatching(/^[0-9a-z]+$/),
      hubs: [],
      author: "edgefeed newsroom",
      language: "en",
      feedId: "urn:uuid:0b6c3f9e-5d1a-4c87-a2e4-7f3b9d0c6e15",
      pageSize: 20,
      poll: { min: 300, max: 86400 },
      handle: "",
    });
  });

  it.each<[string, string]>([
    ["", ORIGIN],
    ["https://news.example", "https://news.example"],
    ["https://news.example/", "https://news.example"],
    ["https://news.example//", "https://news.example"],
    ["https://news.example/blog/", "https://news.example/blog"],
    ["http://news.example:8080/", "http://news.example:8080"],
    // The URL parser's form: scheme and host lower-cased, the default port dropped.
    ["HTTPS://News.Example:443/", "https://news.example"],
  ])("SITE_URL %j → base URL %j", (siteUrl, baseUrl) => {
    expect(siteFrom(vars({ SITE_URL: siteUrl }), ORIGIN).baseUrl).toBe(baseUrl);
  });

  it.each<[string, string]>([
    [
      "not a url",
      'wrangler.toml [vars] SITE_URL: expected an absolute URL such as "https://news.example", found "not a url"',
    ],
    [
      "/relative",
      'wrangler.toml [vars] SITE_URL: expected an absolute URL such as "https://news.example", found "/relative"',
    ],
    ["javascript:alert(1)", 'wrangler.toml [vars] SITE_URL: expected an http(s) URL, found "javascript:alert(1)"'],
    ["ftp://news.example", 'wrangler.toml [vars] SITE_URL: expected an http(s) URL, found "ftp://news.example"'],
    // The address is filled into stored documents unescaped (src/shared/http/open-origin.ts).
    ...[
      "https://news.example/?x=1",
      "https://news.example/#top",
      "https://news.example/a&b",
      "https://news.example/a'b",
      "https://news.example/?",
      "https://news.example/#",
    ].map((url): [string, string] => [
      url,
      `wrangler.toml [vars] SITE_URL: expected a base URL without a query, a fragment or any of & ' " < > \\, found ${JSON.stringify(url)}`,
    ]),
  ])("SITE_URL %j → %s", (siteUrl, message) => {
    expect(configError(() => siteFrom(vars({ SITE_URL: siteUrl }), ORIGIN))).toBe(message);
  });

  it("names each base URL with its own digest, the same one every time", () => {
    const digest = (siteUrl: string) => siteFrom(vars({ SITE_URL: siteUrl }), ORIGIN).originDigest;
    expect(digest("https://news.example")).toBe(digest("https://news.example/"));
    expect(digest("https://news.example")).not.toBe(digest("http://news.example"));
    expect(digest("https://news.example")).not.toBe(digest("https://news.example/blog"));
  });

  it.each<[string, number]>([
    ["", 20],
    ["1", 1],
    ["20", 20],
    ["1000", 1000],
  ])("PAGE_SIZE %j → %i", (pageSize, expected) => {
    expect(siteFrom(vars({ PAGE_SIZE: pageSize }), ORIGIN).pageSize).toBe(expected);
  });

  it.each<[Partial<SiteVars>, { min: number; max: number }]>([
    [{}, { min: 300, max: 86400 }],
    [
      { FEED_MIN_POLL: "", FEED_MAX_POLL: "" },
      { min: 300, max: 86400 },
    ],
    [
      { FEED_MIN_POLL: "900", FEED_MAX_POLL: "3600" },
      { min: 900, max: 3600 },
    ],
    [
      { FEED_MIN_POLL: "60", FEED_MAX_POLL: "604800" },
      { min: 60, max: 604800 },
    ],
    [
      { FEED_MIN_POLL: "3600", FEED_MAX_POLL: "3600" },
      { min: 3600, max: 3600 },
    ],
    // Past a day, divisors of a week: 3.5 days is "weekly, twice".
    [{ FEED_MAX_POLL: "302400" }, { min: 300, max: 302400 }],
  ])("FEED_MIN_POLL/FEED_MAX_POLL %j → poll bounds %j", (over, poll) => {
    expect(siteFrom(vars(over), ORIGIN).poll).toEqual(poll);
  });

  it.each(["urn:uuid:0b6c3f9e-5d1a-4c87-a2e4-7f3b9d0c6e15", "https://news.example/", "tag:news.example,2024:feed"])(
    "FEED_ID %j is an IRI",
    (feedId) => {
      expect(siteFrom(vars({ FEED_ID: feedId }), ORIGIN).feedId).toBe(feedId);
    },
  );

  it.each<["SITE_TITLE" | "SITE_DESCRIPTION" | "SITE_AUTHOR", keyof Site]>([
    ["SITE_TITLE", "title"],
    ["SITE_DESCRIPTION", "description"],
    ["SITE_AUTHOR", "author"],
  ])("%s is trimmed and cleared of characters XML forbids", (name, field) => {
    expect(siteFrom(vars({ [name]: "  News\u0000 \u000b  " }), ORIGIN)[field]).toBe("News");
  });

  it.each<[string, string]>([
    ["", "en"],
    ["de", "de"],
  ])("SITE_LANGUAGE %j → %j", (language, expected) => {
    expect(siteFrom(vars({ SITE_LANGUAGE: language }), ORIGIN).language).toBe(expected);
  });
});

describe("SiteCache", () => {
  it("gives the same Site for the same vars and origin, whatever the path and query", () => {
    const cache = new SiteCache();
    const env = vars();
    const a = cache.for(env, "https://a.example/rss.xml");
    expect(cache.for(env, "https://a.example/")).toBe(a);
    expect(cache.for(env, "https://a.example/tags/x?limit=1")).toBe(a);
    expect(a.baseUrl).toBe("https://a.example");
  });

  it.each<[string, string]>([
    ["https://a.example/", "https://b.example/"],
    ["https://a.example/", "http://a.example/"],
    ["https://a.example/", "https://a.example:8443/"],
  ])("keeps %s and %s apart, each with its own base URL", (x, y) => {
    const cache = new SiteCache();
    const env = vars();
    expect(cache.for(env, x).baseUrl).toBe(new URL(x).origin);
    expect(cache.for(env, y).baseUrl).toBe(new URL(y).origin);
    // The vars are checked once per env; a later origin's Site is what checking them for it would give.
    expect(cache.for(env, y)).toEqual(siteFrom(env, new URL(y).origin));
  });

  it("with SITE_URL set, gives every origin the one Site of that address", () => {
    const cache = new SiteCache();
    const env = vars({ SITE_URL: "https://news.example/" });
    const a = cache.for(env, "https://a.example/");
    expect(cache.for(env, "http://b.example/")).toBe(a);
    expect(a).toEqual(siteFrom(env, "https://a.example"));
  });

  it("keeps envs apart: another env object is checked on its own", () => {
    const cache = new SiteCache();
    const a = cache.for(vars(), "https://a.example/");
    const b = cache.for(vars({ SITE_TITLE: "Other" }), "https://a.example/");
    expect(a.title).toBe("edgefeed");
    expect(b.title).toBe("Other");
  });

  it("past its limit computes a Site and does not keep it", () => {
    const cache = new SiteCache(2);
    const env = vars();
    const a = cache.for(env, "https://a.example/");
    const b = cache.for(env, "https://b.example/");
    const c = cache.for(env, "https://c.example/");
    expect(cache.for(env, "https://a.example/")).toBe(a);
    expect(cache.for(env, "https://b.example/")).toBe(b);
    const again = cache.for(env, "https://c.example/");
    expect(again).toEqual(c);
    expect(again).not.toBe(c);
  });

  it("says which Sites it keeps: SITE_URL's, the first origins up to its limit, none past it", () => {
    const cache = new SiteCache(2);
    const env = vars();
    const a = cache.for(env, "https://a.example/");
    const b = cache.for(env, "https://b.example/");
    const c = cache.for(env, "https://c.example/");
    expect([cache.keeps(a), cache.keeps(b), cache.keeps(c)]).toEqual([true, true, false]);
    const fixed = vars({ SITE_URL: "https://news.example/" });
    expect(cache.keeps(cache.for(fixed, "https://z.example/"))).toBe(true);
    expect(cache.keeps({ ...a })).toBe(false);
  });

  it("keeps no error: once the env is fixed, the same env and origin give a Site", () => {
    const cache = new SiteCache();
    const env = vars({ SITE_URL: "not a url" });
    expect(configError(() => cache.for(env, "https://a.example/"))).toContain("SITE_URL");
    env.SITE_URL = "https://news.example/";
    expect(cache.for(env, "https://a.example/").baseUrl).toBe("https://news.example");
  });
});
