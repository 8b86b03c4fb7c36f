// src/shared/config.ts: the schema of wrangler.toml [vars]. Each rule shown a bad value and the message that
// names the variable, what was expected and what was found; the defaults of what may be left empty; and
// the Worker reading the script's values as the build read them.
import { readFileSync } from "node:fs";
import { parse } from "smol-toml";
import { describe, expect, it } from "vitest";
import { type ConfigVars, checkSiteConfig, type SiteConfig, SiteConfigSchema } from "../../src/shared/config";
import { ConfigError } from "../../src/shared/config-values";
import { siteFrom } from "../../src/shared/site";
import { ROOT } from "../support/feed-fixtures";

/** What a site must set: every other variable may be left unset or empty. */
const REQUIRED = {
  SITE_TITLE: "edgefeed",
  SITE_DESCRIPTION: "News from the wire.",
  SITE_AUTHOR: "edgefeed newsroom",
  FEED_ID: "urn:uuid:0b6c3f9e-5d1a-4c87-a2e4-7f3b9d0c6e15",
};

/** The configuration of REQUIRED and `over`. */
const config = (over: Record<string, unknown> = {}): SiteConfig => checkSiteConfig({ ...REQUIRED, ...over }).config;

/** The ConfigError that checking REQUIRED and `over` ends in, as its message. */
function problem(over: Record<string, unknown>): string {
  try {
    checkSiteConfig({ ...REQUIRED, ...over });
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message;
  }
  throw new Error(`expected ${JSON.stringify(over)} to be refused`);
}

const q = JSON.stringify;

describe("the variables", () => {
  it("are the ones wrangler.toml sets, no more and no fewer", () => {
    const toml = parse(readFileSync(`${ROOT}wrangler.toml`, "utf8")).vars as Record<string, unknown>;
    expect(Object.keys(SiteConfigSchema.shape).sort()).toEqual(Object.keys(toml).sort());
  });

  it("wrangler.toml's own values are right, and read so", () => {
    const toml = parse(readFileSync(`${ROOT}wrangler.toml`, "utf8")).vars as Record<string, unknown>;
    expect(checkSiteConfig(toml).config).toEqual<SiteConfig>({
      SITE_TITLE: "edgefeed",
      SITE_DESCRIPTION: "News from the wire, published as RSS, Atom, JSON Feed and a fast HTML page.",
      SITE_AUTHOR: "edgefeed newsroom",
      SITE_LANGUAGE: "en",
      FEED_ID: "urn:uuid:0b6c3f9e-5d1a-4c87-a2e4-7f3b9d0c6e15",
      PAGE_SIZE: 20,
      WEBSUB_HUBS: [],
      FEDIVERSE_HANDLE: "news",
      FEED_MIN_POLL: 300,
      FEED_MAX_POLL: 86400,
      SITE_URL: "",
      STORE: "assets",
      SITE_ICON: "",
      SITE_FAVICON: "",
      SITE_TIMEZONE: "UTC",
    });
  });
});

describe("defaults", () => {
  const DEFAULTS: SiteConfig = {
    ...REQUIRED,
    SITE_LANGUAGE: "en",
    PAGE_SIZE: 20,
    WEBSUB_HUBS: [],
    FEDIVERSE_HANDLE: "",
    FEED_MIN_POLL: 300,
    FEED_MAX_POLL: 86_400,
    SITE_URL: "",
    STORE: "assets",
    SITE_ICON: "",
    SITE_FAVICON: "",
    SITE_TIMEZONE: "UTC",
  };

  it("of every variable left unset", () => {
    expect(config()).toEqual(DEFAULTS);
  });

  it("of every variable left empty, but SITE_TIMEZONE, which is unset or a zone", () => {
    const empty: ConfigVars = {
      SITE_LANGUAGE: "",
      PAGE_SIZE: "",
      WEBSUB_HUBS: "",
      FEDIVERSE_HANDLE: "",
      FEED_MIN_POLL: "",
      FEED_MAX_POLL: "",
      SITE_URL: "",
      STORE: "",
      SITE_ICON: "",
      SITE_FAVICON: "",
    };
    expect(config(empty)).toEqual(DEFAULTS);
  });
});

