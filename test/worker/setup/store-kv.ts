// In the "kv" run of the workerd suite: the store's documents in the Worker's KV namespace (miniflare's
// own KV), as `npm run deploy` uploads them, before each test file.
import { env } from "cloudflare:test";
import { beforeAll, inject } from "vitest";

beforeAll(async () => {
  const kv = (env as { STORE_KV?: KVNamespace }).STORE_KV;
  if (!kv) throw new Error("the kv run needs the STORE_KV binding (vitest.config.ts)");
  await Promise.all(inject("storeEntries").map(([key, value]) => kv.put(key, value)));
});
