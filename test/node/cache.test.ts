// The build cache (src/build/cache.ts): a build that reuses what earlier builds parsed and rendered makes
// the same bytes as a build from scratch, after any sequence of additions, edits, deletions, scheduled
// articles and [vars] changes; deleting the cache changes nothing; a build that fails half-way leaves the
// live site and the cache as they were.
import { lstat, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join, relative } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { articleJson } from "../../src/build/article-json";
import { buildSite } from "../../src/build/build";
import { BuildCache, DocumentFolder } from "../../src/build/cache";
import type { Article } from "../../src/shared/content/schema";
import { type CurrentBundle, keyOfFile } from "../../src/shared/contract";
import { ASSETS_PREFIX } from "../../src/worker/store";
import { DAY, dateLine } from "../support/wire-articles";

const ROOT = join(import.meta.dirname, "../..");
/** The builds' clock: articles dated after it are scheduled. */
const NOW = Date.UTC(2026, 6, 1, 12);
const TAGS = ["border", "trade", "energy", "elections"];

interface Spec {
  /** Days before NOW (negative: scheduled, after it). */
  age: number;
  tags: string[];
  title: string;
  body: string;
  markdown: boolean;
}

type Step =
  | { kind: "add"; spec: Spec }
  | { kind: "edit"; pick: number; change: Partial<Spec> }
  | { kind: "delete"; pick: number }
  | { kind: "vars"; pageSize: number; title: string };

const spec = fc.record({
  age: fc.integer({ min: -3, max: 60 }),
  tags: fc.subarray(TAGS, { minLength: 1, maxLength: 3 }),
  title: fc.constantFrom("Talks resume", "Talks stall", "A deal at last"),
  body: fc.constantFrom("The sides met again.", "No one would say more.", "Officials “confirmed” it — twice."),
  markdown: fc.boolean(),
});

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 3, arbitrary: spec.map((s) => ({ kind: "add" as const, spec: s })) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant("edit" as const),
      pick: fc.nat(),
      change: fc.record(
        { age: spec.map((s) => s.age), tags: spec.map((s) => s.tags), title: fc.constantFrom("Revised", "Updated") },
        { requiredKeys: [] },
      ),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("delete" as const), pick: fc.nat() }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("vars" as const),
      pageSize: fc.constantFrom(2, 3),
      title: fc.constantFrom("Wire", "The Wire"),
    }),
  },
);

function articleText(k: number, s: Spec): { name: string; text: string } {
  const date = new Date(NOW - s.age * DAY);
  const title = `${s.title} (${k})`;
  if (s.markdown) {
    const front = `---\ntitle: "${title}"\ndate: ${date.toISOString().slice(0, 10)}\ntags: [${s.tags.join(", ")}]\n---\n`;
    return { name: `story-${k}.md`, text: `${front}\n${s.body}\n\nSecond paragraph of story ${k}.\n` };
  }
  const text = `${dateLine(date)}\n${s.tags.join(" ")} ${200000 + k}\n\n${title}\n\n${s.body}\n\nStory ${k}, continued.\n`;
  return { name: `story-${k}.txt`, text };
}

/** Every file of the live build (its store and current documents), by path: what the Worker and a deploy read. */
async function liveFiles(out: string): Promise<Map<string, string>> {
  const live = join(out, "live");
  const files = new Map<string, string>();
  for (const entry of await readdir(live, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || entry.name === "source.txt" || entry.name === ".published") continue;
    const path = join(entry.parentPath, entry.name);
    files.set(relative(live, path), await readFile(path, "latin1"));
  }
  return files;
}

/**
 * The files of a live store that hold a later epoch's document (`key@i`) no epoch lists as changed: one
 * the same as the epoch before's, which the Worker never serves (src/worker/schedule.ts) and is not stored.
 */