describe("the script's [vars]", () => {
  it("are the Worker's, as written, in the order the script holds them, an unset one empty", () => {
    const { bundle } = checkSiteConfig({
      ...REQUIRED,
      SITE_TITLE: " edgefeed ",
      PAGE_SIZE: "7",
      SITE_URL: "https://news.example",
    });
    expect(Object.entries(bundle)).toEqual([
      ["SITE_TITLE", " edgefeed "],
      ["SITE_DESCRIPTION", REQUIRED.SITE_DESCRIPTION],
      ["SITE_AUTHOR", REQUIRED.SITE_AUTHOR],
      ["SITE_LANGUAGE", ""],
      ["FEED_ID", REQUIRED.FEED_ID],
      ["PAGE_SIZE", "7"],
      ["WEBSUB_HUBS", ""],
      ["FEDIVERSE_HANDLE", ""],
      ["FEED_MIN_POLL", ""],
      ["FEED_MAX_POLL", ""],
    ]);
  });

  it.each<Record<string, string>>([
    {},
    { SITE_TITLE: "  News\u0000 \u000b  ", SITE_LANGUAGE: "de", PAGE_SIZE: "1000" },
    { WEBSUB_HUBS: " https://HUB.example\thttps://b.example/hub ", FEED_MIN_POLL: "60", FEED_MAX_POLL: "604800" },
    { FEED_MIN_POLL: "3600", FEED_MAX_POLL: "", PAGE_SIZE: "", SITE_LANGUAGE: "" },
  ])("are read by the Worker as the build read them: %j", (over) => {
    const { config, bundle } = checkSiteConfig({ ...REQUIRED, ...over });
    const site = siteFrom({ ...bundle, SITE_URL: "" }, "https://news.example");
    expect(site).toMatchObject({
      title: config.SITE_TITLE,
      description: config.SITE_DESCRIPTION,
      author: config.SITE_AUTHOR,
      language: config.SITE_LANGUAGE,
      feedId: config.FEED_ID,
      pageSize: config.PAGE_SIZE,
      hubs: config.WEBSUB_HUBS,
      poll: { min: config.FEED_MIN_POLL, max: config.FEED_MAX_POLL },
    });
  });
});

