// Each article's JSON, written once per build: the collection's version (./collection.ts), the check that
// no article holds the open address and the articles' digests (./render.ts) and the cache's article list
// (./cache.ts) all read it, and at 10,000 copies of the bundled article each writing of it was 88 MB of
// text to make and collect. An article read from the cache's list comes with its JSON as the list holds
// it (JSON.stringify of what JSON.parse made of it gives the same text). Articles are not changed once
// parsed, so the text stays theirs.
//
// It is kept as UTF-8 bytes, off V8's heap: as text, 10,000 such articles held 180 MB of the build's heap,
// which each scavenge that promoted it copied page by page, and which every article read from the list
// held a second time.
import type { Article } from "../shared/content/schema";

const written = new WeakMap<Article, Buffer>();

/** JSON.stringify(article), as UTF-8. */
export function articleJson(article: Article): Buffer {
  const json = written.get(article) ?? Buffer.from(JSON.stringify(article));
  written.set(article, json);
  return json;
}

/** An article parsed from `json` (UTF-8), whose JSON it is. */
export function parsedArticle(json: Buffer): Article {
  const article = JSON.parse(json.toString()) as Article;
  written.set(article, json);
  return article;
}
