// Renders, in Node, a small site with a scheduled article in it, and the same site without it, for the
// embargo tests inside workerd (test/worker/embargo.test.ts): the build's own output, handed to the
// Worker's code with a clock of the test's choosing.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { renderSite } from "../../../src/build/render";
import { readSiteConfig } from "../../../src/build/site-vars";
import type { CurrentBundle, StoredEntry } from "../../../src/shared/contract";
import { collectionFrom, ROOT } from "../../support/feed-fixtures";
import { generateArticles } from "../../support/generate-articles";

/** The build's moment, and the scheduled article's: a minute apart, the build's clock is the test's. */
export const BUILT = Date.parse("2026-06-01T12:00:00Z");
export const RELEASE = BUILT + 60_000;
export const SCHEDULED = "acme-merger-embargoed";
/** The only place the scheduled article's remote image lives: its origin must not show before its time. */
export const PARTNER = "https://acme-merger-partner.example";

export interface BuiltSite {
  current: CurrentBundle;
  stored: [key: string, entry: StoredEntry][];
}

export default async function setup(project: TestProject) {
  const dir = await mkdtemp(join(tmpdir(), "edgefeed-embargo-"));
  try {
    await generateArticles(dir, 25);
    const vars = (await readSiteConfig(join(ROOT, "wrangler.toml"))).bundle;
    const render = async (): Promise<BuiltSite> => {
      const site = await renderSite(await collectionFrom(dir), vars, { now: BUILT });
      return { current: site.current, stored: [...site.stored] };
    };
    const without = await render();
    await writeFile(
      join(dir, `${SCHEDULED}.md`),
      [
        "---",
        'title: "Acme agrees to merge"',
        `date: ${new Date(RELEASE).toISOString()}`,
        "tags: [mexico, mergers]",
        "image:",
        `  url: ${PARTNER}/photos/deal.jpg`,
        "  type: image/jpeg",
        "  size: 48213",
        "  width: 1200",
        "  height: 630",
        'image_alt: "The two chief executives"',
        "---",
        "Acme and its partner agreed to merge, under embargo until the minute after the build.",
        "",
      ].join("\n"),
    );
    project.provide("scheduledSite", { with: await render(), without, built: BUILT, release: RELEASE });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

declare module "vitest" {
  export interface ProvidedContext {
    scheduledSite: { with: BuiltSite; without: BuiltSite; built: number; release: number };
  }
}
