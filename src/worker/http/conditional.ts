// Conditional requests (RFC 9110 §13): does the client's copy still match this representation?

/**
 * If-None-Match uses the weak comparison (§13.1.2, §8.8.3.2): W/"x" matches "x". Cloudflare weakens
 * strong ETags when it recompresses a response, so clients come back with W/ tags we must honour.
 * An element that is not an entity-tag (unquoted, truncated) matches nothing, so a garbled header
 * costs the client a full 200, never a wrong 304.
 */
export function noneMatch(header: string, etags: readonly string[]): boolean {
  if (header.trim() === "*") return true;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, "");
  const ours = new Set(etags.map(opaque));
  return header.split(",").some((tag) => ours.has(opaque(tag)));
}

const DAY = "(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)";
const DAY_LONG = "(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)";
const MONTH = "(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)";
const TIME = "(\\d{2}):(\\d{2}):(\\d{2})";
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

// The three forms of §5.6.7, each captured as day, month, year, hour, minute, second.
const IMF_FIXDATE = new RegExp(`^${DAY}, (\\d{2}) ${MONTH} (\\d{4}) ${TIME} GMT$`);
const RFC850 = new RegExp(`^${DAY_LONG}, (\\d{2})-${MONTH}-(\\d{2}) ${TIME} GMT$`);
const ASCTIME = new RegExp(`^${DAY} ${MONTH} ([ \\d]\\d) ${TIME} (\\d{4})$`);

interface DateFields {
  day: string;
  month: string;
  year: string;
  time: string[];
}

function fields(v: string): DateFields | undefined {
  const imf = IMF_FIXDATE.exec(v);
  if (imf) {
    const [, day = "", month = "", year = "", ...time] = imf;
    return { day, month, year, time };
  }
  const rfc850 = RFC850.exec(v);
  if (rfc850) {
    const [, day = "", month = "", yy = "", ...time] = rfc850;
    // A two-digit year is taken with a fixed pivot (00–49 → 20xx) instead of §5.6.7's "not more than
    // 50 years ahead of now": the answer to a request must not depend on the clock, and the two
    // rules only disagree about dates decades in the future, which no cache legitimately sends.
    return { day, month, year: `${Number(yy) < 50 ? "20" : "19"}${yy}`, time };
  }
  const asctime = ASCTIME.exec(v);
  if (asctime) {
    const [, month = "", day = "", hh = "", mm = "", ss = "", year = ""] = asctime;
    return { day, month, year, time: [hh, mm, ss] };
  }
  return undefined;
}

/**
 * An HTTP-date (§5.6.7) in any of its three forms, or undefined: invalid dates are ignored (§13.1.3).
 * Parsed field by field rather than with Date.parse, which rolls "31 Feb" over into March and
 * accepts hour 24: such a date is not a valid HTTP-date, and treating it as one could turn a
 * request that should get the new body into a 304.
 */
export function parseHttpDate(value: string): number | undefined {
  const f = fields(value.trim());
  if (!f) return undefined;
  const [hh = 99, mm = 99, ss = 99] = f.time.map(Number);
  const day = Number(f.day);
  const month = MONTHS.indexOf(f.month);
  // Second 60 exists only for leap seconds (§5.6.7); it is taken as the last second of that minute.
  if (hh > 23 || mm > 59 || ss > 60) return undefined;
  const ms = Date.UTC(Number(f.year), month, day, hh, mm, Math.min(ss, 59));
  // Date.UTC rolls over too: a day that does not exist in that month changes the month.
  const date = new Date(ms);
  return date.getUTCMonth() === month && date.getUTCDate() === day ? ms : undefined;
}

/** §13.2.2: If-None-Match, when present, decides alone; otherwise If-Modified-Since (GET/HEAD only). */
export function isNotModified(headers: Headers, etags: readonly string[], lastModified: Date): boolean {
  const inm = headers.get("If-None-Match");
  if (inm !== null) return noneMatch(inm, etags);
  const ims = headers.get("If-Modified-Since");
  if (ims === null) return false;
  const since = parseHttpDate(ims);
  // §13.1.3: not modified when the representation's date is earlier than or equal to the one given.
  return since !== undefined && lastModified.getTime() <= since;
}
