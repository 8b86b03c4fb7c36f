// URI checks shared by the format checkers: the W3C Feed Validation Service's rules for ids and links
// (it checks them against the grammars below and reports an error for any that fails), and URL parsing.

// The grammars the validator enforces: RFC 2396 absolute URIs, RFC 2141 URNs, RFC 4122 UUID URNs
// (nothing after the UUID), RFC 4151 tag URIs.
const ABSOLUTE_URI = /^[a-z][a-z0-9+.-]*:[;/?:@&=+$,a-z0-9\-_.!~*'()%#]+$/i;
const URN = /^urn:[a-z0-9][a-z0-9-]{1,31}:(?:[a-z0-9()+,\-.:=@;$_!*']|%[0-9a-f]{2})+$/i;
const UUID_URN = /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TAG_URI =
  /^tag:(?:[a-z0-9\-._]+@)?[a-z0-9.-]+,\d{4}(?:-\d\d(?:-\d\d)?)?:[a-z0-9;/?:@&=+$.\-_!~*'()%,]*(?:#[a-z0-9;/?:@&=+$.\-_!~*'()%,]*)?$/i;

/**
 * What the W3C validator reports for an absolute URI (an Atom id, a link, an RSS URL), or undefined
 * when it accepts it: InvalidTAG, InvalidUUID, InvalidURN, InvalidFullLink (all errors).
 */
export function w3cUriProblem(value: string): string | undefined {
  const scheme = value.split(":")[0]!.toLowerCase();
  if (scheme === "tag") return TAG_URI.test(value) ? undefined : `InvalidTAG "${value}"`;
  if (scheme === "urn") {
    if (value.toLowerCase().startsWith("urn:uuid:")) return UUID_URN.test(value) ? undefined : `InvalidUUID "${value}"`;
    return URN.test(value) ? undefined : `InvalidURN "${value}"`;
  }
  if (!ABSOLUTE_URI.test(value)) return `InvalidFullLink "${value}"`;
  if ((scheme === "http" || scheme === "https") && !/^\w+:\/\/[^/]/.test(value)) return `InvalidFullLink "${value}"`;
  return undefined;
}

/** True for an absolute URL or IRI that the WHATWG URL parser accepts. */
export function parsesAsUrl(text: string): boolean {
  try {
    new URL(text);
    return true;
  } catch {
    return false;
  }
}