describe("each rule", () => {
  it.each(Object.keys(SiteConfigSchema.shape).filter((name) => name !== "SITE_ICON" && name !== "SITE_FAVICON"))(
    "%s: text in quotes, not a TOML number",
    (name) => {
      expect(problem({ [name]: 20 })).toBe(`wrangler.toml [vars] ${name}: expected a string, found 20`);
    },
  );

  it.each(["SITE_ICON", "SITE_FAVICON"])("%s: a path, not a TOML table", (name) => {
    expect(problem({ [name]: { path: "icon.png" } })).toBe(
      `wrangler.toml [vars] ${name}: expected a path under content/, found {"path":"icon.png"}`,
    );
  });

  describe.each(["SITE_TITLE", "SITE_DESCRIPTION", "SITE_AUTHOR"])("%s", (name) => {
    it("is read without the characters XML forbids and the spaces around it", () => {
      expect(config({ [name]: "  News\u0000 \u000b  " })[name as "SITE_TITLE"]).toBe("News");
    });

    it.each([undefined, "", "   ", "\u0000\u0001"])("may not be %j", (value) => {
      expect(problem({ [name]: value })).toBe(`wrangler.toml [vars] ${name}: expected a non-empty value`);
    });
  });

  it.each([
    ["", "en"],
    ["de", "de"],
  ])("SITE_LANGUAGE %j → %j", (value, language) => {
    expect(config({ SITE_LANGUAGE: value }).SITE_LANGUAGE).toBe(language);
  });

  describe("FEED_ID", () => {
    it.each(["urn:uuid:0b6c3f9e-5d1a-4c87-a2e4-7f3b9d0c6e15", "https://news.example/", "tag:news.example,2024:feed"])(
      "%j is an IRI",
      (id) => {
        expect(config({ FEED_ID: id }).FEED_ID).toBe(id);
      },
    );

    // A scheme (a letter, then letters, digits, + - .), a colon, and no white space.
    it.each(["", "feed", "urn:uuid: spaced", "1urn:x", "urn:"])("%j is not", (id) => {
      expect(problem({ FEED_ID: id })).toBe(
        `wrangler.toml [vars] FEED_ID: expected an absolute IRI such as "urn:uuid:…", found ${q(id)}`,
      );
    });
  });

  describe("PAGE_SIZE", () => {
    it.each([
      ["", 20],
      ["1", 1],
      ["20", 20],
      ["1000", 1000],
      ["0020", 20],
    ])("%j → %i", (value, size) => {
      expect(config({ PAGE_SIZE: value }).PAGE_SIZE).toBe(size);
    });

    // Digits only, from 1 to 1000.
    it.each(["0", "1001", "-1", "1.5", "lots", "NaN", "0x10", "1e2", " 5 ", "00000"])("%j is refused", (value) => {
      expect(problem({ PAGE_SIZE: value })).toBe(
        `wrangler.toml [vars] PAGE_SIZE: expected a whole number from 1 to 1000, found ${q(value)}`,
      );
    });
  });

  describe("FEED_MIN_POLL and FEED_MAX_POLL", () => {
    it.each<[Record<string, string>, [number, number]]>([
      [{}, [300, 86_400]],
      [{ FEED_MIN_POLL: "900", FEED_MAX_POLL: "3600" }, [900, 3600]],
      [{ FEED_MIN_POLL: "60", FEED_MAX_POLL: "604800" }, [60, 604_800]],
      [{ FEED_MIN_POLL: "3600", FEED_MAX_POLL: "3600" }, [3600, 3600]],
      // Past a day, divisors of a week: 3.5 days is "weekly, twice".
      [{ FEED_MAX_POLL: "302400" }, [300, 302_400]],
    ])("%j → %j", (over, [min, max]) => {
      expect(config(over)).toMatchObject({ FEED_MIN_POLL: min, FEED_MAX_POLL: max });
    });

    const EXPECTED =
      "expected seconds that make whole minutes dividing a day, or past a day a week (so RSS <ttl> and " +
      "sy:updateFrequency state them exactly), such as 300, 900, 3600, 43200, 86400 or 604800;";
    it.each([
      // Not whole minutes; whole minutes that do not divide a day; past a day, not dividing a week (two
      // days, two weeks); nothing; not digits.
      ["FEED_MIN_POLL", "90"],
      ["FEED_MIN_POLL", "420"],
      ["FEED_MAX_POLL", "172800"],
      ["FEED_MAX_POLL", "1209600"],
      ["FEED_MIN_POLL", "0"],
      ["FEED_MIN_POLL", "-300"],
      ["FEED_MAX_POLL", "1e5"],
      ["FEED_MAX_POLL", "a day"],
    ])("%s %j is refused", (name, value) => {
      expect(problem({ [name]: value })).toBe(`wrangler.toml [vars] ${name}: ${EXPECTED} found ${q(value)}`);
    });

    it("the shortest may not be longer than the longest", () => {
      expect(problem({ FEED_MIN_POLL: "3600", FEED_MAX_POLL: "900" })).toBe(
        'wrangler.toml [vars] FEED_MIN_POLL: expected at most FEED_MAX_POLL (900), found "3600"',
      );
    });

    it("a bound that is wrong itself is named for that alone", () => {
      expect(problem({ FEED_MIN_POLL: "3600", FEED_MAX_POLL: "90" })).toBe(
        `wrangler.toml [vars] FEED_MAX_POLL: ${EXPECTED} found "90"`,
      );
    });
  });

  describe("WEBSUB_HUBS", () => {
    it.each<[string, string[]]>([
      ["", []],
      ["  ", []],
      ["https://hub.example/", ["https://hub.example/"]],
      [" https://a.example/hub\thttps://b.example/ ", ["https://a.example/hub", "https://b.example/"]],
      ["https://HUB.example", ["https://hub.example/"]],
      ["http://hub.example:8080/push", ["http://hub.example:8080/push"]],
    ])("%j → %j", (value, hubs) => {
      expect(config({ WEBSUB_HUBS: value }).WEBSUB_HUBS).toEqual(hubs);
    });

    // Absolute, http or https, and nothing that would need escaping in a Link header or in XML.
    it.each(["hub.example", "ftp://hub.example/", "https://hub.example/?a=1&b=2", "https://hub.example/it's"])(
      "%j is refused",
      (hub) => {
        expect(problem({ WEBSUB_HUBS: `https://good.example/ ${hub}` })).toBe(
          `wrangler.toml [vars] WEBSUB_HUBS: expected absolute http(s) URLs separated by spaces, found ${q(hub)}`,
        );
      },
    );

    it("each hub refused on a line of its own", () => {
      expect(problem({ WEBSUB_HUBS: "a.example b.example" })).toBe(
        [
          'wrangler.toml [vars] WEBSUB_HUBS: expected absolute http(s) URLs separated by spaces, found "a.example"',
          'wrangler.toml [vars] WEBSUB_HUBS: expected absolute http(s) URLs separated by spaces, found "b.example"',
        ].join("\n"),
      );
    });
  });

  describe("SITE_URL", () => {
    it.each([
      ["", ""],
      ["https://news.example", "https://news.example"],
      ["https://news.example//", "https://news.example"],
      ["https://news.example/blog/", "https://news.example/blog"],
      ["HTTPS://News.Example:443/", "https://news.example"],
    ])("%j → %j", (value, base) => {
      expect(config({ SITE_URL: value }).SITE_URL).toBe(base);
    });

    it.each([
      ["not a url", 'expected an absolute URL such as "https://news.example", found "not a url"'],
      ["/relative", 'expected an absolute URL such as "https://news.example", found "/relative"'],
      ["javascript:alert(1)", 'expected an http(s) URL, found "javascript:alert(1)"'],
      ["ftp://news.example", 'expected an http(s) URL, found "ftp://news.example"'],
      // Filled into the stored documents unescaped (src/shared/http/open-origin.ts).
      ...[
        "https://news.example/?x=1",
        "https://news.example/#",
        "https://news.example/a&b",
        "https://news.example/a'b",
      ].map((url) => [url, `expected a base URL without a query, a fragment or any of & ' " < > \\, found ${q(url)}`]),
    ])("%j is refused", (value, expected) => {
      expect(problem({ SITE_URL: value })).toBe(`wrangler.toml [vars] SITE_URL: ${expected}`);
    });
  });

  describe("STORE", () => {
    it.each([
      [undefined, "assets"],
      ["", "assets"],
      ["assets", "assets"],
      ["kv", "kv"],
    ])("%j → %j", (value, store) => {
      expect(config({ STORE: value }).STORE).toBe(store);
    });

    it.each(["KV", "r2", " kv"])("%j is refused", (value) => {
      expect(problem({ STORE: value })).toBe(
        `wrangler.toml [vars] STORE: expected "assets" or "kv", found ${q(value)}`,
      );
    });
  });

  describe("SITE_TIMEZONE", () => {
    it.each([
      [undefined, "UTC"],
      ["Europe/Paris", "Europe/Paris"],
      ["America/Mexico_City", "America/Mexico_City"],
    ])("%j → %j", (value, zone) => {
      expect(config({ SITE_TIMEZONE: value }).SITE_TIMEZONE).toBe(zone);
    });

    // Set, it must name a zone: an empty one is a mistake, not UTC.
    it.each(["", "Mars/Olympus", "CEST"])("%j is refused", (value) => {
      expect(problem({ SITE_TIMEZONE: value })).toBe(
        `wrangler.toml [vars] SITE_TIMEZONE: expected an IANA time zone such as "UTC" or "Europe/Paris", found ${q(value)}`,
      );
    });
  });

  it.each(["SITE_ICON", "SITE_FAVICON"] as const)("%s is a path read without the spaces around it", (name) => {
    expect(config({ [name]: " media/icon.png " })[name]).toBe("media/icon.png");
  });
});

