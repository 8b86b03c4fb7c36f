// A collection served as the Worker serves it: every document rendered by the build's own renderSite
// (src/build/render.ts) into a store in memory, answered by the Worker's app (src/worker/app.ts). What a
// test asks of it, a deploy of that collection answers.

import { renderSite } from "../../src/build/render";
import type { Collection } from "../../src/shared/content/schema";
import type { Asset } from "../../src/shared/contract";
import type { SiteVars } from "../../src/shared/site";
import { createApp } from "../../src/worker/app";

/** Every article is out: a collection's dates are the test's data, not a schedule (the embargo tests have one). */
const END_OF_TIME = 8.64e15;

type App = ReturnType<typeof createApp>;

/**
 * `request(url, init, env)` as on a Hono app: `env` holds the [vars] (SITE_URL is read per request, as
 * the Worker reads it; the others are the build's, so the site is built once per set of them).
 */
/** A stylesheet for sites that do not compare their pages with a build's (workerd reads no files). */
const STYLESHEET: Asset = { path: "/assets/style.0123456789ab.css", body: "body { margin: 0 }\n" };

export function siteApp(collection: Collection, stylesheet: Asset = STYLESHEET) {
  const builds = new Map<string, Promise<App>>();
  async function build(vars: Omit<SiteVars, "SITE_URL">): Promise<App> {
    const { current, stored } = await renderSite(collection, vars, { now: END_OF_TIME, stylesheet });
    return createApp({ current, store: () => ({ get: async (key) => stored.get(key) }) });
  }
  return {
    async request(input: string, init: RequestInit | undefined, env: Partial<SiteVars>): Promise<Response> {
      // As in wrangler.toml, a variable may be left out: siteFrom (in renderSite) says which one is missing.
      const { SITE_URL = "", ...vars } = env as SiteVars;
      const key = JSON.stringify(vars);
      let app = builds.get(key);
      if (!app) {
        app = build(vars);
        builds.set(key, app);
      }
      return (await app).request(input, init, { ...env, SITE_URL } as Env);
    },
  };
}
