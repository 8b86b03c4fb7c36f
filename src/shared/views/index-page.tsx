// A list page: the home page, a tag's page, and their older pages.
import { paths } from "../addresses";
import type { Article } from "../content/schema";
import type { Site } from "../site";
import { ArticleList } from "./article-list";
import { Layout } from "./layout";
import { Subscribe } from "./subscribe";

export interface IndexPageProps {
  site: Site;
  heading: string;
  description: string;
  path: string;
  articles: readonly Article[];
  /** Site-relative links to newer and older pages, when there are any. */
  newer?: string;
  older?: string;
  /** A feed other than the site's to advertise and offer: its title and the prefix of its paths. */
  feed?: { title: string; prefix: string };
}

export function IndexPage({ site, heading, description, path, articles, newer, older, feed }: IndexPageProps) {
  return (
    <Layout
      site={site}
      title={heading === site.title ? site.title : `${heading} · ${site.title}`}
      description={description}
      path={path}
      feeds={feed ? [{ title: feed.title, paths: paths.feeds(feed.prefix) }] : []}
    >
      <h1>{heading}</h1>
      <p class="lede">{description}</p>
      <ArticleList articles={articles} author={site.author} />
      {newer || older ? (
        <nav class="pages" aria-label="Pages">
          {newer ? (
            <a href={newer} rel="prev">
              Newer articles
            </a>
          ) : null}
          {older ? (
            <a href={older} rel="next">
              Older articles
            </a>
          ) : null}
        </nav>
      ) : null}
      <Subscribe site={site} prefix={feed?.prefix} label={feed?.title} />
    </Layout>
  );
}
