// Miniflare's Static Assets options as wrangler derives them from wrangler.toml [assets] (its router
// rules from run_worker_first included), over the folder a test built: the tests route requests
// between the Worker and the assets exactly as `wrangler dev` and a deploy do.
import { unstable_getMiniflareWorkerOptions } from "wrangler";

export function assetsOptions(wranglerToml: string, directory: string) {
  const { assets } = unstable_getMiniflareWorkerOptions(wranglerToml).workerOptions;
  if (!assets) throw new Error(`${wranglerToml}: expected an [assets] table`);
  return { ...assets, directory };
}
