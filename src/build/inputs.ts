// What a build is made from, as one SHA-256: the content folder (every file's path and bytes), the code
// that renders it (src/, less the build's own output, and package-lock.json for the libraries), the
// configuration (wrangler.toml, EDGEFEED_VARS, the reference year) and the Node version (its ICU dates
// the articles). The output depends on nothing else but the clock, which only decides which scheduled
// articles are out: so a build whose inputs match the last one's, before its next scheduled article
// comes out, would write the same bytes and can stop there. `npm start` builds three times before it
// serves (its own build for the KV upload, then wrangler dev's [build] at start-up and again when its
// watcher is ready): with a large archive, that was minutes of rendering the same site again.
import { createHash, type Hash } from "node:crypto";
import { statSync } from "node:fs";
import { readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join, relative, resolve, sep } from "node:path";

export interface BuildInputs {
  content: string;
  config: string;
  out: string;
  referenceYear: number;
  /** The project's src/ and package-lock.json (default: those beside the config). */
  project?: string;
  /** Its codeVersion, if already known. */
  code?: string;
  /** Where to note each content file's SHA-256 (hex) by its absolute path (the build cache's keys, ./cache.ts). */
  files?: Map<string, string>;
  /**
   * The content files' digests as the last build read them, each with the file's identity then (FileStamp):
   * a file whose identity is the same is not read again. Updated with what this build read.
   */
  known?: Map<string, FileDigest>;
}

/** A file's digest, and the identity it had when it was read. */
export interface FileDigest {
  stamp: string;
  digest: string;
}

/**
 * What identifies a file's bytes without reading them: its size, its modification and change times to the
 * nanosecond and its inode. Writing a file changes its change time, which no tool can set back (as git's
 * index relies on); a file replaced by another is another inode.
 */
function fileStamp(file: string): string {
  const info = statSync(file, { bigint: true });
  return `${info.size}:${info.mtimeNs}:${info.ctimeNs}:${info.ino}`;
}

/** Files hashed at once: enough to keep the disk busy, few enough for a million-file folder. */
const BATCH = 256;

/** `files`: where to note each file's own SHA-256 (hex), by its absolute path; `known`: see BuildInputs. */
async function hashFolder(
  hash: Hash,
  root: string,
  skip: ReadonlySet<string>,
  files?: Map<string, string>,
  known?: Map<string, FileDigest>,
): Promise<void> {
  // Paths made and cut by hand: path.join and path.relative for each of 100,000 files were a tenth of the
  // hash's time (`root` is resolved: no "." or ".." in what readdir gives under it).
  const skipped = [...skip];
  const under = (folder: string) => (folder.endsWith(sep) ? folder : folder + sep);
  const prefix = under(root);
  const names = (await readdir(root, { recursive: true, withFileTypes: true }))
    .filter((d) => d.isFile())
    .map((d) => under(d.parentPath) + d.name)
    .filter((file) => !skipped.some((s) => file === s || file.startsWith(s + sep)))
    .sort();
  const read = async (file: string) =>
    createHash("sha256")
      .update(await readFile(file))
      .digest("hex");
  for (let i = 0; i < names.length; i += BATCH) {
    const batch = names.slice(i, i + BATCH);
    // Only the files read wait: one whose identity is known is not read again.
    const owns = batch.map((file): string | Promise<string> => {
      if (!known) return read(file);
      // Stamped before it is read: a file written while it is read gets another stamp next time.
      const stamp = fileStamp(file);
      const last = known.get(file);
      if (last?.stamp === stamp) return last.digest;
      return read(file).then((digest) => {
        known.set(file, { stamp, digest });
        return digest;
      });
    });
    const digests = owns.every((own) => typeof own === "string") ? owns : await Promise.all(owns);
    batch.forEach((file, j) => {
      const name = file.startsWith(prefix) ? file.slice(prefix.length) : relative(root, file);
      const own = digests[j]!;
      files?.set(file, own);
      // Length-prefixed, so that no two different folders hash the same.
      hash.update(`${Buffer.byteLength(name)}:${name}${own}`);
    });
  }
}

export async function hashInputs(inputs: BuildInputs): Promise<string> {
  const project = resolve(inputs.project ?? join(inputs.config, ".."));
  const hash = createHash("sha256");
  const settings = {
    config: await readFile(inputs.config, "utf8"),
    vars: process.env.EDGEFEED_VARS ?? "",
    referenceYear: inputs.referenceYear,
    code: inputs.code ?? (await codeVersion(project, inputs.out)),
  };
  hash.update(JSON.stringify(settings));
  hash.update("\0content\0");
  await hashFolder(hash, resolve(inputs.content), outputs(project, inputs.out), inputs.files, inputs.known);
  return hash.digest("hex");
}

/** The build's output is not its input, wherever --out puts it. */
const outputs = (project: string, out: string) => new Set([resolve(out), join(project, "src/generated")]);

/**
 * The code that parses and renders (the project's src/, less the build's output), the libraries it runs
 * (package-lock.json) and the Node version (its ICU dates the articles), as one SHA-256: what the build
 * cache (./cache.ts) keys everything it keeps by, so that any change of code starts afresh.
 */
export async function codeVersion(project: string, out: string): Promise<string> {
  const hash = createHash("sha256");
  const lock = await readFile(join(project, "package-lock.json"), "utf8").catch(() => "");
  hash.update(JSON.stringify({ node: process.version, lock }));
  hash.update("\0src\0");
  await hashFolder(hash, join(resolve(project), "src"), outputs(resolve(project), out));
  return hash.digest("hex");
}

/** What the last build of an output folder was made from, written beside what it wrote. */
interface Stamp {
  inputs: string;
  articles: number;
  /** When its first scheduled article comes out (ISO 8601), after which the same inputs build another site. */
  until?: string;
}

const stampFile = (out: string) => join(out, "inputs.json");

/** The article count of the last build into `out`, if it was made from `inputs` and is still the site as of `now`. */
export async function upToDate(out: string, inputs: string, now: number): Promise<number | undefined> {
  const text = await readFile(stampFile(out), "utf8").catch(() => undefined);
  if (text === undefined) return undefined;
  const stamp = JSON.parse(text) as Stamp;
  if (stamp.inputs !== inputs) return undefined;
  if (stamp.until !== undefined && now >= Date.parse(stamp.until)) return undefined;
  return stamp.articles;
}

/** Before a build writes anything: a build stopped half-way must not look up to date. */
export const forgetInputs = (out: string) => rm(stampFile(out), { force: true });

/** After the build has written everything. */
export async function recordInputs(out: string, stamp: Stamp): Promise<void> {
  await writeFile(stampFile(out), JSON.stringify(stamp));
}
