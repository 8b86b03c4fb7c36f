// Where the archive lives outside the Worker script: Workers Static Assets by default, or Workers KV,
// chosen by STORE in wrangler.toml [vars]. Both hold the same entries (./entry.ts) under the same keys.
import { decodeEntry, entryFile, type StoredEntry } from "../shared/contract";
import { storeProblem } from "../shared/store-modes";

export interface Store {
  /** The entry under a key, or undefined when there is none (an address that does not exist). */
  get(key: string): Promise<StoredEntry | undefined>;
}

/** The store could not answer (an error or a time-out): the request gets a 503, the next one tries again. */
export class StoreError extends Error {
  override name = "StoreError";
}

/** Folder of the Static Assets that holds the entries (src/build/render.ts writes it). */
export const ASSETS_PREFIX = "/_store";
/** How long a read may take before the request is answered 503. */
const TIMEOUT_MS = 5000;

export interface StoreBindings {
  STORE?: string;
  ASSETS?: Fetcher;
  STORE_KV?: KVNamespace;
}

export function storeFrom(env: StoreBindings): Store {
  const mode = env.STORE || "assets";
  if (mode === "assets") {
    if (!env.ASSETS) throw new Error('wrangler.toml: STORE = "assets" needs the [assets] binding ASSETS');
    return assetsStore(env.ASSETS);
  }
  if (mode === "kv") {
    if (!env.STORE_KV) throw new Error('wrangler.toml: STORE = "kv" needs a [[kv_namespaces]] binding STORE_KV');
    return kvStore(env.STORE_KV);
  }
  throw new Error(`wrangler.toml [vars] STORE: ${storeProblem(mode)}`);
}

/**
 * The longest file name the build can write an entry under (NAME_MAX of Linux's and macOS's file
 * systems; each entry is one file in one folder): no document is stored under a longer one, so asking
 * is a miss. Asked, the asset server fails (a 503 for a request that is only a long 404).
 */
export const ASSET_NAME_BYTES = 255;

export function assetsStore(assets: Pick<Fetcher, "fetch">, timeoutMs = TIMEOUT_MS): Store {
  return {
    get: (key) =>
      read(timeoutMs, async () => {
        if (utf8Bytes(entryFile(key)) - 1 > ASSET_NAME_BYTES) return undefined;
        // The asset server decodes the path; the build wrote the file under the decoded name.
        const res = await assets.fetch(`https://assets.invalid${ASSETS_PREFIX}${entryFile(key)}`);
        if (res.status === 404) {
          await res.body?.cancel();
          return undefined;
        }
        if (!res.ok) throw new StoreError(`assets: ${res.status} for ${key}`);
        // Decoded here rather than with res.text(): the asset server types a file by its extension, most
        // entries have none, and the runtime logs a warning for text() on application/octet-stream.
        return decodeEntry(new TextDecoder().decode(await res.arrayBuffer()));
      }),
  };
}

/** Workers KV refuses longer keys: no document can be stored under one, so asking is a miss. */
export const KV_KEY_BYTES = 512;

export function kvStore(kv: Pick<KVNamespace, "get">, timeoutMs = TIMEOUT_MS): Store {
  return {
    get: (key) =>
      read(timeoutMs, async () => {
        if (utf8Bytes(key) > KV_KEY_BYTES) return undefined;
        const text = await kv.get(key, "text");
        return text === null ? undefined : decodeEntry(text);
      }),
  };
}

const utf8Bytes = (text: string) => new TextEncoder().encode(text).byteLength;

async function read(timeoutMs: number, get: () => Promise<StoredEntry | undefined>): Promise<StoredEntry | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new StoreError(`no answer in ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return await Promise.race([get(), timeout]);
  } catch (error) {
    throw error instanceof StoreError ? error : new StoreError(String(error));
  } finally {
    if (timer !== undefined) clearTimeout(timer);
  }
}
