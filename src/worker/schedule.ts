// The site's epochs (src/build/render.ts): which one is out at a moment, and where its documents are.

import type { Article } from "../shared/content/schema";
import type { CurrentBundle, MediaSources } from "../shared/contract";

/**
 * Which epoch of the site (src/build/render.ts) is out at a moment, and under which key each document
 * of that epoch is stored: the newest epoch at or before it that changed the document.
 */
export class Schedule {
  readonly #epochs: {
    at: number;
    changed: Set<string>;
    newest: Article[];
    topics: Record<string, string>;
    media: MediaSources;
  }[];
  readonly #current: CurrentBundle;

  constructor(current: CurrentBundle) {
    this.#epochs = current.epochs.map((e) => ({ ...e, at: Date.parse(e.at), changed: new Set(e.changed) }));
    this.#current = current;
  }

  epochAt(now: number): number {
    let epoch = 0;
    while (epoch < this.#epochs.length && this.#epochs[epoch]!.at <= now) epoch++;
    return epoch;
  }

  key(key: string, epoch: number): string {
    for (let i = epoch; i >= 1; i--) if (this.#epochs[i - 1]!.changed.has(key)) return `${key}@${i}`;
    return key;
  }

  newest(epoch: number): Article[] {
    return epoch === 0 ? this.#current.newest : this.#epochs[epoch - 1]!.newest;
  }

  /** Where the pages of an epoch load media from: only its articles' sources, none of a later one's. */
  media(epoch: number): MediaSources {
    return epoch === 0 ? this.#current.media : this.#epochs[epoch - 1]!.media;
  }

  /** Every WebSub topic (a subscription feed's path) with the ETag of its open document in an epoch. */
  topics(epoch: number): Record<string, string> {
    const topics = { ...this.#current.topics };
    for (let i = 0; i < epoch; i++) Object.assign(topics, this.#epochs[i]!.topics);
    return topics;
  }
}
