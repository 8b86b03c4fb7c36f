// src/build/output.ts: what a build writes (current.* and the store) changes for a reader in one step: a
// reader sees the whole of one build or the whole of the next, never a mix, and a failed build leaves
// nothing behind.
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import {
  appendFile,
  cp,
  lstat,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  readlink,
  realpath,
  symlink,
  writeFile,
} from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, dirname, join, relative } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it, vi } from "vitest";
import { reserveBuild, startBuild } from "../../src/build/output";
import { OPEN_ORIGIN } from "../../src/shared/contract";
import { buildCli } from "../support/build-cli";
import { ROOT } from "../support/feed-fixtures";

const run = promisify(execFile);
const article = (tag: string) => `---\ntitle: Fine\ndate: 2024-07-25\ntags: [${tag}]\n---\nText.\n`;

const cli = (dir: string, out: string) => buildCli(["--content", dir, "--out", out]);

async function project(files: Record<string, string>) {
  const dir = await mkdtemp(join(tmpdir(), "edgefeed-output-"));
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  return { dir, out: join(dir, "out") };
}

/** Every path under a folder, with what each link names (not followed), so that any leftover shows. */
async function tree(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const names = await Promise.all(
    entries.map(async (entry) => {
      const name = relative(dir, join(entry.parentPath, entry.name));
      return entry.isSymbolicLink() ? `${name} -> ${await readlink(join(dir, name))}` : name;
    }),
  );
  return names.sort();
}

/** What a reader (wrangler, the tests) opens: the store folder, and the current documents beside it. */
async function view(out: string) {
  const folder = dirname(await realpath(join(out, "store")));
  const current = JSON.parse(await readFile(join(folder, "current.txt"), "utf8")) as { newest: { tags: string[] }[] };
  return {
    folder,
    tags: current.newest.flatMap((a) => a.tags),
    stored: (await readdir(join(folder, "store/_store"))).sort(),
  };
}

