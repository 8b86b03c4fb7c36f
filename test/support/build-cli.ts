// `npm run build:content` as a test runs it: src/build/cli.ts in a child Node (the one running the tests,
// so Node 24 from node_modules/.bin) with tsx loaded as wrangler.toml's [build] command loads it.
// No npx: resolving it cost most of a second on every build a test runs.
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { BUILD_ARGV } from "../../src/build/commands";

const ROOT = join(import.meta.dirname, "../..");

/** The build CLI with `args`, in `cwd` (the project, by default), EDGEFEED_YEAR pinned as `npm test` pins it. */
export function buildCli(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}) {
  return promisify(execFile)(process.execPath, [...BUILD_ARGV, ...args], {
    cwd: options.cwd ?? ROOT,
    env: { ...process.env, EDGEFEED_YEAR: "2026", ...options.env },
    maxBuffer: 16 << 20,
  });
}
