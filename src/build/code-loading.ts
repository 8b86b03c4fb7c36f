// How the build's code is loaded: bundled (./launch.mjs, which every build command runs: ./commands.ts
// BUILD_ARGV), or from its TypeScript sources (the tests, `npm start`'s own steps, through tsx or
// vitest). A thread runs the same form of the code as the thread that starts it.
import { register } from "node:module";
import { join } from "node:path";
import { Worker, type WorkerOptions } from "node:worker_threads";

/** Set by ./launch.mjs as it bundles (esbuild's `define`): where the sources are. Absent from the sources. */
declare const EDGEFEED_BUNDLE: { src: string } | undefined;

const bundle = typeof EDGEFEED_BUNDLE === "object" ? EDGEFEED_BUNDLE : undefined;

/** The project's src/ folder, whichever way the code was loaded. */
export const SOURCES: string = bundle?.src ?? join(import.meta.dirname, "..");

/** The threads the build starts, each a module of this folder (and an entry of the bundle). */
export type ThreadModule = "render-worker" | "inputs-worker";

/** Starts a thread on `module`: the bundle's own file, or its source through tsx. */
export function startThread(module: ThreadModule, options: WorkerOptions = {}): Worker {
  if (bundle) return new Worker(join(import.meta.dirname, `${module}.mjs`), options);
  return new Worker(join(import.meta.dirname, `${module}.ts`), {
    ...options,
    execArgv: ["--import", import.meta.resolve("tsx")],
  });
}

/**
 * Before `feed` is loaded from the sources: it writes through src/shared/feeds/xml-writer.js
 * (./alias-hook.mjs). The bundle has it in place already (./launch.mjs `alias`), and needs no hook: a
 * hook sends every module's resolution through a thread of its own.
 */
export function aliasModules(): void {
  if (!bundle) register("./alias-hook.mjs", import.meta.url);
}
