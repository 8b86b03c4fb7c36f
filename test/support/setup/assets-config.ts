// wrangler's own reading of wrangler.toml [assets] (the router rules from run_worker_first included),
// done once per run in vitest's main process and handed to the test files (./assets-options.ts).
// wrangler is loaded with Node's own require: through vitest's module runner its CLI bundle took
// twenty seconds to load, and in each test file that started a Worker, seconds of that file.
import { createRequire } from "node:module";
import { join } from "node:path";
import type { TestProject } from "vitest/node";

type Wrangler = typeof import("wrangler");
export type AssetsConfig = NonNullable<
  ReturnType<Wrangler["unstable_getMiniflareWorkerOptions"]>["workerOptions"]["assets"]
>;

export default function setup(project: TestProject) {
  const wrangler: Wrangler = createRequire(import.meta.url)("wrangler");
  const wranglerToml = join(import.meta.dirname, "../../../wrangler.toml");
  const { assets } = wrangler.unstable_getMiniflareWorkerOptions(wranglerToml).workerOptions;
  if (!assets) throw new Error(`${wranglerToml}: expected an [assets] table`);
  project.provide("assetsConfig", assets);
}

declare module "vitest" {
  export interface ProvidedContext {
    assetsConfig: AssetsConfig;
  }
}
