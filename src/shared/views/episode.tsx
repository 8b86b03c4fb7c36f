// What an episode's page adds to an article's: the show it belongs to, its podcast feed, and its
// transcripts and chapters as links.
import { paths } from "../addresses";
import type { Article, Show } from "../content/schema";
import type { Site } from "../site";

/** Podcast autodiscovery: the show's feed, for apps and browser extensions that look for one. */
export function PodcastLink({ show, href }: { show: Show; href: string }) {
  return <link rel="alternate" type="application/rss+xml" title={`${show.title} (podcast)`} href={href} />;
}

const TRANSCRIPT_LABELS: Record<string, string> = {
  "text/vtt": "WebVTT",
  "application/x-subrip": "SubRip",
  "application/json": "JSON",
};

export function EpisodeNote({ site, article, show }: { site: Site; article: Article; show: Show }) {
  const episode = article.episode;
  if (!episode) return null;
  const place = [
    episode.season !== undefined ? `season ${episode.season}` : undefined,
    episode.number !== undefined ? `episode ${episode.number}` : undefined,
    episode.type !== "full" ? episode.type : undefined,
  ].filter((part) => part !== undefined);
  return (
    <aside class="episode" aria-label="Podcast episode">
      <p>
        From the podcast <a href={paths.show(show.name)}>{show.title}</a>
        {place.length > 0 ? ` (${place.join(", ")})` : null} · <a href={paths.showFeed(show.name)}>Podcast feed</a>{" "}
        <code>{site.baseUrl + paths.showFeed(show.name)}</code>
      </p>
      {episode.transcripts.length > 0 || episode.chapters ? (
        <ul>
          {episode.transcripts.map((t) => (
            <li>
              <a href={t.url} type={t.type}>
                Transcript ({TRANSCRIPT_LABELS[t.type] ?? t.type}
                {t.language ? `, ${t.language}` : ""})
              </a>
            </li>
          ))}
          {episode.chapters ? (
            <li>
              <a href={episode.chapters.url} type={episode.chapters.type}>
                Chapters (JSON)
              </a>
            </li>
          ) : null}
        </ul>
      ) : null}
    </aside>
  );
}
