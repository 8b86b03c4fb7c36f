// Debian's Chromium driven by playwright-core (never a downloaded browser), and what the page tests
// observe in it: console errors, CSP violations, failed requests, axe-core results, horizontal overflow.
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { systemSuite } from "../support/system-suite";
import type { InPage } from "./in-page";

export const CHROMIUM = "/usr/bin/chromium";

/** Where the tests photograph pages: a git-ignored folder beside this file. */
export const SCREENSHOTS = join(import.meta.dirname, "screenshots");

/**
 * The pictures README shows, committed beside this file, are taken again only when asked
 * (`EDGEFEED_README_SCREENSHOTS=1 npm run test:browser`): `npm test` leaves the tree as it found it.
 */
export function readmeScreenshot(name: string): string | undefined {
  return process.env.EDGEFEED_README_SCREENSHOTS === "1" ? join(import.meta.dirname, name) : undefined;
}

/** The name the tests browse: Chromium maps it to the Worker's port, so pages show stable URLs. */
export const HOST = "edgefeed.localhost";
export const ORIGIN = `http://${HOST}`;

/** A browser suite: runs where Chromium is installed (test/support/system-suite.ts). */
export function browserSuite(name: string, body: () => void): void {
  const missing = existsSync(CHROMIUM)
    ? undefined
    : `${CHROMIUM} is missing: install it with "apt-get install chromium" to run the browser tests`;
  systemSuite(name, missing, body);
}

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

/**
 * A fresh profile in a temporary folder; `port` is where HOST really is (only 127.0.0.1 is reached).
 * XSLT is switched off, as Chromium is removing it: no page of the site may depend on it.
 */
export async function launch(port: number, extraArgs: string[] = []): Promise<Browser> {
  const profile = await mkdtemp(join(tmpdir(), "edgefeed-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      `--host-resolver-rules=MAP ${HOST} 127.0.0.1:${port}`,
      "--disable-blink-features=XSLT",
      ...extraArgs,
    ],
  });
  return {
    context,
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

export interface Observed {
  consoleErrors: string[];
  cspViolations: string[];
  failedRequests: string[];
}

/**
 * Records what goes wrong on a page. Violations are caught twice: as the DOM event (listened for by
 * an init script, which DevTools injects outside the page's CSP) and as Chromium's console report.
 */
export async function observe(page: Page): Promise<Observed> {
  const seen: Observed = { consoleErrors: [], cspViolations: [], failedRequests: [] };
  page.on("console", (message) => {
    if (message.type() === "error") seen.consoleErrors.push(`${message.text()} (${message.location().url})`);
  });
  page.on("pageerror", (error) => seen.consoleErrors.push(String(error)));
  page.on("requestfailed", (request) => seen.failedRequests.push(`${request.url()}: ${request.failure()?.errorText}`));
  page.on("response", (response) => {
    if (response.status() >= 400) seen.failedRequests.push(`${response.url()}: ${response.status()}`);
  });
  await page.exposeBinding("__edgefeedViolation", (_source, report: string) => {
    seen.cspViolations.push(report);
  });
  await page.addInitScript(() => {
    const w = globalThis as unknown as InPage;
    w.document.addEventListener("securitypolicyviolation", (event) => {
      w.__edgefeedViolation(`${event.violatedDirective} blocked ${event.blockedURI} in ${event.sourceFile}`);
    });
  });
  return seen;
}

const require = createRequire(import.meta.url);
let axeSource: Promise<string> | undefined;

/** A new page at `path` in a viewport, observed from before it loads (what it logged, violated, failed to fetch). */
export async function open(browser: Browser, path: string, viewport = { width: 1280, height: 900 }) {
  const page = await browser.context.newPage();
  await page.setViewportSize(viewport);
  const seen = await observe(page);
  const response = await page.goto(ORIGIN + path, { waitUntil: "load" });
  return { page, seen, response };
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/**
 * axe-core's WCAG 2.0/2.1 A and AA rules on the page as it is. The script is evaluated through
 * DevTools, not added as a <script>, so the page's CSP (no script at all) stays as it is served.
 */
export async function axe(page: Page): Promise<AxeViolation[]> {
  axeSource ??= readFile(require.resolve("axe-core/axe.min.js"), "utf8");
  await page.evaluate(await axeSource);
  return page.evaluate(async () => {
    const w = globalThis as unknown as InPage;
    // The whole document.
    const result = await w.axe.run({
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? null,
      help: v.help,
      nodes: v.nodes.map((n) => n.target.join(" ")),
    }));
  });
}

/** How far the page is wider than the viewport (0 = no horizontal scrolling). */
export function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => {
    const { documentElement } = (globalThis as unknown as InPage).document;
    return documentElement.scrollWidth - documentElement.clientWidth;
  });
}

/** Whether the site stylesheet applied: otherwise the body's max-width is the browser default, "none". */
export function stylesheetApplied(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const w = globalThis as unknown as InPage;
    return w.getComputedStyle(w.document.body).maxWidth !== "none";
  });
}

/**
 * A PNG's size in pixels, from its IHDR chunk (PNG §11.2.2: width and height, 4 bytes each, big-endian,
 * right after the 8-byte signature and the chunk's length and type).
 */
export function pngSize(png: Uint8Array): { width: number; height: number } {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}
