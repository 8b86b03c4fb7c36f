// Which feed documents exist: the site feed and one per tag, each current or archived, possibly limited.
import type { Catalog } from "../catalog";
import type { Site } from "../site";
import { archiveCount, archivePage } from "./archive";
import { type FeedDocument, feedPaths } from "./document";
import { tagFeedId } from "./feed-ids";

export interface Scope {
  /** Site-relative prefix of this feed's URLs: "" for the site feed, "/tags/<tag>" for a tag. */
  prefix: string;
  id: string;
  title: string;
  description: string;
  items: Catalog["articles"];
}

export function siteScope(catalog: Catalog, site: Site): Scope {
  return { prefix: "", id: site.feedId, title: site.title, description: site.description, items: catalog.articles };
}

export function tagScope(catalog: Catalog, site: Site, tag: string): Scope | undefined {
  const items = catalog.tagged(tag);
  if (!items) return undefined;
  return {
    prefix: `/tags/${tag}`,
    // Stable and derived from the site feed's permanent id (see feed-ids.ts for why it is a UUID).
    id: tagFeedId(site.feedId, tag),
    title: `${site.title}: ${tag}`,
    description: `Articles tagged “${tag}” from ${site.title}.`,
    items,
  };
}

/** The current (subscription) document: the newest page, or only the newest `limit` items. */
export function currentDocument(scope: Scope, site: Site, limit?: number): FeedDocument {
  const count = archiveCount(scope.items.length, site.pageSize);
  const doc: FeedDocument = {
    id: scope.id,
    title: scope.title,
    description: scope.description,
    homePath: scope.prefix || "/",
    paths: feedPaths(scope.prefix),
    items: scope.items.slice(0, limit ?? site.pageSize),
  };
  // A limited document is a convenience view: walking archives from it would skip items, so it has no links.
  if (limit !== undefined || count === 0) return doc;
  return {
    ...doc,
    archive: {
      isArchive: false,
      current: feedPaths(scope.prefix),
      prev: feedPaths(`${scope.prefix}/archive/${count}`),
    },
  };
}

export function archiveDocument(scope: Scope, site: Site, n: number): FeedDocument | undefined {
  const items = archivePage(scope.items, site.pageSize, n);
  if (!items) return undefined;
  const count = archiveCount(scope.items.length, site.pageSize);
  return {
    id: scope.id,
    title: `${scope.title} (archive ${n} of ${count})`,
    description: scope.description,
    homePath: scope.prefix || "/",
    paths: feedPaths(`${scope.prefix}/archive/${n}`),
    items,
    archive: {
      isArchive: true,
      current: feedPaths(scope.prefix),
      ...(n > 1 ? { prev: feedPaths(`${scope.prefix}/archive/${n - 1}`) } : {}),
      ...(n < count ? { next: feedPaths(`${scope.prefix}/archive/${n + 1}`) } : {}),
    },
  };
}
