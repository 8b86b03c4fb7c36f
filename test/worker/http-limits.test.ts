// ?limit=N on every feed (the newest N items, 1 ≤ N ≤ page size), its 400s, and RFC 5005 archives,
// against a three-article collection so "the newest N" means something.
import { env } from "cloudflare:test";
import { XMLParser } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { siteApp } from "../support/site-app";
import { FEED_KINDS, get, NEWEST, ORIGIN, THREE } from "./http-fixtures";

const app = siteApp(THREE);
const request = (path: string, vars: Partial<Env> = {}, headers: Record<string, string> = {}) =>
  app.request(ORIGIN + path, { headers }, { ...env, ...vars });

const xml = new XMLParser({ ignoreAttributes: false, isArray: (name) => name === "item" || name === "entry" });

/** The slugs of a feed's items, in document order, read with an independent parser. */
async function slugs(res: Response): Promise<string[]> {
  const body = await res.text();
  const type = res.headers.get("Content-Type") ?? "";
  let links: string[];
  if (type.startsWith("application/feed+json")) {
    const feed: { items: { url: string }[] } = JSON.parse(body);
    links = feed.items.map((i) => i.url);
  } else if (type.startsWith("application/atom+xml")) {
    const entries: { link: { "@_href": string } | { "@_href": string; "@_rel"?: string }[] }[] =
      xml.parse(body).feed.entry ?? [];
    links = entries.map((e) => (Array.isArray(e.link) ? (e.link[0]?.["@_href"] ?? "") : e.link["@_href"]));
  } else {
    const items: { link: string }[] = xml.parse(body).rss.channel.item ?? [];
    links = items.map((i) => i.link);
  }
  return links.map((link) => link.split("/").pop() ?? "");
}

describe.each(["/rss.xml", "/atom.xml", "/feed.json", "/tags/a/rss.xml", "/tags/a/atom.xml", "/tags/a/feed.json"])(
  "%s?limit=",
  (path) => {
    const all = path.startsWith("/tags/a") ? ["newest", "middle"] : ["newest", "middle", "oldest"];

    it("without a limit holds every item of the page, newest first", async () => {
      expect(await slugs(await request(path))).toEqual(all);
    });

    it.each([1, 2])("limit=%i holds the newest %i", async (n) => {
      const res = await request(`${path}?limit=${n}`);
      expect(res.status).toBe(200);
      expect(await slugs(res)).toEqual(all.slice(0, n));
    });

    it("limit up to the page size is accepted, one more is refused", async () => {
      expect((await request(`${path}?limit=2`, { PAGE_SIZE: "2" })).status).toBe(200);
      const res = await request(`${path}?limit=3`, { PAGE_SIZE: "2" });
      expect(res.status).toBe(400);
      expect(await res.text()).toContain("1 to 2");
    });

    it("a limited document is its own representation: another tag", async () => {
      const whole = await request(path);
      const one = await request(`${path}?limit=1`);
      expect(one.headers.get("ETag")).not.toBe(whole.headers.get("ETag"));
    });
  },
);

it("/feed?limit= applies to the negotiated format", async () => {
  const res = await request("/feed?limit=1", {}, { Accept: "application/atom+xml" });
  expect(res.headers.get("Content-Type")).toMatch(/^application\/atom\+xml/);
  expect(await slugs(res)).toEqual(["newest"]);
});

// Which values ?limit= takes is unit-tested in test/node/http/params.test.ts; here each kind of feed
// proves it reads the parameter, against the site's page size, and refuses through the one 400.
describe.each(FEED_KINDS)("limit on $path of the bundled site", ({ path }) => {
  it.each(["0", "21", "abc"])("limit=%j → 400 with a one-line reason", async (limit) => {
    const res = await get(`${path}?limit=${encodeURIComponent(limit)}`);
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/^[^\n]*limit[^\n]*\n?$/);
    expect(res.headers.get("Cache-Control")).toBe("no-store");
  });

  it("limit=1&limit=2 → 400: which one a cache in between would honour is unknowable", async () => {
    const res = await get(`${path}?limit=1&limit=2`);
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/^[^\n]*limit[^\n]*\n?$/);
  });

  it.each(["1", "20"])("limit=%s → 200", async (limit) => {
    const res = await get(`${path}?limit=${limit}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("Last-Modified")).toBe(NEWEST);
  });
});

describe("RFC 5005 archives (page size 1: the current document holds the newest, archives the rest)", () => {
  const vars = { PAGE_SIZE: "1" };

  it.each([
    ["/archive/1/feed.json", ["oldest"], "Sat, 20 Jul 2024 00:00:00 GMT"],
    ["/archive/2/feed.json", ["middle"], "Tue, 23 Jul 2024 00:00:00 GMT"],
    ["/archive/1/rss.xml", ["oldest"], "Sat, 20 Jul 2024 00:00:00 GMT"],
    ["/tags/b/archive/1/atom.xml", ["oldest"], "Sat, 20 Jul 2024 00:00:00 GMT"],
  ])("%s holds %j, Last-Modified %s, with a strong tag and a 304", async (path, items, date) => {
    const res = await request(path, vars);
    expect(res.status).toBe(200);
    expect(await slugs(res.clone())).toEqual(items);
    expect(res.headers.get("Last-Modified")).toBe(date);
    const etag = res.headers.get("ETag") ?? "";
    expect(etag).toMatch(/^"[^"]+"$/);
    const again = await app.request(ORIGIN + path, { headers: { "If-None-Match": etag } }, { ...env, ...vars });
    expect(again.status).toBe(304);
  });

  it.each(["/archive/3/rss.xml", "/archive/0/rss.xml", "/archive/01/rss.xml", "/tags/b/archive/2/rss.xml"])(
    "%s → 404",
    async (path) => {
      expect((await request(path, vars)).status).toBe(404);
    },
  );
});
