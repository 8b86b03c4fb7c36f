// Reads the store the build wrote (src/generated/store/) in Node, for ./store-kv.ts to put into the
// Worker's KV namespace inside workerd: the workerd suite runs once per store mode against the same documents.
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { keyOfFile } from "../../../src/shared/contract";
import { ASSETS_PREFIX } from "../../../src/worker/store";

const FOLDER = join(import.meta.dirname, "../../../src/generated/store", ASSETS_PREFIX);

export default async function setup(project: TestProject) {
  const files = await readdir(FOLDER);
  const entries = await Promise.all(
    files.map(async (file) => [keyOfFile(`/${file}`), await readFile(join(FOLDER, file), "utf8")] as [string, string]),
  );
  project.provide("storeEntries", entries);
}

declare module "vitest" {
  export interface ProvidedContext {
    storeEntries: [key: string, value: string][];
  }
}
