// Three test projects: inside workerd (the Worker's routes through SELF), in Node (parsers, feeds
// through independent parsers, the shipped bundle in Miniflare), and in Chromium (the pages).

import { readFile } from "node:fs/promises";
import { cloudflareTest } from "@cloudflare/vitest-pool-workers";
import { defineConfig, type Plugin } from "vitest/config";

/** Loads *.txt as a string, as wrangler's Text module rule does in the Worker (src/generated/content.txt). */
const textModules: Plugin = {
  name: "edgefeed-text-modules",
  async load(id) {
    if (!id.endsWith(".txt")) return null;
    return `export default ${JSON.stringify(await readFile(id, "utf8"))};`;
  },
};

export default defineConfig({
  test: {
    projects: [
      {
        plugins: [cloudflareTest({ wrangler: { configPath: "./wrangler.toml" } })],
        test: { name: "worker", include: ["test/worker/**/*.test.{ts,tsx}"] },
      },
      {
        plugins: [textModules],
        test: { name: "node", include: ["test/node/**/*.test.{ts,tsx}"], environment: "node", testTimeout: 60_000 },
      },
      {
        plugins: [textModules],
        test: {
          name: "browser",
          include: ["test/browser/**/*.test.ts"],
          environment: "node",
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
