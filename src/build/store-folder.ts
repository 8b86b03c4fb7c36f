// The store on disk: one file per entry under <entries>/_store/ (src/shared/contract.ts names them), and the
// files served as they are (the media from content/, Static Assets' _headers) under the assets folder,
// wrangler.toml [assets]. With STORE = "assets" both are the assets folder, which the deploy ships.
// With STORE = "kv" the entries go to a folder of their own that `npm run deploy` puts into KV
// (src/build/upload.ts): wrangler never lists, logs, hashes or uploads them as assets, and the assets
// hold only the media. A build writes its store into its own folder (./output.ts makes it live whole),
// a file at a time: the build never holds every document in memory.
import { copyFile, mkdir, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { encodeEntry, entryFile, type StoredEntry } from "../shared/contract";
import { ASSETS_PREFIX } from "../worker/store";
import type { DocumentFolder } from "./cache";

export interface StoreFolders {
  /** wrangler.toml [assets] directory. */
  assets: string;
  /** Where the entries are written (under _store/). */
  entries: string;
}

/** The folders under the build's output folder (src/generated/) for a store mode (wrangler.toml STORE). */
export function storeFolders(out: string, mode: string): StoreFolders {
  const assets = join(out, "store");
  return { assets, entries: mode === "kv" ? join(out, "kv-store") : assets };
}

/** Writes entries into a store folder (one file each), a bounded number at a time. */
export interface EntryWriter {
  /** Writes an entry; one rendered from `signature` is kept in the cache once written whole. */
  put(key: string, entry: StoredEntry, signature?: string): Promise<void>;
  /** The same, for an entry already encoded (src/shared/contract.ts, encodeEntryBytes). */
  putBytes(key: string, bytes: Uint8Array, signature?: string): Promise<void>;
  /** Links the entry the cache keeps for `signature` in under `key`; false if it keeps none. */
  reuse(key: string, signature: string): Promise<boolean>;
  /** Entries and bytes written so far (not those reused). */
  readonly written: { entries: number; bytes: number };
  /** Waits for every write; throws the first that failed. */
  commit(): Promise<void>;
}

export interface StoreWriter extends EntryWriter {
  /** A file served as it is (a medium, or Static Assets' `_headers`), at a path under the assets folder. */
  file(path: string, from: { source: string } | { text: string }): Promise<void>;
}

/** Writes in flight at once: one at a time leaves the disk idle, all at once runs out of descriptors. */
const IN_FLIGHT = 64;

/**
 * Writes a store into `folders`, emptied first: nothing of an earlier store stays behind in them. With a
 * cache, an entry rendered before is a hard link to the cache's file (the same bytes, none written).
 */
export async function storeWriter(folders: StoreFolders, cache?: DocumentFolder): Promise<StoreWriter> {
  for (const root of new Set([folders.assets, folders.entries])) await rm(root, { recursive: true, force: true });
  await mkdir(join(folders.entries, ASSETS_PREFIX), { recursive: true });
  await mkdir(folders.assets, { recursive: true });
  return {
    ...entryWriter(folders, cache),
    async file(path, from) {
      const to = join(folders.assets, path);
      await mkdir(dirname(to), { recursive: true });
      await ("source" in from ? copyFile(from.source, to) : writeFile(to, from.text));
    },
  };
}

/** Writes entries into the store folders a storeWriter made (a render worker's share, ./render-pool.ts). */
export function entryWriter(folders: StoreFolders, cache?: DocumentFolder): EntryWriter {
  const files = join(folders.entries, ASSETS_PREFIX);
  const writing = new Set<Promise<void>>();
  const written = { entries: 0, bytes: 0 };
  let failed: { error: unknown } | undefined;
  const writer: EntryWriter = {
    written,
    put(key, entry, signature) {
      return writer.putBytes(key, Buffer.from(encodeEntry(entry)), signature);
    },
    async putBytes(key, bytes, signature) {
      const file = join(files, entryFile(key));
      written.entries++;
      written.bytes += bytes.byteLength;
      const write = writeFile(file, bytes)
        .then(() => (signature && cache ? cache.keep(signature, file) : undefined))
        // A write that fails fails the commit (and the build): no store is published without a file.
        .catch((error: unknown) => {
          failed ??= { error };
        })
        .finally(() => writing.delete(write));
      writing.add(write);
      if (writing.size >= IN_FLIGHT) await Promise.race(writing);
    },
    async reuse(key, signature) {
      return cache ? cache.reuse(signature, join(files, entryFile(key))) : false;
    },
    async commit() {
      await Promise.all(writing);
      if (failed) throw failed.error;
    },
  };
  return writer;
}
