// The bundled collection, indexed for the routes: articles by slug, by tag, and in pages.
import type { Article, Collection, Icons, Show } from "./content/schema";

export interface TagCount {
  tag: string;
  count: number;
}

export class Catalog {
  readonly articles: readonly Article[];
  readonly version: string;
  readonly icons?: Icons;
  /** The podcasts, by name. */
  readonly shows: readonly Show[];
  #bySlug?: Map<string, Article>;
  #episodes?: Map<string, Article[]>;
  #byTag?: Map<string, Article[]>;

  constructor(collection: Collection) {
    this.articles = collection.articles;
    this.version = collection.version;
    if (collection.icons) this.icons = collection.icons;
    this.shows = collection.shows ?? [];
  }

  show(name: string): Show | undefined {
    return this.shows.find((show) => show.name === name);
  }

  /** A show's episodes, newest first (the collection's order); none for a show without any yet. */
  episodes(name: string): readonly Article[] {
    if (!this.#episodes) {
      this.#episodes = new Map();
      for (const article of this.articles) {
        const show = article.episode?.show;
        if (show === undefined) continue;
        const list = this.#episodes.get(show);
        if (list) list.push(article);
        else this.#episodes.set(show, [article]);
      }
    }
    return this.#episodes.get(name) ?? [];
  }

  article(slug: string): Article | undefined {
    this.#bySlug ??= new Map(this.articles.map((a) => [a.slug, a]));
    return this.#bySlug.get(slug);
  }

  /** Articles with a tag, newest first (the collection's order), or undefined for an unknown tag. */
  tagged(tag: string): readonly Article[] | undefined {
    return this.#tags().get(tag);
  }

  /** Every tag with its number of articles, most used first, then by name. */
  tags(): TagCount[] {
    return [...this.#tags()]
      .map(([tag, list]) => ({ tag, count: list.length }))
      .sort((a, b) => b.count - a.count || (a.tag < b.tag ? -1 : 1));
  }

  #tags(): Map<string, Article[]> {
    if (!this.#byTag) {
      this.#byTag = new Map();
      for (const article of this.articles) {
        for (const tag of article.tags) {
          const list = this.#byTag.get(tag);
          if (list) list.push(article);
          else this.#byTag.set(tag, [article]);
        }
      }
    }
    return this.#byTag;
  }
}
