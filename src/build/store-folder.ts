// The store as Workers Static Assets: one file per entry under store/_store/ (src/store/entry.ts names
// them), written to a fresh folder and swapped in whole, so a failed build never leaves half a store.
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { encodeEntry, entryFile, type StoredEntry } from "../store/entry";
import { ASSETS_PREFIX } from "../store/store";

export async function writeStore(folder: string, entries: ReadonlyMap<string, StoredEntry>): Promise<void> {
  const next = `${folder}.next`;
  await rm(next, { recursive: true, force: true });
  const writes = [...entries].map(([key, entry]) => [join(next, ASSETS_PREFIX, entryFile(key)), entry] as const);
  for (let i = 0; i < writes.length; i += BATCH) {
    await Promise.all(
      writes.slice(i, i + BATCH).map(async ([file, entry]) => {
        await mkdir(dirname(file), { recursive: true });
        await writeFile(file, encodeEntry(entry));
      }),
    );
  }
  await mkdir(next, { recursive: true });
  await rm(folder, { recursive: true, force: true });
  await rename(next, folder);
}

const BATCH = 256;
