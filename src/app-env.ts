// The types the handlers share: Worker bindings and per-request variables.
import type { Catalog } from "./catalog";
import type { Memo } from "./http/representation";
import type { Site } from "./site";

/** What every response needs: the site's config for the request's address (error pages, links). */
export interface SiteEnv {
  Bindings: Env;
  Variables: { site: Site };
}

/** The renderer's routes (src/renderer.ts) also read the collection and memoize what they render. */
export interface AppEnv extends SiteEnv {
  Variables: SiteEnv["Variables"] & { catalog: Catalog; memo: Memo };
}
