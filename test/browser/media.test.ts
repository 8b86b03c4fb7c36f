// The media collection (test/fixtures/media/) built into the shipped bundle, with the site's icons set
// in [vars], served by Miniflare with wrangler.toml's [assets] routing: every media file as HTTP clients
// get it (the exact bytes, its type, immutable, a 304 to its validator, a 206 to a Range), from Static
// Assets directly (images) or through the Worker (audio), in both store modes; and the article page
// with its lead image and player in Chromium (axe, CSP, sizes, Open Graph), with screenshots.
import { createHash } from "node:crypto";
import { mkdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  axe,
  type Browser,
  browserSuite,
  horizontalOverflow,
  launch,
  ORIGIN,
  open,
  readmeScreenshot,
  SCREENSHOTS,
} from "./chromium";
import { type RunningWorker, startWorker } from "./worker";

/** What the thumbnail check reads of the page's images. */
interface InPageImages {
  document: { querySelectorAll(s: string): Iterable<{ src: string; complete: boolean; naturalWidth: number }> };
}

const CONTENT = join(import.meta.dirname, "../fixtures/media");
const VARS = { SITE_ICON: "media/icon-512.png", SITE_FAVICON: "media/favicon-64.png" };
const ARTICLE = "/articles/council-approves-harbour-plan";

/** Each file under the fixture's media/ that the site publishes, with the type its format is. */
const FILES = [
  ["council-chamber.png", "image/png"],
  ["route-map.png", "image/png"],
  ["harbour-crane.jpg", "image/jpeg"],
  ["icon-512.png", "image/png"],
  ["favicon-64.png", "image/png"],
  ["interview.mp3", "audio/mpeg"],
] as const;

async function published(file: string) {
  const bytes = new Uint8Array(await readFile(join(CONTENT, "media", file)));
  const hash = createHash("sha256").update(bytes).digest("hex").slice(0, 12);
  const [stem, ext] = file.split(".");
  return { path: `/media/${stem}.${hash}.${ext}`, bytes };
}

const workers: Record<"assets" | "kv", RunningWorker | undefined> = { assets: undefined, kv: undefined };

beforeAll(async () => {
  workers.assets = await startWorker({ content: CONTENT, vars: VARS });
  workers.kv = await startWorker({ from: workers.assets, store: "kv", vars: VARS });
}, 180_000);
afterAll(async () => {
  await workers.kv?.dispose();
  await workers.assets?.dispose();
});

