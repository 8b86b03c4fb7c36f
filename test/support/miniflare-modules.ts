// The shipped bundle's modules as Miniflare takes them. Miniflare 5 loads exactly the modules it is given:
// Miniflare 4's `modules: true` with `modulesRules`, which found the bundle's Text module by following
// its imports, has no v5 equivalent (convertV4MiniflareOptions refuses `modulesRules`).
import { join } from "node:path";
import type { V4ModuleDefinition, V4ModuleRuleType } from "miniflare";
import { bundleModules } from "../bench/bundle";
import type { ModuleType, WorkerModule } from "../bench/workerd-config";

const TYPES: Record<ModuleType, V4ModuleRuleType> = {
  esModule: "ESModule",
  commonJsModule: "CommonJS",
  text: "Text",
  data: "Data",
  wasm: "CompiledWasm",
};

/** `modules` for Miniflare, the main module first, from the bundle in `dir`. */
export function miniflareModules(dir: string, modules: readonly WorkerModule[]): V4ModuleDefinition[] {
  return modules.map((m) => ({ type: TYPES[m.type], path: join(dir, m.name) }));
}

/** The same, read from the folder `wrangler deploy --dry-run --outdir` wrote. */
export async function readMiniflareModules(outdir: string): Promise<V4ModuleDefinition[]> {
  return miniflareModules(outdir, await bundleModules(outdir));
}
