// Articles as a list of summaries: title linking to the page, date, summary, tags.

import { paths } from "../addresses";
import type { Article } from "../content/schema";
import { isoDate, readableDate } from "./dates";
import { Tags } from "./tags";

export function ArticleList({ articles }: { articles: readonly Article[] }) {
  return (
    <ol class="articles">
      {articles.map((a) => (
        <li>
          <article>
            <h2>
              <a href={paths.article(a.slug)}>{a.title}</a>
            </h2>
            <p class="meta">
              <time datetime={isoDate(a.published)}>{readableDate(a.published)}</time>
            </p>
            <p>{a.summary}</p>
            <Tags tags={a.tags} />
          </article>
        </li>
      ))}
    </ol>
  );
}
