// The store as Workers Static Assets: one file per entry under store/_store/ (src/store/entry.ts names
// them), and the media from content/ under store/media/ (src/build/media.ts), written into a fresh folder as the build renders them and swapped in whole at the end, so a
// failed build never leaves half a store, and the build never holds every document in memory.
import { copyFile, mkdir, rename, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { encodeEntry, entryFile, type StoredEntry } from "../store/entry";
import { ASSETS_PREFIX } from "../store/store";

export interface StoreWriter {
  put(key: string, entry: StoredEntry): Promise<void>;
  /** A file served as it is (a medium, or Static Assets' `_headers`), at a path under the folder. */
  file(path: string, from: { source: string } | { text: string }): Promise<void>;
  /** Waits for every write and puts the new folder in the old one's place. */
  commit(): Promise<void>;
}

/** Writes in flight at once: one at a time leaves the disk idle, all at once runs out of descriptors. */
const IN_FLIGHT = 64;

export async function storeWriter(folder: string): Promise<StoreWriter> {
  const next = `${folder}.next`;
  await rm(next, { recursive: true, force: true });
  const files = join(next, ASSETS_PREFIX);
  await mkdir(files, { recursive: true });
  const writing = new Set<Promise<void>>();
  return {
    async put(key, entry) {
      const write = writeFile(join(files, entryFile(key)), encodeEntry(entry)).finally(() => writing.delete(write));
      writing.add(write);
      if (writing.size >= IN_FLIGHT) await Promise.race(writing);
    },
    async file(path, from) {
      const to = join(next, path);
      await mkdir(dirname(to), { recursive: true });
      await ("source" in from ? copyFile(from.source, to) : writeFile(to, from.text));
    },
    async commit() {
      await Promise.all(writing);
      await rm(folder, { recursive: true, force: true });
      await rename(next, folder);
    },
  };
}
