// src/shared/feeds/cadence.ts: a feed's poll interval from its articles' dates alone, between the bounds,
// and always one figure that max-age, RSS <ttl> and sy:updatePeriod/sy:updateFrequency state exactly.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  DEFAULT_POLL,
  isStatable,
  type PollInterval,
  pollInterval,
  updateFrequency,
} from "../../src/shared/feeds/cadence";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NEWEST = Date.UTC(2024, 6, 22, 9);

/** `n` articles, newest first, `gap` milliseconds apart. */
const every = (gap: number, n = 20) =>
  Array.from({ length: n }, (_, i) => ({ published: new Date(NEWEST - i * gap).toISOString() }));

const figure = ({ seconds, minutes, period, frequency }: PollInterval) => ({ seconds, minutes, period, frequency });

describe("pollInterval", () => {
  it.each<[string, { published: string }[], PollInterval]>([
    ["daily posts: twice a day", every(DAY), { seconds: 43_200, minutes: 720, period: "daily", frequency: 2 }],
    ["weekly posts: half a week, held to the one-day ceiling", every(7 * DAY), fig(86_400, "daily", 1)],
    ["hourly posts: every half hour", every(HOUR), fig(1_800, "hourly", 2)],
    ["posts every 3 minutes: held to the 5-minute floor", every(3 * 60_000), fig(300, "hourly", 12)],
    // Half of 4 h 48 min is 144 minutes, which divides a day: "daily, ten times".
    ["five posts a day", every(DAY / 5), fig(8_640, "daily", 10)],
    ["one article shows no cadence: the ceiling", every(DAY, 1), fig(86_400, "daily", 1)],
    ["no articles: the ceiling", [], fig(86_400, "daily", 1)],
    ["articles that share one instant show no cadence either", every(0, 5), fig(86_400, "daily", 1)],
  ])("%s", (_, items, expected) => {
    expect(figure(pollInterval(items, DEFAULT_POLL))).toEqual(expected);
  });

  it("wire copy dated by day only: five a day at midnight for four days reads as about five a day", () => {
    const days = [0, 1, 2, 3].flatMap((d) => Array.from({ length: 5 }, () => NEWEST - 9 * HOUR - d * DAY));
    const items = days.map((t) => ({ published: new Date(t).toISOString() }));
    // Three days over 19 intervals is 3.8 hours; half of it, rounded down to what sy:* can say, 96 minutes.
    expect(figure(pollInterval(items, DEFAULT_POLL))).toEqual(fig(5_760, "daily", 15));
  });

  it("rounds down to an interval sy:* can state: never later than the cadence asks", () => {
    // Half of 7 hours is 210 minutes, which does not divide a day; 180 minutes does.
    expect(figure(pollInterval(every(7 * HOUR), DEFAULT_POLL))).toEqual(fig(10_800, "daily", 8));
  });

  it("takes other bounds", () => {
    const bounds = { min: 900, max: 3_600 };
    expect(pollInterval(every(7 * DAY), bounds).seconds).toBe(3_600);
    expect(pollInterval(every(60_000), bounds).seconds).toBe(900);
    // Past a day: divisors of a week. Weekly posts under a week's ceiling: every 3.5 days, "weekly, twice".
    expect(figure(pollInterval(every(7 * DAY), { min: 300, max: 604_800 }))).toEqual(fig(302_400, "weekly", 2));
  });

  it("depends on the dates only: not on their order, not on anything else", () => {
    const items = every(DAY / 3, 12);
    const shuffled = [...items].reverse();
    expect(pollInterval(shuffled, DEFAULT_POLL)).toEqual(pollInterval(items, DEFAULT_POLL));
  });

  it("always states one figure exactly, within the bounds, never above half the average interval", () => {
    const statableBounds = fc
      .tuple(fc.constantFrom(60, 300, 900, 3_600, 7_200, 43_200), fc.constantFrom(3_600, 86_400, 302_400, 604_800))
      .filter(([min, max]) => min <= max);
    const dates = fc.array(fc.integer({ min: 0, max: 400 * DAY }), { minLength: 0, maxLength: 40 });
    fc.assert(
      fc.property(statableBounds, dates, ([min, max], offsets) => {
        const items = offsets.map((o) => ({ published: new Date(NEWEST - o).toISOString() }));
        const poll = pollInterval(items, { min, max });
        expect(poll.seconds).toBeGreaterThanOrEqual(min);
        expect(poll.seconds).toBeLessThanOrEqual(max);
        expect(isStatable(poll.seconds)).toBe(true);
        expect(poll.minutes * 60).toBe(poll.seconds);
        const period = { hourly: 3_600, daily: 86_400, weekly: 604_800 }[poll.period];
        expect(Number.isInteger(poll.frequency) && poll.frequency >= 1).toBe(true);
        expect(period / poll.frequency).toBe(poll.seconds);
        const span = (Math.max(...offsets) - Math.min(...offsets)) / 1000;
        if (items.length >= 2 && span > 0)
          expect(poll.seconds).toBeLessThanOrEqual(Math.max(min, span / (items.length - 1) / 2));
      }),
    );
  });
});

describe("isStatable", () => {
  it.each([60, 300, 900, 1_800, 3_600, 5_760, 43_200, 86_400, 302_400, 604_800])("%i s can be stated", (s) => {
    expect(isStatable(s)).toBe(true);
  });

  it.each([0, 30, 90, 420, 3_660, 172_800, 1_209_600, 300.5, Number.NaN])("%d s cannot", (s) => {
    expect(isStatable(s)).toBe(false);
  });
});

function fig(seconds: number, period: PollInterval["period"], frequency: number): PollInterval {
  return { seconds, minutes: seconds / 60, period, frequency };
}

describe("updateFrequency: a show's rhythm as podcast:updateFrequency states it", () => {
  const apart = (days: number, count: number) =>
    Array.from({ length: count }, (_, i) => ({
      published: new Date(Date.UTC(2026, 0, 1) + i * days * 86_400_000).toISOString(),
    }));
  it.each([
    [1, "Daily", "FREQ=DAILY"],
    [3, "Every 3 days", "FREQ=DAILY;INTERVAL=3"],
    [7, "Weekly", "FREQ=WEEKLY"],
    [14, "Every 2 weeks", "FREQ=WEEKLY;INTERVAL=2"],
    [30, "Monthly", "FREQ=MONTHLY"],
    [91, "Every 3 months", "FREQ=MONTHLY;INTERVAL=3"],
  ])("episodes %i days apart: %s (%s), from the first one's date", (days, text, rrule) => {
    expect(updateFrequency(apart(days, 4), false)).toEqual({ text, rrule, dtstart: "2026-01-01T00:00:00.000Z" });
  });

  it("says nothing of a show with one episode, and a complete show is complete whatever its dates", () => {
    expect(updateFrequency(apart(7, 1), false)).toBeUndefined();
    expect(updateFrequency(apart(7, 4), true)).toEqual({ text: "Complete", complete: true });
  });
});
