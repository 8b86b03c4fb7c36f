// A show's page (/shows/<name>): its artwork, what it is, the address to paste into a podcast app, and
// its episodes, newest first.
import { paths } from "../addresses";
import type { Article, Show } from "../content/schema";
import type { Site } from "../site";
import { ArticleList } from "./article-list";
import { PodcastLink } from "./episode";
import { Layout } from "./layout";

export function ShowPage({ site, show, episodes }: { site: Site; show: Show; episodes: readonly Article[] }) {
  const feedUrl = site.baseUrl + paths.showFeed(show.name);
  return (
    <Layout
      site={site}
      title={`${show.title} · ${site.title}`}
      description={show.description}
      path={paths.show(show.name)}
      head={<PodcastLink show={show} href={feedUrl} />}
    >
      <header class="show">
        <img
          class="artwork"
          src={show.artwork.url}
          width={show.artwork.width}
          height={show.artwork.height}
          alt={`${show.title}: artwork`}
        />
        <h1>{show.title}</h1>
        <p class="lede">{show.description}</p>
        <p class="meta">
          {show.author} · {show.subcategory ? `${show.category}: ${show.subcategory}` : show.category}
          {show.complete ? " · complete" : null}
        </p>
      </header>
      {episodes.length > 0 ? <ArticleList articles={episodes} author={site.author} /> : <p>No episodes yet.</p>}
      <aside class="subscribe" aria-labelledby="subscribe-title">
        <h2 id="subscribe-title">Subscribe to {show.title}</h2>
        <p>Paste this address into your podcast app (Apple Podcasts, Overcast, Pocket Casts, AntennaPod…):</p>
        <ul>
          <li>
            <a href={paths.showFeed(show.name)}>Podcast feed</a> <code>{feedUrl}</code>
          </li>
        </ul>
        {show.funding ? (
          <p>
            <a href={show.funding.url} rel="external noopener">
              {show.funding.label}
            </a>
          </p>
        ) : null}
      </aside>
    </Layout>
  );
}
