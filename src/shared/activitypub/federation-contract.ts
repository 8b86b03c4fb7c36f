// What the site Worker and the fediverse Worker (src/federation/) agree on: which requests go across
// (fedify's routes), the header that states the site's profile with each, and the profile itself. The
// fediverse Worker has no public route: the site Worker is its only caller, so the header can be trusted.

import { AP_PATHS } from "./addresses";

/** The header the site Worker states the site's profile in. */
export const SITE_HEADER = "X-Edgefeed-Site";

/** What the actor says of the site: from the site Worker's [vars] and bundle, with each call. */
export interface SiteProfile {
  handle: string;
  name: string;
  summary: string;
  /** The site's icon, if it has one. */
  icon?: { url: string; type: string };
  /** The site's outbox, as the site Worker serves it (a document the build renders). */
  outbox: string;
}

/** A fedify route: a path with the actor's handle as its one variable. */
type Route = `${string}{identifier}${string}`;
const route = (path: (handle: string) => string) => path("{identifier}") as Route;

/** fedify's routes (src/federation/federation.ts): AP_PATHS with "{identifier}" for the handle. */
export const FEDERATION_PATHS = {
  actor: route(AP_PATHS.actor),
  inbox: route(AP_PATHS.inbox),
  followers: route(AP_PATHS.followers),
  sharedInbox: AP_PATHS.sharedInbox,
  nodeInfo: AP_PATHS.nodeInfo,
} as const;

/** The paths the site Worker hands to the fediverse Worker (the outbox it serves itself); none without a handle. */
export function federationPaths(handle: string): string[] {
  if (handle === "") return [];
  return [
    "/.well-known/webfinger",
    "/.well-known/nodeinfo",
    AP_PATHS.nodeInfo,
    AP_PATHS.sharedInbox,
    AP_PATHS.actor(handle),
    AP_PATHS.inbox(handle),
    AP_PATHS.followers(handle),
  ];
}
