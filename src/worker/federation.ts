// The site Worker's side of the fediverse: it forwards WebFinger, NodeInfo and the actor's routes to the
// fediverse Worker (src/federation/, bound as FEDERATION) with the site's profile, and on each Cron
// Trigger run hands it the newest Create activities of the outbox as they are served now, so an
// article is delivered at its release — never earlier, as the outbox is a document of its epoch.
import type { Context, Hono } from "hono";
import { federationPaths, SITE_HEADER, type SiteProfile } from "../shared/activitypub/federation-contract";
import type { CurrentBundle } from "../shared/contract";
import type { SiteEnv } from "./app-env";
import { notFound } from "./errors";

/** The largest activity an inbox takes: Mastodon's own limit is 1 MB; a Follow or Undo is under 2 KB. */
export const INBOX_BYTES = 256 * 1024;

/** What the fediverse Worker offers over its binding (src/federation/index.ts). */
interface FederationService {
  fetch(request: Request): Promise<Response>;
  release(site: SiteProfile, origin: string, creates: unknown[], posts: number, whole: boolean): Promise<unknown>;
}

/** The binding, where there is one (none in a bare workerd, such as the benchmarks'). */
const serviceOf = (env: Env) => (env as unknown as { FEDERATION?: FederationService }).FEDERATION;

/** The site's profile for the fediverse Worker; undefined when the site is not an actor. */
export function profileOf(current: CurrentBundle, outbox: string): SiteProfile | undefined {
  const handle = current.vars.FEDIVERSE_HANDLE;
  if (!handle) return undefined;
  const icon = current.icons?.icon;
  return {
    handle,
    name: current.vars.SITE_TITLE || "edgefeed",
    summary: current.vars.SITE_DESCRIPTION || "",
    ...(icon ? { icon: { url: icon.url, type: icon.type } } : {}),
    outbox,
  };
}

/** Forwards a request on a fediverse path, or answers 404 where the site is not an actor. */
export async function forward(c: Context<SiteEnv>, profile: SiteProfile | undefined): Promise<Response> {
  const service = serviceOf(c.env);
  if (!profile || !service) return notFound(c);
  // The actor lives at SITE_URL only: the same Worker's other addresses (workers.dev, plain http) would
  // make it a second actor, whose followers get nothing from the one that delivers.
  if (c.env.SITE_URL && new URL(c.req.url).origin !== new URL(c.env.SITE_URL).origin) return notFound(c);
  const request = c.req.raw;
  if (request.method === "POST") {
    const length = Number(request.headers.get("Content-Length") ?? Number.NaN);
    // Refused before anything is read or forwarded: a body without a length could be any size.
    if (!(length <= INBOX_BYTES)) {
      return c.text(`expected an activity of at most ${INBOX_BYTES} bytes with its Content-Length\n`, 413);
    }
  }
  const headers = new Headers(request.headers);
  // Percent-encoded: a header value is Latin-1, a site's name need not be.
  headers.set(SITE_HEADER, encodeURIComponent(JSON.stringify(profile)));
  const res = await service.fetch(new Request(request, { headers }));
  // A response from another Worker has immutable headers; this Worker's middleware adds its own.
  return new Response(res.body, res);
}

/**
 * Mounts the forwarding on `app`, ahead of the store's routes: as routes of their own, so a feed or page
 * request pays nothing for them (the router matches every route at once). None where the site is not an actor.
 */
export function mountFederation(app: Hono<SiteEnv>, profile: SiteProfile | undefined) {
  if (!profile) return;
  for (const path of federationPaths(profile.handle)) app.all(path, (c) => forward(c, profile));
}

/**
 * The Cron Trigger's run: the outbox's newest page as `serve` answers it now (the current epoch), its
 * Create activities handed to the fediverse Worker. Nothing happens where the site is not an actor.
 */
export async function federate(options: {
  env: Env;
  profile: SiteProfile | undefined;
  origin: string;
  serve: (request: Request) => Promise<Response>;
}): Promise<void> {
  const { env, profile, origin, serve } = options;
  const service = serviceOf(env);
  if (!profile || !service) return;
  if (!origin) {
    console.error("federation: FEDIVERSE_HANDLE needs SITE_URL, the address activities name; none delivered");
    return;
  }
  const ask = async (url: string) => {
    const res = await serve(new Request(url, { headers: { Accept: "application/activity+json" } }));
    if (!res.ok) throw new Error(`federation: ${url} answered ${res.status}`);
    return (await res.json()) as { first?: string; totalItems?: number; orderedItems?: unknown[] };
  };
  const collection = await ask(new URL(profile.outbox, origin).href);
  // The newest page may hold one item: with the page before it, the run sees at least a page's worth.
  const items: unknown[] = [];
  let next = collection.first;
  for (let pages = 0; next && pages < 2; pages++) {
    const page = (await ask(next)) as { "@context"?: unknown; orderedItems?: object[]; next?: string };
    // An item of a page is read in the page's JSON-LD context: each goes over with it.
    items.push(...(page.orderedItems ?? []).map((item) => ({ "@context": page["@context"], ...item })));
    next = page.next;
  }
  // With no page left, the items are every article out: a removal among any of them is seen.
  await service.release(profile, origin, items, collection.totalItems ?? 0, !next);
}