describe("mistakes", () => {
  it("are all named at once, one on a line, in the schema's order", () => {
    expect(problem({ SITE_TITLE: "", PAGE_SIZE: "0", STORE: "s3" })).toBe(
      [
        "wrangler.toml [vars] SITE_TITLE: expected a non-empty value",
        'wrangler.toml [vars] PAGE_SIZE: expected a whole number from 1 to 1000, found "0"',
        'wrangler.toml [vars] STORE: expected "assets" or "kv", found "s3"',
      ].join("\n"),
    );
  });

  it("are named where the variable was set", () => {
    expect(() => checkSiteConfig({ ...REQUIRED, PAGE_SIZE: "0" }, (name) => `--var ${name}`)).toThrow(
      new ConfigError('--var PAGE_SIZE: expected a whole number from 1 to 1000, found "0"'),
    );
  });
});

describe("FEDIVERSE_HANDLE", () => {
  it.each(["news", "wire_desk", "a1", ""])("takes %j", (handle) => {
    expect(checkSiteConfig({ ...REQUIRED, FEDIVERSE_HANDLE: handle }).config.FEDIVERSE_HANDLE).toBe(handle);
  });

  it.each(["News", "wire-desk", "@news", "news@example.org", "x".repeat(31)])(
    "refuses %j, naming the variable",
    (handle) => {
      expect(() => checkSiteConfig({ ...REQUIRED, FEDIVERSE_HANDLE: handle })).toThrow(
        /wrangler\.toml \[vars\] FEDIVERSE_HANDLE: expected a handle of lower-case letters, digits and "_"/,
      );
    },
  );
});
