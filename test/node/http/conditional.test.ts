// src/worker/http/conditional.ts: If-None-Match, HTTP-dates and If-Modified-Since (RFC 9110 §13), value by value.
// Every expected value here is read off the RFC, not off the code: §8.8.3.2 (weak comparison), §5.6.7
// (HTTP-date and its two obsolete forms), §13.1.1–§13.1.3 and the precedence of §13.2.2.
import { describe, expect, it } from "vitest";
import { isNotModified, noneMatch, parseHttpDate } from "../../../src/worker/http/conditional";

/** A representation's two tags, as src/worker/http/send.ts passes them: identity and gzip. */
const OURS = ['"abc"', '"abc-gzip"'];

describe("noneMatch", () => {
  it.each<[string, string, boolean]>([
    // §13.1.2: "*" matches any current representation.
    ["* alone", "*", true],
    ["* with white space around it", "  * ", true],
    ["our tag", '"abc"', true],
    ["our other (gzip) tag", '"abc-gzip"', true],
    // §8.8.3.2: the weak comparison ignores W/ on either side.
    ["our tag made weak (as Cloudflare does when it recompresses)", 'W/"abc"', true],
    ["our gzip tag made weak", 'W/"abc-gzip"', true],
    // §5.6.1: a list, with optional white space around the commas.
    ["a list holding our tag", '"a", "abc" ,"b"', true],
    ["a list holding our tag made weak", 'W/"zzz", W/"abc"', true],
    ["a list without white space", '"a","abc"', true],
    ["another tag", '"not-this-one"', false],
    ["a list of other tags", '"a", W/"b"', false],
    // §8.8.3: opaque-tag is compared octet by octet, so case matters.
    ["our tag in other case", '"ABC"', false],
    ["a tag that merely starts like ours", '"abcd"', false],
    ["a prefix of our tag", '"ab"', false],
    // Not entity-tags at all (§8.8.3 requires the quotes): they match nothing.
    ["our tag unquoted", "abc", false],
    ["our tag missing its closing quote", '"abc', false],
    // §8.8.3: the weak indicator is the case-sensitive "W/", with nothing between it and the quote.
    ["a lower-case w/", 'w/"abc"', false],
    ["white space after W/", 'W/ "abc"', false],
    ["an empty field", "", false],
    ["a list that is only commas", " , ,", false],
    // "*" is a field value of its own (§13.1.2), not a list member: here it matches nothing.
    ["* inside a list", '"x", *', false],
  ])("%s (%j) → %s", (_, header, expected) => {
    expect(noneMatch(header, OURS)).toBe(expected);
  });

  it("matches nothing when the representation has no tags, except *", () => {
    expect(noneMatch('"abc"', [])).toBe(false);
    expect(noneMatch("*", [])).toBe(true);
  });
});

