// `npm run scale -- --store kv`: the shipped bundle in Miniflare (workerd with Miniflare's own emulation
// of Workers KV, persisted on disk), its STORE_KV filled with the build's store as src/build/upload.ts
// fills the real one: every entry under its key, its ETag as metadata.
import { execFileSync } from "node:child_process";
import { readdir, readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { convertV4MiniflareOptions, Log, LogLevel, Miniflare } from "miniflare";
import { storeFolders } from "../../src/build/store-folder";
import { decodeEntry, keyOfFile } from "../../src/shared/contract";
import { ASSETS_PREFIX, KV_KEY_BYTES } from "../../src/worker/store";

/** Where a build with STORE = "kv" wrote the entries: beside the assets folder, not in it. */
export function kvEntries(bundle: Bundle): string {
  return storeFolders(dirname(bundle.config.assets!.directory), "kv").entries;
}

import type { Bundle } from "../bench/bundle";
import { freePort } from "../bench/workerd";
import { miniflareModules } from "../support/miniflare-modules";

export interface KvServed {
  origin: string;
  /** The workerd process Miniflare runs (its own services included). */
  pid: number;
  /** From `new Miniflare` to ready for requests. */
  startMs: number;
  stop(): Promise<void>;
}

/** The Worker as it ships, with STORE = "kv" and the namespace persisted under `persist`. */
export async function serveKv(bundle: Bundle, persist: string, inspectorPort?: number): Promise<KvServed> {
  const port = await freePort();
  const t0 = performance.now();
  const mf = new Miniflare(
    convertV4MiniflareOptions({
      host: "127.0.0.1",
      port,
      inspectorPort,
      modulesRoot: bundle.dir,
      modules: miniflareModules(bundle.dir, bundle.modules),
      compatibilityDate: bundle.config.compatibilityDate,
      bindings: { ...bundle.config.vars, STORE: "kv" },
      kvNamespaces: ["STORE_KV"],
      // Miniflare 5 keeps every resource under one folder (KV in its kv/); convertV4MiniflareOptions
      // passes a v4 kvPersist by without a word and keeps the namespace in a scratch folder instead.
      resourcePersistencePath: persist,
      // Miniflare's placeholder request.cf, without first asking Cloudflare's server for one (out of reach in CI).
      cf: false,
      // Miniflare's own warnings and errors (e.g. its workerd stopping), which it otherwise keeps to itself.
      log: new Log(LogLevel.WARN),
    }),
  );
  const url = await mf.ready;
  const startMs = performance.now() - t0;
  const pid = workerdChild();
  return { origin: url.origin, pid, startMs, stop: () => mf.dispose() };
}

/** The newest workerd process this one started (Miniflare does not say which it is). */
function workerdChild(): number {
  const out = execFileSync("pgrep", ["-n", "-P", String(process.pid), "workerd"], { encoding: "utf8" }).trim();
  const pid = Number(out);
  if (!Number.isInteger(pid) || pid <= 0) throw new Error("Miniflare: no workerd child process found");
  return pid;
}

export interface Upload {
  entries: number;
  bytes: number;
  ms: number;
}

/**
 * Inside Miniflare, beside the namespace: puts a batch of entries through the binding, as many at once as
 * the batch holds. One request per batch instead of one Node↔workerd round trip per entry: at ~2 entries
 * per article, the round trips were most of a large run's upload time.
 */
const UPLOADER = `export default {
  async fetch(request, env) {
    const batch = await request.json();
    await Promise.all(batch.map((e) => env.STORE_KV.put(e.key, e.value, { metadata: { etag: e.etag } })));
    return new Response(null, { status: 204 });
  },
};`;
/** Entries per batch: Workers allow 1,000 KV operations per invocation. */
const BATCH_ENTRIES = 500;
/** And bytes per batch, so that a few large documents make a batch of their own. */
const BATCH_BYTES = 16 << 20;

/** Puts every entry of a KV build's store folder into STORE_KV (persisted under `persist`), a few batches at a time. */
export async function uploadKv(bundle: Bundle, persist: string, concurrency = 2): Promise<Upload> {
  const folder = join(kvEntries(bundle), ASSETS_PREFIX);
  const mf = new Miniflare(
    convertV4MiniflareOptions({
      modules: true,
      script: UPLOADER,
      compatibilityDate: bundle.config.compatibilityDate,
      kvNamespaces: ["STORE_KV"],
      resourcePersistencePath: persist,
    }),
  );
  try {
    await mf.ready;
    const files = await readdir(folder);
    const t0 = performance.now();
    let bytes = 0;
    let next = 0;
    const worker = async () => {
      while (next < files.length) {
        const batch: { key: string; value: string; etag: string }[] = [];
        let batchBytes = 0;
        while (next < files.length && batch.length < BATCH_ENTRIES && batchBytes < BATCH_BYTES) {
          const file = files[next++]!;
          const key = keyOfFile(`/${file}`);
          if (Buffer.byteLength(key) > KV_KEY_BYTES)
            throw new Error(`KV keys are at most ${KV_KEY_BYTES} bytes: ${key}`);
          const value = await readFile(join(folder, file), "utf8");
          batchBytes += Buffer.byteLength(value);
          batch.push({ key, value, etag: decodeEntry(value).etag });
        }
        bytes += batchBytes;
        const res = await mf.dispatchFetch("http://upload.invalid/", { method: "POST", body: JSON.stringify(batch) });
        if (res.status !== 204)
          throw new Error(
            `KV upload: expected 204 for a batch of ${batch.length}, got ${res.status}: ${await res.text()}`,
          );
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    return { entries: files.length, bytes, ms: performance.now() - t0 };
  } finally {
    await mf.dispose();
  }
}
