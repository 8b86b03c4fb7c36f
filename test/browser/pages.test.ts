// The home page and an article page in real Chromium, served by the shipped bundle under its real
// headers (strict CSP): accessible, error-free, readable, no horizontal scrolling on a phone.
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import {
  axe,
  type Browser,
  browserSuite,
  horizontalOverflow,
  launch,
  open,
  pngSize,
  readmeScreenshot,
  SCREENSHOTS,
  stylesheetApplied,
} from "./chromium";
import type { InPage } from "./in-page";
import { type RunningWorker, startWorker } from "./worker";

browserSuite("pages in Chromium", () => {
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

  const newest = () => worker.collection.articles[0]!;
  const pages = () => [
    { name: "index", path: "/", heading: worker.vars.SITE_TITLE },
    { name: "article", path: `/articles/${newest().slug}`, heading: newest().title },
  ];

  async function visit(path: string, viewport?: { width: number; height: number }) {
    const { page, seen, response } = await open(browser, path, viewport);
    expect(response?.status()).toBe(200);
    return { page, seen };
  }

  for (const index of [0, 1]) {
    const label = index === 0 ? "the home page" : "the article page";

    it(`${label} loads its stylesheet under the CSP with no console error, violation or failed request`, async () => {
      const { name, path, heading } = pages()[index]!;
      const { page, seen } = await visit(path);
      expect(await page.locator("h1").textContent()).toBe(heading);
      expect(await stylesheetApplied(page)).toBe(true);
      // No JavaScript: the only script element is JSON-LD data, which browsers never run.
      expect(await page.locator('script:not([type="application/ld+json"])').count()).toBe(0);
      expect(seen, name).toEqual({ consoleErrors: [], cspViolations: [], failedRequests: [] });
      await page.close();
    });

    it(`${label} has no WCAG 2.1 A/AA violation (axe-core), in light and in dark mode`, async () => {
      const { path } = pages()[index]!;
      const { page } = await visit(path);
      for (const colorScheme of ["light", "dark"] as const) {
        await page.emulateMedia({ colorScheme });
        expect(await axe(page), colorScheme).toEqual([]);
      }
      await page.close();
    });

    it(`${label} never scrolls sideways at 375 and 320 px`, async () => {
      const { path } = pages()[index]!;
      for (const width of [375, 320]) {
        const { page } = await visit(path, { width, height: 700 });
        expect(await horizontalOverflow(page), `${width} px`).toBe(0);
        await page.close();
      }
    });

    it(`${label}: photographed in light, dark and mobile, dark mode painted and the phone's width kept`, async () => {
      const { name, path } = pages()[index]!;
      const { page } = await visit(path);
      const light = await page.screenshot({ path: join(SCREENSHOTS, `${name}-light.png`), fullPage: true });
      await page.emulateMedia({ colorScheme: "dark" });
      const dark = await page.screenshot({ path: join(SCREENSHOTS, `${name}-dark.png`), fullPage: true });
      // The same page in the same layout, painted otherwise: the stylesheet's dark colours apply.
      expect(pngSize(dark)).toEqual(pngSize(light));
      expect(Buffer.compare(dark, light)).not.toBe(0);
      await page.emulateMedia({ colorScheme: "light" });
      await page.setViewportSize({ width: 375, height: 812 });
      const mobile = await page.screenshot({ path: join(SCREENSHOTS, `${name}-mobile.png`), fullPage: true });
      // A full-page picture is as wide as the page's content: nothing sticks out past the phone's 375 px.
      expect(pngSize(mobile).width).toBe(375);
      // The README's picture of the article page.
      await page.setViewportSize({ width: 1024, height: 900 });
      await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
      const readme = name === "article" ? readmeScreenshot("article.png") : undefined;
      if (readme) await page.screenshot({ path: readme });
      await page.close();
    });
  }

  it("the article reads at about 65 characters a line on a wide screen", async () => {
    const { page } = await visit(`/articles/${newest().slug}`);
    const perLine = await page.evaluate(() => {
      // The longest paragraph: its characters over its rendered lines (the last line counts as half).
      const w = globalThis as unknown as InPage;
      const length = (p: { textContent: string | null }) => p.textContent?.length ?? 0;
      const p = Array.from(w.document.querySelectorAll(".body p")).sort((a, b) => length(b) - length(a))[0]!;
      const lines = Math.round(p.getBoundingClientRect().height / Number.parseFloat(w.getComputedStyle(p).lineHeight));
      return length(p) / (lines - 0.5);
    });
    expect(perLine).toBeGreaterThan(55);
    expect(perLine).toBeLessThan(80);
    await page.close();
  });

  it("keyboard focus is visible: the skip link first, then the site's links", async () => {
    const { page } = await visit(`/articles/${newest().slug}`);
    const focused = (p: Page) =>
      p.evaluate(() => {
        const w = globalThis as unknown as InPage;
        const el = w.document.activeElement;
        if (!el) return null;
        const style = w.getComputedStyle(el);
        const box = el.getBoundingClientRect();
        return {
          text: el.textContent,
          outline: `${style.outlineStyle} ${style.outlineWidth}`,
          onScreen: box.right > 0 && box.bottom > 0 && box.left < w.innerWidth,
        };
      });
    await page.keyboard.press("Tab");
    expect(await focused(page)).toEqual({ text: "Skip to content", outline: "solid 3px", onScreen: true });
    await page.keyboard.press("Tab");
    expect(await focused(page)).toMatchObject({ outline: "solid 3px", onScreen: true });
    await page.close();
  });

  it("prints the article without navigation or subscribe box", async () => {
    const { page } = await visit(`/articles/${newest().slug}`);
    await page.emulateMedia({ media: "print" });
    expect(await page.locator("header.site nav").isVisible()).toBe(false);
    expect(await page.locator(".subscribe").isVisible()).toBe(false);
    expect(await page.locator(".story h1").isVisible()).toBe(true);
    await page.close();
  });
});
