// Articles as a list of summaries: title linking to the page, byline and date, summary, tags, and a
// small thumbnail of the lead image where there is one.

import { paths } from "../addresses";
import type { Article, ArticleImage } from "../content/schema";
import { Byline } from "./byline";
import { isoDate, readableDate } from "./dates";
import { Tags } from "./tags";

/** The thumbnail's width in CSS pixels (src/assets/style.css .thumb): its height keeps the image's shape. */
const THUMB_WIDTH = 96;

export function ArticleList({ articles, author }: { articles: readonly Article[]; author: string }) {
  return (
    <ol class="articles">
      {articles.map((a) => (
        <li>
          <article>
            {a.image ? <Thumbnail image={a.image} /> : null}
            <h2>
              <a href={paths.article(a.slug)}>{a.title}</a>
            </h2>
            <p class="meta">
              <Byline name={a.author ?? author} /> ·{" "}
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

/** Sized (no layout shift), loaded only near the viewport, with the image's own alt text. */
function Thumbnail({ image }: { image: ArticleImage }) {
  const height = image.width && image.height ? Math.round((THUMB_WIDTH * image.height) / image.width) : undefined;
  return (
    <img
      class="thumb"
      src={image.url}
      alt={image.alt}
      width={THUMB_WIDTH}
      {...(height ? { height } : {})}
      loading="lazy"
      decoding="async"
    />
  );
}
