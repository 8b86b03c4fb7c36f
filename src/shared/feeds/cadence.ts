// How often a feed's readers should come back: a poll interval derived from the dates of the feed's
// articles alone (never the clock), so every isolate and every deploy of the same content says the same.

/** The shortest and longest poll interval a feed may advertise, in seconds (wrangler.toml FEED_MIN_POLL, FEED_MAX_POLL). */
export interface PollBounds {
  min: number;
  max: number;
}

/**
 * When FEED_MIN_POLL or FEED_MAX_POLL is empty: the bounds of Miniflux's entry-frequency scheduler.
 * No reader gains from polling a feed more often than every 5 minutes, and none should wait more
 * than a day to hear of a quiet site's new article.
 */
export const DEFAULT_POLL: PollBounds = { min: 300, max: 86_400 };

/**
 * A poll interval as each place states it: seconds for Cache-Control max-age, minutes for RSS <ttl>,
 * and a period with a number of updates in it for the RSS syndication module (sy:updatePeriod,
 * sy:updateFrequency, http://web.resource.org/rss/1.0/modules/syndication/). The three are one figure.
 */
export interface PollInterval {
  seconds: number;
  minutes: number;
  period: SyPeriod;
  frequency: number;
}

export type SyPeriod = "hourly" | "daily" | "weekly";

const MINUTES: Record<SyPeriod, number> = { hourly: 60, daily: 1440, weekly: 10_080 };

/**
 * The intervals, in minutes, that all three can state exactly: whole minutes that divide an hour or a
 * day, and beyond a day, divisors of a week (3.5 days is "weekly, twice"; two days has no exact form).
 */
const STATABLE: readonly number[] = Array.from({ length: MINUTES.weekly }, (_, i) => i + 1).filter(
  (m) => MINUTES.daily % m === 0 || (m > MINUTES.daily && MINUTES.weekly % m === 0),
);

/** Whether a number of seconds is an interval a feed can state exactly (see STATABLE). */
export function isStatable(seconds: number): boolean {
  return Number.isInteger(seconds) && seconds % 60 === 0 && STATABLE.includes(seconds / 60);
}

/**
 * The feed's poll interval: half the average interval between its articles' publication dates, within
 * the bounds, rounded down to an interval that can be stated exactly (so never later than asked).
 *
 * Half, because a reader that polls twice per posting interval sees a new article a quarter of an
 * interval after it appears on average, for one poll in two that finds nothing (a 304 of a few
 * hundred bytes). The average is the span of the dates over the number of intervals between them,
 * which dates that share a day (wire copy dated without a time) do not distort the way a median of
 * gaps would. A feed whose articles do not yet span any time shows no cadence and gets the longest
 * interval.
 *
 * `items` are the feed document's articles (its newest page), so a `?limit` view and its feed agree.
 */
export function pollInterval(items: readonly { published: string }[], bounds: PollBounds): PollInterval {
  let newest = Number.NEGATIVE_INFINITY;
  let oldest = Number.POSITIVE_INFINITY;
  for (const item of items) {
    const t = Date.parse(item.published);
    newest = Math.max(newest, t);
    oldest = Math.min(oldest, t);
  }
  const span = (newest - oldest) / 1000;
  const wanted = items.length >= 2 && span > 0 ? span / (items.length - 1) / 2 : bounds.max;
  const seconds = Math.min(bounds.max, Math.max(bounds.min, wanted));
  // The bounds are statable (src/shared/config.ts checks them), so one no longer than `seconds` exists.
  const minutes = STATABLE.findLast((m) => m * 60 <= seconds) ?? STATABLE[0]!;
  return stated(minutes);
}

function stated(minutes: number): PollInterval {
  // The shortest period the interval divides: 30 minutes is "hourly, twice", not "daily, 48 times".
  const period = (Object.keys(MINUTES) as SyPeriod[]).find((p) => MINUTES[p] % minutes === 0) ?? "weekly";
  return { seconds: minutes * 60, minutes, period, frequency: MINUTES[period] / minutes };
}

const RHYTHMS = {
  day: { once: "Daily", freq: "DAILY" },
  week: { once: "Weekly", freq: "WEEKLY" },
  month: { once: "Monthly", freq: "MONTHLY" },
} as const;

/**
 * A show's publishing rhythm as the podcast namespace states it (podcast:updateFrequency): the average
 * interval between its episodes, rounded to days, weeks or months, as an RFC 5545 rule with the date
 * its first episode came out. From the same dates as pollInterval, so the feed's rhythm and its poll
 * interval agree; none for fewer than two episodes (no rhythm yet), "complete" for a finished show.
 */
export function updateFrequency(
  items: readonly { published: string }[],
  complete: boolean,
): { text: string; rrule?: string; dtstart?: string; complete?: true } | undefined {
  if (complete) return { text: "Complete", complete: true };
  const times = items.map((item) => Date.parse(item.published));
  if (times.length < 2) return undefined;
  const oldest = Math.min(...times);
  const days = (Math.max(...times) - oldest) / 86_400_000 / (times.length - 1);
  const dtstart = new Date(oldest).toISOString();
  const every = (n: number, unit: keyof typeof RHYTHMS) => {
    const { once, freq } = RHYTHMS[unit];
    return n <= 1
      ? { text: once, rrule: `FREQ=${freq}`, dtstart }
      : { text: `Every ${n} ${unit}s`, rrule: `FREQ=${freq};INTERVAL=${n}`, dtstart };
  };
  if (days < 6) return every(Math.max(1, Math.round(days)), "day");
  if (days < 28) return every(Math.round(days / 7), "week");
  return every(Math.max(1, Math.round(days / 30.44)), "month");
}
