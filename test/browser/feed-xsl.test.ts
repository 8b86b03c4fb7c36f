// RSS and Atom opened in Chromium: the <?xml-stylesheet?> XSL turns them into a readable page with the
// items and how to subscribe, under the feeds' own headers (strict CSP) and with text shown as text.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, it, type TestContext } from "vitest";
import { createRenderer } from "../../src/renderer";
import { NASTY_SUMMARY, NASTY_TITLE, collection as nastyCollection, VARS } from "../node/views-fixture";
import { axe, type Browser, browserSuite, launch, type Observed, ORIGIN, observe, stylesheetApplied } from "./chromium";
import type { InPage } from "./in-page";
import { type RunningWorker, startWorker } from "./worker";

const FORMATS = [
  { format: "RSS", file: "rss.xml" },
  { format: "Atom", file: "atom.xml" },
] as const;

browserSuite("feeds in Chromium", () => {
  let worker: RunningWorker;
  let browser: Browser;

  beforeAll(async () => {
    worker = await startWorker();
    // Chromium 14x+ overlays XSLT pages with a deprecation banner built from inline styles and an inline
    // handler, which the feeds' CSP rightly blocks; the banner is the browser's, not the page's.
    browser = await launch(worker.port, ["--disable-features=GenerateXSLTWarningBanner"]);
  });
  afterAll(async () => {
    await browser?.close();
    await worker?.dispose();
  });

  /** Opens a feed; skips the test where this Chromium no longer has XSLT (it is deprecated). */
  async function open(ctx: TestContext, path: string, prepare?: (page: Page) => Promise<void>) {
    const page = await browser.context.newPage();
    const seen = await observe(page);
    await prepare?.(page);
    const response = await page.goto(ORIGIN + path, { waitUntil: "load" });
    expect(response?.status()).toBe(200);
    if (!(await page.evaluate(() => (globalThis as unknown as InPage).XSLTProcessor !== undefined))) {
      console.warn("This Chromium has no XSLT: feeds show as XML, and the XSL tests are skipped.");
      await page.close();
      ctx.skip();
    }
    return { page, seen };
  }

  /**
   * Whether the XSL made a page (false where the browser shows the raw XML), with what went wrong.
   * Waiting for the heading also lets late reports (a blocked stylesheet) arrive before they are read.
   */
  async function rendered(page: Page, seen: Observed) {
    const heading = await page.waitForSelector("main h1", { timeout: 5000 }).catch(() => null);
    return { rendered: heading !== null, ...seen };
  }

  for (const { format, file } of FORMATS) {
    it(`${format}: /${file} reads as a page with the items and how to subscribe, under the feed's CSP`, async (ctx) => {
      const { page, seen } = await open(ctx, `/${file}`);
      const type = (await fetch(`${worker.origin}/${file}`, { method: "HEAD" })).headers.get("Content-Type");
      // Chromium shows application/rss+xml and application/atom+xml as plain text, never applying the XSL.
      expect(await rendered(page, seen), `served as ${type}`).toEqual({
        rendered: true,
        consoleErrors: [],
        cspViolations: [],
        failedRequests: [],
      });
      expect(await page.locator("main h1").textContent()).toBe(worker.vars.SITE_TITLE);
      const { articles } = worker.collection;
      const newest = articles[0]!;
      const items = page.locator(".articles > li");
      expect(await items.count()).toBe(Math.min(articles.length, Number(worker.vars.PAGE_SIZE)));
      const first = items.first();
      expect(await first.locator("h2 a").textContent()).toBe(newest.title);
      expect(await first.locator("h2 a").getAttribute("href")).toBe(`${ORIGIN}/articles/${newest.slug}`);
      expect(await first.locator("time").getAttribute("datetime")).toBe(newest.published.slice(0, 10));
      expect(await first.locator("p:not(.meta)").textContent()).toBe(newest.summary);
      const note = page.locator(".subscribe");
      expect(await note.locator("h2").textContent()).toBe("This is a web feed");
      expect(await note.textContent()).toContain("feed reader");
      expect(await note.locator("code").textContent()).toBe(`${ORIGIN}/${file}`);
      expect(await stylesheetApplied(page)).toBe(true);
      await page.close();
    });

    it(`${format}: the feed page has no WCAG 2.1 A/AA violation (axe-core)`, async (ctx) => {
      const { page } = await open(ctx, `/${file}`);
      expect(await axe(page)).toEqual([]);
      await page.close();
    });

    it(`${format}: titles and summaries with markup characters read as exactly that text`, async (ctx) => {
      // A feed with the nasty fixture, rendered by the app for this origin and served at a path of it,
      // so that the XSL and the stylesheet come from the running Worker as usual. (Chromium renders an
      // intercepted response as XML whatever its feed type: this test is about the XSL's text handling;
      // the test above covers delivery.)
      const app = createRenderer(nastyCollection);
      const feed = await app.request(`${ORIGIN}/${file}`, {}, { ...VARS, SITE_URL: "" });
      expect(feed.status).toBe(200);
      const body = await feed.text();
      const headers = Object.fromEntries(feed.headers);
      const { page, seen } = await open(ctx, `/fixture/${file}`, async (p) => {
        await p.route(`${ORIGIN}/fixture/${file}`, (route) => route.fulfill({ status: 200, headers, body }));
      });
      expect(await rendered(page, seen)).toMatchObject({ rendered: true, cspViolations: [] });
      expect(await page.title()).toBe(`${VARS.SITE_TITLE} · web feed`);
      expect(await page.locator("main h1").textContent()).toBe(VARS.SITE_TITLE);
      const first = page.locator(".articles > li").first();
      expect(await first.locator("h2 a").textContent()).toBe(NASTY_TITLE);
      expect(await first.locator("p:not(.meta)").textContent()).toBe(NASTY_SUMMARY);
      expect(await first.locator("time").getAttribute("datetime")).toBe("2024-07-23");
      expect(await first.locator("time").textContent()).toBe("July 23, 2024");
      // Nothing in the text became an element.
      expect(await page.locator(".articles :is(b, em, script, title)").count()).toBe(0);
      await page.close();
    });
  }
});
