// A feed as a page, for a person whose browser opened it (src/worker/http/negotiation.ts, isNavigation): what a
// feed is, its address to copy into a reader, the other formats, and its articles with archive links.
import { FEED_FORMATS, type FeedFormat, type FeedPaths, FORMATS, paths } from "../addresses";
import type { Article } from "../content/schema";
import type { Site } from "../site";
import { ArticleList } from "./article-list";
import { Layout } from "./layout";

/** What the page shows of a feed document (src/shared/feeds/document.ts has its shape; views take only what they show). */
export interface FeedView {
  title: string;
  description: string;
  /** Site-relative path of the HTML page the feed mirrors. */
  homePath: string;
  /** This document's path in each format. */
  paths: FeedPaths;
  /** Newest first. */
  items: readonly Article[];
  /** RFC 5005 links: `current` is the subscription document, `prev` older, `next` newer. */
  archive?: { current: FeedPaths; prev?: FeedPaths; next?: FeedPaths; isArchive: boolean };
}

export function FeedPage({ site, format, feed }: { site: Site; format: FeedFormat; feed: FeedView }) {
  const label = FORMATS[format].label;
  // An archive is not what anyone subscribes to: the address to copy is always the current document's.
  const subscription = feed.archive?.current ?? feed.paths;
  const isArchive = feed.archive?.isArchive ?? false;
  const others = FEED_FORMATS.filter((f) => f !== format);
  const older = feed.archive?.prev?.[format];
  const newer = feed.archive?.next?.[format] ?? (isArchive ? subscription[format] : undefined);
  // The site feed is always advertised (Layout); a tag's is added here.
  const advertised =
    subscription.rss === paths.feed("", "rss") || isArchive ? [] : [{ title: feed.title, paths: subscription }];
  return (
    <Layout
      site={site}
      title={`${feed.title} · ${label} feed`}
      description={feed.description}
      path={feed.paths[format]}
      feeds={advertised}
    >
      <h1>{feed.title}</h1>
      <p class="lede">{feed.description}</p>
      <section class="subscribe" aria-labelledby="feed-what">
        <h2 id="feed-what">{isArchive ? "This is a web feed’s archive" : "This is a web feed"}</h2>
        <p>
          {isArchive ? "It holds older articles. " : ""}Copy its address into a feed reader app (NetNewsWire, Feedly,
          Miniflux, Thunderbird…) and new articles come to you as they are published, with no account or email.
        </p>
        {/* Text, not a field: it wraps at any width, and a click selects all of it (style.css, .address). */}
        <dl>
          <dt>{label} feed address</dt>
          <dd>
            <code class="address">{site.baseUrl + subscription[format]}</code>
          </dd>
        </dl>
        <p>
          Also as{" "}
          {others.map((other, i) => (
            <>
              {i > 0 ? " or " : null}
              <a href={subscription[other]}>{FORMATS[other].label}</a>
            </>
          ))}
          , or <a href={feed.homePath}>read it on the website</a>.
        </p>
      </section>
      <ArticleList articles={feed.items} author={site.author} />
      {newer || older ? (
        <nav class="pages" aria-label="Archive">
          {newer ? (
            <a href={newer} rel={feed.archive?.next ? "next-archive" : "current"}>
              Newer articles
            </a>
          ) : null}
          {older ? (
            <a href={older} rel="prev-archive">
              Older articles
            </a>
          ) : null}
        </nav>
      ) : null}
    </Layout>
  );
}
