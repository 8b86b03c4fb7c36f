// What the fediverse side keeps, in D1: the site's followers, what has been delivered of each article (so
// each change goes out once), the site settings the last request brought, and fedify's own key–value
// store (remote documents it cached, inbox idempotence). The tables are made on first use.
import type { KvKey, KvStore, KvStoreListEntry, KvStoreSetOptions } from "@fedify/fedify";

const SCHEMA = [
  `CREATE TABLE IF NOT EXISTS followers (
     id TEXT PRIMARY KEY, inbox TEXT NOT NULL, shared_inbox TEXT, follow_id TEXT NOT NULL, since INTEGER NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS delivered (
     object_id TEXT PRIMARY KEY, digest TEXT NOT NULL, published TEXT NOT NULL, deleted INTEGER NOT NULL DEFAULT 0)`,
  "CREATE TABLE IF NOT EXISTS kv (key TEXT PRIMARY KEY, value TEXT NOT NULL, expires INTEGER)",
];

const ready = new WeakMap<D1Database, Promise<unknown>>();

/** The database with its tables made (once per isolate and database). */
export async function database(db: D1Database): Promise<D1Database> {
  let made = ready.get(db);
  if (!made) {
    made = db.batch(SCHEMA.map((sql) => db.prepare(sql)));
    ready.set(db, made);
  }
  await made;
  return db;
}

export interface Follower {
  id: string;
  inbox: string;
  sharedInbox: string | null;
}

export async function addFollower(db: D1Database, follower: Follower, followId: string, now: number) {
  await (await database(db))
    .prepare(
      `INSERT INTO followers (id, inbox, shared_inbox, follow_id, since) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET inbox = excluded.inbox, shared_inbox = excluded.shared_inbox, follow_id = excluded.follow_id`,
    )
    .bind(follower.id, follower.inbox, follower.sharedInbox, followId, now)
    .run();
}

/** Removes a follower; `followId`, when given, must be the Follow it is undoing. True when one was removed. */
export async function removeFollower(db: D1Database, id: string, followId?: string): Promise<boolean> {
  const result = await (await database(db))
    .prepare(followId ? "DELETE FROM followers WHERE id = ? AND follow_id = ?" : "DELETE FROM followers WHERE id = ?")
    .bind(...(followId ? [id, followId] : [id]))
    .run();
  return result.meta.changes > 0;
}

export async function followers(db: D1Database): Promise<Follower[]> {
  const { results } = await (await database(db))
    .prepare("SELECT id, inbox, shared_inbox AS sharedInbox FROM followers ORDER BY since, id")
    .all<Follower>();
  return results;
}

/** An object as last delivered: its digest, its date, and whether a Delete went out for it. */
export interface Delivered {
  objectId: string;
  digest: string;
  published: string;
  deleted: boolean;
}

/**
 * Records an object as `digest`, and says what that is: "create" for one never delivered, "update" for
 * one delivered with another digest (or deleted, then back), undefined when nothing changed. One
 * statement: two cron runs that overlap cannot both see the same change.
 */
export async function recordDelivery(
  db: D1Database,
  objectId: string,
  digest: string,
  published: string,
): Promise<"create" | "update" | undefined> {
  const d = await database(db);
  // A batch is one transaction: what was there, and whether this run changed it.
  const [before, after] = await d.batch([
    d.prepare("SELECT digest FROM delivered WHERE object_id = ?").bind(objectId),
    d
      .prepare(
        `INSERT INTO delivered (object_id, digest, published, deleted) VALUES (?, ?, ?, 0)
         ON CONFLICT (object_id) DO UPDATE SET digest = excluded.digest, published = excluded.published, deleted = 0
         WHERE delivered.digest != excluded.digest OR delivered.deleted = 1
         RETURNING object_id`,
      )
      .bind(objectId, digest, published),
  ]);
  if (!after || after.results.length === 0) return undefined;
  return before && before.results.length > 0 ? "update" : "create";
}

const BASELINE = ["edgefeed", "baseline"] as const;

