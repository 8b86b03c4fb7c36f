// A feed opened in Chromium, as a person does by clicking the site's "RSS" link: the shipped bundle
// answers the navigation with the feed's HTML view, under the feeds' own headers (strict CSP). XSLT is
// switched off in every browser test (./chromium.ts): the page must not need it, and gets no banner.
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import {
  axe,
  type Browser,
  browserSuite,
  horizontalOverflow,
  launch,
  ORIGIN,
  open,
  pngSize,
  stylesheetApplied,
} from "./chromium";
import type { InPage } from "./in-page";
import { type RunningWorker, startWorker } from "./worker";

const SCREENSHOTS = join(import.meta.dirname, "screenshots");

/** The selection API, beyond InPage's. */
interface Selecting {
  getSelection(): { toString(): string };
}

const FEEDS = [
  { name: "rss", path: "/rss.xml", label: "RSS" },
  { name: "atom", path: "/atom.xml", label: "Atom" },
  { name: "json", path: "/feed.json", label: "JSON Feed" },
] as const;

browserSuite("feeds opened in Chromium without XSLT", () => {
  let worker: RunningWorker;
  let browser: Browser;

  beforeAll(async () => {
    worker = await startWorker();
    browser = await launch(worker.port);
    await mkdir(SCREENSHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await worker?.dispose();
  });

  const visit = (path: string, viewport?: { width: number; height: number }) => open(browser, path, viewport);

  it("this Chromium really has no XSLT", async () => {
    const { page } = await visit("/");
    expect(await page.evaluate(() => typeof (globalThis as unknown as InPage).XSLTProcessor)).toBe("undefined");
    await page.close();
  });

  it('the site\'s "RSS" link opens a page, not XML', async () => {
    const { page } = await visit("/");
    await Promise.all([page.waitForURL(`${ORIGIN}/rss.xml`), page.getByRole("link", { name: "RSS" }).first().click()]);
    expect(
      await page.evaluate(() => (globalThis as unknown as { document: { contentType: string } }).document.contentType),
    ).toBe("text/html");
    expect(await page.locator("main h1").textContent()).toBe(worker.vars.SITE_TITLE);
    await page.close();
  });

  for (const { name, path, label } of FEEDS) {
    it(`${path} reads as a page: what a feed is, its address, the article as a link; no error, violation or script`, async () => {
      const { page, seen, response } = await visit(path);
      expect(response?.status()).toBe(200);
      expect(response?.headers()["content-type"]).toBe("text/html; charset=utf-8");
      expect(await page.locator("main h1").textContent()).toBe(worker.vars.SITE_TITLE);
      expect(await page.locator(".subscribe h2").textContent()).toBe("This is a web feed");
      expect(await page.locator(".subscribe dt").textContent()).toBe(`${label} feed address`);
      expect(await page.locator(".subscribe dd code").textContent()).toBe(ORIGIN + path);
      // One click selects the whole address, ready to copy, with no script.
      await page.locator(".subscribe dd code").click();
      expect(await page.evaluate(() => (globalThis as unknown as Selecting).getSelection().toString())).toBe(
        ORIGIN + path,
      );
      const newest = worker.collection.articles[0]!;
      const link = page.locator(".articles > li").first().getByRole("link", { name: newest.title });
      expect(await link.getAttribute("href")).toBe(`/articles/${newest.slug}`);
      expect(await page.locator(".articles time").first().getAttribute("datetime")).toBe(newest.published.slice(0, 10));
      expect(await stylesheetApplied(page)).toBe(true);
      expect(await page.locator("script").count()).toBe(0);
      expect(seen).toEqual({ consoleErrors: [], cspViolations: [], failedRequests: [] });
      await page.close();
    });

    it(`${path} has no WCAG 2.1 A/AA violation (axe-core), in light and in dark mode`, async () => {
      const { page } = await visit(path);
      for (const colorScheme of ["light", "dark"] as const) {
        await page.emulateMedia({ colorScheme });
        expect(await axe(page), colorScheme).toEqual([]);
      }
      await page.close();
    });

    it(`${path} never scrolls sideways at 375 and 320 px`, async () => {
      for (const width of [375, 320]) {
        const { page } = await visit(path, { width, height: 700 });
        expect(await horizontalOverflow(page), `${width} px`).toBe(0);
        await page.close();
      }
    });

    it(`${path}: photographed in light, dark and at 320 px, dark mode painted and the width kept`, async () => {
      const { page } = await visit(path);
      const light = await page.screenshot({ path: join(SCREENSHOTS, `feed-${name}-light.png`), fullPage: true });
      await page.emulateMedia({ colorScheme: "dark" });
      const dark = await page.screenshot({ path: join(SCREENSHOTS, `feed-${name}-dark.png`), fullPage: true });
      expect(pngSize(dark)).toEqual(pngSize(light));
      expect(Buffer.compare(dark, light)).not.toBe(0);
      await page.emulateMedia({ colorScheme: "light" });
      await page.setViewportSize({ width: 320, height: 700 });
      const narrow = await page.screenshot({ path: join(SCREENSHOTS, `feed-${name}-320.png`), fullPage: true });
      expect(pngSize(narrow).width).toBe(320);
      await page.close();
    });
  }
});
