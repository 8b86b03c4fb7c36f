// The store on disk: one file per entry under <entries>/_store/ (src/shared/contract.ts names them), and the
// files served as they are (the media from content/, Static Assets' _headers) under the assets folder,
// wrangler.toml [assets]. With STORE = "assets" both are the assets folder, which the deploy ships.
// With STORE = "kv" the entries go to a folder of their own that `npm run deploy` puts into KV
// (src/build/upload.ts): wrangler never lists, logs, hashes or uploads them as assets, and the assets
// hold only the media. A build writes its store into its own folder (./output.ts makes it live whole),
// a file at a time: the build never holds every document in memory. A build that takes over a replaced
// build's folder (./output.ts, recycled) keeps the entries it still holds, as its manifest names them
// with their signatures, and replaces, adds and removes only the others.
import { linkSync, rmSync, writeFileSync } from "node:fs";
import { copyFile, mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { decodeEntry, encodeEntry, entryFile, type StoredEntry } from "../shared/contract";
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
  /**
   * The same for an entry already encoded (src/shared/contract.ts, encodeEntryBytes), written before it
   * returns: `bytes` may be written over as soon as it has (./entry-encoder.ts).
   */
  putNow(key: string, bytes: Uint8Array, signature?: string): Promise<void>;
  /** Links the entry the cache keeps for `signature` in under `key`; false if it keeps none. */
  reuse(key: string, signature: string): Promise<boolean>;
  /** Entries and bytes written so far (not those reused). */
  readonly written: { entries: number; bytes: number };
  /** Waits for every write; throws the first that failed. */
  commit(): Promise<void>;
}

export interface StoreWriter extends EntryWriter {
  /** The entry stored under `key` in this store, if there is one. */
  read(key: string): Promise<StoredEntry | undefined>;
  /** Removes the entry stored under `key` in this build, if there is one (the cache keeps its own). */
  drop(key: string): Promise<void>;
  /**
   * Once every entry is written: removes what the previous store held that `manifest` (every entry of
   * this store, by key, with its signature) does not, and writes the manifest into the build's folder `dir`.
   */
  seal(manifest: ReadonlyMap<string, string>, dir: string): Promise<void>;
  /** A file served as it is (a medium, or Static Assets' `_headers`), at a path under the assets folder. */
  file(path: string, from: { source: string } | { text: string }): Promise<void>;
}

/** Writes in flight at once: one at a time leaves the disk idle, all at once runs out of descriptors. */
const IN_FLIGHT = 64;

/** In a build's folder: each entry of its store with the signature it was rendered from ("" if none). */
const MANIFEST = "manifest.tsv";
/** The manifest's first line: where the entries are, in the build's folder. */
const manifestHead = (dir: string, folders: StoreFolders) => `entries\t${relative(dir, folders.entries)}`;

/**
 * The entries a build's store holds in `folders` (under the build's folder `dir`), by key, with their
 * signatures; undefined if it does not say, or holds them elsewhere (it was built for another STORE).
 */
export async function readManifest(dir: string, folders: StoreFolders): Promise<Map<string, string> | undefined> {
  const text = await readFile(join(dir, MANIFEST), "utf8").catch(() => undefined);
  const [first, ...lines] = text?.split("\n") ?? [];
  if (first !== manifestHead(dir, folders)) return undefined;
  const manifest = new Map<string, string>();
  for (const line of lines) {
    const tab = line.indexOf("\t");
    if (tab > 0) manifest.set(line.slice(0, tab), line.slice(tab + 1));
  }
  return manifest;
}

/**
 * Links the store a build wrote into its folder `from` for a STORE `mode`, its entries and manifest, into
 * the empty folder `to` under the same names: a spare (./output.ts), which a later build takes over as it
 * takes over a replaced build's folder. The media and `_headers` every build writes afresh anyway.
 */
export async function linkStore(from: string, to: string, mode: string): Promise<void> {
  const files = join(storeFolders(from, mode).entries, ASSETS_PREFIX);
  const into = join(storeFolders(to, mode).entries, ASSETS_PREFIX);
  await mkdir(into, { recursive: true });
  // One at a time: links into one folder wait for each other there (210,000 took 2.9 s in turn, 3.3 to
  // 4.6 s with 4 to 16 in flight).
  for (const name of await readdir(files)) linkSync(join(files, name), join(into, name));
  await copyFile(join(from, MANIFEST), join(to, MANIFEST));
}

/**
 * Writes a store into `folders`, emptied first: nothing of an earlier store stays behind in them. With a
 * cache, an entry rendered before is a hard link to the cache's file (the same bytes, none written). With
 * `previous`, the manifest of the store the folders hold (a recycled build's), its entries stay where
 * they are the same, and `seal` removes those this store no longer has; the media and `_headers` are
 * written afresh either way.
 */
