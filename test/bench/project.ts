// What the benchmarks read from the project: its root, the Worker's [vars] and compatibility date.
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { parse } from "smol-toml";

export const ROOT = resolve(import.meta.dirname, "../..");

export interface WorkerConfig {
  compatibilityDate: string;
  /** wrangler.toml [vars]: what the shipped Worker sees as its environment. */
  vars: Record<string, string>;
}

export async function workerConfig(file = resolve(ROOT, "wrangler.toml")): Promise<WorkerConfig> {
  const toml = parse(await readFile(file, "utf8"));
  const date = toml.compatibility_date;
  if (typeof date !== "string") throw new Error(`${file}: expected compatibility_date = "YYYY-MM-DD"`);
  const vars: Record<string, string> = {};
  const table = toml.vars;
  if (table !== undefined && (typeof table !== "object" || table === null || Array.isArray(table)))
    throw new Error(`${file}: expected [vars] to be a table`);
  for (const [name, value] of Object.entries(table ?? {})) {
    // Text bindings only: a JSON var would need a json binding, which edgefeed does not use.
    if (typeof value !== "string") throw new Error(`${file}: [vars] ${name}: expected a string`);
    vars[name] = value;
  }
  return { compatibilityDate: date, vars };
}