function unlisted(files: ReadonlyMap<string, string>): string[] {
  const current = JSON.parse(files.get("current.txt")!) as CurrentBundle;
  const listed = new Set(current.epochs.flatMap((e, i) => e.changed.map((key) => `${key}@${i + 1}`)));
  return [...files.keys()].filter((path) => {
    if (!path.includes(`${ASSETS_PREFIX}/`)) return false;
    const key = keyOfFile(`/${basename(path)}`);
    return key.includes("@") && !listed.has(key);
  });
}

let work: string;
let config: string;
let wrangler: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "edgefeed-cache-"));
  wrangler = await readFile(join(ROOT, "wrangler.toml"), "utf8");
  config = join(work, "wrangler.toml");
  // What builds print is not what is tested here.
  vi.spyOn(console, "log").mockImplementation(() => {});
});
afterAll(async () => {
  vi.restoreAllMocks();
  await rm(work, { recursive: true, force: true });
});

async function writeConfig(pageSize: number, title: string, store = "assets") {
  await writeFile(
    config,
    wrangler
      .replace(/^PAGE_SIZE = .*$/m, `PAGE_SIZE = "${pageSize}"`)
      .replace(/^SITE_TITLE = .*$/m, `SITE_TITLE = "${title}"`)
      .replace(/^STORE = .*$/m, `STORE = "${store}"`),
  );
}

const build = (content: string, out: string, workers = 0, spared?: number) =>
  buildSite({ content, out, config, referenceYear: 2026, project: ROOT, now: NOW, workers, spared });

