// Conditional requests in real Chromium: its HTTP cache revalidates with our 304 and keeps what the
// stored 200 said (a page's CSP still holds after a reload), and an app on another origin reads a
// feed's 304 and its ETag, and gets the full body when the browser's cache revalidates for it.
import { afterAll, beforeAll, expect, it } from "vitest";
import { type Browser, browserSuite, launch, ORIGIN, observe } from "./chromium";
import type { InPage } from "./in-page";
import { type RunningWorker, startWorker } from "./worker";

browserSuite("304s in Chromium", () => {
  let worker: RunningWorker;
  let browser: Browser;

  beforeAll(async () => {
    worker = await startWorker();
    browser = await launch(worker.port);
  });
  afterAll(async () => {
    await browser?.close();
    await worker?.dispose();
  });

  it("a page reloaded with a 304 keeps the stored page's CSP: an image from elsewhere is still blocked", async () => {
    const page = await browser.context.newPage();
    const seen = await observe(page);
    // What came over the wire, before Chromium merges a 304 into its stored copy.
    const wire: { status: number; csp: boolean }[] = [];
    const documents = new Set<string>();
    const cdp = await browser.context.newCDPSession(page);
    cdp.on("Network.requestWillBeSent", ({ requestId, type }) => {
      if (type === "Document") documents.add(requestId);
    });
    cdp.on("Network.responseReceivedExtraInfo", ({ requestId, statusCode, headers }) => {
      if (!documents.has(requestId)) return;
      const csp = Object.keys(headers).some((h) => h.toLowerCase() === "content-security-policy");
      wire.push({ status: statusCode, csp });
    });
    await cdp.send("Network.enable");
    expect((await page.goto(`${ORIGIN}/`, { waitUntil: "load" }))?.status()).toBe(200);
    const reload = await page.reload({ waitUntil: "load" });
    // Chromium revalidated its stored copy; the server said it is unchanged, with no CSP of its own.
    expect(await reload?.request().headerValue("if-none-match")).toMatch(/^"/);
    expect(wire).toEqual([
      { status: 200, csp: true },
      { status: 304, csp: false },
    ]);
    expect(await page.locator("h1").textContent()).toBe(worker.vars.SITE_TITLE);
    await page.evaluate(() => {
      const w = globalThis as unknown as InPage;
      const img = w.document.createElement("img");
      img.src = "https://images.example/tracker.png";
      w.document.body.append(img);
    });
    await expect
      .poll(() => seen.cspViolations)
      .toEqual([expect.stringMatching(/^img-src blocked https:\/\/images\.example\/tracker\.png/)]);
    await page.close();
  });

  it("an app on another origin reads a feed's 304 with its ETag, and the browser's revalidated copy in full", async () => {
    const page = await browser.context.newPage();
    // Another origin served by the same Worker (a plain-text document, so no CSP stands in the way).
    expect((await page.goto(`${worker.origin}/robots.txt`))?.status()).toBe(200);
    const result = await page.evaluate(async (feed) => {
      const w = globalThis as unknown as InPage;
      const first = await w.fetch(feed);
      const body = await first.text();
      const etag = first.headers.get("ETag") ?? "";
      // The app revalidates itself: If-None-Match is not CORS-safelisted, so this is preflighted, and
      // the 304 reaches the app as it is.
      const own = await w.fetch(feed, { headers: { "If-None-Match": etag } });
      // The browser revalidates its stored copy for the app: the app sees a 200 with the stored body.
      const cached = await w.fetch(feed, { cache: "no-cache" });
      return {
        etag,
        own: { status: own.status, etag: own.headers.get("ETag") },
        cached: { status: cached.status, etag: cached.headers.get("ETag"), same: (await cached.text()) === body },
      };
    }, `${ORIGIN}/rss.xml`);
    expect(result.etag).toMatch(/^"/);
    expect(result.own).toEqual({ status: 304, etag: result.etag });
    expect(result.cached).toEqual({ status: 200, etag: result.etag, same: true });
    await page.close();
  });
});
