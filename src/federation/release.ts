// Articles to followers at their release: the site Worker's Cron Trigger hands over, on each run, the
// Create activities of its outbox's newest pages as the build rendered them for the current epoch (so
// nothing scheduled is among them before its time). What was never delivered goes out as a Create, what
// changed as an Update, and what was delivered from within the pages' dates and is no longer there as a
// Delete — each once: the ledger (./store.ts) decides each change in one transaction, and takes it back
// if its activity could not be queued, so the next run sends it rather than nobody.
import { Create, Delete, Note, Tombstone, Update } from "@fedify/vocab";
import { Temporal } from "@js-temporal/polyfill";
import { type ContextData, federationFor } from "./federation";
import {
  baselineDone,
  deliveredSince,
  forgetDeletion,
  forgetDelivery,
  markBaselineDone,
  recordDeletion,
  recordDelivery,
} from "./store";

/** A Create as the outbox holds it (src/shared/activitypub/objects.ts createOf). */
export interface OutboxCreate {
  id: string;
  object: { id: string; published: string } & Record<string, unknown>;
  [field: string]: unknown;
}

export interface Released {
  created: string[];
  updated: string[];
  deleted: string[];
}

/**
 * `creates`: the outbox's newest Create activities, newest first; `whole` when they are every article
 * out. A Delete goes out for a delivered article missing from them if it is dated after the oldest of
 * them (or at all, when they are whole): one older than that, removed, is not seen. `now` dates the run.
 */
export async function release(
  data: ContextData,
  origin: string,
  creates: readonly OutboxCreate[],
  whole: boolean,
  now = Date.now(),
): Promise<Released> {
  const federation = federationFor(data.env);
  const ctx = federation.createContext(new URL(origin), data);
  const db = data.env.FEDERATION_DB;
  const me = { identifier: data.site.handle };
  const actor = ctx.getActorUri(data.site.handle);
  const done: Released = { created: [], updated: [], deleted: [] };
  const send = (activity: Create | Update | Delete) =>
    ctx.sendActivity(me, "followers", activity, { preferSharedInbox: true });
  // The first run records what is out without sending it (following a site does not backfill it); it is
  // marked done only once all is recorded, so a run that dies half-way is a first run again.
  const first = !(await baselineDone(db));
  // Oldest first: followers get them in the order they came out.
  for (const create of [...creates].reverse()) {
    const note = create.object;
    const digest = await sha256(JSON.stringify(note));
    const recorded = await recordDelivery(db, note.id, digest, Date.parse(note.published));
    if (first || !recorded) continue;
    try {
      if (recorded.change === "create") {
        await send(await Create.fromJsonLd(create, ctx));
        done.created.push(note.id);
      } else {
        // The Note is read in the Create's JSON-LD context, which it came with. Mastodon applies an
        // Update only with a later `updated` than it has: the run's time, whatever the article says.
        const object = (await Note.fromJsonLd({ "@context": create["@context"], ...note }, ctx)).clone({
          updated: Temporal.Instant.fromEpochMilliseconds(now),
        });
        await send(
          new Update({
            id: new URL(`${note.id}#updates/${now}-${digest.slice(0, 8)}`),
            actor,
            object,
            tos: object.toIds,
            ccs: object.ccIds,
            updated: Temporal.Instant.fromEpochMilliseconds(now),
          }),
        );
        done.updated.push(note.id);
      }
    } catch (error) {
      await forgetDelivery(db, note.id, recorded);
      throw error;
    }
  }
  if (first) {
    await markBaselineDone(db);
    return done;
  }
  const oldest = creates.at(-1)?.object.published;
  if (whole || oldest !== undefined) {
    const present = new Set(creates.map((c) => c.object.id));
    const since = whole ? undefined : Date.parse(oldest!);
    for (const gone of await deliveredSince(db, since)) {
      if (present.has(gone.objectId) || !(await recordDeletion(db, gone.objectId))) continue;
      try {
        await send(
          new Delete({
            id: new URL(`${gone.objectId}#deletes/${now}`),
            actor,
            object: new Tombstone({ id: new URL(gone.objectId) }),
            to: new URL("https://www.w3.org/ns/activitystreams#Public"),
            cc: ctx.getFollowersUri(data.site.handle),
          }),
        );
      } catch (error) {
        await forgetDeletion(db, gone.objectId);
        throw error;
      }
      done.deleted.push(gone.objectId);
    }
  }
  return done;
}

async function sha256(text: string): Promise<string> {
  const hash = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
  return [...hash].map((b) => b.toString(16).padStart(2, "0")).join("");
}
