// A suite that needs software from the system (Debian's Chromium, feedparser, gofeed): it runs where
// that is installed; in CI (CI=true) a missing one is a failure, elsewhere the suite is skipped with a
// notice, so `npm test` passes on a machine with only Node.
import { describe, it } from "vitest";

/** `missing`: what is not installed and how to install it, or undefined when everything is there. */
export function systemSuite(name: string, missing: string | undefined, body: () => void): void {
  if (missing === undefined) {
    describe(name, body);
    return;
  }
  if (process.env.CI === "true") {
    describe(name, () => {
      it("needs what it tests with", () => {
        throw new Error(`${missing} (.ci/run installs it).`);
      });
    });
    return;
  }
  console.warn(`Skipping "${name}": ${missing}.`);
  describe.skip(name, body);
}
