// Filling a document's open address in: byte for byte what encoding the filled-in text would give.
import { describe, expect, it } from "vitest";
import { OPEN_ORIGIN } from "../../../src/shared/contract";
import { fillBody, openBody } from "../../../src/shared/http/open-origin";

const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe("openBody and fillBody", () => {
  it.each<[string, string]>([
    ["no opening", "<rss>“quoted” — ✓</rss>"],
    ["an opening inside", `<link>${OPEN_ORIGIN}/a</link><link>${OPEN_ORIGIN}/b</link>`],
    ["openings at both ends", `${OPEN_ORIGIN}“é”${OPEN_ORIGIN}`],
    ["only an opening", OPEN_ORIGIN],
    ["an empty body", ""],
  ])("%s: the bytes of the text with each opening replaced", (_, text) => {
    const base = "https://news.example:8443";
    const filled = fillBody(openBody(text), base);
    expect(filled).toEqual(new TextEncoder().encode(text.replaceAll(OPEN_ORIGIN, base)));
    expect(decode(filled)).toBe(text.replaceAll(OPEN_ORIGIN, base));
  });

  it("counts the open body's bytes, not its UTF-16 code units", () => {
    expect(openBody(`“${OPEN_ORIGIN}”`).bytes).toBe(6);
  });

  it("fills the same open body in for two addresses without one showing in the other", () => {
    const open = openBody(`<a href="${OPEN_ORIGIN}/x">`);
    expect(decode(fillBody(open, "https://a.example"))).toBe('<a href="https://a.example/x">');
    expect(decode(fillBody(open, "http://b.example"))).toBe('<a href="http://b.example/x">');
  });
});
