import { describe, expect, it } from "vitest";
import { parseMarkdown } from "../../src/build/parsers/markdown";
import { parseWire } from "../../src/build/parsers/wire";
import { syntheticArticle, syntheticDate } from "../support/generate-articles";

// The generator feeds every scale run and the 1,000-article tests: its dates must parse as content does,
// stay newest-first, and keep ties, for any count up to a million.
const options = { referenceYear: 2026, timeZone: "UTC" };
const parse = async (k: number) => {
  const { name, text } = syntheticArticle(k);
  return name.endsWith(".txt")
    ? parseWire(text, `content/${name}`, name.slice(0, -4), options)
    : parseMarkdown(text, `content/${name}`, name.slice(0, -3), options);
};

/**
 * Dates stated from the generator's rule, not from its code: article 1 on 2024-07-21; two days for every
 * three articles (every third shares the date before it) up to article 150,000; then 20 articles a day.
 * Counted back with `date -d "2024-07-21 - N days"` (proleptic Gregorian, as JavaScript's Date).
 */
const DATES: [number, string][] = [
  [1, "2024-07-21"],
  [2, "2024-07-20"],
  [3, "2024-07-19"],
  [4, "2024-07-19"],
  [5, "2024-07-18"],
  // 150,000 × 2/3 = 100,000 days back.
  [150_000, "1750-10-06"],
  // The next 20 share the day before, then the next day back starts.
  [150_001, "1750-10-05"],
  [150_020, "1750-10-05"],
  [150_021, "1750-10-04"],
  // 100,000 + ⌈411,317 / 20⌉ = 120,566 days back.
  [561_317, "1694-06-15"],
  // 100,000 + 850,000 / 20 = 142,500 days back, for the last 20 of a million.
  [999_999, "1634-05-27"],
  [1_000_000, "1634-05-27"],
];

describe("syntheticDate", () => {
  it("keeps a million articles within four-digit years", () => {
    expect(syntheticDate(999_999).getUTCFullYear()).toBeGreaterThanOrEqual(1000);
    expect(syntheticDate(1_000_000).getUTCFullYear()).toBeGreaterThanOrEqual(1000);
  });

  it("never dates a later article after an earlier one, and puts at most 20 on one day", () => {
    let backwards = 0;
    let sameDay = 1;
    let busiest = 1;
    const days = new Set<number>();
    for (let k = 1; k <= 1_000_000; k++) {
      const time = syntheticDate(k).getTime();
      days.add(time);
      if (k === 1) continue;
      const step = syntheticDate(k - 1).getTime() - time;
      if (step < 0) backwards++;
      sameDay = step === 0 ? sameDay + 1 : 1;
      busiest = Math.max(busiest, sameDay);
    }
    expect(backwards).toBe(0);
    expect(busiest).toBe(20);
    // The first 150,000 take every day from 0 to 100,000 days back (2 for every 3 articles), then one day
    // holds each 20 of the other 850,000.
    expect(days.size).toBe(100_001 + 42_500);
  });

  it.each(DATES)("dates article %i to %s", (k, date) => {
    expect(syntheticDate(k).toISOString()).toBe(`${date}T00:00:00.000Z`);
  });
});

describe("syntheticArticle", () => {
  it.each(DATES)("article %i parses as content/ does, dated %s", async (k, date) => {
    const article = await parse(k);
    expect(article?.published).toBe(`${date}T00:00:00Z`);
  });
});
