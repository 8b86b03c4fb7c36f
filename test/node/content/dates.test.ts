// src/shared/content/dates.ts: the calendar a content date is read against. Weekdays and leap years of the
// proleptic Gregorian calendar, the year a "Monday, July 22" falls in, and the instant a date without a
// time names: the first instant of that day on the site's clocks, wherever they change for summer time.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  formatInZone,
  formatOffset,
  inferYear,
  isTimeZone,
  isValidDate,
  midnightIn,
  weekdayOf,
} from "../../../src/shared/content/dates";

const [SUNDAY, MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY, SATURDAY] = [0, 1, 2, 3, 4, 5, 6];

describe("isValidDate", () => {
  it.each([
    [2024, 2, 29, true], // divisible by 4
    [2023, 2, 29, false],
    [1900, 2, 29, false], // a century not divisible by 400
    [2000, 2, 29, true], // divisible by 400
    [2024, 4, 30, true],
    [2024, 4, 31, false],
    [2024, 12, 31, true],
    [2024, 13, 1, false],
    [2024, 0, 1, false],
    [2024, 1, 0, false],
    [2024, 1, 32, false],
  ])("%i-%i-%i: %s", (year, month, day, valid) => {
    expect(isValidDate({ year, month, day })).toBe(valid);
  });
});

describe("weekdayOf", () => {
  it.each([
    [2024, 7, 22, MONDAY],
    [2024, 2, 29, THURSDAY],
    [2000, 1, 1, SATURDAY],
    [1900, 1, 1, MONDAY],
    // The first day of the Gregorian calendar, and the Gregorian calendar carried back before it.
    [1582, 10, 15, FRIDAY],
    [1, 1, 1, MONDAY],
    [99, 12, 31, THURSDAY],
    [2400, 2, 29, TUESDAY],
    [9999, 12, 31, FRIDAY],
  ])("%i-%i-%i is day %i of the week", (year, month, day, weekday) => {
    expect(weekdayOf({ year, month, day })).toBe(weekday);
  });
});

describe("inferYear", () => {
  it("finds the most recent year, not after the given one, in which the date falls on the weekday", () => {
    // July 22 was a Monday in 2024; a Tuesday in 2025; a Wednesday in 2026.
    expect(inferYear(7, 22, MONDAY, 2026)).toBe(2024);
    expect(inferYear(7, 22, TUESDAY, 2026)).toBe(2025);
    expect(inferYear(7, 22, WEDNESDAY, 2026)).toBe(2026);
    expect(inferYear(7, 22, WEDNESDAY, 2025)).toBe(2020);
  });

  it("skips years without the date: February 29 on a Monday was last in 2016, on a Sunday in 2004", () => {
    expect(inferYear(2, 29, MONDAY, 2026)).toBe(2016);
    expect(inferYear(2, 29, SUNDAY, 2026)).toBe(2004);
  });

  it("is undefined for a date no year has", () => {
    expect(inferYear(2, 30, MONDAY, 2026)).toBeUndefined();
    expect(inferYear(4, 31, FRIDAY, 2026)).toBeUndefined();
    expect(inferYear(13, 1, FRIDAY, 2026)).toBeUndefined();
  });
});

describe("isTimeZone", () => {
  it.each(["UTC", "America/New_York", "Asia/Kathmandu", "Europe/London"])("%s is one", (zone) => {
    expect(isTimeZone(zone)).toBe(true);
  });

  it.each(["Mars/Olympus_Mons", "America/New York", "EST5EDT/x", "not a zone"])("%s is not", (zone) => {
    expect(isTimeZone(zone)).toBe(false);
  });
});

describe("formatOffset", () => {
  it.each([
    [0, "Z"],
    [60, "+01:00"],
    [-300, "-05:00"],
    [330, "+05:30"],
    [345, "+05:45"],
    [-150, "-02:30"],
    [825, "+13:45"],
    [-30, "-00:30"],
  ])("%i minutes → %s (RFC 3339 §5.6 time-offset)", (minutes, offset) => {
    expect(formatOffset(minutes)).toBe(offset);
  });
});

