// A show's feed: one RSS 2.0 document with every episode (Apple Podcasts reads a show's whole list from
// its feed, and podcast apps do not follow RFC 5005 archives), written by `feed` like every other feed
// and given its podcast elements on the tree (src/shared/feeds/corrections.ts podcastChannel, podcastItems).
import { paths } from "../addresses";
import type { Article, Show } from "../content/schema";
import { pollInterval } from "../feeds/cadence";
import type { FeedDocument } from "../feeds/document";
import type { Site } from "../site";

export function showDocument(show: Show, episodes: readonly Article[], site: Site): FeedDocument {
  const feed = paths.showFeed(show.name);
  return {
    // Stable whatever the site's address: the show's podcast:guid when it has one.
    id: show.guid ? `urn:uuid:${show.guid}` : site.baseUrl + paths.show(show.name),
    title: show.title,
    description: show.description,
    homePath: paths.show(show.name),
    // RSS only: podcast apps read RSS, and Apple reads nothing else.
    paths: { rss: feed, atom: feed, json: feed },
    items: episodes,
    poll: pollInterval(episodes, site.poll),
    podcast: show,
  };
}

/** The site as a show's feed states it: in the show's language. */
export const showSite = (site: Site, show: Show): Site => ({ ...site, language: show.language });
