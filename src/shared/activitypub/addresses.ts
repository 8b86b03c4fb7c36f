// The site's ActivityPub addresses and media types: the one place they are written. The site Worker
// serves the outbox (rendered by the build, src/shared/documents.ts); the federation Worker the rest.
// Every path is in the alphabet of src/shared/addresses.ts isPublicPath.

export const AP_PATHS = {
  /**
   * The site's one actor (ActivityPub §4.1), at its handle as Mastodon writes an account's address; the
   * fediverse Worker's routes are these with "{identifier}" for the handle (src/federation/federation.ts).
   */
  actor: (handle: string) => `/@${handle}`,
  inbox: (handle: string) => `/@${handle}/inbox`,
  followers: (handle: string) => `/@${handle}/followers`,
  /** Every server's deliveries to all its followers here, in one request (ActivityPub §7.1.3). */
  sharedInbox: "/inbox",
  /** An OrderedCollection of the site's activities (ActivityPub §5.1), and its pages, 1 = oldest. */
  outbox: "/outbox",
  outboxPage: (n: number) => `/outbox/page/${n}`,
  nodeInfo: "/nodeinfo/2.1",
};

/** What the site sends its ActivityPub documents as (ActivityPub §3.2: servers should accept both types). */
export const ACTIVITY_JSON = "application/activity+json";

/** The other media type ActivityPub §3.2 names for its objects, the one clients MUST send in Accept. */
export const LD_JSON_ACTIVITY = 'application/ld+json; profile="https://www.w3.org/ns/activitystreams"';

/** The Activity Streams 2.0 namespace (AS2 Core §2.1): its context document and its terms' prefix. */
export const AS_NAMESPACE = "https://www.w3.org/ns/activitystreams";

/** The special collection "everyone" (ActivityPub §5.6): an object addressed to it is public. */
export const PUBLIC = `${AS_NAMESPACE}#Public`;
