// What every route reads from the context: the site's config for this origin, the catalog and the memo.
import type { Context, MiddlewareHandler } from "hono";
import type { AppEnv } from "../app-env";
import type { Catalog } from "../catalog";
import { edgeCache } from "../http/edge-cache";
import { Memo, type SecondTier } from "../http/representation";
import { SiteCache } from "../site";

export function requestContext(catalog: Catalog): MiddlewareHandler<AppEnv> {
  // Per isolate: one memo of rendered representations and one cache of checked site configs.
  const memo = new Memo();
  const sites = new SiteCache();
  return async (c, next) => {
    c.set("site", sites.for(c.env, c.req.url));
    c.set("catalog", catalog);
    c.set(
      "memo",
      memo.withTier(() => edgeTier(c, catalog.version)),
    );
    await next();
  };
}

/** The request's ExecutionContext; Hono throws when there is none (app.request in Node tests). */
function executionContext(c: Context): ExecutionContext | undefined {
  try {
    return c.executionCtx;
  } catch {
    return undefined;
  }
}

/**
 * The edge cache behind the memo (../http/edge-cache.ts), for this request: only where a deploy id
 * (the version metadata binding) and waitUntil exist, since keys without a deploy id could serve a
 * body rendered by the previous deploy's code.
 */
function edgeTier(c: Context<AppEnv>, contentVersion: string): SecondTier | undefined {
  const deployId = c.env?.CF_VERSION_METADATA?.id;
  const ctx = executionContext(c);
  if (!deployId || !ctx) return undefined;
  return edgeCache({
    origin: new URL(c.req.url).origin,
    deployId,
    contentVersion,
    waitUntil: (promise) => ctx.waitUntil(promise),
  });
}
