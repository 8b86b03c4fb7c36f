// Writes N synthetic articles for tests and scale runs: short ones, alternating the wire (.txt) and Markdown
// (.md) formats, or copies of the bundled article (wire format, its full text) under other titles, dates,
// ids and tags. Deterministic: article k always has the same text, date and tags.
//   tsx test/support/generate-articles.ts --count 10000 --out /tmp/articles [--size short|bundled]
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { dateLine } from "./wire-articles";

const TAGS = ["mexico", "us", "border", "trade", "migration", "energy", "security", "elections"];
const DAY = 86_400_000;
/**
 * Article 1 is the newest; every third article shares its date with the one before, to exercise
 * tie-breaks. Past article 150,000 (the year 1750) a day holds 20 articles, as a busy newsroom's does, so
 * that a million articles stay within four-digit years (a wire date line has one).
 */
const NEWEST = Date.UTC(2024, 6, 21);
const SPARSE = 150_000;
const DENSE_PER_DAY = 20;

export function syntheticDate(k: number): Date {
  const daysBack =
    k <= SPARSE ? Math.floor((k * 2) / 3) : Math.floor((SPARSE * 2) / 3) + Math.ceil((k - SPARSE) / DENSE_PER_DAY);
  return new Date(NEWEST - daysBack * DAY);
}

function syntheticTags(k: number): string[] {
  return [TAGS[k % TAGS.length]!, TAGS[(k * 3 + 1) % TAGS.length]!].filter((t, i, a) => a.indexOf(t) === i);
}

const slugOf = (k: number) => `dispatch-${String(k).padStart(5, "0")}`;
/** Wire ids of generated articles: above any a real article in content/ uses. */
const idOf = (k: number) => 100000 + k;

export function syntheticArticle(k: number): { name: string; text: string } {
  const date = syntheticDate(k);
  const tags = syntheticTags(k);
  const title = `Dispatch ${k}: talks continue on ${tags.join(" and ")}`;
  const paragraphs = [
    `Summary paragraph of dispatch ${k}, about ${tags[0]}.`,
    `Second paragraph of dispatch ${k}, with “quotes” — and accents: López, Bárcena.`,
    `Third paragraph of dispatch ${k}.`,
  ];
  const slug = slugOf(k);
  if (k % 2 === 1) {
    const text = `${dateLine(date)}\n${tags.join(" ")} ${idOf(k)}\n\n${title}\n\n${paragraphs.join("\n\n")}\n\nSource link\n`;
    return { name: `${slug}.txt`, text };
  }
  const frontMatter = `---\ntitle: "${title}"\ndate: ${date.toISOString().slice(0, 10)}\ntags: [${tags.join(", ")}]\n---\n`;
  return { name: `${slug}.md`, text: `${frontMatter}\n${paragraphs.join("\n\n")}\n` };
}

/** The article in content/ that bundled copies are made of. */
export const BUNDLED_ARTICLE = resolve(
  import.meta.dirname,
  "../../content/us-mexico-partnership-fentanyl-migration.txt",
);

/**
 * Article k as a copy of a wire article (`seed`, its text): the same body, so the same size, under its
 * own date line, keywords line (tags and id) and title.
 */
export function copiedArticle(seed: string, k: number): { name: string; text: string } {
  // A wire article: date line, keywords line ("tag tag id"), a blank line, the title, then the body.
  const [, , blank, title, ...body] = seed.split("\n");
  if (blank !== "" || !title)
    throw new Error("seed article: expected a date line, a keywords line, a blank line, a title");
  const lines = [dateLine(syntheticDate(k)), `${syntheticTags(k).join(" ")} ${idOf(k)}`, "", `Dispatch ${k}: ${title}`];
  return { name: `${slugOf(k)}.txt`, text: [...lines, ...body].join("\n") };
}

export type ArticleSize = "short" | "bundled";

export async function generateArticles(dir: string, count: number, size: ArticleSize = "short"): Promise<void> {
  await mkdir(dir, { recursive: true });
  const seed = size === "bundled" ? await readFile(BUNDLED_ARTICLE, "utf8") : undefined;
  for (let k = 1; k <= count; k++) {
    const { name, text } = seed === undefined ? syntheticArticle(k) : copiedArticle(seed, k);
    await writeFile(join(dir, name), text);
  }
}

export function parseSize(value: string | undefined): ArticleSize {
  if (value === "short" || value === "bundled") return value;
  throw new Error(`--size: expected "short" or "bundled", found ${JSON.stringify(value)}`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      count: { type: "string", default: "1000" },
      out: { type: "string" },
      size: { type: "string", default: "short" },
    },
  });
  if (!values.out) {
    console.error("usage: tsx test/support/generate-articles.ts --count N --out <dir> [--size short|bundled]");
    process.exit(2);
  }
  await generateArticles(values.out, Number(values.count), parseSize(values.size));
  console.log(`wrote ${values.count} ${values.size} articles to ${values.out}`);
}