describe("parseHttpDate", () => {
  // §5.6.7's own example, in each of the three forms a recipient must accept.
  const RFC_EXAMPLE = Date.UTC(1994, 10, 6, 8, 49, 37);
  const JULY_22 = Date.UTC(2024, 6, 22);

  it.each<[string, string, number]>([
    ["IMF-fixdate (§5.6.7 example)", "Sun, 06 Nov 1994 08:49:37 GMT", RFC_EXAMPLE],
    ["obsolete RFC 850 form (§5.6.7 example)", "Sunday, 06-Nov-94 08:49:37 GMT", RFC_EXAMPLE],
    ["obsolete asctime form (§5.6.7 example)", "Sun Nov  6 08:49:37 1994", RFC_EXAMPLE],
    ["IMF-fixdate", "Mon, 22 Jul 2024 00:00:00 GMT", JULY_22],
    ["RFC 850 form", "Monday, 22-Jul-24 00:00:00 GMT", JULY_22],
    ["asctime form", "Mon Jul 22 00:00:00 2024", JULY_22],
    ["asctime with a two-digit day", "Tue Jul 02 00:00:00 2024", Date.UTC(2024, 6, 2)],
    ["the last second of a day", "Mon, 22 Jul 2024 23:59:59 GMT", Date.UTC(2024, 6, 22, 23, 59, 59)],
    // §5.6.7: second 60 is a leap second; there is no such instant in a JavaScript date, so the last
    // second of that minute stands for it (a client holding it has what we sent at :59 or earlier).
    ["a leap second", "Mon, 22 Jul 2024 23:59:60 GMT", Date.UTC(2024, 6, 22, 23, 59, 59)],
    ["29 February of a leap year", "Thu, 29 Feb 2024 00:00:00 GMT", Date.UTC(2024, 1, 29)],
    ["the epoch", "Thu, 01 Jan 1970 00:00:00 GMT", 0],
    ["RFC 850 year 00 (2000, by either rule)", "Saturday, 01-Jan-00 00:00:00 GMT", Date.UTC(2000, 0, 1)],
    ["RFC 850 year 99 (1999, by either rule)", "Friday, 31-Dec-99 23:59:59 GMT", Date.UTC(1999, 11, 31, 23, 59, 59)],
    // A field value's leading and trailing white space is not part of it (§5.5).
    ["with surrounding white space", "  Mon, 22 Jul 2024 00:00:00 GMT ", JULY_22],
  ])("%s: %j", (_, value, expected) => {
    expect(parseHttpDate(value)).toBe(expected);
  });

  it.each<[string, string]>([
    ["not a date", "yesterday"],
    ["empty", ""],
    // Date.parse would roll this over into 3 March 2100.
    ["a day that does not exist", "Mon, 31 Feb 2100 00:00:00 GMT"],
    ["29 February of a common year", "Sat, 29 Feb 2025 00:00:00 GMT"],
    ["31 April", "Wed, 31 Apr 2024 00:00:00 GMT"],
    ["day 00", "Mon, 00 Jul 2024 00:00:00 GMT"],
    ["day 32", "Mon, 32 Jul 2024 00:00:00 GMT"],
    // §5.6.7: hour 00–23, minute 00–59, second 00–60.
    ["hour 24", "Mon, 22 Jul 2024 24:00:00 GMT"],
    ["minute 60", "Mon, 22 Jul 2024 00:60:00 GMT"],
    ["second 61", "Mon, 22 Jul 2024 00:00:61 GMT"],
    // §13.1.3: a field value that is not exactly one HTTP-date is invalid.
    ["two dates", "Mon, 22 Jul 2024 00:00:00 GMT, Fri, 01 Jan 2100 00:00:00 GMT"],
    // §5.6.7: "GMT", day names and month names are case-sensitive.
    ["UTC instead of GMT", "Mon, 22 Jul 2024 00:00:00 UTC"],
    ["no zone", "Mon, 22 Jul 2024 00:00:00"],
    ["lower case", "mon, 22 jul 2024 00:00:00 gmt"],
    ["a full month name", "Mon, 22 July 2024 00:00:00 GMT"],
    ["a one-digit day in IMF-fixdate", "Tue, 2 Jul 2024 00:00:00 GMT"],
    ["a two-digit year in IMF-fixdate", "Mon, 22 Jul 24 00:00:00 GMT"],
    ["a short day name in the RFC 850 form", "Mon, 22-Jul-24 00:00:00 GMT"],
    ["a time without seconds", "Mon, 22 Jul 2024 00:00 GMT"],
    ["ISO 8601", "2024-07-22T00:00:00Z"],
    ["a number", "1721606400"],
  ])("%s (%j) → undefined", (_, value) => {
    expect(parseHttpDate(value)).toBeUndefined();
  });
});

