// A Markdown article with "## Details", built into the shipped bundle from test/fixtures/markdown-article
// and opened in Chromium: the page's outline is <h1> title, then <h2> Details, and axe finds nothing,
// not even the best-practice "heading-order" rule that the WCAG run in axe() leaves out.
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { axe, type Browser, browserSuite, launch, ORIGIN } from "./chromium";
import type { InPage } from "./in-page";
import { type RunningWorker, startWorker } from "./worker";

const CONTENT = join(import.meta.dirname, "../fixtures/markdown-article");

/** The few DOM members used here beyond InPage's. */
interface HeadingsPage {
  document: {
    querySelectorAll(selector: string): ArrayLike<{
      tagName: string;
      textContent: string | null;
      innerHTML: string;
      replaceWith(node: unknown): void;
    }>;
    createElement(tag: string): { innerHTML: string };
  };
}

/** Every heading on the page in document order, as "h2 Details". */
const headings = (page: Page) =>
  page.evaluate(() =>
    Array.from((globalThis as unknown as HeadingsPage).document.querySelectorAll("h1, h2, h3, h4, h5, h6")).map(
      (h) => `${h.tagName.toLowerCase()} ${h.textContent}`,
    ),
  );

/** axe-core's "heading-order" rule alone (tagged best-practice, so not in axe()'s WCAG run); axe must be loaded. */
const headingOrder = (page: Page) =>
  page.evaluate(async () => {
    const result = await (globalThis as unknown as InPage).axe.run({
      runOnly: { type: "rule", values: ["heading-order"] },
    });
    return result.violations.map((v) => ({ id: v.id, nodes: v.nodes.map((n) => n.target.join(" ")) }));
  });

browserSuite("a Markdown article's outline in Chromium", () => {
  let worker: RunningWorker;
  let browser: Browser;

  beforeAll(async () => {
    worker = await startWorker({ content: CONTENT });
    browser = await launch(worker.port);
  });
  afterAll(async () => {
    await browser?.close();
    await worker?.dispose();
  });

  it('"## Details" is the <h2> under the title\'s <h1>, and axe finds no violation and no heading-order issue', async () => {
    const [article, ...rest] = worker.collection.articles;
    expect(rest).toEqual([]);
    expect(article?.slug).toBe("council-approves-budget");
    const page = await browser.context.newPage();
    const response = await page.goto(`${ORIGIN}/articles/${article!.slug}`, { waitUntil: "load" });
    expect(response?.status()).toBe(200);

    // The title, the body's heading, then the subscribe box's.
    expect(await headings(page)).toEqual([
      "h1 Council approves the budget",
      "h2 Details",
      `h2 Follow ${worker.vars.SITE_TITLE}`,
    ]);
    expect(await axe(page)).toEqual([]);
    expect(await headingOrder(page)).toEqual([]);

    // The check can fail: the body's heading one level deeper, as before the outline, skips h1 -> h3.
    await page.evaluate(() => {
      const { document } = globalThis as unknown as HeadingsPage;
      for (const h2 of Array.from(document.querySelectorAll(".body h2"))) {
        const h3 = document.createElement("h3");
        h3.innerHTML = h2.innerHTML;
        h2.replaceWith(h3);
      }
    });
    expect((await headingOrder(page)).map((v) => v.id)).toEqual(["heading-order"]);
    await page.close();
  });
});
