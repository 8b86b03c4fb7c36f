// Miniflare's Static Assets options as wrangler derives them from wrangler.toml [assets] (its router
// rules from run_worker_first included), over the folder a test built: the tests route requests
// between the Worker and the assets exactly as `wrangler dev` and a deploy do.
// wrangler reads wrangler.toml once per run, in ./setup/assets-config.ts (the projects' globalSetup).
import { inject } from "vitest";

export function assetsOptions(directory: string) {
  return { ...inject("assetsConfig"), directory };
}
