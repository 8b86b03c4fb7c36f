// src/build/site-vars.ts: the [vars] the build reads, from wrangler.toml or a `--var NAME:VALUE` given to
// `npm start` (EDGEFEED_VARS), checked once, each mistake named where it was written.
import { copyFile, mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { buildCollection } from "../../src/build/collection";
import { readSiteConfig } from "../../src/build/site-vars";
import { ConfigError } from "../../src/shared/config-values";
import { buildCli } from "../support/build-cli";
import { ROOT } from "../support/feed-fixtures";

const saved = process.env.EDGEFEED_VARS;
afterEach(() => {
  if (saved === undefined) delete process.env.EDGEFEED_VARS;
  else process.env.EDGEFEED_VARS = saved;
});

/** A project whose wrangler.toml sets SITE_TITLE, then `vars`, then the other variables a site needs. */
async function project(vars: string) {
  const dir = await mkdtemp(join(tmpdir(), "edgefeed-vars-"));
  const toml = join(dir, "wrangler.toml");
  await writeFile(
    toml,
    `name = "x"\n\n[vars]\nSITE_TITLE = "t"\n${vars}SITE_DESCRIPTION = "d"\nSITE_AUTHOR = "a"\nFEED_ID = "urn:x:feed"\n`,
  );
  await mkdir(join(dir, "content", "media"), { recursive: true });
  await writeFile(join(dir, "content", "a.md"), "---\ntitle: A\ndate: 2024-07-22\n---\nText.\n");
  await copyFile(join(ROOT, "test/fixtures/media-errors/media/not-square.png"), join(dir, "content/media/wide.png"));
  return { dir, toml, content: join(dir, "content") };
}

const iconError = async (toml: string, content: string) => {
  const { icons } = await readSiteConfig(toml);
  const { errors } = await buildCollection(content, { referenceYear: 2026, timeZone: "UTC", icons }, content);
  return errors.map((e) => e.message);
};

/** The ConfigError a read ends in, as its message. */
async function configError(read: () => Promise<unknown>): Promise<string> {
  const error = await read().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConfigError);
  return (error as ConfigError).message;
}

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
    expect(await configError(() => readSiteConfig(toml))).toBe(
      '--var SITE_TIMEZONE: expected an IANA time zone such as "UTC" or "Europe/Paris", found "Mars/Olympus"',
    );
  });

  it("in wrangler.toml: the file and the variable, every mistake on a line of its own", async () => {
    const { toml } = await project('PAGE_SIZE = 20\nSTORE = "KV"\n');
    expect(await configError(() => readSiteConfig(toml))).toBe(
      [
        `${toml} [vars] PAGE_SIZE: expected a string, found 20`,
        `${toml} [vars] STORE: expected "assets" or "kv", found "KV"`,
      ].join("\n"),
    );
  });

  it("[vars] that is not a table", async () => {
    const dir = await mkdtemp(join(tmpdir(), "edgefeed-vars-"));
    const toml = join(dir, "wrangler.toml");
    await writeFile(toml, 'name = "x"\nvars = "SITE_TITLE"\n');
    expect(await configError(() => readSiteConfig(toml))).toBe(`${toml}: expected [vars] to be a table of variables`);
  });

  it("stops the build before it reads any content, naming the variable", async () => {
    const { dir, toml } = await project('PAGE_SIZE = "lots"\n');
    const build = await buildCli(["--config", toml, "--content", join(dir, "absent"), "--out", join(dir, "out")]).then(
      () => ({ code: 0, stderr: "" }),
      (e: { code: number; stderr: string }) => e,
    );
    expect(build.code).toBe(1);
    expect(build.stderr).toBe(
      `edgefeed: ${toml} [vars] PAGE_SIZE: expected a whole number from 1 to 1000, found "lots"\n`,
    );
  });
});

describe("what the build reads", () => {
  it("the configuration, checked and read, and the Worker's [vars] as written", async () => {
    const { toml } = await project('SITE_LANGUAGE = ""\nPAGE_SIZE = "5"\nSITE_ICON = " media/wide.png "\n');
    process.env.EDGEFEED_VARS = JSON.stringify({ SITE_TITLE: "  Title  ", STORE: "kv" });
    const { config, bundle, icons } = await readSiteConfig(toml);
    expect(config).toMatchObject({ SITE_TITLE: "Title", SITE_LANGUAGE: "en", PAGE_SIZE: 5, STORE: "kv" });
    expect(config.SITE_TIMEZONE).toBe("UTC");
    // In the order the Worker's script has always held them; unset ones are empty.
    expect(Object.entries(bundle)).toEqual([
      ["SITE_TITLE", "  Title  "],
      ["SITE_DESCRIPTION", "d"],
      ["SITE_AUTHOR", "a"],
      ["SITE_LANGUAGE", ""],
      ["FEED_ID", "urn:x:feed"],
      ["PAGE_SIZE", "5"],
      ["WEBSUB_HUBS", ""],
      ["FEDIVERSE_HANDLE", ""],
      ["FEED_MIN_POLL", ""],
      ["FEED_MAX_POLL", ""],
    ]);
    expect(icons).toEqual({
      icon: { ref: "media/wide.png", place: { file: toml, line: 7, field: "SITE_ICON" } },
    });
  });

  it("the project's own wrangler.toml", async () => {
    const { config } = await readSiteConfig(join(ROOT, "wrangler.toml"));
    expect(config.SITE_TITLE).toBe("edgefeed");
    expect(config.STORE).toBe("assets");
  });
});
