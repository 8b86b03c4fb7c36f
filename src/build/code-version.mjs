// The version of the build's code, in plain JavaScript so that ./launch.mjs can take it before any
// TypeScript is loaded: the bundle it runs is kept by it, as the build cache keeps everything
// (./cache.ts), so that any change of code starts afresh. Types: ./code-version.d.mts.
import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { join, resolve, sep } from "node:path";

/** The build's output is not its input, wherever --out puts it. */
export const outputs = (project, out) => new Set([resolve(out), join(project, "src/generated")]);

/**
 * The code that parses and renders (the project's src/, less the build's output), the libraries it runs
 * (package-lock.json) and the Node version (its ICU dates the articles), as one SHA-256.
 */
export async function codeVersion(project, out) {
  const root = resolve(project);
  const skipped = [...outputs(root, out)];
  const src = join(root, "src");
  const hash = createHash("sha256");
  const lock = await readFile(join(root, "package-lock.json"), "utf8").catch(() => "");
  hash.update(JSON.stringify({ node: process.version, lock }));
  hash.update("\0src\0");
  const files = (await readdir(src, { recursive: true, withFileTypes: true }))
    .filter((d) => d.isFile())
    .map((d) => join(d.parentPath, d.name))
    .filter((file) => !skipped.some((s) => file === s || file.startsWith(s + sep)))
    .sort();
  const digests = await Promise.all(
    files.map(async (file) =>
      createHash("sha256")
        .update(await readFile(file))
        .digest("hex"),
    ),
  );
  files.forEach((file, i) => {
    const name = file.slice(src.length + 1);
    // Length-prefixed, so that no two different folders hash the same.
    hash.update(`${Buffer.byteLength(name)}:${name}${digests[i]}`);
  });
  return hash.digest("hex");
}
