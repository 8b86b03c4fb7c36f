// `npm run scale -- --builds [--count N] [--size bundled|short]`: how long edgefeed takes to publish, with the
// build cache (src/build/cache.ts): a full build of N stories, then builds after adding one story (the
// first after the full build, and the third, as every later one runs), and one after editing one, each
// with the documents it rendered and the bytes it wrote; the scheduled-article overhead (1,000 stories with
// and without 5 scheduled ones, each built from scratch five times in turn); and Hugo building
// the same N stories (./hugo.ts) when it is installed, in turn with edgefeed's full build (three of each up
// to 10,000 stories). Each ratio is the median of the ratios of builds taken one after the other, which
// the machine's slower and faster minutes touch alike. Builds run as `npm run build:content` runs them
// (src/build/cli.ts, Node from node_modules/.bin), one at a time, on a scratch folder.
import { execFile } from "node:child_process";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { BUILD_ARGV } from "../../src/build/commands";
import { ROOT } from "../bench/project";
import { type ArticleSize, BUNDLED_ARTICLE, generateArticles, syntheticArticle } from "../support/generate-articles";
import { dateLine } from "../support/wire-articles";
import { hugoBuild, hugoSite, hugoVersion } from "./hugo";

const run = promisify(execFile);
const PAGE_SIZE = 20;
/** The targets: a change to 10,000 stories in 5 s, an addition to 100,000 in 10 s. */
const TARGET = { hugoRatio: 1, scheduledRatio: 1.2 };
/**
 * Builds of each site for the scheduled-article overhead, taken in turn: with three, the ratio of the
 * medians ranged from 0.98 to 1.29 over runs of the same code (docs/performance.md). With five, one run's
 * ratio of the medians was 1.32 where the five pairs' were 1.04, 1.03, 1.34, 1.18 and 1.02: the machine
 * slowed from the third pair on, and the medians took a fast build of one kind and a slow one of the other.
 */
const ROUNDS = 5;
/**
 * Full builds of edgefeed's and of Hugo's, taken in turn: one full build of 10,000 stories took 13.6 s,
 * then 18.3 s in the next run on this shared machine, which moved the ratio from 0.73 to 1.10. Past the
 * issue's 10,000, one of each: a Hugo build of 100,000 short stories ran past six minutes here.
 */
const hugoRounds = (count: number) => (count > 10_000 ? 1 : 3);
const changeMs = (count: number) => (count >= 100_000 ? 10_000 : 5_000);

interface Build {
  /** Wall time of the build process, ms. */
  ms: number;
  /** What the build said it did ("N rendered, M unchanged since the last build; K store files written (X MiB)"). */
  documents: string;
}

async function build(content: string, out: string): Promise<Build> {
  const t0 = performance.now();
  const args = [...BUILD_ARGV, "--content", content, "--out", out];
  const { stdout } = await run(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, EDGEFEED_YEAR: "2026" },
    maxBuffer: 64 << 20,
  });
  const ms = performance.now() - t0;
  const documents = /documents: (.*)/.exec(stdout)?.[1];
  if (!documents) throw new Error(`the build printed no "documents:" line:\n${stdout}`);
  return { ms, documents };
}

/** A story dated after every generated one (they end on 2024-07-21), on its own tags and id. */
function newStory(k: number): { name: string; text: string } {
  const date = new Date(Date.UTC(2024, 6, 22 + k));
  const text = `${dateLine(date)}\nmexico border ${900000 + k}\n\nBreaking: story ${k} of the day\n\nFirst paragraph of the new story.\n\nSecond paragraph.\n`;
  return { name: `breaking-${k}.txt`, text };
}

/** A story dated after the build's clock, so scheduled: a year ahead. */
function scheduledStory(k: number): { name: string; text: string } {
  const date = new Date(Date.now() + (366 + k) * 86_400_000);
  const text = `${dateLine(date)}\nmexico ${950000 + k}\n\nEmbargoed story ${k}\n\nIt comes out later.\n`;
  return { name: `embargoed-${k}.txt`, text };
}