describe("an incremental build", () => {
  it("is byte for byte the build from scratch, after any sequence of changes", async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(spec, { minLength: 1, maxLength: 6 }),
        fc.array(step, { minLength: 1, maxLength: 5 }),
        async (start, steps) => {
          const dir = join(work, `run-${run++}`);
          const content = join(dir, "content");
          const incremental = join(dir, "incremental");
          await mkdir(content, { recursive: true });
          await writeConfig(3, "Wire");
          const specs = new Map<number, Spec>();
          let next = 0;
          const write = async (k: number) => {
            const { name, text } = articleText(k, specs.get(k)!);
            await rm(join(content, `story-${k}.md`), { force: true });
            await rm(join(content, `story-${k}.txt`), { force: true });
            await writeFile(join(content, name), text);
          };
          for (const s of start) {
            specs.set(next, s);
            await write(next++);
          }
          expect(await build(content, incremental)).toBe(0);
          for (const [i, change] of steps.entries()) {
            const keys = [...specs.keys()];
            if (change.kind === "add") {
              specs.set(next, change.spec);
              await write(next++);
            } else if (change.kind === "edit") {
              const k = keys[change.pick % keys.length]!;
              specs.set(k, { ...specs.get(k)!, ...change.change });
              await write(k);
            } else if (change.kind === "delete" && keys.length > 1) {
              const k = keys[change.pick % keys.length]!;
              specs.delete(k);
              await rm(join(content, `story-${k}.txt`), { force: true });
              await rm(join(content, `story-${k}.md`), { force: true });
            } else if (change.kind === "vars") {
              await writeConfig(change.pageSize, change.title);
            }
            const fresh = join(dir, `fresh-${i}`);
            expect(await build(content, incremental)).toBe(0);
            expect(await build(content, fresh)).toBe(0);
            const [got, want] = [await liveFiles(incremental), await liveFiles(fresh)];
            expect(unlisted(want)).toEqual([]);
            expect([...got.keys()].sort()).toEqual([...want.keys()].sort());
            for (const [path, bytes] of want)
              expect(got.get(path), `${path} after ${JSON.stringify(change)}`).toBe(bytes);
            await rm(fresh, { recursive: true, force: true });
          }
          await rm(dir, { recursive: true, force: true });
        },
      ),
      { numRuns: 6 },
    );
  });

  it("reuses what did not change: one edited article re-renders its page and the lists that show it", async () => {
    const dir = join(work, "edit");
    const content = join(dir, "content");
    const out = join(dir, "out");
    await mkdir(content, { recursive: true });
    await writeConfig(3, "Wire");
    for (let k = 0; k < 40; k++) {
      const { name, text } = articleText(k, {
        age: 60 - k,
        tags: [TAGS[k % 4]!],
        title: "Talks",
        body: "Text.",
        markdown: k % 2 === 0,
      });
      await writeFile(join(content, name), text);
    }
    const lines: string[] = [];
    vi.mocked(console.log).mockImplementation((line: string) => void lines.push(line));
    await build(content, out);
    const full = lines.find((l) => l.includes("documents:"))!;
    expect(full).toMatch(/documents: (\d+) rendered, 0 unchanged/);
    const total = Number(/(\d+) rendered/.exec(full)![1]);
    // The oldest article: on its page, the list page and archive that hold it, its tag's, the sitemap.
    const { name, text } = articleText(0, {
      age: 60,
      tags: [TAGS[0]!],
      title: "Talks",
      body: "Text, corrected.",
      markdown: true,
    });
    await writeFile(join(content, name), text);
    lines.length = 0;
    await build(content, out);
    const edit = lines.find((l) => l.includes("documents:"))!;
    const [, rendered, reused] = /(\d+) rendered, (\d+) unchanged/.exec(edit)!.map(Number);
    expect(rendered! + reused!).toBe(total);
    expect(rendered).toBeGreaterThan(0);
    expect(rendered).toBeLessThan(total / 4);
  });

  it("after the cache is deleted, builds the same bytes from scratch", async () => {
    const dir = join(work, "deleted");
    const content = join(dir, "content");
    const out = join(dir, "out");
    await mkdir(content, { recursive: true });
    await writeConfig(2, "Wire");
    for (let k = 0; k < 7; k++) {
      const { name, text } = articleText(k, {
        age: k * 3 - 2,
        tags: TAGS.slice(0, 1 + (k % 3)),
        title: "Talks",
        body: "Text.",
        markdown: k % 2 === 1,
      });
      await writeFile(join(content, name), text);
    }
    await build(content, out);
    const before = await liveFiles(out);
    const original = await readFile(join(content, "story-0.txt"), "utf8");
    await writeFile(
      join(content, "story-0.txt"),
      articleText(0, { age: 1, tags: ["trade"], title: "New", body: "Text.", markdown: false }).text,
    );
    await build(content, out);
    await writeFile(join(content, "story-0.txt"), original);
    await rm(join(out, "cache"), { recursive: true });
    await build(content, out);
    expect(await liveFiles(out)).toEqual(before);
  });

  it("that fails half-way leaves the live site serving and the cache whole", async () => {
    const dir = join(work, "failed");
    const content = join(dir, "content");
    const out = join(dir, "out");
    await mkdir(content, { recursive: true });
    await writeConfig(3, "Wire");
    for (let k = 0; k < 5; k++) {
      const { name, text } = articleText(k, {
        age: k,
        tags: ["trade"],
        title: "Talks",
        body: "Text.",
        markdown: false,
      });
      await writeFile(join(content, name), text);
    }
    await build(content, out);
    const live = await liveFiles(out);
    // A new article, and a store that cannot be written half-way through rendering it.
    await writeFile(
      join(content, "story-9.txt"),
      articleText(9, { age: 0, tags: ["trade"], title: "Late", body: "Text.", markdown: false }).text,
    );
    const put = vi.spyOn(DocumentFolder.prototype, "keep").mockRejectedValueOnce(new Error("disk full"));
    await expect(build(content, out)).rejects.toThrow("disk full");
    put.mockRestore();
    expect(await liveFiles(out)).toEqual(live);
    // Every document the cache holds is whole: a build now is the build from scratch.
    expect(await build(content, out)).toBe(0);
    const fresh = join(dir, "fresh");
    await build(content, fresh);
    expect(await liveFiles(out)).toEqual(await liveFiles(fresh));
    for (const name of await readdir(join(out, "cache", "documents"))) {
      expect((await lstat(join(out, "cache", "documents", name))).isFile()).toBe(true);
    }
  });

  it("renders the same bytes over worker threads as in one thread, scheduled articles and all", async () => {
    const dir = join(work, "threads");
    const content = join(dir, "content");
    await mkdir(content, { recursive: true });
    await writeConfig(2, "Wire");
    for (let k = 0; k < 30; k++) {
      const { name, text } = articleText(k, {
        age: k * 2 - 4,
        tags: TAGS.slice(k % 3, (k % 3) + 2),
        title: "Talks",
        body: "Text.",
        markdown: k % 2 === 0,
      });
      await writeFile(join(content, name), text);
    }
    const lines: string[] = [];
    vi.mocked(console.log).mockImplementation((line: string) => void lines.push(line));
    expect(await build(content, join(dir, "threads"), 2)).toBe(0);
    expect(await build(content, join(dir, "one"), 0)).toBe(0);
    expect(lines.filter((l) => l.includes("scheduled:"))).toHaveLength(2 * 2);
    // More than the build's thread renders itself (src/build/render.ts, INLINE): the rest went to the threads.
    const [threaded] = lines.filter((l) => l.includes("documents:")).map((l) => Number(/(\d+) rendered/.exec(l)![1]));
    expect(threaded).toBeGreaterThan(400);
    const [threads, one] = [await liveFiles(join(dir, "threads")), await liveFiles(join(dir, "one"))];
    // Later epochs rendered over the threads too, and compared with the epoch before's once stored: one
    // that is the same is taken out again (an archive's JSON Feed, which has no links to its neighbours).
    expect(unlisted(threads)).toEqual([]);
    expect([...threads.keys()].sort()).toEqual([...one.keys()].sort());
    for (const [path, bytes] of one) expect(threads.get(path), path).toBe(bytes);
    // And a build after an edit, over threads, is the one-thread build of the edited site.
    const { name, text } = articleText(7, {
      age: 10,
      tags: ["trade"],
      title: "Revised",
      body: "Text.",
      markdown: false,
    });
    await rm(join(content, "story-7.txt"), { force: true });
    await rm(join(content, "story-7.md"), { force: true });
    await writeFile(join(content, name), text);
    expect(await build(content, join(dir, "threads"), 2)).toBe(0);
    expect(await build(content, join(dir, "fresh"), 0)).toBe(0);
    expect(await liveFiles(join(dir, "threads"))).toEqual(await liveFiles(join(dir, "fresh")));
  });

  it.each([
    ["a replaced build's folder", undefined],
    // A store of any size leaves spares: the first builds take them over.
    ["a spare", 0],
  ])("takes over %s and changes in it only what differs, in either store mode", async (_, spared) => {
    const dir = join(work, `recycled-${spared}`);
    const content = join(dir, "content");
    const out = join(dir, "out");
    await mkdir(content, { recursive: true });
    await writeConfig(2, "Wire");
    const put = async (k: number, s: Partial<Spec> = {}) => {
      await rm(join(content, `story-${k}.md`), { force: true });
      await rm(join(content, `story-${k}.txt`), { force: true });
      const spec = { age: 40 - k, tags: [TAGS[k % 4]!], title: "Talks", body: "Text.", markdown: k % 2 === 0, ...s };
      const { name, text } = articleText(k, spec);
      await writeFile(join(content, name), text);
    };
    for (let k = 0; k < 9; k++) await put(k);
    const steps: (() => Promise<unknown>)[] = [
      () => put(9, { age: -1 }),
      () => put(3, { title: "Revised", tags: ["trade", "energy"] }),
      () =>
        rm(join(content, "story-5.md"), { force: true }).then(() => rm(join(content, "story-5.txt"), { force: true })),
      () => writeConfig(3, "Wire"),
      () => put(10, { age: 0 }),
      () => writeConfig(3, "Wire", "kv"),
      () => put(4, { age: 2 }),
      () => writeConfig(3, "Wire", "assets"),
      () => rm(join(content, "story-0.md")),
    ];
    expect(await build(content, out, 0, spared)).toBe(0);
    // The first build, and the spares the next two take over.
    expect(await readdir(join(out, "builds"))).toHaveLength(spared === undefined ? 1 : 3);
    for (const [i, step] of steps.entries()) {
      await step();
      expect(await build(content, out, 0, spared), `step ${i}`).toBe(0);
      const fresh = join(dir, `fresh-${i}`);
      expect(await build(content, fresh)).toBe(0);
      const [got, want] = [await liveFiles(out), await liveFiles(fresh)];
      expect([...got.keys()].sort(), `step ${i}`).toEqual([...want.keys()].sort());
      for (const [path, bytes] of want) expect(got.get(path), `${path} after step ${i}`).toBe(bytes);
      await rm(fresh, { recursive: true });
    }
    // The live build and the two it replaced last: the ones before were taken over, not left behind.
    expect(await readdir(join(out, "builds"))).toHaveLength(3);
  });
});

