// src/build/site-vars.ts: the [vars] the build reads, from wrangler.toml or a `--var NAME:VALUE` given to
// `npm start` (EDGEFEED_VARS), each mistake named where it was written.
import { copyFile, mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { buildCollection } from "../../src/build/collection";
import { siteIcons, siteTimeZone } from "../../src/build/site-vars";
import { rejectionOf } from "../support/content-errors";
import { ROOT } from "../support/feed-fixtures";

const saved = process.env.EDGEFEED_VARS;
afterEach(() => {
  if (saved === undefined) delete process.env.EDGEFEED_VARS;
  else process.env.EDGEFEED_VARS = saved;
});

async function project(vars: string) {
  const dir = await mkdtemp(join(tmpdir(), "edgefeed-vars-"));
  const toml = join(dir, "wrangler.toml");
  await writeFile(toml, `name = "x"\n\n[vars]\nSITE_TITLE = "t"\n${vars}`);
  await mkdir(join(dir, "content", "media"), { recursive: true });
  await writeFile(join(dir, "content", "a.md"), "---\ntitle: A\ndate: 2024-07-22\n---\nText.\n");
  await copyFile(join(ROOT, "test/fixtures/media-errors/media/not-square.png"), join(dir, "content/media/wide.png"));
  return { dir, toml, content: join(dir, "content") };
}

const iconError = async (toml: string, content: string) => {
  const icons = await siteIcons(toml);
  const { errors } = await buildCollection(content, { referenceYear: 2026, timeZone: "UTC", icons }, content);
  return errors.map((e) => e.message);
};

describe("a site variable's mistake is named where it was written", () => {
  it("SITE_ICON in wrangler.toml: its file and line", async () => {
    const { toml, content } = await project('SITE_ICON = "media/wide.png"\n');
    expect(await iconError(toml, content)).toEqual([
      `${toml}:5: field "SITE_ICON": expected a square image, found 600×400 pixels (media/wide.png)\n  hint: crop it to a square`,
    ]);
  });

  it("SITE_ICON given as --var: the --var, not the line wrangler.toml has for it", async () => {
    const { toml, content } = await project('SITE_ICON = ""\n');
    process.env.EDGEFEED_VARS = JSON.stringify({ SITE_ICON: "media/wide.png" });
    expect(await iconError(toml, content)).toEqual([
      '--var SITE_ICON: field "SITE_ICON": expected a square image, found 600×400 pixels (media/wide.png)\n  hint: crop it to a square',
    ]);
  });

  it("SITE_TIMEZONE given as --var: the --var", async () => {
    const { toml } = await project('SITE_TIMEZONE = "UTC"\n');
    process.env.EDGEFEED_VARS = JSON.stringify({ SITE_TIMEZONE: "Mars/Olympus" });
    expect(await rejectionOf(() => siteTimeZone(toml))).toBe(
      '--var SITE_TIMEZONE: expected an IANA time zone such as "UTC" or "Europe/Paris", found "Mars/Olympus"',
    );
  });
});
