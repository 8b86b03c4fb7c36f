// The requests the benchmark measures: the three site feeds, the bundled article's page, and a
// conditional GET that the feed's ETag answers with 304 (what a well-behaved feed reader sends).
import { get } from "./http";

export interface Route {
  label: string;
  path: string;
  headers: Record<string, string>;
  status: 200 | 304;
}

export const ARTICLE = "/articles/us-mexico-partnership-fentanyl-migration";
const FRESH = ["/rss.xml", "/atom.xml", "/feed.json", ARTICLE];
const CONDITIONAL = "/rss.xml";

/** The routes with the 304's If-None-Match set to the ETag the server gives the feed. */
export async function routes(origin: string): Promise<Route[]> {
  const list: Route[] = FRESH.map((path) => ({
    label: path === ARTICLE ? "/articles/<slug>" : path,
    path,
    headers: {},
    status: 200,
  }));
  const fresh = await get(origin + CONDITIONAL);
  const etag = fresh.headers.find(([name]) => name.toLowerCase() === "etag")?.[1];
  if (fresh.status !== 200 || etag === undefined) throw new Error(`${CONDITIONAL}: expected 200 with an ETag`);
  list.push({ label: `${CONDITIONAL} 304`, path: CONDITIONAL, headers: { "If-None-Match": etag }, status: 304 });
  return list;
}