describe.each(["assets", "kv"] as const)("media files (store: %s)", (mode) => {
  const get = (path: string, headers: Record<string, string> = {}) => fetch(workers[mode]!.origin + path, { headers });

  it.each(FILES)("%s: 200 with its exact bytes, its type, immutable, a strong validator", async (file, type) => {
    const { path, bytes } = await published(file);
    const res = await get(path);
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe(type);
    expect(res.headers.get("Cache-Control")).toBe("max-age=31536000, immutable");
    expect(res.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(res.headers.get("Cross-Origin-Resource-Policy")).toBe("cross-origin");
    expect(res.headers.get("Access-Control-Allow-Origin")).toBe("*");
    expect(res.headers.get("Content-Length")).toBe(String(bytes.length));
    const etag = res.headers.get("ETag");
    expect(etag).toMatch(/^"[^"]+"$/);
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(bytes);
    const again = await get(path, { "If-None-Match": etag! });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe("");
  });

  it("answers a Range request for the MP3 with 206 and exactly those bytes", async () => {
    const { path, bytes } = await published("interview.mp3");
    for (const [range, start, end] of [
      ["bytes=0-99", 0, 99],
      ["bytes=100-", 100, bytes.length - 1],
      ["bytes=-64", bytes.length - 64, bytes.length - 1],
    ] as const) {
      const res = await get(path, { Range: range });
      expect(res.status, range).toBe(206);
      expect(res.headers.get("Content-Range")).toBe(`bytes ${start}-${end}/${bytes.length}`);
      expect(res.headers.get("Content-Length")).toBe(String(end - start + 1));
      expect(res.headers.get("Accept-Ranges")).toBe("bytes");
      expect(res.headers.get("Access-Control-Expose-Headers")).toBe("ETag,Accept-Ranges,Content-Range");
      expect(new Uint8Array(await res.arrayBuffer())).toEqual(bytes.slice(start, end + 1));
    }
    const beyond = await get(path, { Range: `bytes=${bytes.length}-` });
    expect(beyond.status).toBe(416);
    expect(beyond.headers.get("Content-Range")).toBe(`bytes */${bytes.length}`);
    await beyond.body?.cancel();
    // A changed file (another validator) gets the whole of the current one.
    const stale = await get(path, { Range: "bytes=0-9", "If-Range": '"000000000000"' });
    expect(stale.status).toBe(200);
    expect((await stale.arrayBuffer()).byteLength).toBe(bytes.length);
  });

  it("has no file under a name the build did not publish", async () => {
    for (const path of ["/media/interview.000000000000.mp3", "/media/council-chamber.000000000000.png", "/media/x"]) {
      const res = await get(path);
      expect(res.status, path).toBe(404);
      await res.body?.cancel();
    }
  });
});

browserSuite("an article with media in Chromium", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch(workers.assets!.port);
    await mkdir(SCREENSHOTS, { recursive: true });
  });
  afterAll(() => browser?.close());

  async function visit(viewport?: { width: number; height: number }) {
    const { page, seen, response } = await open(browser, ARTICLE, viewport);
    expect(response?.status()).toBe(200);
    return { page, seen };
  }

  it("shows the lead image at its size with its alt text and caption, under the CSP, with nothing failing", async () => {
    const { page, seen } = await visit();
    const lead = page.locator("figure.lead img");
    const { path } = await published("council-chamber.png");
    expect(await lead.getAttribute("src")).toBe(ORIGIN + path);
    expect(await lead.getAttribute("alt")).toBe("The council chamber, seen from the public gallery, during the vote");
    expect([await lead.getAttribute("width"), await lead.getAttribute("height")]).toEqual(["1200", "630"]);
    expect(await lead.getAttribute("loading")).toBeNull();
    expect(await lead.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBe(1200);
    expect(await page.locator("figure.lead figcaption").textContent()).toBe("Photo: City desk");
    expect(seen).toEqual({ consoleErrors: [], cspViolations: [], failedRequests: [] });
    await page.close();
  });

  it("plays the MP3 in a native player, with a download link saying its type and size", async () => {
    const { page, seen } = await visit();
    const { path, bytes } = await published("interview.mp3");
    const audio = page.locator("audio");
    expect(await audio.getAttribute("src")).toBe(ORIGIN + path);
    expect(await audio.getAttribute("controls")).not.toBeNull();
    // Chromium reads the file's metadata through the Worker (a Range request): it knows the duration.
    await page.waitForFunction(() => {
      const el = (
        globalThis as unknown as { document: { querySelector(s: string): { readyState: number } } }
      ).document.querySelector("audio");
      return el.readyState >= 1;
    });
    const duration = await audio.evaluate((el) => (el as unknown as { duration: number }).duration);
    expect(duration).toBeGreaterThan(1.5);
    expect(duration).toBeLessThan(2.5);
    expect(
      await page.getByRole("link", { name: "Download Interview with the harbour master" }).getAttribute("href"),
    ).toBe(ORIGIN + path);
    expect(await page.locator(".attachments").textContent()).toContain(`(MP3, ${(bytes.length / 1000).toFixed(1)} kB)`);
    expect(seen).toEqual({ consoleErrors: [], cspViolations: [], failedRequests: [] });
    await page.close();
  });

  it("lists articles with their lead images as thumbnails on a phone: sized, lazy, accessible, within 320 px", async () => {
    const { page, seen, response } = await open(browser, "/", { width: 320, height: 720 });
    expect(response?.status()).toBe(200);
    const thumbs = page.locator("img.thumb");
    expect(await thumbs.count()).toBe(3);
    const { path } = await published("council-chamber.png");
    const chamber = page.locator(`img.thumb[src="${ORIGIN + path}"]`);
    await chamber.scrollIntoViewIfNeeded();
    await page.waitForFunction((src) => {
      const d = (globalThis as unknown as InPageImages).document;
      return [...d.querySelectorAll("img.thumb")].some(
        (img) => img.src === src && img.complete && img.naturalWidth > 0,
      );
    }, ORIGIN + path);
    // Drawn at its thumbnail size, whatever the file's: 96 px wide, its own shape.
    expect(await chamber.evaluate((img) => (img as unknown as { width: number; height: number }).width)).toBe(96);
    expect(await chamber.getAttribute("alt")).toBe(
      "The council chamber, seen from the public gallery, during the vote",
    );
    expect(await chamber.getAttribute("loading")).toBe("lazy");
    expect(await horizontalOverflow(page)).toBe(0);
    expect(await axe(page)).toEqual([]);
    // The remote thumbnail's host is out of reach here; nothing else fails, and the CSP allows them all.
    expect(seen.cspViolations).toEqual([]);
    expect(seen.failedRequests.filter((r) => !r.startsWith("https://images.example.net/"))).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, "media-home-320.png"), fullPage: true });
    await page.close();
  });

  it("names its image for link previews, absolute, with its size and alt text", async () => {
    const { page } = await visit();
    const { path } = await published("council-chamber.png");
    const meta = (key: string) => page.locator(`meta[property="${key}"], meta[name="${key}"]`).getAttribute("content");
    expect(await meta("og:image")).toBe(ORIGIN + path);
    expect([await meta("og:image:width"), await meta("og:image:height")]).toEqual(["1200", "630"]);
    expect(await meta("og:image:alt")).toBe("The council chamber, seen from the public gallery, during the vote");
    expect(await meta("twitter:card")).toBe("summary_large_image");
    const ld = JSON.parse((await page.locator('script[type="application/ld+json"]').textContent()) ?? "{}");
    expect(ld.image).toMatchObject({ url: ORIGIN + path, width: 1200, height: 630 });
    const icon = await published("favicon-64.png");
    expect(await page.locator('link[rel="icon"]').getAttribute("href")).toBe(icon.path);
    await page.close();
  });

  it("has no WCAG 2.1 A/AA violation (axe-core) in light and dark, and is photographed light and on a phone", async () => {
    const { page } = await visit();
    for (const colorScheme of ["light", "dark"] as const) {
      await page.emulateMedia({ colorScheme });
      expect(await axe(page), colorScheme).toEqual([]);
    }
    await page.emulateMedia({ colorScheme: "light" });
    // The article page with media, light and on a phone: README shows both (test/browser/).
    for (const path of [join(SCREENSHOTS, "media-article-light.png"), readmeScreenshot("media-article-light.png")])
      if (path) await page.screenshot({ path, fullPage: true });
    await page.close();
    const phone = await visit({ width: 375, height: 740 });
    expect(await axe(phone.page)).toEqual([]);
    expect(await horizontalOverflow(phone.page)).toBe(0);
    for (const path of [join(SCREENSHOTS, "media-article-mobile.png"), readmeScreenshot("media-article-mobile.png")])
      if (path) await phone.page.screenshot({ path, fullPage: true });
    await phone.page.close();
  });
});
