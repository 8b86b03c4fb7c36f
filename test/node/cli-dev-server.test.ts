// A file saved broken while `npm start` serves (src/build/commands.ts DEV_SERVER): the build keeps the last
// good output and writes the problems for the pages to show; fixing the file builds again. Outside
// `npm start` (a deploy, the tests) a broken file still stops the build with nothing written.
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, expect, it } from "vitest";
import { DEV_SERVER } from "../../src/build/commands";
import { buildCli } from "../support/build-cli";

const GOOD = "---\ntitle: Fine\ndate: 2024-07-25\n---\nText.\n";
const BROKEN = "---\ntitle: Not yet\ndate: tomorrow\n---\nText.\n";

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function build(content: string, out: string, dev: boolean) {
  try {
    const { stdout, stderr } = await buildCli(["--content", content, "--out", out], {
      env: { [DEV_SERVER]: dev ? "1" : "" },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const { code, stdout, stderr } = error as { code: number; stdout: string; stderr: string };
    return { code, stdout, stderr };
  }
}

const problemsOf = async (out: string) => (await import(`${join(out, "problems.js")}?${Date.now()}`)).default;

it("under npm start: the last good build stays, with the problems beside it; the fix builds again", async () => {
  dir = await mkdtemp(join(tmpdir(), "edgefeed-dev-"));
  const content = join(dir, "content");
  const out = join(dir, "out");
  await mkdir(content);
  await writeFile(join(content, "a.md"), GOOD);
  expect((await build(content, out, true)).code).toBe(0);
  expect(await problemsOf(out)).toEqual([]);
  const good = await readFile(join(out, "current.txt"), "utf8");

  await writeFile(join(content, "b.md"), BROKEN);
  const broken = await build(content, out, true);
  expect(broken.code).toBe(0);
  expect(broken.stderr).toContain("still serving the last good build");
  expect(broken.stderr).toContain('b.md:3: field "date"');
  expect(await readFile(join(out, "current.txt"), "utf8")).toBe(good);
  expect(await problemsOf(out)).toEqual([
    expect.stringMatching(/content\/b\.md:3: field "date": expected .*found "tomorrow"/),
  ]);

  await writeFile(join(content, "b.md"), GOOD.replace("Fine", "Fixed"));
  expect((await build(content, out, true)).code).toBe(0);
  expect(await problemsOf(out)).toEqual([]);
  expect(await readFile(join(out, "current.txt"), "utf8")).toContain("Fixed");
});

it("anywhere else a broken file stops the build, and so does npm start with no good build of this folder", async () => {
  dir = await mkdtemp(join(tmpdir(), "edgefeed-dev-"));
  const content = join(dir, "content");
  await mkdir(content);
  await writeFile(join(content, "a.md"), GOOD);
  await writeFile(join(content, "b.md"), BROKEN);
  const fresh = await build(content, join(dir, "fresh"), true);
  expect(fresh.code).toBe(1);
  expect(fresh.stderr).toContain("nothing was built");

  const out = join(dir, "out");
  await writeFile(join(content, "b.md"), GOOD.replace("Fine", "Second"));
  expect((await build(content, out, false)).code).toBe(0);
  await writeFile(join(content, "b.md"), BROKEN);
  const deploy = await build(content, out, false);
  expect(deploy.code).toBe(1);
  expect(deploy.stderr).toContain("nothing was built");
  expect(await problemsOf(out)).toEqual([]);
  // The live build is of another folder: nothing of it is worth serving for this one.
  const other = join(dir, "other");
  await mkdir(other);
  await writeFile(join(other, "c.md"), BROKEN);
  const elsewhere = await build(other, out, true);
  expect(elsewhere.code).toBe(1);
  expect(elsewhere.stderr).toContain("nothing was built");
  expect(await problemsOf(out)).toEqual([]);
});