async function stories(count: number, size: ArticleSize): Promise<string> {
  const content = await mkdtemp(join(tmpdir(), "edgefeed-builds-"));
  await generateArticles(content, count - 1, size);
  await cp(BUNDLED_ARTICLE, join(content, "us-mexico-partnership-fentanyl-migration.txt"));
  return content;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

export async function measureBuilds(count: number, size: ArticleSize): Promise<number> {
  const failures: string[] = [];
  const verdict = (holds: boolean, what: string) => {
    if (!holds) failures.push(what);
    return holds ? "ok" : "MISSED";
  };
  const content = await stories(count, size);
  const out = `${content}-out`;
  try {
    console.error(`scale: ${count} ${size} stories in ${content}; building…`);
    const full = await build(content, out);
    // A newsroom publishes one story after another: the first two builds after a full one link every
    // document into a folder of their own (under 50,000 store entries: a larger build leaves them spares,
    // src/build/output.ts); from the third on, a build takes over a replaced build's folder and changes
    // only what differs. Both are measured.
    const adds: Build[] = [];
    for (let k = 1; k <= 3; k++) {
      const added = newStory(k);
      await writeFile(join(content, added.name), added.text);
      adds.push(await build(content, out));
    }
    const [first, , add] = adds as [Build, Build, Build];
    // A correction to the title of a story in the middle of the archive.
    const middle = size === "bundled" ? Math.floor(count / 2) : Math.floor(count / 2) | 1;
    const { name } = syntheticArticle(middle);
    const file = join(content, size === "bundled" ? name.replace(/\.md$/, ".txt") : name);
    const text = await readFile(file, "utf8");
    await writeFile(file, text.replace(`Dispatch ${middle}:`, `Dispatch ${middle} (corrected):`));
    const edit = await build(content, out);

    console.log(
      `Builds: ${count} ${size === "bundled" ? "copies of the bundled article" : "short stories"}, page size ${PAGE_SIZE}\n`,
    );
    console.log(`  full build (no cache)        ${seconds(full.ms).padStart(9)}   ${full.documents}`);
    console.log(`  after adding one, first time ${seconds(first.ms).padStart(9)}   ${first.documents}`);
    console.log(`  after adding one story       ${seconds(add.ms).padStart(9)}   ${add.documents}`);
    console.log(`  after editing one story      ${seconds(edit.ms).padStart(9)}   ${edit.documents}`);

    const median = (ms: number[]) => [...ms].sort((a, b) => a - b)[Math.floor(ms.length / 2)]!;
    /** The median of the ratios of the builds made one after the other, and each ratio. */
    const paired = (ours: number[], theirs: number[]) => {
      const ratios = ours.map((ms, i) => ms / theirs[i]!);
      return { ratio: median(ratios), each: ratios.map((r) => r.toFixed(2)).join(", ") };
    };
    const times = (ms: number[]) => ms.map(seconds).join(", ");
    const hugo = await hugoVersion();
    let ratio: number | undefined;
    if (hugo) {
      const rounds = hugoRounds(count);
      console.error(`scale: edgefeed's full build and Hugo's, ${rounds} of each in turn…`);
      const site = `${content}-hugo`;
      const fresh = `${content}-fresh`;
      await hugoSite(content, site, PAGE_SIZE);
      const ours: number[] = [];
      const theirs: number[] = [];
      let files = 0;
      for (let round = 0; round < rounds; round++) {
        await rm(fresh, { recursive: true, force: true });
        ours.push((await build(content, fresh)).ms);
        const h = await hugoBuild(site);
        theirs.push(h.ms);
        files = h.files;
      }
      const against = paired(ours, theirs);
      ratio = against.ratio;
      console.log(`  full build, in turn with Hugo ${seconds(median(ours)).padStart(8)}   (${times(ours)})`);
      console.log(
        `  Hugo, the same stories       ${seconds(median(theirs)).padStart(9)}   (${times(theirs)}) ${files} files (${hugo.split(" ").slice(0, 2).join(" ")})`,
      );
      console.log(`  edgefeed full build / Hugo   ${ratio.toFixed(2).padStart(9)}   (median of ${against.each})`);
      for (const folder of [site, fresh]) await rm(folder, { recursive: true, force: true });
    } else console.log("  Hugo: not installed (apt-get install hugo), not compared");

    // Each build from scratch, ROUNDS of each taken in turn: one pair of 4-second builds moves by ±20% on a
    // shared machine, more than the overhead measured.
    console.error(`scale: the scheduled-article overhead, 1,000 stories, ${ROUNDS} builds of each…`);
    const thousand = await stories(1000, size);
    const withFive = `${thousand}-five`;
    await cp(thousand, withFive, { recursive: true });
    for (let k = 1; k <= 5; k++) {
      const story = scheduledStory(k);
      await writeFile(join(withFive, story.name), story.text);
    }
    const plain: Build[] = [];
    const scheduled: Build[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      for (const [content, builds] of [
        [thousand, plain],
        [withFive, scheduled],
      ] as const) {
        const out = `${content}-out`;
        await rm(out, { recursive: true, force: true });
        builds.push(await build(content, out));
      }
    }
    const [plainMs, scheduledMs] = [plain, scheduled].map((builds) => builds.map((b) => b.ms)) as [number[], number[]];
    const { ratio: overhead, each } = paired(scheduledMs, plainMs);
    console.log(
      `  1,000 stories, from scratch  ${seconds(median(plainMs)).padStart(9)}   (${times(plainMs)}) ${plain[0]!.documents}`,
    );
    console.log(
      `  the same + 5 scheduled       ${seconds(median(scheduledMs)).padStart(9)}   (${times(scheduledMs)}) ${scheduled[0]!.documents}`,
    );
    console.log(`  scheduled / not, in turn     ${overhead.toFixed(2).padStart(8)}×   (median of ${each})`);
    for (const folder of [thousand, withFive, `${thousand}-out`, `${withFive}-out`]) {
      await rm(folder, { recursive: true, force: true });
    }

    console.log(`\nTargets:`);
    if (ratio !== undefined) {
      console.log(
        `  full build ≤ Hugo's: ${ratio.toFixed(2)} ≤ ${TARGET.hugoRatio}: ${verdict(ratio <= TARGET.hugoRatio, "full build against Hugo")}`,
      );
    }
    const limit = changeMs(count);
    console.log(`  add one ≤ ${seconds(limit)}: ${seconds(add.ms)}: ${verdict(add.ms <= limit, "add one")}`);
    console.log(`  edit one ≤ ${seconds(limit)}: ${seconds(edit.ms)}: ${verdict(edit.ms <= limit, "edit one")}`);
    console.log(
      `  5 scheduled among 1,000 ≤ ${TARGET.scheduledRatio}×: ${overhead.toFixed(2)}×: ${verdict(overhead <= TARGET.scheduledRatio, "scheduled overhead")}`,
    );
    console.log(failures.length === 0 ? "\nAll targets hold." : `\nTargets missed: ${failures.join(", ")}.`);
    return failures.length === 0 ? 0 : 1;
  } finally {
    await rm(content, { recursive: true, force: true });
    await rm(out, { recursive: true, force: true });
  }
}
