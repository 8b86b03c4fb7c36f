// Calendar arithmetic for content dates: weekdays, year inference, midnight in the site's time zone.

export const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"] as const;
export const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
] as const;

export interface CalendarDate {
  year: number;
  month: number; // 1-12
  day: number;
}

export function isValidDate({ year, month, day }: CalendarDate): boolean {
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

/** 0 = Sunday … 6 = Saturday (proleptic Gregorian). */
export function weekdayOf({ year, month, day }: CalendarDate): number {
  const d = new Date(Date.UTC(2000, month - 1, day));
  d.setUTCFullYear(year);
  return d.getUTCDay();
}

/**
 * The most recent year not after `notAfter` in which month/day exists and falls on `weekday`.
 * The Gregorian calendar repeats every 400 years, so a match exists within that window if at all.
 */
export function inferYear(month: number, day: number, weekday: number, notAfter: number): number | undefined {
  for (let year = notAfter; year > notAfter - 400; year--) {
    const date = { year, month, day };
    if (isValidDate(date) && weekdayOf(date) === weekday) return year;
  }
  return undefined;
}

export function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone });
    return true;
  } catch {
    return false;
  }
}

// Building an Intl.DateTimeFormat is costly (about 0.1 ms): one per zone serves every date.
const offsetFormats = new Map<string, Intl.DateTimeFormat>();

/** The zone's offset from UTC at an instant, in minutes (east positive). */
function offsetMinutes(timeZone: string, instant: number): number {
  let format = offsetFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "longOffset" });
    offsetFormats.set(timeZone, format);
  }
  const name = format.formatToParts(instant).find((p) => p.type === "timeZoneName")?.value;
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name ?? "");
  if (!m) return 0; // "GMT": UTC itself
  const minutes = Number(m[2]) * 60 + Number(m[3]);
  return m[1] === "-" ? -minutes : minutes;
}

const pad = (n: number, width = 2) => String(Math.abs(n)).padStart(width, "0");

export function formatOffset(minutes: number): string {
  if (minutes === 0) return "Z";
  return `${minutes < 0 ? "-" : "+"}${pad(Math.trunc(minutes / 60))}:${pad(minutes % 60)}`;
}

/** Midnight at the start of a calendar date in a time zone, as RFC 3339 with that zone's offset. */
export function midnightIn(date: CalendarDate, timeZone: string): string {
  const utcMidnight = Date.UTC(date.year, date.month - 1, date.day);
  // The offset at local midnight: guess with the offset at UTC midnight, then settle it once.
  const guess = offsetMinutes(timeZone, utcMidnight);
  const settled = offsetMinutes(timeZone, utcMidnight - guess * 60_000);
  // Where summer time starts at midnight (Chile, Cuba, the Azores) no clock shows 00:00, and the settled
  // offset names 23:00 the day before; the day starts at the instant midnight at the old offset names.
  const at = utcMidnight - settled * 60_000;
  const offset = at + offsetMinutes(timeZone, at) * 60_000 >= utcMidnight ? settled : guess;
  return `${pad(date.year, 4)}-${pad(date.month)}-${pad(date.day)}T00:00:00${formatOffset(offset)}`;
}

/** An instant as RFC 3339 in a time zone, for dates that came with a time of day. */
export function formatInZone(instant: number, timeZone: string): string {
  const offset = offsetMinutes(timeZone, instant);
  const local = new Date(instant + offset * 60_000);
  const ymd = `${pad(local.getUTCFullYear(), 4)}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}`;
  const hms = `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}`;
  return `${ymd}T${hms}${formatOffset(offset)}`;
}
