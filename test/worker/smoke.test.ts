import { SELF } from "cloudflare:test";
import { expect, it } from "vitest";

it("serves the RSS feed", async () => {
  const res = await SELF.fetch("https://news.example/rss.xml");
  expect(res.status).toBe(200);
  expect(res.headers.get("Content-Type")).toBe("application/rss+xml; charset=utf-8");
  expect(await res.text()).toContain("U.S., Mexico try to forge partnership on fentanyl, migration");
});