describe("isNotModified", () => {
  // The representation was last modified at midnight on 22 July 2024.
  const LAST_MODIFIED = new Date(Date.UTC(2024, 6, 22));
  const SAME = "Mon, 22 Jul 2024 00:00:00 GMT";
  const LATER = "Tue, 23 Jul 2024 00:00:00 GMT";
  const EARLIER = "Sun, 21 Jul 2024 23:59:59 GMT";
  const FUTURE = "Fri, 01 Jan 2100 00:00:00 GMT";

  const notModified = (headers: Record<string, string>) => isNotModified(new Headers(headers), OURS, LAST_MODIFIED);

  it.each<[string, Record<string, string>]>([
    ["If-None-Match with its ETag", { "If-None-Match": '"abc"' }],
    ["If-None-Match with its gzip ETag", { "If-None-Match": '"abc-gzip"' }],
    ["If-None-Match with a list holding its ETag", { "If-None-Match": '"a", "abc" ,"b"' }],
    ["If-None-Match: *", { "If-None-Match": "*" }],
    ["If-None-Match with its ETag made weak", { "If-None-Match": 'W/"abc"' }],
    ["If-None-Match with its weak ETag in a list", { "If-None-Match": 'W/"zzz", W/"abc"' }],
    // §13.1.3: "not modified" when the representation's date is earlier than or equal to the one given.
    ["If-Modified-Since equal to Last-Modified", { "If-Modified-Since": SAME }],
    ["If-Modified-Since later than Last-Modified", { "If-Modified-Since": LATER }],
    ["If-Modified-Since in the obsolete RFC 850 form", { "If-Modified-Since": "Monday, 22-Jul-24 00:00:00 GMT" }],
    ["If-Modified-Since in the obsolete asctime form", { "If-Modified-Since": "Mon Jul 22 00:00:00 2024" }],
    // §13.2.2: If-None-Match, when present, decides; If-Modified-Since is then not evaluated.
    [
      "a matching If-None-Match, whatever If-Modified-Since says",
      { "If-None-Match": '"abc"', "If-Modified-Since": EARLIER },
    ],
  ])("true for %s", (_, headers) => {
    expect(notModified(headers)).toBe(true);
  });

  it.each<[string, Record<string, string>]>([
    ["no conditional header", {}],
    ["If-None-Match with another tag", { "If-None-Match": '"not-this-one"' }],
    ["If-None-Match with its tag unquoted", { "If-None-Match": "abc" }],
    ["an empty If-None-Match", { "If-None-Match": "" }],
    ["If-Modified-Since one second before Last-Modified", { "If-Modified-Since": EARLIER }],
    ["If-Modified-Since that is not a date", { "If-Modified-Since": "yesterday" }],
    ["If-Modified-Since naming a day that does not exist", { "If-Modified-Since": "Mon, 31 Feb 2100 00:00:00 GMT" }],
    ["If-Modified-Since with hour 24", { "If-Modified-Since": "Mon, 22 Jul 2024 24:00:00 GMT" }],
    ["If-Modified-Since with two dates", { "If-Modified-Since": `${SAME}, ${FUTURE}` }],
    [
      "a non-matching If-None-Match, even with a future If-Modified-Since",
      { "If-None-Match": '"stale"', "If-Modified-Since": FUTURE },
    ],
    // Other preconditions (§13.1.1, §13.1.4) are not evaluated for a GET here; they never make a 304.
    ["If-Match with its ETag", { "If-Match": '"abc"' }],
    ["If-Unmodified-Since later than Last-Modified", { "If-Unmodified-Since": LATER }],
  ])("false for %s", (_, headers) => {
    expect(notModified(headers)).toBe(false);
  });

  it("compares instants exactly, so a date with milliseconds is later than the HTTP-date of its second", () => {
    const within = new Date(Date.UTC(2024, 6, 22, 0, 0, 0, 999));
    // Which is why represent() truncates Last-Modified to seconds (representation.test.ts, send.test.ts).
    expect(isNotModified(new Headers({ "If-Modified-Since": SAME }), OURS, within)).toBe(false);
    expect(isNotModified(new Headers({ "If-Modified-Since": SAME }), OURS, LAST_MODIFIED)).toBe(true);
  });
});
