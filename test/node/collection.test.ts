import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFile, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { buildCollection, collectionVersion } from "../../src/build/collection";
import { buildCli } from "../support/build-cli";
import { generateArticles, syntheticDate } from "../support/generate-articles";
import { png, pngClaiming } from "../support/png";

const run = promisify(execFile);
const ROOT = new URL("../../", import.meta.url).pathname;
const SEED = join(ROOT, "content/us-mexico-partnership-fentanyl-migration.txt");
const options = { referenceYear: 2026, timeZone: "UTC" };
const GOOD_MD = "---\ntitle: Fine\ndate: 2024-07-25\n---\nText.\n";

async function folder(files: Record<string, string | Uint8Array> = {}): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "edgefeed-content-"));
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  return dir;
}

describe("a content folder with both formats", () => {
  it("orders articles newest first, ties broken by slug", async () => {
    const dir = await folder();
    await generateArticles(dir, 30);
    await copyFile(SEED, join(dir, "us-mexico-partnership-fentanyl-migration.txt"));
    const { collection, errors } = await buildCollection(dir, options, dir);
    expect(errors).toEqual([]);
    const expected = [
      { slug: "us-mexico-partnership-fentanyl-migration", time: Date.UTC(2024, 6, 22) },
      ...Array.from({ length: 30 }, (_, i) => ({
        slug: `dispatch-${String(i + 1).padStart(5, "0")}`,
        time: syntheticDate(i + 1).getTime(),
      })),
    ].sort((a, b) => b.time - a.time || a.slug.localeCompare(b.slug));
    expect(collection.articles.map((a) => a.slug)).toEqual(expected.map((e) => e.slug));
    expect(new Set(collection.articles.map((a) => a.file.slice(-3)))).toEqual(new Set([".md", "txt"]));
  });

  it("leaves drafts out but still checks them", async () => {
    const dir = await folder({
      "published.md": GOOD_MD,
      "draft.md": "---\ntitle: Not yet\ndate: 2024-07-26\ndraft: true\n---\nText.\n",
      "broken-draft.md": "---\ntitle: Not yet\ndate: someday\ndraft: true\n---\nText.\n",
    });
    const { collection, errors } = await buildCollection(dir, options, dir);
    expect(collection.articles.map((a) => a.slug)).toEqual(["published"]);
    expect(errors.map((e) => e.file)).toEqual(["broken-draft.md"]);
  });

  it("gives a different version when any article changes, and the same one for the same content", async () => {
    const build = async (text: string) => {
      const dir = await folder({ "a.md": text });
      return buildCollection(dir, options, dir);
    };
    const [a, b, c] = await Promise.all([build(GOOD_MD), build(GOOD_MD), build(GOOD_MD.replace("Text.", "Text!"))]);
    expect(a.collection.version).toBe(b.collection.version);
    expect(c.collection.version).not.toBe(a.collection.version);
  });
});

describe("collectionVersion", () => {
  // The digest of the collection's JSON as one string, which a million articles are too long to be.
  const whole = (value: unknown) => createHash("sha256").update(JSON.stringify(value)).digest("hex").slice(0, 16);
  const icons = {
    icon: { url: "/media/icon.0123456789ab.png", type: "image/png", length: 100, width: 512, height: 512 },
  };

  it("is the digest of the articles' JSON, hashed a piece at a time", async () => {
    const dir = await folder();
    await generateArticles(dir, 5);
    const { articles } = (await buildCollection(dir, options, dir)).collection;
    expect(articles).toHaveLength(5);
    expect(collectionVersion(articles)).toBe(whole(articles));
    expect(collectionVersion(articles, icons)).toBe(whole({ articles, icons }));
    expect(collectionVersion([])).toBe(whole([]));
    expect(collectionVersion([], icons)).toBe(whole({ articles: [], icons }));
  });
});

