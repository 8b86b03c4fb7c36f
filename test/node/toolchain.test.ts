// The Node the project runs on: the one package.json pins as its `node` devDependency, which npm puts first
// on every script's PATH (node_modules/.bin), whatever Node ran `npm install`.
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { ROOT } from "../support/feed-fixtures";

/** package.json devDependencies.node, exactly as written there. */
function pinnedNode(): string {
  const pkg: unknown = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
  const deps = pkg && typeof pkg === "object" && "devDependencies" in pkg ? pkg.devDependencies : undefined;
  const node = deps && typeof deps === "object" && "node" in deps ? deps.node : undefined;
  if (typeof node !== "string") throw new Error("package.json: expected devDependencies.node");
  return node;
}

const pinned = pinnedNode();

describe("the pinned Node", () => {
  it("is an exact Node 24 version", () => {
    expect(pinned).toMatch(/^24\.\d+\.\d+$/);
  });

  it("runs the tests", () => {
    expect(process.version).toBe(`v${pinned}`);
  });

  it("is the `node` the tests' commands spawn (npx, wrangler, tsx)", async () => {
    const { stdout } = await promisify(execFile)("node", ["--version"]);
    expect(stdout.trim()).toBe(`v${pinned}`);
  });
});