describe("the output of a build", () => {
  it("a build that fails half-way, after every file was read, leaves the last output as it was and nothing else", async () => {
    const { dir, out } = await project({ "a.md": article("x") });
    await cli(dir, out);
    const before = await tree(out);
    const seen = await view(out);
    // Text naming the open address fails the check that runs as the site is rendered (src/build/render.ts).
    await writeFile(join(dir, "b.md"), article("x").replace("Text.", `See ${OPEN_ORIGIN}/x.`));
    const failure = await cli(dir, out).then(
      () => undefined,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toMatch(/b\.md:1: expected text without "origin\.edgefeed\.invalid"/);
    expect(failure?.stderr).not.toMatch(/^\s+at /m);
    expect((await tree(out)).filter((name) => name !== "inputs.json")).toEqual(
      before.filter((name) => name !== "inputs.json"),
    );
    expect(await view(out)).toEqual(seen);
  });

  it("a reader that opened the output before a build still reads that build whole after it", async () => {
    const { dir, out } = await project({ "a.md": article("x") });
    await cli(dir, out);
    const first = await view(out);
    expect(first.tags).toEqual(["x"]);
    expect(first.stored).toContain("!tags!x");

    await writeFile(join(dir, "a.md"), article("y"));
    await cli(dir, out);
    const second = await view(out);
    expect(second.tags).toEqual(["y"]);
    expect(second.stored).toContain("!tags!y");
    expect(second.stored).not.toContain("!tags!x");
    // The first build, as its reader resolved it, is untouched: its current documents and its store agree.
    expect(
      JSON.parse(await readFile(join(first.folder, "current.txt"), "utf8")).newest.flatMap(
        (a: { tags: string[] }) => a.tags,
      ),
    ).toEqual(["x"]);
    expect((await readdir(join(first.folder, "store/_store"))).sort()).toEqual(first.stored);
  });
  it("a build renders with the stylesheet it writes, not the live build's, on a fresh clone and after a change", async () => {
    // A copy of the project without src/generated/, as a fresh clone has it.
    const clone = await mkdtemp(join(tmpdir(), "edgefeed-clone-"));
    for (const entry of ["src", "wrangler.toml", "package.json", "package-lock.json", "tsconfig.json"]) {
      await cp(join(ROOT, entry), join(clone, entry), {
        recursive: true,
        filter: (from) => from !== join(ROOT, "src/generated"),
      });
    }
    await symlink(join(ROOT, "node_modules"), join(clone, "node_modules"));
    const { dir } = await project({ "a.md": article("x") });
    const build = () => buildCli(["--content", dir], { cwd: clone });
    // The stylesheet as it is now in the clone, under the name its bytes give it (12 hex digits of SHA-256).
    const named = async () => {
      const css = await readFile(join(clone, "src/assets/style.css"));
      const current = await readFile(join(clone, "src/generated/current.txt"), "utf8");
      return {
        written: `style.${createHash("sha256").update(css).digest("hex").slice(0, 12)}.css`,
        linked: new Set(current.match(/style\.[0-9a-f]{12}\.css/g)),
      };
    };
    await build();
    const first = await named();
    expect(first.linked).toEqual(new Set([first.written]));
    await appendFile(join(clone, "src/assets/style.css"), "\n/* changed */\n");
    await build();
    const second = await named();
    expect(second.written).not.toBe(first.written);
    expect(second.linked).toEqual(new Set([second.written]));
  });
});

describe("startBuild", () => {
  const fixed = { "current.js": 'import data from "./current.txt";\n' };
  async function publish(out: string, text: string) {
    const build = await startBuild(out);
    await writeFile(join(build.dir, "current.txt"), text);
    await mkdir(join(build.dir, "store"));
    await writeFile(join(build.dir, "store", "doc"), text);
    await build.publish(fixed);
    return build.dir;
  }

  it("replaces an older layout's files and folders with the links, and reads through them", async () => {
    const out = await mkdtemp(join(tmpdir(), "edgefeed-layout-"));
    await mkdir(join(out, "store", "_store"), { recursive: true });
    await mkdir(join(out, "store.next"));
    await writeFile(join(out, "store", "_store", "!old"), "old");
    await writeFile(join(out, "current.txt"), "old");
    await publish(out, "new");
    expect(await tree(out)).toEqual([
      "builds",
      expect.stringMatching(/^builds\/\d+-/),
      expect.stringMatching(/^builds\/\d+-.*\/\.published$/),
      expect.stringMatching(/^builds\/\d+-.*\/current\.txt$/),
      expect.stringMatching(/^builds\/\d+-.*\/store$/),
      expect.stringMatching(/^builds\/\d+-.*\/store\/doc$/),
      "current.js",
      "current.txt -> live/current.txt",
      expect.stringMatching(/^live -> builds\/\d+-/),
      "store -> live/store",
    ]);
    expect(await readFile(join(out, "current.txt"), "utf8")).toBe("new");
    expect(await readFile(join(out, "store", "doc"), "utf8")).toBe("new");
  });

  it("a first build that fails leaves no folder behind", async () => {
    const out = await mkdtemp(join(tmpdir(), "edgefeed-layout-"));
    const failed = await startBuild(out);
    await writeFile(join(failed.dir, "current.txt"), "half");
    await failed.discard();
    expect(await readdir(out)).toEqual([]);
  });

  it("a build that fails removes its folder and leaves the live one as it was", async () => {
    const out = await mkdtemp(join(tmpdir(), "edgefeed-layout-"));
    const live = await publish(out, "first");
    const failed = await startBuild(out);
    await writeFile(join(failed.dir, "current.txt"), "half");
    await failed.discard();
    await expect(lstat(failed.dir)).rejects.toThrow(/ENOENT/);
    expect(await realpath(join(out, "live"))).toBe(await realpath(live));
    expect(await readFile(join(out, "current.txt"), "utf8")).toBe("first");
  });

  it("keeps the two builds it replaced last, for readers that opened them, and removes older ones", async () => {
    const out = await mkdtemp(join(tmpdir(), "edgefeed-layout-"));
    const first = await publish(out, "1");
    const second = await publish(out, "2");
    const third = await publish(out, "3");
    expect((await readdir(join(out, "builds"))).sort()).toEqual([first, second, third].map((d) => basename(d)).sort());
    expect(await readFile(join(first, "current.txt"), "utf8")).toBe("1");
    const fourth = await publish(out, "4");
    expect((await readdir(join(out, "builds"))).sort()).toEqual([second, third, fourth].map((d) => basename(d)).sort());
    expect(await readFile(join(out, "current.txt"), "utf8")).toBe("4");
    // The first went to the trash at once, and a process of its own removes it there.
    await vi.waitFor(async () => expect(await readdir(join(out, "trash"))).toEqual([]), { timeout: 30_000 });
  });

  it("takes over a replaced build past keeping only if the same code made it", async () => {
    const out = await mkdtemp(join(tmpdir(), "edgefeed-layout-"));
    const publishBy = async (code: string, text: string) => {
      const build = await startBuild(out, undefined, { recycle: code });
      if (!build.recycled) await mkdir(join(build.dir, "store"));
      await writeFile(join(build.dir, "current.txt"), text);
      await writeFile(join(build.dir, "store", "doc"), text);
      await build.publish(fixed);
      return build;
    };
    for (const text of ["1", "2", "3"]) expect((await publishBy("a", text)).recycled).toBe(false);
    // The first build is past keeping: the same code takes its folder over, with what it holds.
    const same = await startBuild(out, undefined, { recycle: "a" });
    expect(same.recycled).toBe(true);
    expect(await readFile(join(same.dir, "store", "doc"), "utf8")).toBe("1");
    await same.discard();
    for (const text of ["4", "5"]) await publishBy("a", text);
    // Other code starts afresh, and the build it did not take goes to the trash.
    const before = await readdir(join(out, "builds"));
    const other = await startBuild(out, undefined, { recycle: "b" });
    expect(other.recycled).toBe(false);
    expect(await readdir(other.dir)).toEqual(["code.txt"]);
    await other.discard();
    const after = await readdir(join(out, "builds"));
    expect(after).toHaveLength(before.length - 1);
  });

  it("leaves spares after a change of code, which the next builds take over before any other folder", async () => {
    const out = await mkdtemp(join(tmpdir(), "edgefeed-layout-"));
    const fill = (text: string) => async (dir: string) => {
      await mkdir(join(dir, "store"));
      await writeFile(join(dir, "store", "doc"), `spare of ${text}`);
    };
    const publishBy = async (code: string, text: string) => {
      const build = await startBuild(out, undefined, { recycle: code });
      if (!build.recycled) await mkdir(join(build.dir, "store"));
      const before = build.recycled ? await readFile(join(build.dir, "store", "doc"), "utf8") : undefined;
      await writeFile(join(build.dir, "current.txt"), text);
      await writeFile(join(build.dir, "store", "doc"), text);
      await build.publish(fixed);
      return { recycled: build.recycled, before, spares: await build.spares(fill(text)) };
    };
    const spares = async () => {
      const names = await readdir(join(out, "builds"));
      const marked = await Promise.all(
        names.map((n) =>
          lstat(join(out, "builds", n, ".spare")).then(
            () => n,
            () => "",
          ),
        ),
      );
      return marked.filter(Boolean);
    };
    // A first build: none of the next two finds a replaced folder to take over.
    expect(await publishBy("a", "1")).toEqual({ recycled: false, spares: 2 });
    expect(await publishBy("a", "2")).toEqual({ recycled: true, before: "spare of 1", spares: 0 });
    expect(await publishBy("a", "3")).toEqual({ recycled: true, before: "spare of 1", spares: 0 });
    expect(await spares()).toEqual([]);
    // Now the one replaced before last, as without spares.
    expect(await publishBy("a", "4")).toEqual({ recycled: true, before: "1", spares: 0 });
    // Other code: the replaced folders are no use to it, and it makes up for them.
    expect(await publishBy("b", "5")).toEqual({ recycled: false, spares: 2 });
    expect(await spares()).toHaveLength(2);
    expect(await publishBy("b", "6")).toEqual({ recycled: true, before: "spare of 5", spares: 0 });
    expect(await publishBy("b", "7")).toEqual({ recycled: true, before: "spare of 5", spares: 0 });
    expect(await publishBy("b", "8")).toEqual({ recycled: true, before: "5", spares: 0 });
    // Spares of code gone by are removed by the next build of other code, which makes its own.
    expect(await publishBy("c", "9")).toEqual({ recycled: false, spares: 2 });
    const left = await spares();
    expect(left).toHaveLength(2);
    expect(await publishBy("d", "10")).toEqual({ recycled: false, spares: 2 });
    const after = await readdir(join(out, "builds"));
    for (const name of left) expect(after).not.toContain(name);
    expect(await readFile(join(out, "current.txt"), "utf8")).toBe("10");
  });

  it("does not take over a spare that was cut short, or that other code made, and removes both", async () => {
    const out = await mkdtemp(join(tmpdir(), "edgefeed-layout-"));
    const gone = (await run(process.execPath, ["-e", "process.stdout.write(String(process.pid))"])).stdout;
    await publish(out, "first");
    const half = join(out, "builds", `${gone}-half-0`);
    await mkdir(join(half, "store"), { recursive: true });
    await writeFile(join(half, "code.txt"), "a");
    const other = join(out, "builds", `${gone}-other-0`);
    await mkdir(join(other, "store"), { recursive: true });
    await writeFile(join(other, "code.txt"), "z");
    await writeFile(join(other, ".spare"), "");
    const build = await startBuild(out, undefined, { recycle: "a" });
    expect(build.recycled).toBe(false);
    await build.publish(fixed);
    const builds = await readdir(join(out, "builds"));
    expect(builds).not.toContain(basename(half));
    expect(builds).not.toContain(basename(other));
  });

  it("removes what a killed build left once its process is gone, and spares a build still running", async () => {
    const out = await mkdtemp(join(tmpdir(), "edgefeed-layout-"));
    const gone = (await run(process.execPath, ["-e", "process.stdout.write(String(process.pid))"])).stdout;
    await mkdir(join(out, "builds", `${process.ppid}-running-0`), { recursive: true });
    await publish(out, "first");
    await publish(out, "second");
    await mkdir(join(out, "builds", `${gone}-killed-0`, "store"), { recursive: true });
    await publish(out, "third");
    const builds = await readdir(join(out, "builds"));
    expect(builds).not.toContain(`${gone}-killed-0`);
    expect(builds).toContain(`${process.ppid}-running-0`);
    // The trash's removal waits for it (src/build/trash.mjs): no longer under way, it is let go.
    await writeFile(join(out, "builds", `${process.ppid}-running-0`, ".published"), "");
  });

  it("does not take over a spare another build is taking over", async () => {
    const out = await mkdtemp(join(tmpdir(), "edgefeed-layout-"));
    await publish(out, "first");
    // A build still running renamed a spare onto its own folder, and has yet to remove the mark.
    const taking = join(out, "builds", `${process.ppid}-taking-0`);
    await mkdir(join(taking, "store"), { recursive: true });
    await writeFile(join(taking, "code.txt"), "a");
    await writeFile(join(taking, ".spare"), "");
    const build = await startBuild(out, undefined, { recycle: "a" });
    expect(build.recycled).toBe(false);
    await build.publish(fixed);
    expect(await readdir(join(out, "builds"))).toContain(basename(taking));
    await writeFile(join(taking, ".published"), "");
  });

  it("gives a folder it took over back as a spare when it stops before changing it", async () => {
    const out = await mkdtemp(join(tmpdir(), "edgefeed-layout-"));
    const first = await startBuild(out, undefined, { recycle: "a" });
    await mkdir(join(first.dir, "store"));
    await writeFile(join(first.dir, "store", "doc"), "1");
    await first.publish(fixed);
    expect(
      await first.spares(async (dir) => cp(join(first.dir, "store"), join(dir, "store"), { recursive: true })),
    ).toBe(2);
    // A content mistake stops the next build before it writes: the spare is there for the one after.
    const stopped = await startBuild(out, undefined, { recycle: "a" });
    expect(stopped.recycled).toBe(true);
    await stopped.discard();
    const again = await startBuild(out, undefined, { recycle: "a" });
    expect(again.recycled).toBe(true);
    again.changing();
    await again.discard();
    await expect(lstat(again.dir)).rejects.toThrow(/ENOENT/);
    // Of the two, one is left: the one given back, then taken over and changed, is gone.
    const spares = await Promise.all(
      (await readdir(join(out, "builds"))).map((n) =>
        lstat(join(out, "builds", n, ".spare")).then(
          () => n,
          () => "",
        ),
      ),
    );
    expect(spares.filter(Boolean)).toHaveLength(1);
  });

  it("a build reserves its folder from its start, and leaves none behind when it has nothing to write", async () => {
    const { dir, out } = await project({ "a.md": article("x") });
    await cli(dir, out);
    const before = await tree(out);
    // The same inputs: the build stops before rendering, with its folder made and removed.
    await cli(dir, out);
    expect(await tree(out)).toEqual(before);
    // No content folder: nothing is made at all.
    const elsewhere = join(dir, "elsewhere");
    await expect(cli(join(dir, "missing"), elsewhere)).rejects.toMatchObject({ code: 1 });
    await expect(lstat(elsewhere)).rejects.toThrow(/ENOENT/);
  });

  it("a reserved folder counts as a build under way until it is released", async () => {
    const out = await mkdtemp(join(tmpdir(), "edgefeed-layout-"));
    const reserved = await reserveBuild(out);
    expect(await readdir(join(out, "builds"))).toEqual([reserved.id]);
    await reserved.release();
    await expect(lstat(join(out, "builds"))).rejects.toThrow(/ENOENT/);
    // Once a build started in it and was published, releasing leaves it.
    const kept = await reserveBuild(out);
    const build = await startBuild(out, undefined, { recycle: "a", reserved: kept });
    expect(build.dir).toBe(join(out, "builds", kept.id));
    await writeFile(join(build.dir, "current.txt"), "1");
    await build.publish(fixed);
    await kept.release();
    expect(await readFile(join(out, "current.txt"), "utf8")).toBe("1");
  });
});
