// RFC 5005 §4 archived feeds: the current document holds the newest page; older items live in archive
// documents numbered from the oldest, so a full archive never changes when new articles arrive.
import type { Article } from "../content/schema";

export function archiveCount(total: number, pageSize: number): number {
  return Math.ceil(Math.max(0, total - pageSize) / pageSize);
}

/** Items of archive `n` (1 = oldest), newest first, or undefined when there is no such archive. */
export function archivePage(items: readonly Article[], pageSize: number, n: number): readonly Article[] | undefined {
  const count = archiveCount(items.length, pageSize);
  if (!Number.isInteger(n) || n < 1 || n > count) return undefined;
  const older = items.length - pageSize; // items beyond the current document
  const start = items.length - Math.min(n * pageSize, older); // newest-first index of the page's newest item
  const end = items.length - (n - 1) * pageSize;
  return items.slice(start, end);
}