/**
 * Whether this is the site's first release run (even one with nothing out yet), marking it done: of
 * two runs that overlap, one is first.
 */
export async function isFirstRelease(db: D1Database): Promise<boolean> {
  return new D1KvStore(db).cas(BASELINE, undefined, true);
}

/** Objects delivered, not deleted, published at or after `since` (an ISO date). */
export async function deliveredSince(db: D1Database, since: string): Promise<Delivered[]> {
  const { results } = await (await database(db))
    .prepare(
      "SELECT object_id AS objectId, digest, published, deleted FROM delivered WHERE deleted = 0 AND published >= ?",
    )
    .bind(since)
    .all<{ objectId: string; digest: string; published: string; deleted: number }>();
  return results.map((r) => ({ ...r, deleted: r.deleted === 1 }));
}

/** Marks an object deleted; true when this call did (so its Delete goes out once). */
export async function recordDeletion(db: D1Database, objectId: string): Promise<boolean> {
  const result = await (await database(db))
    .prepare("UPDATE delivered SET deleted = 1 WHERE object_id = ? AND deleted = 0")
    .bind(objectId)
    .run();
  return result.meta.changes > 0;
}

/** fedify's KvStore on the kv table: keys as their JSON, values as JSON, expiry in ms since the epoch. */
export class D1KvStore implements KvStore {
  constructor(readonly db: D1Database) {}

  async get<T = unknown>(key: KvKey): Promise<T | undefined> {
    const row = await (await database(this.db))
      .prepare("SELECT value, expires FROM kv WHERE key = ?")
      .bind(JSON.stringify(key))
      .first<{ value: string; expires: number | null }>();
    if (!row || (row.expires !== null && row.expires <= Date.now())) return undefined;
    return JSON.parse(row.value) as T;
  }

  async set(key: KvKey, value: unknown, options?: KvStoreSetOptions): Promise<void> {
    const ttl = options?.ttl ? options.ttl.total({ unit: "millisecond" }) : undefined;
    await (await database(this.db))
      .prepare(
        "INSERT INTO kv (key, value, expires) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, expires = excluded.expires",
      )
      .bind(JSON.stringify(key), JSON.stringify(value), ttl === undefined ? null : Date.now() + ttl)
      .run();
  }

  async delete(key: KvKey): Promise<void> {
    await (await database(this.db)).prepare("DELETE FROM kv WHERE key = ?").bind(JSON.stringify(key)).run();
  }

  async cas(key: KvKey, expected: unknown, value: unknown, options?: KvStoreSetOptions): Promise<boolean> {
    const ttl = options?.ttl ? options.ttl.total({ unit: "millisecond" }) : undefined;
    const db = await database(this.db);
    const k = JSON.stringify(key);
    const expires = ttl === undefined ? null : Date.now() + ttl;
    const result =
      expected === undefined
        ? await db
            .prepare("INSERT INTO kv (key, value, expires) VALUES (?, ?, ?) ON CONFLICT (key) DO NOTHING")
            .bind(k, JSON.stringify(value), expires)
            .run()
        : await db
            .prepare("UPDATE kv SET value = ?, expires = ? WHERE key = ? AND value = ?")
            .bind(JSON.stringify(value), expires, k, JSON.stringify(expected))
            .run();
    return result.meta.changes > 0;
  }

  async *list(prefix: KvKey = [] as unknown as KvKey): AsyncIterable<KvStoreListEntry> {
    // A prefix's JSON without its closing "]" starts the JSON of every key under it.
    const start = prefix.length === 0 ? "[" : JSON.stringify(prefix).slice(0, -1);
    const { results } = await (await database(this.db))
      .prepare("SELECT key, value, expires FROM kv WHERE key >= ? AND key < ? ORDER BY key")
      .bind(start, `${start}\uffff`)
      .all<{ key: string; value: string; expires: number | null }>();
    for (const row of results) {
      if (row.expires !== null && row.expires <= Date.now()) continue;
      yield { key: JSON.parse(row.key) as KvKey, value: JSON.parse(row.value) };
    }
  }
}
