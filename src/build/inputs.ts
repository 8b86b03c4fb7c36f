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
import { readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join, relative, resolve, sep } from "node:path";
import { startThread } from "./code-loading";
import { codeVersion, outputs } from "./code-version.mjs";

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

/** What hashing a build's inputs gives: their digest, and each content file's SHA-256 by absolute path. */
export interface HashedInputs {
  inputs: string;
  files: Map<string, string>;
}

/** In the build cache's folder (./cache.ts): the digests of the content files, and their identities (FileDigest). */
const FILE_DIGESTS = "files.tsv";

/**
 * hashInputs, trusting the content files' digests kept in the build cache's folder `cache` where a file's
 * identity is unchanged; then keeps those this build read for the next one. `hashed` is told the inputs
 * before they are kept.
 */
export async function hashKnownInputs(
  inputs: BuildInputs,
  cache: string,
  hashed?: (result: HashedInputs) => void,
): Promise<HashedInputs> {
  const known = new Map<string, FileDigest>();
  const kept = await readFile(join(cache, FILE_DIGESTS), "utf8").catch(() => "");
  for (let start = 0, end = kept.indexOf("\n"); end >= 0; start = end + 1, end = kept.indexOf("\n", start)) {
    const tab = kept.indexOf("\t", start);
    const second = tab < 0 ? -1 : kept.indexOf("\t", tab + 1);
    // A line cut short, or of another form, is not trusted: its file is read again.
    if (tab > start && second > tab + 1 && second < end && end - second === 65) {
      known.set(kept.slice(start, tab), { stamp: kept.slice(tab + 1, second), digest: kept.slice(second + 1, end) });
    }
  }
  const files = new Map<string, string>();
  const result = { inputs: await hashInputs({ ...inputs, files, known }), files };
  hashed?.(result);
  let text = "";
  for (const [path, { stamp, digest }] of known) {
    // Only the files this build read; a name with a tab or a line break in it is read again each time.
    if (files.get(path) === digest && !/[\t\n\r]/.test(path)) text += `${path}\t${stamp}\t${digest}\n`;
  }
  // Unchanged when no file was read and none is gone: nothing to write (a build that turns out up to date).
  if (text !== kept) {
    const temporary = join(cache, `${FILE_DIGESTS}.${process.pid}.tmp`);
    await writeFile(temporary, text);
    await rename(temporary, join(cache, FILE_DIGESTS));
  }
  return result;
}

/** Inputs being hashed (hashInputsAside). */
export interface Hashing {
  /** Their digest, ahead of the files' digests: a build that turns out up to date needs no more. */
  inputs: Promise<string>;
  /** Each content file's SHA-256, by absolute path. */
  files: Promise<Map<string, string>>;
  /** Resolves once the files' digests are kept too: a thread keeps them after it sends the rest. */
  kept: Promise<void>;
}

/** What the thread sends (./inputs-worker.ts), in this order, or the reason it failed. */
export type HashingReply = { inputs: string } | { files: Map<string, string> } | { error: string };

/** Articles in the last build from which hashInputsAside hashes on a thread of its own. */
const ASIDE = 1000;

/**
 * hashKnownInputs on a thread of its own, so that the build's thread can do other work meanwhile (at
 * 100,000 stories, it reads the articles earlier builds parsed, 1.2 s, while every file is looked at,
 * 1.5 s); here when the last build had fewer than ASIDE articles (starting a thread takes a few tenths
 * of a second, which hashing a small folder does not). A failure is left for the caller's `await`.
 */
export function hashInputsAside(inputs: BuildInputs, cache: string): Hashing {
  const started = lastStamp(inputs.out).then((last): Hashing => {
    if ((last?.articles ?? 0) < ASIDE) {
      const here = hashKnownInputs(inputs, cache);
      return {
        inputs: here.then((hashed) => hashed.inputs),
        files: here.then((hashed) => hashed.files),
        kept: here.then(() => undefined),
      };
    }
    const worker = startThread("inputs-worker", { workerData: { inputs, cache } });
    const digest = settled<string>();
    const files = settled<Map<string, string>>();
    let failed: Error | undefined;
    /** Fails whatever is still awaited with the first failure (a settled promise stays as it is). */
    const fail = (error: Error) => {
      failed ??= error;
      digest.reject(failed);
      files.reject(failed);
    };
    worker.on("message", (reply: HashingReply) => {
      if ("error" in reply) fail(new Error(reply.error));
      else if ("inputs" in reply) digest.resolve(reply.inputs);
      else files.resolve(reply.files);
    });
    worker.once("error", fail);
    const kept = new Promise<void>((resolve, reject) =>
      worker.once("exit", (code) => {
        // What it sent before it stopped stands; what it did not send is a failure.
        if (code !== 0 || !files.done) fail(new Error(`the thread hashing the inputs stopped (exit code ${code})`));
        if (failed) reject(failed);
        else resolve();
      }),
    );
    return { inputs: digest.promise, files: files.promise, kept };
  });
  const hashing = {
    inputs: started.then((s) => s.inputs),
    files: started.then((s) => s.files),
    kept: started.then((s) => s.kept),
  };
  // Awaited by the caller once its other work is done: a failure before then is not unhandled.
  for (const promise of Object.values(hashing)) (promise as Promise<unknown>).catch(() => undefined);
  return hashing;
}

/** A promise with its resolve and reject at hand, which says whether it was resolved. */
function settled<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((yes, no) => {
    resolve = yes;
    reject = no;
  });
  const handle = {
    promise,
    done: false,
    resolve: (value: T) => {
      handle.done = true;
      resolve(value);
    },
    reject,
  };
  return handle;
}

/** What the last build of an output folder was made from, written beside what it wrote. */
interface Stamp {
  inputs: string;
  articles: number;
  /** When its first scheduled article comes out (ISO 8601), after which the same inputs build another site. */
  until?: string;
}

const stampFile = (out: string) => join(out, "inputs.json");

/** What the last build into `out` recorded, if it finished. */
async function lastStamp(out: string): Promise<Stamp | undefined> {
  const text = await readFile(stampFile(out), "utf8").catch(() => undefined);
  return text === undefined ? undefined : (JSON.parse(text) as Stamp);
}

/** The article count of the last build into `out`, if it was made from `inputs` and is still the site as of `now`. */
export async function upToDate(out: string, inputs: string, now: number): Promise<number | undefined> {
  const stamp = await lastStamp(out);
  if (stamp?.inputs !== inputs) return undefined;
  if (stamp.until !== undefined && now >= Date.parse(stamp.until)) return undefined;
  return stamp.articles;
}

/** Before a build writes anything: a build stopped half-way must not look up to date. */
export const forgetInputs = (out: string) => rm(stampFile(out), { force: true });

/** After the build has written everything. */
export async function recordInputs(out: string, stamp: Stamp): Promise<void> {
  await writeFile(stampFile(out), JSON.stringify(stamp));
}
