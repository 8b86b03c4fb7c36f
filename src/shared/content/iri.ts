// What counts as an id IRI here: a scheme (RFC 3987 §2.2, as in RFC 3986 §3.1), a colon, and no white space.

const IRI = /^[a-z][a-z0-9+.-]*:\S+$/i;

export const isIri = (value: string): boolean => IRI.test(value);
