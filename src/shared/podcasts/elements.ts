// A show's feed as podcast apps read it: the `itunes:` elements Apple Podcasts requires and recommends
// (https://podcasters.apple.com/support/823-podcast-requirements) and the Podcasting 2.0 elements that
// apply (https://podcastindex.org/namespace/1.0), built from the model as xml-js compact elements for
// src/shared/feeds/corrections.ts to place on `feed`'s tree (which has no way to write them).
import type { Article, Person, Show } from "../content/schema";
import { updateFrequency } from "../feeds/cadence";
import { xmlAttr, xmlText } from "../feeds/feed-package";
import type { XmlElement } from "../feeds/xml-writer.js";

export const ITUNES_NS = { prefix: "itunes", uri: "http://www.itunes.com/dtds/podcast-1.0.dtd" } as const;
export const PODCAST_NS = { prefix: "podcast", uri: "https://podcastindex.org/namespace/1.0" } as const;

const text = (value: string | number): XmlElement => ({ _text: typeof value === "string" ? xmlText(value) : value });

/** The channel's elements, in the order they are written (before the items). */
export function channelElements(show: Show, episodes: readonly Article[]): Record<string, unknown> {
  const rhythm = updateFrequency(episodes, show.complete);
  const category: XmlElement = {
    _attributes: { text: xmlAttr(show.category) },
    ...(show.subcategory ? { "itunes:category": { _attributes: { text: xmlAttr(show.subcategory) } } } : {}),
  };
  const video = episodes.length > 0 && episodes.every((e) => enclosure(e)?.type.startsWith("video/"));
  return {
    copyright: show.copyright ? text(show.copyright) : undefined,
    "itunes:author": text(show.author),
    "itunes:owner": { "itunes:name": text(show.owner.name), "itunes:email": text(show.owner.email) },
    "itunes:image": { _attributes: { href: xmlAttr(show.artwork.url) } },
    "itunes:category": category,
    // Apple: "true" or "false" (the older yes/clean/no are still read, no longer documented).
    "itunes:explicit": text(String(show.explicit)),
    "itunes:type": text(show.type),
    "itunes:complete": show.complete ? text("Yes") : undefined,
    "itunes:new-feed-url": show.newFeedUrl ? text(show.newFeedUrl) : undefined,
    "podcast:guid": show.guid ? text(show.guid) : undefined,
    "podcast:locked": show.locked ? { _attributes: { owner: xmlAttr(show.locked) }, _text: "yes" } : undefined,
    "podcast:funding": show.funding
      ? { _attributes: { url: xmlAttr(show.funding.url) }, _text: xmlText(show.funding.label) }
      : undefined,
    // "video" when every episode is, as the namespace asks of a video podcast.
    "podcast:medium": text(video ? "video" : "podcast"),
    "podcast:updateFrequency": rhythm
      ? {
          _attributes: {
            ...(rhythm.complete ? { complete: "true" } : {}),
            ...(rhythm.dtstart ? { dtstart: rhythm.dtstart } : {}),
            ...(rhythm.rrule ? { rrule: rhythm.rrule } : {}),
          },
          _text: rhythm.text,
        }
      : undefined,
    "podcast:person": people(show.people),
  };
}

/** An episode's elements, after what `feed` and the media corrections wrote. */
export function itemElements(article: Article): Record<string, unknown> {
  const episode = article.episode;
  if (!episode) return {};
  const duration = enclosure(article)?.duration;
  return {
    // Whole seconds: Apple reads seconds or HH:MM:SS; seconds cannot be misread.
    "itunes:duration": duration === undefined ? undefined : text(Math.round(duration)),
    "itunes:episodeType": text(episode.type),
    "itunes:season": episode.season === undefined ? undefined : text(episode.season),
    "itunes:episode": episode.number === undefined ? undefined : text(episode.number),
    "podcast:season": episode.season === undefined ? undefined : text(episode.season),
    "podcast:episode": episode.number === undefined ? undefined : text(episode.number),
    "podcast:transcript":
      episode.transcripts.length === 0
        ? undefined
        : episode.transcripts.map((t) => ({
            _attributes: {
              url: xmlAttr(t.url),
              type: t.type,
              ...(t.language ? { language: t.language } : {}),
              // Timed text a player can show as captions (the namespace's rel="captions").
              ...(t.type === "text/vtt" || t.type === "application/x-subrip" ? { rel: "captions" } : {}),
            },
          })),
    "podcast:chapters": episode.chapters
      ? { _attributes: { url: xmlAttr(episode.chapters.url), type: episode.chapters.type } }
      : undefined,
    "podcast:person": people(episode.people),
  };
}

/** An episode's enclosure: its audio or video, the first attachment (src/build/parsers/episode-fields.ts). */
export function enclosure(article: Article) {
  return article.episode ? article.attachments?.[0] : undefined;
}

function people(list: readonly Person[]): XmlElement[] | undefined {
  if (list.length === 0) return undefined;
  return list.map((p) => ({
    _attributes: {
      ...(p.role ? { role: xmlAttr(p.role) } : {}),
      ...(p.group ? { group: xmlAttr(p.group) } : {}),
      ...(p.img ? { img: xmlAttr(p.img) } : {}),
      ...(p.href ? { href: xmlAttr(p.href) } : {}),
    },
    _text: xmlText(p.name),
  }));
}
