// Stable article ids: RFC 9562 name-based (v5) UUIDs, so an id never depends on the site URL or title.
import { uuidV5 } from "../../shared/content/uuid";

/** The namespace of edgefeed article ids (a fixed random UUID; changing it would change every id). */
const NAMESPACE = "3d2b5c1e-8f4a-4e7b-9c61-5a0f2e9d7b13";

/** An article id from a seed that names the story, not where or how it is published. */
export async function articleId(seed: string): Promise<string> {
  return `urn:uuid:${await uuidV5(seed, NAMESPACE)}`;
}
