// The Worker: answers every address from documents the build rendered (src/build/render.ts). The
// current ones (site feeds, home page, newest articles) ride in the script, the rest in the store
// (src/worker/store.ts), read on demand and kept in bounded memory. Nothing is rendered per request
// but a `?limit` feed, and no request hashes a document: the site's address is filled into it.
import { type Context, Hono } from "hono";
import { AP_PATHS } from "../shared/activitypub/addresses";
import { type FeedFormat, isPublicPath, paths } from "../shared/addresses";
import { Catalog } from "../shared/catalog";
import type { Article } from "../shared/content/schema";
import { type CurrentBundle, entryKey, factsKey, OPEN_ORIGIN, readFacts } from "../shared/contract";
import { siteScope, tagScope } from "../shared/feeds/documents";
import { currentFeed } from "../shared/feeds/render";
import { CACHE } from "../shared/http/cache-policy";
import { fillBody, filledEtag, type OpenBody, openBody } from "../shared/http/open-origin";
import { type Representation, represent, restore } from "../shared/http/representation";
import { type Site, SiteCache, type SiteVars } from "../shared/site";
import type { SiteEnv } from "./app-env";
import { notFound, onError } from "./errors";
import { mountFederation, profileOf } from "./federation";
import { ByteLru } from "./http/lru";
import { refuseOtherMethods, send } from "./http/send";
import { MEDIA_ROUTE, serveMedia } from "./media";
import { cors } from "./middleware/cors";
import { problemsBanner } from "./middleware/problems";
import { securityHeaders } from "./middleware/security-headers";
import { route } from "./route-table";
import { Schedule } from "./schedule";
import { type Store, type StoreBindings, StoreError, storeFrom } from "./store";

/** An entry ready to fill in: its body split at the open address, its date parsed. */
interface Open {
  body: OpenBody;
  etag: string;
  contentType: string;
  lastModified: Date;
  cacheControl: string;
}

/** Per isolate: what is kept of the store, and of the documents filled in per address. */
const OPEN_BYTES = 8 << 20;
const FILLED_BYTES = 8 << 20;
/**
 * Keys the store did not have, each for MISS_MS: a burst of requests for one missing address (a broken
 * link on a busy page, a scanner) costs one store read, and a document KV did not have yet (it is
 * eventually consistent, up to 60 s after `npm run deploy`) is served seconds after KV has it. Bounded
 * by bytes, since a client chooses the keys (paths of up to 16 KB reach a Worker).
 */
const MISSING_BYTES = 1 << 20;
const MISSING_KEYS = 4096;
const MISS_MS = 10_000;
/** What an entry of the missing keys costs beside its key's UTF-16 code units: the map's slot and the record. */
const MISS_OVERHEAD = 96;

export interface AppOptions {
  current: CurrentBundle;
  /** The store for this environment; by default the one STORE in wrangler.toml names. */
  store?: (env: Env & StoreBindings) => Store;
  /** What is wrong with content/ now, while `npm start` serves the last good build (none elsewhere). */
  problems?: readonly string[];
  /**
   * Decides which scheduled articles are out (and how long a missing key is remembered), and nothing
   * else (default: the runtime's clock).
   */
  clock?: () => number;
}

