// What the fediverse side keeps, in D1: the site's followers, what has been delivered of each article (so
// each change goes out once), the site settings the last request brought, and fedify's own key–value
// store (remote documents it cached, inbox idempotence). The tables are made on first use.
import type { KvKey, KvStore, KvStoreListEntry, KvStoreSetOptions } from "@fedify/fedify";

const SCHEMA = [
  `CREATE TABLE IF NOT EXISTS followers (
     id TEXT PRIMARY KEY, inbox TEXT NOT NULL, shared_inbox TEXT, follow_id TEXT NOT NULL, since INTEGER NOT NULL)`,
  // published: ms since the epoch (dates compare as instants, whatever offset the article was written in).
  `CREATE TABLE IF NOT EXISTS delivered (
     object_id TEXT PRIMARY KEY, digest TEXT NOT NULL, published INTEGER NOT NULL, deleted INTEGER NOT NULL DEFAULT 0)`,
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

/** An object as last delivered: its digest, its date (ms), and whether a Delete went out for it. */
export interface Delivered {
  objectId: string;
  digest: string;
  published: number;
  deleted: boolean;
}

/** What recording an object changed: nothing, a first delivery, or another version (with the one before). */
export type Recorded = { change: "create" } | { change: "update"; previous: string } | undefined;

/**
 * Records an object as `digest` and says what that is: "create" for one never delivered, "update" for
 * one delivered with another digest (or deleted, then back), undefined when nothing changed. One
 * transaction: two cron runs that overlap cannot both see the same change.
 */
export async function recordDelivery(
  db: D1Database,
  objectId: string,
  digest: string,
  published: number,
): Promise<Recorded> {
  const d = await database(db);
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
  const previous = (before?.results[0] as { digest?: string } | undefined)?.digest;
  return previous === undefined ? { change: "create" } : { change: "update", previous };
}

/**
 * Takes back what recordDelivery recorded when its activity could not be queued: the next run sees the
 * change again, rather than never sending it.
 */
export async function forgetDelivery(db: D1Database, objectId: string, recorded: NonNullable<Recorded>) {
  const d = await database(db);
  await (recorded.change === "create"
    ? d.prepare("DELETE FROM delivered WHERE object_id = ?").bind(objectId)
    : d.prepare("UPDATE delivered SET digest = ? WHERE object_id = ?").bind(recorded.previous, objectId)
  ).run();
}

const BASELINE = ["edgefeed", "baseline"] as const;

/** Whether the site's first release run has been done (its articles recorded, nothing sent). */
export async function baselineDone(db: D1Database): Promise<boolean> {
  return (await new D1KvStore(db).get<boolean>(BASELINE)) === true;
}

export async function markBaselineDone(db: D1Database): Promise<void> {
  await new D1KvStore(db).set(BASELINE, true);
}

/**
 * Objects delivered and not deleted, published strictly after `since` (ms), or all of them when it is
 * undefined. Strictly: an article dated the same instant as the oldest one a run saw may sit on the page
 * past it, and must not be taken for removed.
 */
export async function deliveredSince(db: D1Database, since: number | undefined): Promise<Delivered[]> {
  const d = await database(db);
  const query =
    since === undefined
      ? d.prepare("SELECT object_id AS objectId, digest, published, deleted FROM delivered WHERE deleted = 0")
      : d
          .prepare(
            "SELECT object_id AS objectId, digest, published, deleted FROM delivered WHERE deleted = 0 AND published > ?",
          )
          .bind(since);
  const { results } = await query.all<{ objectId: string; digest: string; published: number; deleted: number }>();
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

/** Takes back a recorded deletion whose Delete could not be queued. */
export async function forgetDeletion(db: D1Database, objectId: string): Promise<void> {
  await (await database(db)).prepare("UPDATE delivered SET deleted = 0 WHERE object_id = ?").bind(objectId).run();
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

  /**
   * fedify's compare-and-swap (its circuit breaker and nonce checks): `expected` undefined means "absent",
   * `value` undefined means "delete"; values compare by content, whatever the order of their keys, and an
   * expired row is absent. The swap is conditional on the row's exact stored text, so a concurrent
   * writer makes it fail rather than be lost.
   */
  async cas(key: KvKey, expected: unknown, value: unknown, options?: KvStoreSetOptions): Promise<boolean> {
    const ttl = options?.ttl ? options.ttl.total({ unit: "millisecond" }) : undefined;
    const db = await database(this.db);
    const k = JSON.stringify(key);
    const now = Date.now();
    const row = await db
      .prepare("SELECT value, expires FROM kv WHERE key = ?")
      .bind(k)
      .first<{ value: string; expires: number | null }>();
    const live = row && (row.expires === null || row.expires > now) ? row : undefined;
    const current = live ? (JSON.parse(live.value) as unknown) : undefined;
    if (canonical(current) !== canonical(expected)) return false;
    const expires = ttl === undefined ? null : now + ttl;
    let result: D1Result;
    if (!row) {
      if (value === undefined) return true;
      result = await db
        .prepare("INSERT INTO kv (key, value, expires) VALUES (?, ?, ?) ON CONFLICT (key) DO NOTHING")
        .bind(k, JSON.stringify(value), expires)
        .run();
    } else if (value === undefined) {
      result = await db.prepare("DELETE FROM kv WHERE key = ? AND value = ?").bind(k, row.value).run();
    } else {
      result = await db
        .prepare("UPDATE kv SET value = ?, expires = ? WHERE key = ? AND value = ?")
        .bind(JSON.stringify(value), expires, k, row.value)
        .run();
    }
    return result.meta.changes > 0;
  }

  /** Removes rows past their expiry (fedify's cached documents and idempotence keys), a batch at a time. */
  async purge(limit = 500): Promise<number> {
    const result = await (await database(this.db))
      .prepare("DELETE FROM kv WHERE key IN (SELECT key FROM kv WHERE expires IS NOT NULL AND expires <= ? LIMIT ?)")
      .bind(Date.now(), limit)
      .run();
    return result.meta.changes;
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

/** JSON with every object's keys sorted: equal for values equal by content (absent is none of them). */
function canonical(value: unknown): string {
  return value === undefined ? "absent" : JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
  );
}
