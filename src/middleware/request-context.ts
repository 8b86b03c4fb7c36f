// What the renderer's routes read from the context: the site's config for this origin, the catalog and the memo.
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../app-env";
import type { Catalog } from "../catalog";
import { Memo } from "../http/representation";
import { SiteCache } from "../site";

export function requestContext(catalog: Catalog): MiddlewareHandler<AppEnv> {
  // One memo of rendered representations and one cache of checked site configs per renderer.
  const memo = new Memo();
  const sites = new SiteCache(undefined, catalog.icons);
  return async (c, next) => {
    c.set("site", sites.for(c.env, c.req.url));
    c.set("catalog", catalog);
    c.set("memo", memo);
    await next();
  };
}
