// RFC 5005 §4 archived feeds: the current document holds the newest page; older items live in archive
// documents numbered from the oldest, so a full archive never changes when new articles arrive. The
// outbox's pages (src/shared/activitypub/outbox.ts) are numbered the same way, with no current document.
import type { Article } from "../content/schema";

/** How many archives hold what a current document of `held` items (a page, by default) leaves out. */
export function archiveCount(total: number, pageSize: number, held = pageSize): number {
  return Math.ceil(Math.max(0, total - held) / pageSize);
}

/** Items of archive `n` (1 = oldest), newest first, or undefined when there is no such archive. */
export function archivePage(
  items: readonly Article[],
  pageSize: number,
  n: number,
  held = pageSize,
): readonly Article[] | undefined {
  const count = archiveCount(items.length, pageSize, held);
  if (!Number.isInteger(n) || n < 1 || n > count) return undefined;
  const older = items.length - held; // items beyond the current document
  const start = items.length - Math.min(n * pageSize, older); // newest-first index of the page's newest item
  const end = items.length - (n - 1) * pageSize;
  return items.slice(start, end);
}
