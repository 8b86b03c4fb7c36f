// src/shared/content/iri.ts: what counts as an id IRI. A scheme as RFC 3986 §3.1 (and RFC 3987 §2.2) spells it,
// ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ), then ":", then text without white space.
import { describe, expect, it } from "vitest";
import { isIri } from "../../../src/shared/content/iri";

describe("isIri", () => {
  it.each([
    "urn:uuid:0b6c3f9e-5d1a-4c87-a2e4-7f3b9d0c6e15",
    "https://news.example/articles/a",
    "HTTPS://NEWS.EXAMPLE/",
    "tag:news.example,2024:story-17",
    "mailto:desk@news.example",
    "urn:isbn:0451450523",
    // An IRI may hold any Unicode character but white space (RFC 3987 §2.2 ucschar).
    "https://例え.jp/記事/東京",
    "https://news.example/café?q=ñ#§",
    // Scheme characters after the first letter: digits, "+", "-", ".".
    "svn+ssh://host/repo",
    "x-y.z+1:opaque",
    "a:b",
  ])("%s is one", (value) => {
    expect(isIri(value)).toBe(true);
  });

  it.each([
    ["empty", ""],
    ["no scheme", "news.example/articles/a"],
    ["a relative path", "/articles/a"],
    ["a network-path reference", "//news.example/a"],
    ["an empty scheme", ":opaque"],
    ["a scheme starting with a digit", "1http://news.example/"],
    ["a scheme starting with '+'", "+x:y"],
    ["a scheme with '_'", "ht_tp://news.example/"],
    ["a scheme with a non-ASCII letter", "é:x"],
    ["a space in the scheme", "http ://news.example/"],
    ["a space after the colon", "urn: uuid"],
    ["a space inside", "https://news.example/a b"],
    ["a tab", "https://news.example/a\tb"],
    ["a line feed at the end", "https://news.example/a\n"],
    ["a no-break space", "https://news.example/a\u00A0b"],
    ["an ideographic space", "https://news.example/a\u3000b"],
    ["a leading space", " https://news.example/"],
  ])("%s is not: %o", (_, value) => {
    expect(isIri(value)).toBe(false);
  });
});
