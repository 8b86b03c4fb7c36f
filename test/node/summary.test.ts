// The build's last words (src/build/summary.ts): the count, and each scheduled article with its time.
import { expect, it } from "vitest";
import { summaryLines } from "../../src/build/summary";

const NOW = Date.parse("2026-06-01T12:00:00Z");

it("names each scheduled article with the moment it comes out, soonest first", () => {
  const articles = [
    { file: "content/later.md", published: "2026-06-03T09:00:00Z" },
    { file: "content/out.txt", published: "2026-05-30T00:00:00Z" },
    { file: "content/sooner.md", published: "2026-06-01T12:00:01+02:00" },
    { file: "content/soonest.md", published: "2026-06-01T12:00:01Z" },
  ];
  expect(summaryLines({ articles, now: NOW, out: "src/generated", changed: true, ms: 12 })).toEqual([
    "edgefeed: 4 articles, 2 of them scheduled → src/generated (updated, 12 ms)",
    "  scheduled: content/soonest.md comes out at 2026-06-01T12:00:01.000Z",
    "  scheduled: content/later.md comes out at 2026-06-03T09:00:00.000Z",
  ]);
});

it("says nothing of scheduling when nothing is scheduled, and counts one article as one", () => {
  const articles = [{ file: "content/a.md", published: "2026-06-01T12:00:00Z" }];
  expect(summaryLines({ articles, now: NOW, out: "out", changed: false, ms: 3 })).toEqual([
    "edgefeed: 1 article → out (unchanged, 3 ms)",
  ]);
});
