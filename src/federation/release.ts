// Articles to followers at their release: the site Worker's Cron Trigger hands over, on each run, the
// Create activities of its outbox's newest page as the build rendered them for the current epoch (so
// nothing scheduled is among them before its time). What was never delivered goes out as a Create, what
// changed as an Update, and what was delivered from within the page's dates and is no longer there as a
// Delete — each once: the ledger (./store.ts) changes in the same statement that decides it.
import { Create, Delete, Note, Tombstone, Update } from "@fedify/vocab";
import { type ContextData, federationFor } from "./federation";
import { deliveredSince, isFirstRelease, recordDeletion, recordDelivery } from "./store";

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
 * out. A Delete goes out for a delivered article missing from them, if it is within their dates (or at
 * all, when they are whole): one older than the newest pages' and removed is not seen.
 */
export async function release(
  data: ContextData,
  origin: string,
  creates: readonly OutboxCreate[],
  whole: boolean,
): Promise<Released> {
  const federation = federationFor(data.env);
  const ctx = federation.createContext(new URL(origin), data);
  const db = data.env.FEDERATION_DB;
  const me = { identifier: data.site.handle };
  const done: Released = { created: [], updated: [], deleted: [] };
  // The first run records what is out without sending it: an article is delivered when it is released,
  // not because the site became an actor after it was.
  const first = await isFirstRelease(db);
  const send = (activity: Create | Update | Delete) =>
    ctx.sendActivity(me, "followers", activity, { preferSharedInbox: true });
  // Oldest first: followers get them in the order they came out.
  for (const create of [...creates].reverse()) {
    const note = create.object;
    const digest = await sha256(JSON.stringify(note));
    const change = await recordDelivery(db, note.id, digest, note.published);
    if (first) continue;
    if (change === "create") {
      await send(await Create.fromJsonLd(create, ctx));
      done.created.push(note.id);
    } else if (change === "update") {
      // The Note is read in the Create's JSON-LD context, which it came with.
      const object = await Note.fromJsonLd({ "@context": create["@context"], ...note }, ctx);
      await send(
        new Update({
          id: new URL(`${note.id}#updates/${digest.slice(0, 16)}`),
          actor: ctx.getActorUri(data.site.handle),
          object,
          tos: object.toIds,
          ccs: object.ccIds,
          updated: object.updated ?? object.published,
        }),
      );
      done.updated.push(note.id);
    }
  }
  const oldest = whole ? "" : creates.at(-1)?.object.published;
  if (oldest !== undefined && !first) {
    const present = new Set(creates.map((c) => c.object.id));
    for (const gone of await deliveredSince(db, oldest)) {
      if (present.has(gone.objectId) || !(await recordDeletion(db, gone.objectId))) continue;
      const id = new URL(gone.objectId);
      await send(
        new Delete({
          id: new URL(`${gone.objectId}#delete`),
          actor: ctx.getActorUri(data.site.handle),
          object: new Tombstone({ id }),
          to: new URL("https://www.w3.org/ns/activitystreams#Public"),
          cc: ctx.getFollowersUri(data.site.handle),
        }),
      );
      done.deleted.push(gone.objectId);
    }
  }
  return done;
}

async function sha256(text: string): Promise<string> {
  const hash = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
  return [...hash].map((b) => b.toString(16).padStart(2, "0")).join("");
}