describe("the article list", () => {
  /** An article-shaped record, its text long and in several scripts: the list passes a chunk of its reading. */
  const article = (i: number) =>
    ({
      slug: `story-${i}`,
      title: `Histoire n° ${i}: 日本語の見出し 🗞️`,
      contentHtml: `<p>${"é—".repeat(300 + (i % 7))}</p>`,
    }) as unknown as Article;

  async function saved(count: number) {
    const dir = await mkdtemp(join(tmpdir(), "edgefeed-articles-"));
    const cache = await BuildCache.open(dir);
    await cache.readArticles("v1");
    for (let i = 0; i < count; i++) cache.keepArticle(`key-${i}`, i % 50 === 0 ? null : article(i));
    await cache.saveArticles();
    return dir;
  }

  it("reads back every article and draft as saved, each with its JSON, across its chunks", async () => {
    const dir = await saved(3000);
    expect((await lstat(join(dir, "articles.ndjson"))).size).toBeGreaterThan(3 * 2 ** 20);
    const cache = await BuildCache.open(dir);
    await cache.readArticles("v1");
    expect(cache.hasArticles).toBe(true);
    for (let i = 0; i < 3000; i++) {
      const read = cache.article(`key-${i}`);
      if (i % 50 === 0) expect(read).toBeNull();
      else {
        expect(read).toEqual(article(i));
        expect(articleJson(read!).equals(Buffer.from(JSON.stringify(article(i))))).toBe(true);
      }
    }
  });

  it("skips a line cut short, and keeps the rest", async () => {
    const dir = await saved(3);
    const file = join(dir, "articles.ndjson");
    const lines = (await readFile(file, "utf8")).split("\n");
    const json = JSON.stringify(article(8));
    await writeFile(file, [...lines.slice(0, -1), `key-8\t${json.slice(0, 40)}`].join("\n"));
    const cache = await BuildCache.open(dir);
    await cache.readArticles("v1");
    expect(cache.article("key-1")).toEqual(article(1));
    expect(cache.article("key-8")).toBeUndefined();
  });

  it("is read no further once the build says to stop", async () => {
    const dir = await saved(3000);
    const cache = await BuildCache.open(dir);
    const stop = new AbortController();
    stop.abort();
    await cache.readArticles("v1", stop.signal);
    expect(cache.hasArticles).toBe(false);
    expect(cache.article("key-2999")).toBeUndefined();
  });

  it("is not read at all by other code", async () => {
    const dir = await saved(3);
    const cache = await BuildCache.open(dir);
    await cache.readArticles("v2");
    expect(cache.hasArticles).toBe(false);
    expect(cache.article("key-1")).toBeUndefined();
  });
});
