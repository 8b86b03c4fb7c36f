// Three test projects: inside workerd (the Worker's routes through SELF), in Node (parsers, feeds
// through independent parsers, the shipped bundle in Miniflare), and in Chromium (the pages).
import { cloudflareTest } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    projects: [
      {
        plugins: [cloudflareTest({ wrangler: { configPath: "./wrangler.toml" } })],
        test: { name: "worker", include: ["test/worker/**/*.test.{ts,tsx}"] },
      },
      {
        test: { name: "node", include: ["test/node/**/*.test.{ts,tsx}"], environment: "node", testTimeout: 60_000 },
      },
      {
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
