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

  it("dates article 1 to 2024-07-21 and is the same on every call", () => {
    expect(syntheticDate(1).toISOString()).toBe("2024-07-21T00:00:00.000Z");
    expect(syntheticDate(777_777).getTime()).toBe(syntheticDate(777_777).getTime());
  });
});

describe("syntheticArticle", () => {
  it.each([1, 2, 150_000, 150_001, 561_317, 999_999, 1_000_000])(
    "article %i parses as content/ does, on its own date",
    async (k) => {
      const article = await parse(k);
      expect(article?.published.slice(0, 10)).toBe(syntheticDate(k).toISOString().slice(0, 10));
    },
  );
});