describe("a folder with mistakes lists every bad file", () => {
  it("reports each problem with file and line, and builds nothing from them", async () => {
    const wireWithId = (n: number) => `Monday, July 22\nus 555\n\nTitle ${n}\n\nText.\n`;
    const dir = await folder({
      "good.md": GOOD_MD,
      "bad-date.txt": "Mondy, July 22\nus\n\nT\n\nP\n",
      "bad-front.md": "---\ntitle: A\n---\nText\n",
      "Bad Name.md": GOOD_MD,
      "notes.docx": "x",
      "same-id-1.txt": wireWithId(1),
      "same-id-2.txt": wireWithId(2),
      "dup.txt": wireWithId(3).replace("555", "556"),
      "dup.md": GOOD_MD,
      "latin1.txt": new Uint8Array([...Buffer.from("Monday, July 22\nus\n\nCaf"), 0xe9, 0x0a]),
      ".hidden.txt": "ignored",
    });
    const { collection, errors } = await buildCollection(dir, options, dir);
    expect(errors.map((e) => e.message)).toEqual([
      'Bad Name.md:1: expected a file name made of lower-case letters, digits and single hyphens (it is the article\'s URL slug), found "Bad Name"\n  hint: rename it, for example to "bad-name.md"',
      'bad-date.txt:1: expected a date line such as "Monday, July 22" or "Monday, July 22, 2024", found "Mondy, July 22"\n  hint: spell the weekday and month in full, capitalised, as in the example',
      'bad-front.md:1: expected a "date:" field in the front matter, found none',
      "latin1.txt:4: expected UTF-8 text, found bytes that are not UTF-8\n  hint: re-save the file as UTF-8",
      'notes.docx:1: expected a .txt (wire) or .md (Markdown) file, or a wire story\'s .yaml sidecar, found ".docx"\n  hint: move other files out of content/ (media go in a folder such as content/media/)',
      'dup.txt:1: expected a unique slug, found "dup" already used by dup.md\n  hint: give one of them another file name or id',
      `same-id-2.txt:1: expected a unique id, found "${collection.articles.find((a) => a.slug === "same-id-1")?.id}" already used by same-id-1.txt\n  hint: give one of them another file name or id`,
    ]);
  });
});

describe("the build reads only regular files inside content/", () => {
  const SECRET = "API_TOKEN=hunter2-not-for-the-log";
  async function secretElsewhere(name = "secret.env"): Promise<string> {
    const elsewhere = await mkdtemp(join(tmpdir(), "edgefeed-outside-"));
    await writeFile(join(elsewhere, name), `${SECRET}\nmore\n`);
    return join(elsewhere, name);
  }

  it("an article that is a symbolic link is refused at its line 1, and what it points to is never shown", async () => {
    const dir = await folder({ "good.md": GOOD_MD });
    await symlink(await secretElsewhere(), join(dir, "leak.txt"));
    const { collection, errors } = await buildCollection(dir, options, dir);
    expect(errors.map((e) => e.message)).toEqual([
      "leak.txt:1: expected a regular file, found a symbolic link\n  hint: put the file itself in content/: the build reads only regular files, never through a link",
    ]);
    expect(JSON.stringify(errors.map((e) => e.message))).not.toContain("hunter2");
    expect(collection.articles.map((a) => a.slug)).toEqual(["good"]);
  });

  it("a well-formed Markdown article that is a link is not published", async () => {
    const elsewhere = await mkdtemp(join(tmpdir(), "edgefeed-outside-"));
    await writeFile(join(elsewhere, "story.md"), GOOD_MD);
    const dir = await folder({ "good.md": GOOD_MD.replace("Fine", "Good") });
    await symlink(join(elsewhere, "story.md"), join(dir, "linked.md"));
    const { collection, errors } = await buildCollection(dir, options, dir);
    expect(errors.map((e) => `${e.file}:${e.line}`)).toEqual(["linked.md:1"]);
    expect(collection.articles.map((a) => a.slug)).toEqual(["good"]);
  });

  it("a sidecar that is a link is refused, and a link to a folder named like an article too", async () => {
    const dir = await folder({ "story.txt": "Monday, July 22\nus\n\nTitle\n\nText.\n" });
    await symlink(await secretElsewhere("media.yaml"), join(dir, "story.yaml"));
    await symlink(tmpdir(), join(dir, "folder.md"));
    const { errors } = await buildCollection(dir, options, dir);
    expect(errors.map((e) => e.message)).toEqual([
      "folder.md:1: expected a regular file, found a symbolic link\n  hint: put the file itself in content/: the build reads only regular files, never through a link",
      "story.yaml:1: expected a regular file, found a symbolic link\n  hint: put the file itself in content/: the build reads only regular files, never through a link",
    ]);
  });

  it("a FIFO named like an article is refused without blocking the build", async () => {
    const dir = await folder({ "good.md": GOOD_MD });
    await run("mkfifo", [join(dir, "pipe.md")]);
    const { errors } = await buildCollection(dir, options, dir);
    expect(errors.map((e) => e.message)).toEqual([
      "pipe.md:1: expected a regular file, found a FIFO\n  hint: put the file itself in content/: the build reads only regular files, never through a link",
    ]);
  });

  it("a content folder that is itself a link is refused", async () => {
    const real = await folder({ "good.md": GOOD_MD });
    const parent = await mkdtemp(join(tmpdir(), "edgefeed-parent-"));
    await symlink(real, join(parent, "content"));
    await expect(buildCollection(join(parent, "content"), options, parent)).rejects.toThrow(
      /^content:1: expected a folder of articles, found a symbolic link\n {2}hint: /,
    );
  });
});

