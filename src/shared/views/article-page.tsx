// One article: headline, dateline, tags, body, attribution, subscribe box; with Open Graph and JSON-LD.
import { raw } from "hono/html";
import { paths } from "../addresses";
import type { Article, Show } from "../content/schema";
import type { Site } from "../site";
import { Byline } from "./byline";
import { readableDate } from "./dates";
import { EpisodeNote, PodcastLink } from "./episode";
import { Layout } from "./layout";
import { Attachments, LeadImage } from "./media";
import { Subscribe } from "./subscribe";
import { Tags } from "./tags";

/** `show`: the show the article is an episode of, if it is one. */
export function ArticlePage({ site, article, show }: { site: Site; article: Article; show?: Show | undefined }) {
  const url = site.baseUrl + paths.article(article.slug);
  const image = article.image;
  // Without a lead image, a link preview shows the site's icon rather than nothing.
  const preview = image ?? (site.icons?.icon ? { ...site.icons.icon, alt: site.title } : undefined);
  const head = (
    <>
      <meta property="og:type" content="article" />
      <meta property="og:site_name" content={site.title} />
      <meta property="og:title" content={article.title} />
      <meta property="og:description" content={article.summary} />
      <meta property="og:url" content={url} />
      <meta property="article:published_time" content={article.published} />
      <meta property="article:modified_time" content={article.updated} />
      {article.tags.map((tag) => (
        <meta property="article:tag" content={tag} />
      ))}
      {preview ? (
        <>
          <meta property="og:image" content={preview.url} />
          {preview.width && preview.height ? (
            <>
              <meta property="og:image:width" content={String(preview.width)} />
              <meta property="og:image:height" content={String(preview.height)} />
            </>
          ) : null}
          <meta property="og:image:type" content={preview.type} />
          <meta property="og:image:alt" content={preview.alt} />
        </>
      ) : null}
      <meta name="twitter:card" content={image ? "summary_large_image" : "summary"} />
      <meta name="twitter:title" content={article.title} />
      <meta name="twitter:description" content={article.summary} />
      {image ? (
        <>
          <meta name="twitter:image" content={image.url} />
          <meta name="twitter:image:alt" content={image.alt} />
        </>
      ) : null}
      <script type="application/ld+json">{raw(jsonLd(article, site, url))}</script>
      {show ? <PodcastLink show={show} href={site.baseUrl + paths.showFeed(show.name)} /> : null}
    </>
  );
  return (
    <Layout
      site={site}
      title={`${article.title} · ${site.title}`}
      description={article.summary}
      path={paths.article(article.slug)}
      head={head}
    >
      <article class="story">
        <header>
          <h1>{article.title}</h1>
          <p class="meta">
            <Byline name={article.author ?? site.author} /> ·{" "}
            <time datetime={article.published}>{readableDate(article.published)}</time>
          </p>
          <Tags tags={article.tags} />
        </header>
        {image ? <LeadImage image={image} /> : null}
        <div class="body">{raw(article.contentHtml)}</div>
        {article.attachments ? <Attachments attachments={article.attachments} /> : null}
        {show ? <EpisodeNote site={site} article={article} show={show} /> : null}
        <Attribution article={article} />
      </article>
      <Subscribe site={site} />
    </Layout>
  );
}

function Attribution({ article }: { article: Article }) {
  const source = article.source;
  if (!source) return null;
  return (
    <p class="source">
      {source.url ? (
        <>
          Source:{" "}
          <a href={source.url} rel="external noopener">
            {new URL(source.url).hostname}
          </a>
        </>
      ) : (
        "Source: wire service"
      )}
      {source.id ? <> (story {source.id})</> : null}
    </p>
  );
}

/** schema.org NewsArticle; "<" is escaped so the text can never close the script element. */
function jsonLd(article: Article, site: Site, url: string): string {
  const data = {
    "@context": "https://schema.org",
    "@type": "NewsArticle",
    headline: article.title,
    description: article.summary,
    datePublished: article.published,
    dateModified: article.updated,
    author: { "@type": "Organization", name: article.author ?? site.author },
    publisher: { "@type": "Organization", name: site.title, url: `${site.baseUrl}/` },
    keywords: article.tags,
    ...(article.image
      ? {
          image: {
            "@type": "ImageObject",
            url: article.image.url,
            ...(article.image.width ? { width: article.image.width, height: article.image.height } : {}),
            caption: article.image.caption ?? article.image.alt,
          },
        }
      : {}),
    mainEntityOfPage: { "@type": "WebPage", "@id": url },
    url,
  };
  return JSON.stringify(data)
    .replace(/</g, "\\u003c")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}