export function createApp({ current, store = storeFrom, clock = Date.now, problems = [] }: AppOptions) {
  const app = new Hono<SiteEnv>();
  const sites = new SiteCache(undefined, { icons: current.icons, stylesheet: current.stylesheet });
  const varsByEnv = new WeakMap<object, SiteVars>();
  const stores = new WeakMap<object, Store>();
  const opened = new ByteLru<Open>(OPEN_BYTES);
  const filled = new ByteLru<Representation>(FILLED_BYTES);
  // Keys the store did not have, with when to ask again (bounded by bytes, so no client can grow it).
  const missing = new ByteLru<number>(MISSING_BYTES, MISSING_KEYS);
  const inScript = new Map(Object.entries(current.entries));
  const schedule = new Schedule(current);

  // The clock is read once per request: its document and its headers are of the same epoch.
  const epochs = new WeakMap<Request, number>();
  const epochOf = (c: Context) => {
    let epoch = epochs.get(c.req.raw);
    if (epoch === undefined) {
      epoch = schedule.epochAt(clock());
      epochs.set(c.req.raw, epoch);
    }
    return epoch;
  };
  app.use(problemsBanner(problems));
  app.use(securityHeaders((c) => schedule.media(epochOf(c))));
  app.use(cors());
  app.use(async (c, next) => {
    let vars = varsByEnv.get(c.env);
    if (!vars) {
      vars = { ...current.vars, SITE_URL: c.env?.SITE_URL ?? "" };
      varsByEnv.set(c.env, vars);
    }
    c.set("site", sites.for(vars, c.req.url));
    await next();
  });

  /** The open entry under a key: from the script, else the store (a miss remembered as one). */
  async function lookUp(env: Env & StoreBindings, key: string): Promise<Open | undefined> {
    const hit = opened.get(key);
    if (hit) return hit;
    let entry = inScript.get(key);
    if (!entry) {
      const until = missing.get(key);
      if (until !== undefined && clock() < until) return undefined;
      let s = stores.get(env);
      if (!s) {
        s = store(env);
        stores.set(env, s);
      }
      // A read that fails throws (StoreError): only an answer of "none" is remembered.
      entry = await s.get(key);
      if (!entry) {
        missing.set(key, clock() + MISS_MS, key.length * 2 + MISS_OVERHEAD);
        return undefined;
      }
    }
    const open = {
      body: openBody(entry.body),
      etag: entry.etag,
      contentType: entry.contentType,
      lastModified: new Date(entry.lastModified),
      cacheControl: entry.cacheControl,
    };
    opened.set(key, open, open.body.bytes);
    return open;
  }

  /** A `?limit` document (or its view): rendered with the address open, like every stored one, then kept. */
  async function limited(
    c: Context<SiteEnv>,
    epoch: number,
    prefix: string,
    format: FeedFormat,
    limit: number,
    view: boolean,
  ) {
    const key = `${entryKey(paths.feed(prefix, format), view ? "view" : undefined)} limit=${limit} @${epoch}`;
    const hit = opened.get(key);
    if (hit) return hit;
    const site = openSite(c.var.site);
    let items: readonly Article[] = schedule.newest(epoch);
    if (prefix !== "") {
      const list = await lookUp(c.env, schedule.key(entryKey(prefix, "items"), epoch));
      if (!list) return undefined;
      items = JSON.parse(new TextDecoder().decode(fillBody(list.body, OPEN_ORIGIN))) as Article[];
    }
    const catalog = new Catalog({ articles: [...items], version: "" });
    const tag = prefix === "" ? undefined : prefix.slice(paths.tag("").length);
    const scope = tag === undefined ? siteScope(catalog, site) : tagScope(catalog, site, tag);
    if (!scope) return undefined;
    // The same feed document the build stores, with only the newest `limit` items.
    const rep = await represent(await currentFeed(scope, site, format, view, limit));
    const open = { ...rep, body: openBody(new TextDecoder().decode(rep.body)) };
    opened.set(key, open, open.body.bytes);
    return open;
  }

  // WebFinger, NodeInfo and the actor's routes, to the fediverse Worker (./federation.ts).
  mountFederation(app, profileOf(current, AP_PATHS.outbox));

  app.all(MEDIA_ROUTE, async (c) => {
    if (!isPublicPath(c.req.path)) return notFound(c);
    try {
      const facts = await lookUp(c.env, factsKey(c.req.path));
      if (!facts) return notFound(c);
      return await serveMedia(c, readFacts({ ...facts, body: new TextDecoder().decode(fillBody(facts.body, "")) }));
    } catch (error) {
      if (!(error instanceof StoreError)) throw error;
      return unavailable(c, error);
    }
  });

  app.all("*", async (c) => {
    const { site } = c.var;
    const epoch = epochOf(c);
    const request = route(c, site.pageSize);
    if (!request) return notFound(c);
    const limit = request.feed?.limit;
    const key = schedule.key(request.key, epoch);
    let open: Open | undefined;
    try {
      open =
        limit !== undefined && request.feed
          ? await limited(c, epoch, request.feed.prefix, request.feed.format, limit, request.variant === "view")
          : await lookUp(c.env, key);
    } catch (error) {
      if (!(error instanceof StoreError)) throw error;
      return unavailable(c, error);
    }
    if (!open) return notFound(c);
    refuseOtherMethods(c);
    const filledKey = `${site.baseUrl} ${key} ${limit ?? ""}`;
    let rep = filled.get(filledKey);
    if (!rep) {
      const body = fillBody(open.body, site.baseUrl);
      rep = restore({
        body,
        etag: filledEtag(open.etag, site.originDigest),
        contentType: open.contentType,
        lastModified: open.lastModified,
        cacheControl: open.cacheControl,
      });
      if (sites.keeps(site)) filled.set(filledKey, rep, body.byteLength);
    }
    const topic = request.feed?.current && limit === undefined && site.hubs.length > 0;
    return send(c, rep, request.vary, topic ? hubLinks(site, request.feed!.path) : undefined);
  });

  app.notFound(notFound);
  app.onError(onError);
  return app;
}

/** RFC 9110 §15.6.4: a passing failure; a cache may serve its stale copy meanwhile (stale-if-error). */
function unavailable(c: Context<SiteEnv>, error: StoreError) {
  console.error(error);
  return c.text("Service Unavailable — the archive could not be read. Please try again shortly.\n", 503, {
    "Retry-After": "10",
    "Cache-Control": CACHE.none,
  });
}

/** W3C WebSub §4: `Link: <hub>; rel="hub", …, <topic>; rel="self"`, per site (hubs and address). */
const linkHeaders = new WeakMap<Site, Map<string, string>>();
function hubLinks(site: Site, path: string): string {
  let byPath = linkHeaders.get(site);
  if (!byPath) {
    byPath = new Map();
    linkHeaders.set(site, byPath);
  }
  let link = byPath.get(path);
  if (!link) {
    link = [...site.hubs.map((hub) => `<${hub}>; rel="hub"`), `<${site.baseUrl}${path}>; rel="self"`].join(", ");
    byPath.set(path, link);
  }
  return link;
}

/** The site with its address left open, as the build renders with it. */
const openSites = new WeakMap<Site, Site>();
function openSite(site: Site): Site {
  let open = openSites.get(site);
  if (!open) {
    open = { ...site, baseUrl: OPEN_ORIGIN };
    openSites.set(site, open);
  }
  return open;
}
