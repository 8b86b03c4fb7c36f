// The podcast fixture (test/fixtures/podcasts/: two shows) built into the shipped bundle and served by
// Miniflare: each show feed as a podcast app fetches it, every enclosure answering HEAD and a
// `Range: bytes=0-1` as Apple's hosting requirements ask (https://podcasters.apple.com/support/1729) with
// the length the feed states, transcripts and chapters with their media types; and the show's page and an
// episode's page in Chromium (axe, the CSP, nothing failing).
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseXml } from "../support/xml-tree";
import { axe, type Browser, browserSuite, horizontalOverflow, launch, ORIGIN, open } from "./chromium";
import { type RunningWorker, startWorker } from "./worker";

const CONTENT = join(import.meta.dirname, "../fixtures/podcasts");
const SHOWS = ["wire-briefing", "border-story"] as const;

let worker: RunningWorker;
beforeAll(async () => {
  worker = await startWorker({ content: CONTENT });
}, 180_000);
afterAll(() => worker?.dispose());

const get = (path: string, init: RequestInit = {}) => fetch(worker.origin + path, init);

/** Each item's enclosure (url, length, type) and its transcripts' and chapters' (url, type), as the feed states them. */
async function feedFacts(show: string) {
  const res = await get(`/shows/${show}/rss.xml`);
  expect(res.status).toBe(200);
  const { root } = parseXml(await res.text());
  const channel = root.children.find((c) => c.name === "channel")!;
  return channel.children
    .filter((c) => c.name === "item")
    .map((item) => {
      const attrs = (name: string) => item.children.filter((c) => c.name === name).map((c) => c.attrs);
      return {
        enclosure: attrs("enclosure")[0]!,
        files: [...attrs("podcast:transcript"), ...attrs("podcast:chapters")],
      };
    });
}

/** A URL the feed names, on this Worker (the feeds name the site at the address it was asked at). */
const local = (url: string) => new URL(url).pathname;

describe.each(SHOWS)("the show %s served by the Worker", (show) => {
  it("answers HEAD and bytes=0-1 on every enclosure as Apple asks, its length the file's", async () => {
    const items = await feedFacts(show);
    expect(items.length).toBeGreaterThan(0);
    for (const { enclosure } of items) {
      const path = local(enclosure.url!);
      const file = new Uint8Array(
        await readFile(join(CONTENT, "media", `${path.split("/").pop()!.split(".")[0]}.mp3`)),
      );
      expect(Number(enclosure.length)).toBe(file.byteLength);
      expect(enclosure.type).toBe("audio/mpeg");
      const head = await get(path, { method: "HEAD" });
      expect(head.status, path).toBe(200);
      expect(head.headers.get("Content-Length")).toBe(String(file.byteLength));
      expect(head.headers.get("Content-Type")).toBe("audio/mpeg");
      expect(head.headers.get("Accept-Ranges")).toBe("bytes");
      expect(await head.text()).toBe("");
      const range = await get(path, { headers: { Range: "bytes=0-1" } });
      expect(range.status, path).toBe(206);
      expect(range.headers.get("Content-Range")).toBe(`bytes 0-1/${file.byteLength}`);
      expect(range.headers.get("Content-Length")).toBe("2");
      expect(new Uint8Array(await range.arrayBuffer())).toEqual(file.slice(0, 2));
      const headRange = await get(path, { method: "HEAD", headers: { Range: "bytes=0-1" } });
      expect(headRange.status).toBe(206);
      expect(headRange.headers.get("Content-Range")).toBe(`bytes 0-1/${file.byteLength}`);
    }
  });

  it("serves each transcript and chapters file with the media type the feed states, to any app", async () => {
    for (const { files } of await feedFacts(show)) {
      for (const { url, type } of files) {
        const res = await get(local(url!));
        expect(res.status, url).toBe(200);
        expect(res.headers.get("Content-Type")).toBe(type);
        expect(res.headers.get("Access-Control-Allow-Origin")).toBe("*");
        expect(res.headers.get("Cache-Control")).toBe("max-age=31536000, immutable");
        await res.body?.cancel();
      }
    }
  });
});

browserSuite("a show and an episode in Chromium", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch(worker.port);
  });
  afterAll(() => browser?.close());

  it("shows the show's artwork, episodes and feed address, accessible, with nothing failing", async () => {
    const { page, seen, response } = await open(browser, "/shows/wire-briefing");
    expect(response?.status()).toBe(200);
    expect(await page.locator("h1").textContent()).toBe("The Wire Briefing");
    expect(await page.locator("ol.articles h2").allTextContents()).toEqual([
      "Election night special",
      "Markets open lower",
      "Welcome to The Wire Briefing",
    ]);
    expect(await page.locator('link[rel="alternate"][title="The Wire Briefing (podcast)"]').getAttribute("href")).toBe(
      `${ORIGIN}/shows/wire-briefing/rss.xml`,
    );
    expect(await page.locator(".subscribe code").textContent()).toBe(`${ORIGIN}/shows/wire-briefing/rss.xml`);
    const art = page.locator("img.artwork");
    expect(await art.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBe(1400);
    // Drawn at a cover's size, square, whatever the file's.
    const drawn = await art.evaluate((img) => (img as unknown as { width: number; height: number }).width);
    expect(drawn).toBeLessThan(400);
    expect(await art.evaluate((img) => (img as unknown as { height: number }).height)).toBe(drawn);
    expect(await axe(page)).toEqual([]);
    expect(seen).toEqual({ consoleErrors: [], cspViolations: [], failedRequests: [] });
    await page.close();
  });

  it("fits a phone's 320 px, the show's page and an episode's", async () => {
    for (const path of ["/shows/wire-briefing", "/articles/welcome-to-the-wire-briefing"]) {
      const { page, response } = await open(browser, path, { width: 320, height: 720 });
      expect(response?.status()).toBe(200);
      expect(await horizontalOverflow(page), path).toBe(0);
      await page.close();
    }
  });

  it("opens the show's feed in a browser as a page that says what to do with it", async () => {
    const { page, seen, response } = await open(browser, "/shows/wire-briefing/rss.xml");
    expect(response?.status()).toBe(200);
    expect(response?.headers()["content-type"]).toBe("text/html; charset=utf-8");
    expect(await page.locator("h1").textContent()).toContain("The Wire Briefing");
    expect(await page.locator("body").textContent()).toContain(`${ORIGIN}/shows/wire-briefing/rss.xml`);
    expect(await axe(page)).toEqual([]);
    expect(seen).toEqual({ consoleErrors: [], cspViolations: [], failedRequests: [] });
    await page.close();
  });

  it("an episode's page names its show and feed, and links its transcripts and chapters", async () => {
    const { page, seen, response } = await open(browser, "/articles/welcome-to-the-wire-briefing");
    expect(response?.status()).toBe(200);
    const note = page.locator("aside.episode");
    expect(await note.getByRole("link", { name: "The Wire Briefing" }).getAttribute("href")).toBe(
      "/shows/wire-briefing",
    );
    expect(await note.getByRole("link", { name: /^Transcript/ }).count()).toBe(3);
    const chapters = await note.getByRole("link", { name: "Chapters (JSON)" }).getAttribute("href");
    const res = await get(local(chapters!));
    expect(res.headers.get("Content-Type")).toBe("application/json+chapters");
    expect(((await res.json()) as { version?: unknown }).version).toBe("1.2.0");
    expect(await axe(page)).toEqual([]);
    expect(seen).toEqual({ consoleErrors: [], cspViolations: [], failedRequests: [] });
    await page.close();
  });
});
