// Every page, the sitemap and robots.txt answer with their own type, date and policy; one of each kind is
// wired to validators and conditional requests (./http-validators.ts); and what ties a tag to its bytes
// across routes.
import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { get, KINDS, ROUTES } from "./http-fixtures";
import { routeTable, validatorSuite } from "./http-validators";

routeTable(ROUTES.filter((r) => r.kind !== "feed"));
validatorSuite(KINDS.filter((r) => r.kind !== "feed"));

describe("ETag", () => {
  it("differs between representations with different bytes and is shared by identical bytes", async () => {
    const tags = new Map<string, string>();
    for (const { path } of ROUTES) tags.set(path, (await get(path)).headers.get("ETag") ?? "");
    // /feed without Accept is the RSS document: the same bytes as /rss.xml, so the same tag.
    expect(tags.get("/feed")).toBe(tags.get("/rss.xml"));
    const others = ROUTES.filter((r) => r.path !== "/feed").map((r) => tags.get(r.path));
    expect(new Set(others).size).toBe(others.length);
  });

  it("changes with the bytes: the same feed over http names http links and gets another tag", async () => {
    const https = await get("/atom.xml");
    const http = await SELF.fetch("http://news.example/atom.xml");
    expect(await http.text()).toContain("http://news.example/");
    expect(http.headers.get("ETag")).not.toBe(https.headers.get("ETag"));
  });
});
