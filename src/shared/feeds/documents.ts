// Which feed documents exist: the site feed and one per tag, each current or archived, possibly limited.
import { paths } from "../addresses";
import type { Catalog } from "../catalog";
import type { Site } from "../site";
import { archiveCount, archivePage } from "./archive";
import { pollInterval } from "./cadence";
import type { CurrentDocument, FeedDocument } from "./document";
import { tagFeedId } from "./feed-ids";

export interface Scope {
  /** Site-relative prefix of this feed's URLs: "" for the site feed, "/tags/<tag>" for a tag. */
  prefix: string;
  /** The feed's permanent IRI; computed only when a document is rendered (a tag's is a digest). */
  id: () => Promise<string>;
  title: string;
  description: string;
  items: Catalog["articles"];
}

export function siteScope(catalog: Catalog, site: Site): Scope {
  return {
    prefix: "",
    id: async () => site.feedId,
    title: site.title,
    description: site.description,
    items: catalog.articles,
  };
}

export function tagScope(catalog: Catalog, site: Site, tag: string): Scope | undefined {
  const items = catalog.tagged(tag);
  if (!items) return undefined;
  let id: Promise<string> | undefined;
  return {
    prefix: paths.tag(tag),
    // Stable and derived from the site feed's permanent id (see feed-ids.ts for why it is a UUID); digested
    // once for all of the tag's documents.
    id: () => (id ??= tagFeedId(site.feedId, tag)),
    title: `${site.title}: ${tag}`,
    description: `Articles tagged “${tag}” from ${site.title}.`,
    items,
  };
}

/**
 * The current (subscription) document: the newest page, or only the newest `limit` items. Its poll
 * interval comes from the newest page either way, so a `?limit` view says what its feed says.
 */
export async function currentDocument(scope: Scope, site: Site, limit?: number): Promise<CurrentDocument> {
  const count = archiveCount(scope.items.length, site.pageSize);
  const doc: CurrentDocument = {
    id: await scope.id(),
    title: scope.title,
    description: scope.description,
    homePath: paths.list(scope.prefix),
    paths: paths.feeds(scope.prefix),
    items: scope.items.slice(0, limit ?? site.pageSize),
    poll: pollInterval(scope.items.slice(0, site.pageSize), site.poll),
  };
  // A limited document is a convenience view: walking archives from it would skip items, so it has no
  // links, and it is not a WebSub topic.
  if (limit !== undefined) return doc;
  if (site.hubs.length > 0) doc.hubs = site.hubs;
  if (count === 0) return doc;
  return {
    ...doc,
    archive: {
      isArchive: false,
      current: paths.feeds(scope.prefix),
      prev: paths.feeds(paths.archive(scope.prefix, count)),
    },
  };
}

export async function archiveDocument(scope: Scope, site: Site, n: number): Promise<FeedDocument | undefined> {
  const items = archivePage(scope.items, site.pageSize, n);
  if (!items) return undefined;
  const count = archiveCount(scope.items.length, site.pageSize);
  return {
    id: await scope.id(),
    // Not "n of count": a full archive must not change when the count does (RFC 5005 §4).
    title: `${scope.title} (archive ${n})`,
    description: scope.description,
    homePath: paths.list(scope.prefix),
    paths: paths.feeds(paths.archive(scope.prefix, n)),
    items,
    archive: {
      isArchive: true,
      current: paths.feeds(scope.prefix),
      ...(n > 1 ? { prev: paths.feeds(paths.archive(scope.prefix, n - 1)) } : {}),
      ...(n < count ? { next: paths.feeds(paths.archive(scope.prefix, n + 1)) } : {}),
    },
  };
}
