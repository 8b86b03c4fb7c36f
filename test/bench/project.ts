// What the benchmarks read from the project: its root, the Worker's [vars], compatibility date and [assets].
import { readFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { parse } from "smol-toml";

export const ROOT = resolve(import.meta.dirname, "../..");

/** wrangler.toml [assets]: a folder the Worker reads through a Fetcher binding. */
export interface AssetsConfig {
  binding: string;
  /** Absolute. */
  directory: string;
}

export interface WorkerConfig {
  compatibilityDate: string;
  /** wrangler.toml [vars]: what the shipped Worker sees as its environment. */
  vars: Record<string, string>;
  assets?: AssetsConfig;
}

export async function workerConfig(file = resolve(ROOT, "wrangler.toml")): Promise<WorkerConfig> {
  const toml = parse(await readFile(file, "utf8"));
  const date = toml.compatibility_date;
  if (typeof date !== "string") throw new Error(`${file}: expected compatibility_date = "YYYY-MM-DD"`);
  const vars: Record<string, string> = {};
  const table = toml.vars;
  if (table !== undefined && !isTable(table)) throw new Error(`${file}: expected [vars] to be a table`);
  for (const [name, value] of Object.entries(table ?? {})) {
    // Text bindings only: a JSON var would need a json binding, which edgefeed does not use.
    if (typeof value !== "string") throw new Error(`${file}: [vars] ${name}: expected a string`);
    vars[name] = value;
  }
  const config: WorkerConfig = { compatibilityDate: date, vars };
  const assets = toml.assets;
  if (assets !== undefined) {
    if (!isTable(assets) || typeof assets.directory !== "string" || typeof assets.binding !== "string")
      throw new Error(`${file}: expected [assets] with directory = "…" and binding = "…"`);
    config.assets = { binding: assets.binding, directory: resolve(dirname(file), assets.directory) };
  }
  return config;
}

function isTable(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
