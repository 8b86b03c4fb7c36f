// Conditional requests (RFC 9110 §13): does the client's copy still match this representation?

/**
 * If-None-Match uses the weak comparison (§13.1.2, §8.8.3.2): W/"x" matches "x". Cloudflare weakens
 * strong ETags when it recompresses a response, so clients come back with W/ tags we must honour.
 */
export function noneMatch(header: string, etags: readonly string[]): boolean {
  if (header.trim() === "*") return true;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, "");
  const ours = new Set(etags.map(opaque));
  return header.split(",").some((tag) => ours.has(opaque(tag)));
}

const IMF_FIXDATE =
  /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/;
const RFC850 =
  /^(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), \d{2}-(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)-\d{2} \d{2}:\d{2}:\d{2} GMT$/;
const ASCTIME =
  /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [ \d]\d \d{2}:\d{2}:\d{2} \d{4}$/;

/** An HTTP-date (§5.6.7) in any of its three forms, or undefined: invalid dates are ignored (§13.1.3). */
export function parseHttpDate(value: string): number | undefined {
  const v = value.trim();
  if (!IMF_FIXDATE.test(v) && !RFC850.test(v) && !ASCTIME.test(v)) return undefined;
  const ms = Date.parse(ASCTIME.test(v) ? `${v} GMT` : v);
  return Number.isNaN(ms) ? undefined : ms;
}

/** §13.2.2: If-None-Match, when present, decides alone; otherwise If-Modified-Since (GET/HEAD only). */
export function isNotModified(headers: Headers, etags: readonly string[], lastModified: Date): boolean {
  const inm = headers.get("If-None-Match");
  if (inm !== null) return noneMatch(inm, etags);
  const ims = headers.get("If-Modified-Since");
  if (ims === null) return false;
  const since = parseHttpDate(ims);
  return since !== undefined && lastModified.getTime() <= since;
}
