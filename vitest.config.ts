// Three test projects: inside workerd (the Worker's routes through SELF), in Node (parsers, feeds
// through independent parsers, the shipped bundle in Miniflare), and in Chromium (the pages).

import { readFile } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { defineConfig, type Plugin } from "vitest/config";

/** Loads *.txt as a string, as wrangler's Text module rule does in the Worker (src/generated/current.txt). */
const textModules: Plugin = {
  name: "edgefeed-text-modules",
  async load(id) {
    if (!id.endsWith(".txt")) return null;
    return `export default ${JSON.stringify(await readFile(id, "utf8"))};`;
  },
};

/**
 * As wrangler.toml [alias] does for the Worker (which says why): `feed`'s xml-js is src/shared/feeds/xml-writer.js,
 * which hands back the tree `feed` built. @cloudflare/vitest-plugin does not read wrangler.toml's [alias].
 * `feed` is inlined (transformed by Vite rather than loaded by Node), so the alias reaches its import.
 */
const alias = [{ find: /^xml-js$/, replacement: join(import.meta.dirname, "src/shared/feeds/xml-writer.js") }];
const server = { deps: { inline: ["feed"] } };

/**
 * wrangler.toml binds the fediverse Worker (src/federation/) as FEDERATION: the workerd suites, which test
 * the site Worker alone, get one that has nothing (the fediverse side has its own end-to-end tests,
 * test/browser/federation.test.ts, with both Workers built).
 */
const federationStub = {
  name: "edgefeed-federation",
  modules: true,
  script: "export default { fetch() { return new Response('not here', { status: 404 }); } };",
};

export default defineConfig({
  test: {
    // One test file per core. Vitest's default keeps a core back for its own process, which on a
    // two-core machine halves the run while that process sits idle waiting on the workers.
    maxWorkers: availableParallelism(),
    projects: [
      // The workerd suite, once per store mode (wrangler.toml STORE): the same documents from Static
      // Assets and from KV (miniflare's own emulation of each), with the same answers expected.
      {
        plugins: [
          cloudflareTest({ wrangler: { configPath: "./wrangler.toml" }, miniflare: { workers: [federationStub] } }),
        ],
        resolve: { alias },
        test: {
          name: "worker",
          isolate: false,
          include: ["test/worker/**/*.test.{ts,tsx}"],
          globalSetup: ["test/worker/setup/scheduled-site.ts"],
          server,
        },
      },
      {
        plugins: [
          cloudflareTest({
            wrangler: { configPath: "./wrangler.toml" },
            miniflare: { bindings: { STORE: "kv" }, kvNamespaces: ["STORE_KV"], workers: [federationStub] },
          }),
        ],
        resolve: { alias },
        test: {
          name: "worker-kv",
          isolate: false,
          include: ["test/worker/**/*.test.{ts,tsx}"],
          globalSetup: ["test/worker/setup/store-global.ts", "test/worker/setup/scheduled-site.ts"],
          setupFiles: ["test/worker/setup/store-kv.ts"],
          server,
        },
      },
      {
        plugins: [textModules],
        resolve: { alias },
        test: {
          name: "node",
          include: ["test/node/**/*.test.{ts,tsx}"],
          globalSetup: ["test/support/setup/assets-config.ts"],
          environment: "node",
          isolate: false,
          testTimeout: 60_000,
          server,
        },
      },
      {
        plugins: [textModules],
        resolve: { alias },
        test: {
          name: "browser",
          server,
          isolate: false,
          include: ["test/browser/**/*.test.ts"],
          globalSetup: ["test/support/setup/assets-config.ts"],
          environment: "node",
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
