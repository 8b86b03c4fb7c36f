// Wire-format articles written by tests: the text of one article, and folders of many for archive tests.
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface WireArticle {
  /** A calendar date, written with its year and weekday so it needs no year inference. */
  date: Date;
  keywords: string;
  title: string;
  paragraphs: readonly string[];
  sourceLink?: string;
}

const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

export function dateLine(date: Date): string {
  const weekday = WEEKDAYS[date.getUTCDay()];
  return `${weekday}, ${MONTHS[date.getUTCMonth()]} ${date.getUTCDate()}, ${date.getUTCFullYear()}`;
}

export function wireText(article: WireArticle): string {
  const lines = [dateLine(article.date), article.keywords, "", article.title, ""];
  lines.push(article.paragraphs.join("\n\n"));
  if (article.sourceLink !== undefined) lines.push("", article.sourceLink);
  return `${lines.join("\n")}\n`;
}

export const DAY = 86_400_000;
/** The newest generated article's date; each older one is a day earlier. */
export const NEWEST = Date.UTC(2025, 5, 30);

/**
 * `count` articles in a new temporary folder, one a day back from NEWEST: all tagged "wire", every
 * third also "border". Titles and bodies carry "&", "<", quotes and "]]>" so that every document
 * built from them exercises escaping.
 */
export async function writeWireFolder(count: number): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "edgefeed-wire-"));
  for (let n = 1; n <= count; n++) {
    const article: WireArticle = {
      date: new Date(NEWEST - (n - 1) * DAY),
      keywords: n % 3 === 0 ? `wire border ${1000 + n}` : `wire ${1000 + n}`,
      title: `Story ${n}: talks & “terms” <update> ]]>`,
      paragraphs: [`Summary of story ${n} — R&D <b>not bold</b>.`, `Second paragraph of story ${n}: a ]]> b ]]> c.`],
      sourceLink: `Source link: https://wire.example/stories/${n}?a=1&b=2`,
    };
    await writeFile(join(dir, `story-${String(n).padStart(3, "0")}.txt`), wireText(article));
  }
  return dir;
}
