// The types the handlers share: Worker bindings and per-request variables.
import type { Site } from "../shared/site";

/** What every response needs: the site's config for the request's address (error pages, links). */
export interface SiteEnv {
  Bindings: Env;
  Variables: { site: Site };
}
