// The site actor's outbox (ActivityPub §5.1): an OrderedCollection of the Create of every article out,
// newest first (ActivityPub §5: "presented consistently in reverse chronological order"), in pages
// numbered from the oldest as the feeds' RFC 5005 archives are (../feeds/archive.ts), so a full page
// never changes when articles are added and a server that has read it need not read it again.
import type { Article } from "../content/schema";
import { archiveCount, archivePage } from "../feeds/archive";
import type { Site } from "../site";
import { AP_PATHS, AS_NAMESPACE } from "./addresses";
import { type Create, createActivity, type WithContext, withContext } from "./objects";

export interface OrderedCollection {
  id: string;
  type: "OrderedCollection";
  totalItems: number;
  first?: string;
  last?: string;
}

export interface OrderedCollectionPage {
  id: string;
  type: "OrderedCollectionPage";
  partOf: string;
  /** The next page in the collection's order: older items (AS2 Vocabulary §4 "next"). */
  next?: string;
  /** The page before: newer items. */
  prev?: string;
  orderedItems: Create[];
}

/** The outbox's pages: every article is on one, and no page is the current document's (it has none). */
export const outboxPageCount = (total: number, pageSize: number) => archiveCount(total, pageSize, 0);

/** The articles on page `n` (1 = the oldest), newest first, or undefined when there is no such page. */
export const outboxPageItems = (articles: readonly Article[], pageSize: number, n: number) =>
  archivePage(articles, pageSize, n, 0);

/**
 * The outbox itself: how many activities it has, and its first (newest) and last (oldest) page; no
 * items, so that its bytes change only with the number of articles. `articles`: those out, newest first.
 */
export function outboxCollection(articles: readonly Article[], site: Site): { "@context": string } & OrderedCollection {
  const count = outboxPageCount(articles.length, site.pageSize);
  return {
    // Only AS2 terms here: the extended context is for the pages' Notes (./objects.ts AS_CONTEXT).
    "@context": AS_NAMESPACE,
    id: site.baseUrl + AP_PATHS.outbox,
    type: "OrderedCollection",
    totalItems: articles.length,
    ...(count > 0
      ? { first: site.baseUrl + AP_PATHS.outboxPage(count), last: site.baseUrl + AP_PATHS.outboxPage(1) }
      : {}),
  };
}

/** Page `n` of the outbox (1 = the oldest), or undefined when there is no such page. */
export function outboxPage(
  articles: readonly Article[],
  site: Site,
  n: number,
): WithContext<OrderedCollectionPage> | undefined {
  const items = outboxPageItems(articles, site.pageSize, n);
  if (!items) return undefined;
  const count = outboxPageCount(articles.length, site.pageSize);
  return withContext<OrderedCollectionPage>({
    id: site.baseUrl + AP_PATHS.outboxPage(n),
    type: "OrderedCollectionPage",
    partOf: site.baseUrl + AP_PATHS.outbox,
    ...(n > 1 ? { next: site.baseUrl + AP_PATHS.outboxPage(n - 1) } : {}),
    // Links to a newer page only once there is one: the newest page, though full, gains it with the next article.
    ...(n < count ? { prev: site.baseUrl + AP_PATHS.outboxPage(n + 1) } : {}),
    orderedItems: items.map((article) => createActivity(article, site)),
  });
}
