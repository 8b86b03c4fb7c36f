// The Worker: answers every address from documents the build rendered (src/build/render.ts). The
// current ones (site feeds, home page, newest articles) ride in the script, the rest in the store
// (src/store/store.ts), read on demand and kept in bounded memory. Nothing is rendered per request
// but a `?limit` feed, and no request hashes a document: the site's address is filled into it.
import { type Context, Hono } from "hono";
import { FEED_FORMATS, type FeedFormat, FORMATS, NEGOTIATED_FEED, paths } from "./addresses";
import type { SiteEnv } from "./app-env";
import { Catalog } from "./catalog";
import type { Article } from "./content/schema";
import { lastUpdated } from "./feeds/document";
import { currentDocument, siteScope, tagScope } from "./feeds/documents";
import { RENDER } from "./feeds/render";
import { CACHE, feedCacheControl } from "./http/cache-policy";
import { ByteLru } from "./http/lru";
import { feedMediaType, negotiateFormat } from "./http/negotiation";
import { fillBody, filledEtag, OPEN_ORIGIN, type OpenBody, openBody } from "./http/open-origin";
import { parseFormat, parseLimit, single } from "./http/params";
import { type Representation, represent, restore } from "./http/representation";
import { refuseOtherMethods, send } from "./http/send";
import { cors } from "./middleware/cors";
import { securityHeaders } from "./middleware/security-headers";
import { notFound, onError } from "./routes/errors";
import { type Site, SiteCache, type SiteVars } from "./site";
import { entryKey, type StoredEntry } from "./store/entry";
import { type Store, type StoreBindings, StoreError, storeFrom } from "./store/store";

/** What the build puts in the script (src/generated/current.js). */
export interface CurrentBundle {
  /** The [vars] the documents were rendered with; only SITE_URL is read per request. */
  vars: Omit<SiteVars, "SITE_URL">;
  /** The site feed's newest articles, for `?limit` documents. */
  newest: Article[];
  /** The current documents, by key (src/store/entry.ts). */
  entries: Record<string, StoredEntry>;
}

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
const MISSING_KEYS = 4096;

export interface AppOptions {
  current: CurrentBundle;
  /** The store for this environment; by default the one STORE in wrangler.toml names. */
  store?: (env: Env & StoreBindings) => Store;
}

export function createApp({ current, store = storeFrom }: AppOptions) {
  const app = new Hono<SiteEnv>();
  const sites = new SiteCache();
  const varsByEnv = new WeakMap<object, SiteVars>();
  const stores = new WeakMap<object, Store>();
  const opened = new ByteLru<Open>(OPEN_BYTES);
  const filled = new ByteLru<Representation>(FILLED_BYTES);
  // Keys the store does not have: a 404 asked again costs no read (bounded, so lost clients cannot grow it).
  const missing = new ByteLru<true>(Number.POSITIVE_INFINITY, MISSING_KEYS);
  const inScript = new Map(Object.entries(current.entries));

  app.use(securityHeaders());
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
      if (missing.get(key)) return undefined;
      let s = stores.get(env);
      if (!s) {
        s = store(env);
        stores.set(env, s);
      }
      entry = await s.get(key);
      if (!entry) {
        missing.set(key, true, 0);
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
    opened.set(key, open, entry.body.length * 2);
    return open;
  }

  /** A `?limit` document: rendered with the address open, like every stored one, then kept. */
  async function limited(c: Context<SiteEnv>, prefix: string, format: FeedFormat, limit: number, type: string) {
    const key = `${paths.feed(prefix, format)} limit=${limit} ${type}`;
    const hit = opened.get(key);
    if (hit) return hit;
    const site = openSite(c.var.site);
    let items: readonly Article[] = current.newest;
    if (prefix !== "") {
      const list = await lookUp(c.env, entryKey(`${prefix} items`));
      if (!list) return undefined;
      items = JSON.parse(list.body.join(OPEN_ORIGIN)) as Article[];
    }
    const catalog = new Catalog({ articles: [...items], version: "" });
    const tag = prefix === "" ? undefined : prefix.slice(TAG_PREFIX.length);
    const scope = tag === undefined ? siteScope(catalog, site) : tagScope(catalog, site, tag);
    if (!scope) return undefined;
    const doc = await currentDocument(scope, site, limit);
    const rep = await represent({
      body: RENDER[format](doc, site),
      contentType: type,
      lastModified: lastUpdated(doc.items),
      cacheControl: feedCacheControl(doc.poll),
    });
    const open = { ...rep, body: openBody(new TextDecoder().decode(rep.body)) };
    opened.set(key, open, rep.body.byteLength * 2);
    return open;
  }

  app.all("*", async (c) => {
    const { site } = c.var;
    const request = locate(c);
    const limit = request.feed?.current
      ? parseLimit(single(c.req.queries("limit"), "limit"), site.pageSize)
      : undefined;
    let open: Open | undefined;
    try {
      open =
        limit !== undefined && request.feed
          ? await limited(c, request.feed.prefix, request.feed.format, limit, request.type)
          : await lookUp(c.env, request.key);
    } catch (error) {
      if (!(error instanceof StoreError)) throw error;
      console.error(error);
      // RFC 9110 §15.6.4: a passing failure; a cache may serve its stale copy meanwhile (stale-if-error).
      return c.text("Service Unavailable — the archive could not be read. Please try again shortly.\n", 503, {
        "Retry-After": "10",
        "Cache-Control": CACHE.none,
      });
    }
    if (!open) return notFound(c);
    refuseOtherMethods(c);
    const key = `${site.baseUrl} ${request.key} ${limit ?? ""}`;
    let rep = filled.get(key);
    if (!rep) {
      const body = new TextEncoder().encode(fillBody(open.body, site.baseUrl));
      rep = restore({
        body,
        etag: filledEtag(open.etag, site.originDigest),
        contentType: open.contentType,
        lastModified: open.lastModified,
        cacheControl: open.cacheControl,
      });
      filled.set(key, rep, body.byteLength);
    }
    return send(c, rep, request.vary);
  });

  app.notFound(notFound);
  app.onError(onError);
  return app;
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

interface Located {
  key: string;
  type: string;
  vary: string[];
  /** For a feed document: which one, and whether it is a current (subscription) document. */
  feed?: { prefix: string; format: FeedFormat; current: boolean };
}

const FEED_FILES = FEED_FORMATS.map((format) => [`/${FORMATS[format].file}`, format] as const);
const TAG_PREFIX = paths.tag("");

/** Which stored representation a request names: its path, the negotiated format and media type. */
function locate(c: Context<SiteEnv>): Located {
  let path = c.req.path;
  const vary: string[] = [];
  let format: FeedFormat | undefined;
  if (path === NEGOTIATED_FEED) {
    const named = single(c.req.queries("format"), "format");
    format = named === undefined ? negotiateFormat(c) : parseFormat(named);
    // ?format= names one representation outright: that response does not vary with Accept.
    if (named === undefined) vary.push("Accept");
    path = paths.feed("", format);
  } else {
    format = FEED_FILES.find(([file]) => path.endsWith(file))?.[1];
  }
  if (!format) return { key: entryKey(path), type: "", vary };
  const prefix = path.slice(0, -FORMATS[format].file.length - 1);
  const current = prefix === "" || (prefix.startsWith(TAG_PREFIX) && !prefix.slice(TAG_PREFIX.length).includes("/"));
  const feed = { prefix, format, current };
  const media = feedMediaType(c, format);
  return { key: entryKey(path, media.browser), type: media.type, vary: [...new Set([...vary, ...media.vary])], feed };
}
