// What a build says when it is done: how many articles, and each scheduled one with the moment it comes
// out (the site serves it from then on with no deploy, src/worker/schedule.ts), so an embargo can be checked
// before it is deployed.
import type { Article } from "../shared/content/schema";

export interface Summary {
  articles: readonly Pick<Article, "file" | "published">[];
  /** The build's clock: articles dated after it are scheduled. */
  now: number;
  out: string;
  changed: boolean;
  ms: number;
  /** Documents rendered, taken as earlier builds rendered them (the build cache), and what was written. */
  documents?: { rendered: number; reused: number; written: { entries: number; bytes: number } };
}

export function summaryLines({ articles, now, out, changed, ms, documents }: Summary): string[] {
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
  const scheduled = articles
    .filter((a) => Date.parse(a.published) > now)
    .sort((x, y) => Date.parse(x.published) - Date.parse(y.published) || x.file.localeCompare(y.file));
  const ofThem = scheduled.length === 0 ? "" : `, ${scheduled.length} of them scheduled`;
  return [
    `edgefeed: ${plural(articles.length, "article")}${ofThem} → ${out} (${changed ? "updated" : "unchanged"}, ${ms} ms)`,
    ...(documents
      ? [
          `  documents: ${documents.rendered} rendered, ${documents.reused} unchanged since the last build; ` +
            `${plural(documents.written.entries, "store file")} written (${(documents.written.bytes / 2 ** 20).toFixed(1)} MiB)`,
        ]
      : []),
    ...scheduled.map((a) => `  scheduled: ${a.file} comes out at ${new Date(a.published).toISOString()}`),
  ];
}