describe("an article's size", () => {
  it("an article over 1 MiB is refused at its line 1 without being parsed", async () => {
    const body = "word ".repeat(Math.ceil((1 << 20) / 5));
    const dir = await folder({ "long.md": `${GOOD_MD}${body}\n`, "good.md": GOOD_MD });
    const { collection, errors } = await buildCollection(dir, options, dir);
    expect(errors.map((e) => e.message)).toEqual([
      `long.md:1: expected an article of at most 1 MiB (1,048,576 bytes), found ${(GOOD_MD.length + body.length + 1).toLocaleString("en")} bytes\n  hint: split it into several articles; 1 MiB is about 150,000 words`,
    ]);
    expect(collection.articles.map((a) => a.slug)).toEqual(["good"]);
  });
});

describe("npm run build:content", () => {
  const cli = (dir: string, out: string) => buildCli(["--content", dir, "--out", out]);

  it("writes the current documents, their module and types, and the store for good content", async () => {
    const dir = await folder({ "a.md": GOOD_MD });
    const out = join(dir, "out");
    const { stdout } = await cli(dir, out);
    expect(stdout).toMatch(/1 article → .*out \(updated, \d+ ms\)/);
    expect(await readFile(join(out, "current.js"), "utf8")).toContain('import data from "./current.txt";');
    const data = JSON.parse(await readFile(join(out, "current.txt"), "utf8")) as { newest: { slug: string }[] };
    expect(data.newest.map((a) => a.slug)).toEqual(["a"]);
    // Its types are not written: they are committed (src/generated/current.d.ts), for tsc on a fresh clone.
    await expect(readFile(join(out, "current.d.ts"))).rejects.toThrow();
    // The whole collection as one text is no longer written: past V8's longest string it cannot be.
    await expect(readFile(join(out, "content.txt"))).rejects.toThrow();
  });

  it("fails with every bad file named, and writes nothing", async () => {
    const dir = await folder({ "a.md": "---\ntitle: A\n---\nx\n", "b.txt": "Mondy, July 22\n" });
    const out = join(dir, "out");
    const failure = await cli(dir, out).then(
      () => undefined,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toContain("2 problems in");
    expect(failure?.stderr).toMatch(/a\.md:1: expected a "date:" field/);
    expect(failure?.stderr).toMatch(/b\.txt:1: expected a date line/);
    await expect(readFile(join(out, "current.txt"))).rejects.toThrow();
  });

  it("stops before rendering when built from the same inputs, and builds again when one changes", async () => {
    const dir = await folder({ "a.md": GOOD_MD });
    const out = join(dir, "out");
    expect((await cli(dir, out)).stdout).toMatch(/1 article → .*out \(updated, \d+ ms\)/);
    const first = await readFile(join(out, "current.txt"), "utf8");
    expect((await cli(dir, out)).stdout).toMatch(/1 article → .*out \(unchanged: built from these inputs, \d+ ms\)/);
    expect(await readFile(join(out, "current.txt"), "utf8")).toBe(first);
    await writeFile(join(dir, "b.md"), GOOD_MD.replace("Fine", "Also fine"));
    expect((await cli(dir, out)).stdout).toMatch(/2 articles → .*out \(updated, \d+ ms\)/);
  });

  it("builds again after a failed build, though the inputs are back as they were", async () => {
    const dir = await folder({ "a.md": GOOD_MD });
    const out = join(dir, "out");
    await cli(dir, out);
    await writeFile(join(dir, "b.txt"), "Mondy, July 22\n");
    await expect(cli(dir, out)).rejects.toMatchObject({ code: 1 });
    await rm(join(dir, "b.txt"));
    expect((await cli(dir, out)).stdout).toMatch(/1 article → .*out \(unchanged, \d+ ms\)/);
  });

  it("is up to date only until its first scheduled article comes out", async () => {
    const dir = await folder({ "a.md": GOOD_MD, "b.md": GOOD_MD.replace("2024-07-25", "2099-01-02") });
    const out = join(dir, "out");
    await cli(dir, out);
    const stamp = JSON.parse(await readFile(join(out, "inputs.json"), "utf8")) as { until?: string };
    expect(stamp.until).toBe("2099-01-02T00:00:00.000Z");
  });
  it("refuses a content folder that is a link before reading (or hashing) anything in it", async () => {
    const real = await folder({ "a.md": GOOD_MD });
    const parent = await mkdtemp(join(tmpdir(), "edgefeed-parent-"));
    await symlink(real, join(parent, "content"));
    const out = join(parent, "out");
    const failure = await cli(join(parent, "content"), out).then(
      () => undefined,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toMatch(/content:1: expected a folder of articles, found a symbolic link\n {2}hint: /);
    expect(failure?.stderr).not.toMatch(/^\s+at /m);
    await expect(readFile(join(out, "current.txt"))).rejects.toThrow();
  });

  it("stops on each hostile file with its file:line and no stack trace", async () => {
    const dir = await folder({
      "deep-quote.md": `${GOOD_MD.replace("Text.\n", "")}${"> ".repeat(2000)}deep\n`,
      "cut-image.md": GOOD_MD.replace("---\nText", "image: media/cut.png\nimage_alt: A cut image\n---\nText"),
      "huge-image.md": GOOD_MD.replace("---\nText", "image: media/huge.png\nimage_alt: A huge image\n---\nText"),
      "good.md": GOOD_MD,
    });
    await mkdir(join(dir, "media"));
    await writeFile(join(dir, "media", "cut.png"), png(600, 400).subarray(0, 33));
    await writeFile(join(dir, "media", "huge.png"), pngClaiming(100_000, 100_000));
    const elsewhere = await mkdtemp(join(tmpdir(), "edgefeed-outside-"));
    await writeFile(join(elsewhere, "secret.env"), "API_TOKEN=hunter2\n");
    await symlink(join(elsewhere, "secret.env"), join(dir, "leak.txt"));
    const out = join(dir, "out");
    const failure = await cli(dir, out).then(
      () => undefined,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure?.code).toBe(1);
    const at = (name: string) => relative(ROOT, join(dir, name));
    const lines = failure?.stderr.split("\n") ?? [];
    expect(lines.filter((l) => /^\S+:\d+: /.test(l)).map((l) => l.slice(0, l.indexOf(": ")))).toEqual([
      `${at("cut-image.md")}:4`,
      `${at("deep-quote.md")}:5`,
      `${at("huge-image.md")}:4`,
      `${at("leak.txt")}:1`,
    ]);
    expect(failure?.stderr).toContain("4 problems in");
    expect(failure?.stderr).not.toMatch(/^\s+at /m);
    expect(failure?.stderr).not.toContain("hunter2");
    expect(failure?.stderr).not.toMatch(/RangeError|Error:/);
  });
});