export async function storeWriter(
  folders: StoreFolders,
  cache?: DocumentFolder,
  previous?: ReadonlyMap<string, string>,
): Promise<StoreWriter> {
  if (previous) {
    // All but the entries: the media, _headers.
    const entries = join(folders.entries, ASSETS_PREFIX);
    for (const name of await readdir(folders.assets).catch(() => [])) {
      const path = join(folders.assets, name);
      if (path !== entries) await rm(path, { recursive: true, force: true });
    }
  } else {
    for (const root of new Set([folders.assets, folders.entries])) await rm(root, { recursive: true, force: true });
  }
  await mkdir(join(folders.entries, ASSETS_PREFIX), { recursive: true });
  await mkdir(folders.assets, { recursive: true });
  const files = join(folders.entries, ASSETS_PREFIX);
  const entries = entryWriter(folders, cache);
  return {
    ...entries,
    async reuse(key, signature) {
      if (previous?.get(key) === signature) return true;
      return entries.reuse(key, signature);
    },
    async read(key) {
      const text = await readFile(join(files, entryFile(key)), "utf8").catch(() => undefined);
      return text === undefined ? undefined : decodeEntry(text);
    },
    async drop(key) {
      rmSync(join(files, entryFile(key)), { force: true });
    },
    async seal(manifest, dir) {
      if (previous) {
        for (const key of previous.keys()) if (!manifest.has(key)) rmSync(join(files, entryFile(key)), { force: true });
      }
      const temporary = join(dir, `${MANIFEST}.${process.pid}.tmp`);
      // Added to one string, which V8 joins once as it is written: an array of 210,000 lines (100,000
      // stories) and its join took twice as long.
      let text = `${manifestHead(dir, folders)}\n`;
      for (const [key, signature] of manifest) text += `${key}\t${signature}\n`;
      await writeFile(temporary, text);
      await rename(temporary, join(dir, MANIFEST));
    },
    async file(path, from) {
      const to = join(folders.assets, path);
      await mkdir(dirname(to), { recursive: true });
      await ("source" in from ? copyFile(from.source, to) : writeFile(to, from.text));
    },
  };
}

/**
 * Writes a new file at `path`. One already there (a recycled store's) is unlinked first, never written
 * over: it is a hard link, the same file as the cache's and other builds' copy, which must not change.
 */
async function replaceFile(path: string, bytes: Uint8Array): Promise<void> {
  try {
    await writeFile(path, bytes, { flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    rmSync(path);
    await writeFile(path, bytes, { flag: "wx" });
  }
}

/** replaceFile, synchronously: one render worker's thread has nothing else to do while it writes. */
function replaceFileNow(path: string, bytes: Uint8Array): void {
  try {
    writeFileSync(path, bytes, { flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    rmSync(path);
    writeFileSync(path, bytes, { flag: "wx" });
  }
}

/** Writes entries into the store folders a storeWriter made (a render worker's share, ./render-pool.ts). */
export function entryWriter(folders: StoreFolders, cache?: DocumentFolder): EntryWriter {
  const files = join(folders.entries, ASSETS_PREFIX);
  const writing = new Set<Promise<void>>();
  const written = { entries: 0, bytes: 0 };
  let failed: { error: unknown } | undefined;
  const writer: EntryWriter = {
    written,
    async put(key, entry, signature) {
      const bytes = Buffer.from(encodeEntry(entry));
      const file = join(files, entryFile(key));
      written.entries++;
      written.bytes += bytes.byteLength;
      const write = replaceFile(file, bytes)
        .then(() => (signature && cache ? cache.keep(signature, file) : undefined))
        // A write that fails fails the commit (and the build): no store is published without a file.
        .catch((error: unknown) => {
          failed ??= { error };
        })
        .finally(() => writing.delete(write));
      writing.add(write);
      if (writing.size >= IN_FLIGHT) await Promise.race(writing);
    },
    async putNow(key, bytes, signature) {
      const file = join(files, entryFile(key));
      written.entries++;
      written.bytes += bytes.byteLength;
      replaceFileNow(file, bytes);
      if (signature && cache) await cache.keep(signature, file);
    },
    async reuse(key, signature) {
      if (!cache) return false;
      const file = join(files, entryFile(key));
      return cache.reuse(signature, file).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== "EEXIST") throw error;
        // A recycled store's entry from another rendering: unlinked (never written over, see replaceFile).
        rmSync(file);
        return cache.reuse(signature, file);
      });
    },
    async commit() {
      await Promise.all(writing);
      if (failed) throw failed.error;
    },
  };
  return writer;
}
