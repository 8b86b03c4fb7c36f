// WebSub's ledger: which document each topic was last announced with, and the pings still owed, kept
// by one SQLite-backed Durable Object that every cron run asks (src/worker/websub/publisher.ts).
//
// Cron runs overlap: a run whose hubs are slow (each ping may take its whole time-out) is still sending
// when the next minute's run starts. A Durable Object runs one method at a time, and none of these
// methods awaits anything, so each is atomic: a run claims one ping at a time (marks it in flight until
// a deadline) before sending it, another run sees the claim and takes a different ping, and every
// outcome is written as soon as it is known. A run that dies leaves only its one claimed ping behind,
// due again when the claim's deadline passes. KV could not do this, with one key or one per ping: it has
// no compare-and-set, and a value read there may be up to a minute old, so two runs could both see a
// ping unclaimed.
//
// Two times: a ping is due by a run's scheduled time (the backoff counts in cron runs), while a claim
// lasts until a deadline on the clock, as it bounds how long one ping may take, however late the run
// that holds it started.
import { DurableObject } from "cloudflare:workers";
import { retryDelay } from "./retry";

/** A ping a run has claimed: only that run's outcome for it counts, and only while the claim stands. */
export interface Claim {
  hub: string;
  topic: string;
  /** The ping's row, and which claim of it this is (a later claim of the same row supersedes it). */
  row: number;
  claim: number;
}

/** What became of a claimed ping: the hub took it, refused it for good, or is to be asked again. */
export type Outcome = { sent: true } | { dropped: true } | { retryAfterMs: number };

export class WebSubLedger extends DurableObject {
  readonly #sql: SqlStorage;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.#sql = ctx.storage.sql;
    // `renew`: the topic changed again while its ping was in flight. The hub may have fetched the topic
    // before the change, so the ping is owed once more when the one in flight comes back.
    // AUTOINCREMENT: a row number is never given out twice, so a claim (row, claim) names one ping for
    // good, and a dead run's late outcome cannot land on a ping announced since in a reused row.
    this.#sql.exec(`
      CREATE TABLE IF NOT EXISTS announced (topic TEXT PRIMARY KEY, etag TEXT NOT NULL) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS pings (
        row INTEGER PRIMARY KEY AUTOINCREMENT,
        hub TEXT NOT NULL,
        topic TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        due INTEGER NOT NULL,
        claimed_until INTEGER NOT NULL DEFAULT 0,
        claim INTEGER NOT NULL DEFAULT 0,
        renew INTEGER NOT NULL DEFAULT 0,
        UNIQUE (hub, topic)
      );
    `);
  }

  /**
   * A run's view of the site: `topics` (topic URL → the ETag of its document now) and the hubs configured
   * now. Each topic whose ETag changed is owed to every hub from `now`; pings owed to hubs no longer
   * configured are dropped, claimed or not (the outcome of one in flight is then ignored).
   */
  announce(topics: Record<string, string>, hubs: string[], now: number): void {
    this.#sql.exec("DELETE FROM pings WHERE hub NOT IN (SELECT value FROM json_each(?))", JSON.stringify(hubs));
    for (const [topic, etag] of Object.entries(topics)) {
      const [known] = this.#sql.exec<{ etag: string }>("SELECT etag FROM announced WHERE topic = ?", topic).toArray();
      if (known?.etag === etag) continue;
      this.#sql.exec(
        "INSERT INTO announced (topic, etag) VALUES (?, ?) ON CONFLICT (topic) DO UPDATE SET etag = excluded.etag",
        topic,
        etag,
      );
      for (const hub of hubs) {
        // A ping still waiting to go out announces the newest document anyway: it stays one ping.
        this.#sql.exec(
          `INSERT INTO pings (hub, topic, due) VALUES (?, ?, ?)
           ON CONFLICT (hub, topic) DO UPDATE SET renew = claimed_until > 0`,
          hub,
          topic,
          now,
        );
      }
    }
  }

  /**
   * The next ping due by `now` that no live claim holds, claimed until `at + claimMs`; and how many
   * pings are owed in all (claimed ones included).
   */
  claim(now: number, at: number, claimMs: number): { ping?: Claim; owed: number } {
    const [due] = this.#sql
      .exec<{ row: number; hub: string; topic: string; claim: number }>(
        `SELECT row, hub, topic, claim FROM pings WHERE due <= ? AND claimed_until <= ?
         ORDER BY due, row LIMIT 1`,
        now,
        at,
      )
      .toArray();
    if (due) {
      this.#sql.exec(
        "UPDATE pings SET claimed_until = ?, claim = claim + 1, renew = 0 WHERE row = ?",
        at + claimMs,
        due.row,
      );
    }
    const { owed } = this.#sql.exec<{ owed: number }>("SELECT count(*) AS owed FROM pings").one();
    return due ? { ping: { ...due, claim: due.claim + 1 }, owed } : { owed };
  }

  /** Records what became of a claimed ping, unless the claim no longer stands (then another run has it). */
  settle(claim: Claim, outcome: Outcome, now: number): void {
    const [ping] = this.#sql
      .exec<{ attempts: number; renew: number }>(
        "SELECT attempts, renew FROM pings WHERE row = ? AND claim = ?",
        claim.row,
        claim.claim,
      )
      .toArray();
    if (!ping) return;
    if ("retryAfterMs" in outcome) {
      const attempts = ping.attempts + 1;
      this.#sql.exec(
        "UPDATE pings SET attempts = ?, due = ?, claimed_until = 0, renew = 0 WHERE row = ?",
        attempts,
        now + retryDelay(attempts, outcome.retryAfterMs),
        claim.row,
      );
    } else if ("sent" in outcome && ping.renew) {
      this.#sql.exec(
        "UPDATE pings SET attempts = 0, due = ?, claimed_until = 0, renew = 0 WHERE row = ?",
        now,
        claim.row,
      );
    } else {
      this.#sql.exec("DELETE FROM pings WHERE row = ?", claim.row);
    }
  }
}
