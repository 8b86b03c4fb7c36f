// src/build/module.ts: the current documents as the script carries them, and the check that the script
// fits what Workers take (64 MiB with its code; https://developers.cloudflare.com/workers/platform/limits/).
import { describe, expect, it } from "vitest";
import { scriptSizeProblem } from "../../src/build/module";

const MiB = 1024 * 1024;
const article = (file: string, kib: number) => ({ file, contentHtml: "x".repeat(kib * 1024) });

describe("the script's size", () => {
  it("takes current documents up to 63 MiB, leaving 1 MiB for the code", () => {
    expect(scriptSizeProblem("x".repeat(63 * MiB), [])).toBeUndefined();
  });

  it("refuses more, naming the limit, what to change and the largest articles in the script", () => {
    const newest = [article("content/a.md", 100), article("content/b.md", 900), article("content/c.md", 300)];
    newest.push(article("content/d.md", 200));
    expect(scriptSizeProblem("x".repeat(63 * MiB + 1), newest)).toBe(
      "the current documents come to 66,060,289 bytes, more than the 66,060,288 (63 MiB) a Worker's script has " +
        "room for beside its code (64 MiB in all: https://developers.cloudflare.com/workers/platform/limits/#worker-size): " +
        "lower PAGE_SIZE in wrangler.toml " +
        "[vars] (the newest PAGE_SIZE articles ride in the script, each in its page and in every feed), or shorten " +
        "the longest of them: content/b.md (0.9 MiB), content/c.md (0.3 MiB), content/d.md (0.2 MiB)",
    );
  });

  it("counts bytes, not characters", () => {
    expect(scriptSizeProblem("é".repeat(32 * MiB), [])).toMatch(/^the current documents come to 67,108,864 bytes/);
  });
});