describe("midnightIn", () => {
  it.each([
    ["UTC", [2024, 7, 22], "2024-07-22T00:00:00Z"],
    ["America/New_York", [2024, 7, 22], "2024-07-22T00:00:00-04:00"],
    ["America/New_York", [2024, 1, 15], "2024-01-15T00:00:00-05:00"],
    ["Asia/Kolkata", [2024, 7, 22], "2024-07-22T00:00:00+05:30"],
    ["Asia/Kathmandu", [2024, 7, 22], "2024-07-22T00:00:00+05:45"],
    ["America/St_Johns", [2024, 7, 22], "2024-07-22T00:00:00-02:30"],
    ["Pacific/Chatham", [2024, 1, 15], "2024-01-15T00:00:00+13:45"],
    // Summer time starts at 02:00 (New York) or 03:00 (Paris): midnight still has the winter offset.
    ["America/New_York", [2024, 3, 10], "2024-03-10T00:00:00-05:00"],
    ["Europe/Paris", [2024, 3, 31], "2024-03-31T00:00:00+01:00"],
    // and ends at 02:00 / 03:00: midnight has the summer offset.
    ["America/New_York", [2024, 11, 3], "2024-11-03T00:00:00-04:00"],
    ["Europe/Paris", [2024, 10, 27], "2024-10-27T00:00:00+02:00"],
    // Summer time that starts at midnight: 00:00 never shows, the clocks go from 23:59:59 to 01:00. The
    // day starts at the instant midnight at the offset before the change names (01:00 at the new one).
    ["America/Santiago", [2024, 9, 8], "2024-09-08T00:00:00-04:00"],
    ["Atlantic/Azores", [2024, 3, 31], "2024-03-31T00:00:00-01:00"],
    ["America/Havana", [2024, 3, 10], "2024-03-10T00:00:00-05:00"],
    ["Asia/Beirut", [2024, 3, 31], "2024-03-31T00:00:00+02:00"],
    // Summer time that ends at midnight (Chile: 24:00 becomes 23:00): the day starts at the new offset.
    ["America/Santiago", [2024, 4, 7], "2024-04-07T00:00:00-04:00"],
    // Years before 1000 keep four digits (RFC 3339 date-fullyear).
    ["UTC", [999, 12, 31], "0999-12-31T00:00:00Z"],
  ] as const)("%s, %o → %s", (zone, [year, month, day], expected) => {
    expect(midnightIn({ year, month, day }, zone)).toBe(expected);
  });

  // Zones with offsets of half and quarter hours, summer time that starts or ends at midnight, 02:00 or
  // 03:00, shifts of half an hour (Lord Howe), and in both hemispheres.
  const ZONES = [
    "UTC",
    "America/New_York",
    "America/Los_Angeles",
    "Europe/London",
    "Europe/Paris",
    "Asia/Kolkata",
    "Asia/Kathmandu",
    "America/St_Johns",
    "Australia/Sydney",
    "Australia/Lord_Howe",
    "Pacific/Chatham",
    "America/Santiago",
    "Atlantic/Azores",
    "America/Havana",
    "Asia/Beirut",
    "Africa/Cairo",
  ];
  const dayIn = (zone: string) =>
    new Intl.DateTimeFormat("en-CA", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit" });

  it.each(ZONES)("in %s names, for every day of 2024, the first instant that day shows on its clocks", (zone) => {
    const format = dayIn(zone);
    const mistakes: string[] = [];
    for (let t = Date.UTC(2024, 0, 1); t < Date.UTC(2025, 0, 1); t += 86_400_000) {
      const day = new Date(t).toISOString().slice(0, 10);
      const [year, month, date] = day.split("-").map(Number) as [number, number, number];
      const text = midnightIn({ year, month, day: date }, zone);
      const instant = Date.parse(text);
      // On that day by the zone's clocks, and a millisecond earlier on the day before.
      if (!text.startsWith(`${day}T00:00:00`) || format.format(instant) !== day || format.format(instant - 1) === day) {
        mistakes.push(`${day}: ${text} is ${format.format(instant)} there`);
      }
    }
    expect(mistakes).toEqual([]);
  });
});

describe("formatInZone", () => {
  const instant = Date.parse("2024-07-22T15:30:45Z");

  it.each([
    ["UTC", "2024-07-22T15:30:45Z"],
    ["America/New_York", "2024-07-22T11:30:45-04:00"],
    ["Asia/Kathmandu", "2024-07-22T21:15:45+05:45"],
    ["Pacific/Chatham", "2024-07-23T04:15:45+12:45"],
    ["America/Los_Angeles", "2024-07-22T08:30:45-07:00"],
  ])("writes 2024-07-22T15:30:45Z in %s as %s", (zone, expected) => {
    expect(formatInZone(instant, zone)).toBe(expected);
  });

  it("names the same instant, to the second, in any zone", () => {
    const zones = fc.constantFrom(
      "UTC",
      "America/St_Johns",
      "Asia/Kathmandu",
      "America/Santiago",
      "Australia/Lord_Howe",
    );
    // 1970 to 2100: earlier, zones kept local mean time, whose offsets have seconds RFC 3339 cannot write.
    const instants = fc.integer({ min: 0, max: Date.UTC(2100, 0, 1) });
    fc.assert(
      fc.property(instants, zones, (t, zone) => {
        expect(Date.parse(formatInZone(t, zone))).toBe(Math.floor(t / 1000) * 1000);
      }),
      { numRuns: 500 },
    );
  });
});
