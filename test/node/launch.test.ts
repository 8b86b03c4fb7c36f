// src/build/launch.mjs: every build command runs the build bundled. The bundle must render what the
// sources render (threads included: a site of 1,000 articles or more renders on a pool of them, and its
// next build hashes its inputs on one), and must be made again whenever the code changes.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { appendFile, cp, mkdir, mkdtemp, readdir, readFile, rm, symlink, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { buildCli } from "../support/build-cli";
import { syntheticArticle } from "../support/generate-articles";

const ROOT = join(import.meta.dirname, "../..");
const temporary: string[] = [];
afterAll(() => Promise.all(temporary.map((dir) => rm(dir, { recursive: true, force: true }))));

async function folder(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  temporary.push(dir);
  return dir;
}

/** Every file the live build holds, by its path in it, but the content folder's name. */
async function liveFiles(out: string): Promise<Map<string, string>> {
  const live = join(out, "live");
  const files = new Map<string, string>();
  for (const entry of await readdir(live, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || entry.name === "source.txt") continue;
    const path = join(entry.parentPath, entry.name);
    files.set(relative(live, path), await readFile(path, "latin1"));
  }
  return files;
}

/** The build from its TypeScript sources, through tsx, as the tests' own imports load it. */
const fromSources = (args: string[]) =>
  promisify(execFile)(process.execPath, ["--import", "tsx", "src/build/cli.ts", ...args], {
    cwd: ROOT,
    env: { ...process.env, EDGEFEED_YEAR: "2026" },
    maxBuffer: 16 << 20,
  });

describe("the bundled build", () => {
  it("writes what the sources write: a full build on a pool of threads, then an addition hashed on one", async () => {
    const content = await folder("edgefeed-launch-content-");
    for (let k = 1; k <= 1000; k++) {
      const { name, text } = syntheticArticle(k);
      await writeFile(join(content, name), text);
    }
    const [bundled, sources] = [await folder("edgefeed-launch-bundled-"), await folder("edgefeed-launch-sources-")];
    for (const step of ["full", "addition"]) {
      if (step === "addition") {
        const { name, text } = syntheticArticle(1001);
        await writeFile(join(content, name), text);
      }
      await buildCli(["--content", content, "--out", bundled]);
      await fromSources(["--content", content, "--out", sources]);
      const [got, want] = [await liveFiles(bundled), await liveFiles(sources)];
      expect(got.size, step).toBeGreaterThan(1000);
      expect([...got.keys()].sort()).toEqual([...want.keys()].sort());
      for (const [path, bytes] of want) expect(got.get(path), `${path} after the ${step}`).toBe(bytes);
    }
  });

  it("is made again when the code changes, and bundles no build used for a day are removed", async () => {
    // A copy of the project, whose code can change without touching this one's.
    const clone = await folder("edgefeed-launch-clone-");
    for (const entry of ["src", "wrangler.toml", "package.json", "package-lock.json", "tsconfig.json"]) {
      await cp(join(ROOT, entry), join(clone, entry), {
        recursive: true,
        filter: (from) => from !== join(ROOT, "src/generated"),
      });
    }
    await symlink(join(ROOT, "node_modules"), join(clone, "node_modules"));
    const content = await folder("edgefeed-launch-one-");
    const { name, text } = syntheticArticle(1);
    await writeFile(join(content, name), text);
    const build = async () => (await buildCli(["--content", content], { cwd: clone })).stdout;
    expect(await build()).toMatch(/^edgefeed: 1 article → /);
    // Beside it, two bundles of other code: one last used two days ago, one an hour ago.
    const bundles = join(ROOT, "node_modules/.cache/edgefeed");
    const [stale, recent] = [join(bundles, `build-${"0".repeat(31)}1`), join(bundles, `build-${"0".repeat(31)}2`)];
    for (const [dir, hours] of [
      [stale, 48],
      [recent, 1],
    ] as const) {
      await mkdir(dir, { recursive: true });
      temporary.push(dir);
      const then = new Date(Date.now() - hours * 3600_000);
      await utimes(dir, then, then);
    }
    await appendFile(
      join(clone, "src/build/summary.ts"),
      '\nexport const CHANGED = console.log("summary.ts, changed");\n',
    );
    expect(await build()).toMatch(/^summary\.ts, changed\nedgefeed: 1 article → /);
    expect(existsSync(stale)).toBe(false);
    expect(existsSync(recent)).toBe(true);
  });
});
