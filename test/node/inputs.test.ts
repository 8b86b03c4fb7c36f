// src/build/inputs.ts: what a build is made from. Every input changes the hash, the build's own output
// does not, and a build is up to date only for the inputs it was made from and until its first
// scheduled article comes out.
import { mkdir, mkdtemp, readFile, rename, stat, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  type BuildInputs,
  type FileDigest,
  forgetInputs,
  hashInputs,
  hashInputsAside,
  hashKnownInputs,
  recordInputs,
  upToDate,
} from "../../src/build/inputs";

async function project() {
  const root = await mkdtemp(join(tmpdir(), "edgefeed-inputs-"));
  const files: Record<string, string> = {
    "wrangler.toml": 'name = "x"\n',
    "package-lock.json": '{"lockfileVersion":3}\n',
    "src/worker/app.ts": "export {};\n",
    "src/views/page.tsx": "export {};\n",
    "content/a.md": "---\ntitle: A\n---\n",
    "content/media/a.png": "png",
  };
  for (const [name, text] of Object.entries(files)) {
    await mkdir(join(root, name, ".."), { recursive: true });
    await writeFile(join(root, name), text);
  }
  const inputs: BuildInputs = {
    content: join(root, "content"),
    config: join(root, "wrangler.toml"),
    out: join(root, "src/generated"),
    referenceYear: 2026,
    project: root,
  };
  return { root, inputs };
}

const vars = process.env.EDGEFEED_VARS;
afterEach(() => {
  if (vars === undefined) delete process.env.EDGEFEED_VARS;
  else process.env.EDGEFEED_VARS = vars;
});

describe("the inputs of a build", () => {
  it("hash the same for the same folders, in another place too", async () => {
    const a = await project();
    const b = await project();
    expect(await hashInputs(a.inputs)).toBe(await hashInputs(b.inputs));
  });

  it("hash differently for each change a build would show", async () => {
    const changes: [string, (root: string) => Promise<unknown>][] = [
      ["an article's text", (root) => writeFile(join(root, "content/a.md"), "---\ntitle: B\n---\n")],
      ["a new article", (root) => writeFile(join(root, "content/b.md"), "---\ntitle: A\n---\n")],
      ["an article renamed", (root) => rename(join(root, "content/a.md"), join(root, "content/b.md"))],
      ["a medium", (root) => writeFile(join(root, "content/media/a.png"), "png2")],
      ["the code", (root) => writeFile(join(root, "src/views/page.tsx"), "export const x = 1;\n")],
      ["the configuration", (root) => writeFile(join(root, "wrangler.toml"), 'name = "y"\n')],
      ["a library's version", (root) => writeFile(join(root, "package-lock.json"), '{"lockfileVersion":2}\n')],
    ];
    const base = await project();
    const hashes = new Set([await hashInputs(base.inputs)]);
    for (const [what, change] of changes) {
      const { root, inputs } = await project();
      await change(root);
      const hash = await hashInputs(inputs);
      expect(hashes.has(hash), what).toBe(false);
      hashes.add(hash);
    }
    const year = await hashInputs({ ...base.inputs, referenceYear: 2025 });
    expect(hashes.has(year), "the reference year").toBe(false);
    process.env.EDGEFEED_VARS = JSON.stringify({ PAGE_SIZE: "10" });
    expect(hashes.has(await hashInputs(base.inputs)), "EDGEFEED_VARS").toBe(false);
  });

  it("do not include what the build writes, inside src/ or inside the content folder", async () => {
    const { root, inputs } = await project();
    const before = await hashInputs(inputs);
    await mkdir(join(root, "src/generated/store"), { recursive: true });
    await writeFile(join(root, "src/generated/current.txt"), "{}");
    await writeFile(join(root, "src/generated/store/x"), "x");
    expect(await hashInputs(inputs)).toBe(before);
    const inside = { ...inputs, out: join(root, "content/out") };
    const beforeInside = await hashInputs(inside);
    await mkdir(inside.out);
    await writeFile(join(inside.out, "current.txt"), "{}");
    expect(await hashInputs(inside)).toBe(beforeInside);
  });
});

