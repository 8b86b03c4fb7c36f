// Each article's JSON, written once per build: the collection's version (./collection.ts), the check that
// no article holds the open address and the articles' digests (./render.ts) and the cache's article list
// (./cache.ts) all read it, and at 10,000 copies of the bundled article each writing of it was 88 MB of
// text to make and collect. An article read from the cache's list comes with its JSON as the list holds
// it (JSON.stringify of what JSON.parse made of it gives the same text). Articles are not changed once
// parsed, so the text stays theirs.
import type { Article } from "../shared/content/schema";

const written = new WeakMap<Article, string>();

export function articleJson(article: Article): string {
  let json = written.get(article);
  if (json === undefined) {
    json = JSON.stringify(article);
    written.set(article, json);
  }
  return json;
}

/** An article parsed from `json`, whose JSON it is. */
export function parsedArticle(json: string): Article {
  const article = JSON.parse(json) as Article;
  written.set(article, json);
  return article;
}
