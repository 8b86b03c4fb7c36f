// A feed document: which articles one feed response holds, and the links that place it among the others.
import type { FeedPaths } from "../addresses";
import type { Article, Show } from "../content/schema";
import type { PollInterval } from "./cadence";

/** Links between the documents of an archived feed (RFC 5005 §4), as site-relative paths per format. */
export interface ArchiveLinks {
  current: FeedPaths;
  prev?: FeedPaths;
  next?: FeedPaths;
  /** True for an archive document (RFC 5005 fh:archive), false for the current (subscription) document. */
  isArchive: boolean;
}

export interface FeedDocument {
  /** Permanent IRI of the feed (shared by all its archive documents). */
  id: string;
  title: string;
  description: string;
  /** Site-relative path of the HTML page this feed mirrors. */
  homePath: string;
  /** Site-relative path of this document in each format (its self links). */
  paths: FeedPaths;
  /** Newest first. */
  items: readonly Article[];
  archive?: ArchiveLinks;
  /** WebSub hubs (W3C WebSub §4): named by subscription documents only, never by archives or `?limit` views. */
  hubs?: readonly string[];
  /** How often readers should come back: current documents only (a full archive does not change). */
  poll?: PollInterval;
  /** A show's feed (src/shared/podcasts/show-feed.ts): its items are the show's episodes, every one. */
  podcast?: Show;
}

/** A current (subscription) document, which always says how often to poll it. */
export type CurrentDocument = FeedDocument & { poll: PollInterval };

/** The newest date among the items: a feed's `updated`/`lastBuildDate` and its Last-Modified. */
export function lastUpdated(items: readonly Article[]): Date {
  let newest = 0;
  for (const item of items) newest = Math.max(newest, datedAt(item));
  return new Date(newest);
}

/**
 * An article's newest date, in ms, read once per article: a build dates every list page, sitemap and
 * document made of "all" articles by it, two million date parses at 100,000 articles.
 */
const dates = new WeakMap<Article, number>();
function datedAt(item: Article): number {
  let date = dates.get(item);
  if (date === undefined) {
    date = Math.max(Date.parse(item.updated), Date.parse(item.published));
    dates.set(item, date);
  }
  return date;
}