describe("whether the last build is up to date", () => {
  const now = Date.parse("2026-06-01T00:00:00Z");

  it("only for the inputs it was made from", async () => {
    const out = await mkdtemp(join(tmpdir(), "edgefeed-inputs-out-"));
    expect(await upToDate(out, "a", now)).toBeUndefined();
    await recordInputs(out, { inputs: "a", articles: 3 });
    expect(await upToDate(out, "a", now)).toBe(3);
    expect(await upToDate(out, "b", now)).toBeUndefined();
  });

  it("until its first scheduled article comes out", async () => {
    const out = await mkdtemp(join(tmpdir(), "edgefeed-inputs-out-"));
    await recordInputs(out, { inputs: "a", articles: 3, until: "2026-06-01T00:00:00.000Z" });
    expect(await upToDate(out, "a", now - 1)).toBe(3);
    expect(await upToDate(out, "a", now)).toBeUndefined();
  });

  it("not once a build has begun again", async () => {
    const out = await mkdtemp(join(tmpdir(), "edgefeed-inputs-out-"));
    await recordInputs(out, { inputs: "a", articles: 3 });
    await forgetInputs(out);
    expect(await upToDate(out, "a", now)).toBeUndefined();
  });
});

describe("the content files' digests the last build read", () => {
  it("are trusted for a file whose size, times and inode are the same, and only then", async () => {
    const { root, inputs } = await project();
    const known = new Map<string, FileDigest>();
    const first = await hashInputs({ ...inputs, known });
    const file = join(root, "content/a.md");
    expect(known.get(file)?.digest).toMatch(/^[0-9a-f]{64}$/);
    // Trusted: a digest noted for the file as it is stands for its bytes (here a wrong one, to see it used).
    const planted = new Map([...known].map(([path, d]) => [path, { ...d, digest: "0".repeat(64) }]));
    expect(await hashInputs({ ...inputs, known: planted })).not.toBe(first);
    expect(await hashInputs({ ...inputs, known })).toBe(first);
  });

  it("are not trusted for a file rewritten with the same size and modification time", async () => {
    const { root, inputs } = await project();
    const known = new Map<string, FileDigest>();
    const first = await hashInputs({ ...inputs, known });
    const file = join(root, "content/a.md");
    const before = await stat(file);
    // The same length, the modification time set back: only the change time says it was written.
    await writeFile(file, "---\ntitle: B\n---\n");
    await utimes(file, before.atime, before.mtime);
    const rewritten = await hashInputs({ ...inputs, known });
    expect(rewritten).not.toBe(first);
    expect(rewritten).toBe(await hashInputs(inputs));
  });
});

describe("the inputs hashed with the digests the build cache keeps", () => {
  /** A project, with its cache folder, and a last build of `articles` articles recorded. */
  async function kept(articles?: number) {
    const { root, inputs } = await project();
    const cache = join(root, "src/generated/cache");
    await mkdir(cache, { recursive: true });
    if (articles !== undefined) await recordInputs(inputs.out, { inputs: "last", articles });
    return { root, inputs, cache };
  }

  it("hash as hashInputs does, and keep each file's digest for the next build to trust", async () => {
    const { root, inputs, cache } = await kept();
    const files = new Map<string, string>();
    const expected = await hashInputs({ ...inputs, files });
    const hashed = await hashKnownInputs(inputs, cache);
    expect(hashed).toEqual({ inputs: expected, files });
    // Trusted next time: a wrong digest planted for a file as it is stands for its bytes.
    const path = join(root, "content/a.md");
    const lines = (await readFile(join(cache, "files.tsv"), "utf8")).split("\n");
    const planted = lines.map((line) =>
      line.startsWith(`${path}\t`) ? line.replace(/[0-9a-f]{64}$/, "0".repeat(64)) : line,
    );
    expect(planted).not.toEqual(lines);
    await writeFile(join(cache, "files.tsv"), planted.join("\n"));
    expect((await hashKnownInputs(inputs, cache)).inputs).not.toBe(expected);
  });

  it.each([
    ["here, after a small build", 3],
    ["on a thread of their own, after a large one", 5000],
  ])("%s", async (_, articles) => {
    const { inputs, cache } = await kept(articles);
    const files = new Map<string, string>();
    const expected = await hashInputs({ ...inputs, files });
    const hashing = hashInputsAside(inputs, cache);
    expect(await hashing.inputs).toBe(expected);
    expect(await hashing.files).toEqual(files);
    // Each file's digest, kept for the next build.
    await hashing.kept;
    const lines = (await readFile(join(cache, "files.tsv"), "utf8")).split("\n").filter(Boolean);
    expect(lines.map((line) => line.split("\t")[0]).sort()).toEqual([...files.keys()].sort());
  });

  it("fail with the reason, from a thread too", async () => {
    for (const articles of [3, 5000]) {
      const { root, inputs, cache } = await kept(articles);
      const missing = { ...inputs, content: join(root, "no-such-folder") };
      const hashing = hashInputsAside(missing, cache);
      await expect(hashing.inputs).rejects.toThrow(/ENOENT.*no-such-folder/);
      await expect(hashing.files).rejects.toThrow(/ENOENT.*no-such-folder/);
      await expect(hashing.kept).rejects.toThrow(/ENOENT.*no-such-folder/);
    }
  });
});
