// Writes N synthetic articles, alternating the wire (.txt) and Markdown (.md) formats, for tests and scale runs.
// Deterministic: article k always has the same text, date and tags.
//   tsx test/support/generate-articles.ts --count 10000 --out /tmp/articles
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { dateLine } from "./wire-articles";

const TAGS = ["mexico", "us", "border", "trade", "migration", "energy", "security", "elections"];
const DAY = 86_400_000;
/** Article 1 is the newest; every third article shares its date with the one before, to exercise tie-breaks. */
const NEWEST = Date.UTC(2024, 6, 21);

export function syntheticDate(k: number): Date {
  return new Date(NEWEST - Math.floor((k * 2) / 3) * DAY);
}

export function syntheticArticle(k: number): { name: string; text: string } {
  const date = syntheticDate(k);
  const tags = [TAGS[k % TAGS.length]!, TAGS[(k * 3 + 1) % TAGS.length]!].filter((t, i, a) => a.indexOf(t) === i);
  const title = `Dispatch ${k}: talks continue on ${tags.join(" and ")}`;
  const paragraphs = [
    `Summary paragraph of dispatch ${k}, about ${tags[0]}.`,
    `Second paragraph of dispatch ${k}, with “quotes” — and accents: López, Bárcena.`,
    `Third paragraph of dispatch ${k}.`,
  ];
  const slug = `dispatch-${String(k).padStart(5, "0")}`;
  if (k % 2 === 1) {
    const text = `${dateLine(date)}\n${tags.join(" ")} ${100000 + k}\n\n${title}\n\n${paragraphs.join("\n\n")}\n\nSource link\n`;
    return { name: `${slug}.txt`, text };
  }
  const frontMatter = `---\ntitle: "${title}"\ndate: ${date.toISOString().slice(0, 10)}\ntags: [${tags.join(", ")}]\n---\n`;
  return { name: `${slug}.md`, text: `${frontMatter}\n${paragraphs.join("\n\n")}\n` };
}

export async function generateArticles(dir: string, count: number): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (let k = 1; k <= count; k++) {
    const { name, text } = syntheticArticle(k);
    await writeFile(join(dir, name), text);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { count: { type: "string", default: "1000" }, out: { type: "string" } } });
  if (!values.out) {
    console.error("usage: tsx test/support/generate-articles.ts --count N --out <dir>");
    process.exit(2);
  }
  await generateArticles(values.out, Number(values.count));
  console.log(`wrote ${values.count} articles to ${values.out}`);
}
