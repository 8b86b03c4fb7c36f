// The build's output folder (src/generated/): each build is written whole into a folder of its own,
// builds/<id>/, and made live in one step, the rename of one symbolic link, `live`. The paths wrangler and
// the Worker read are fixed (wrangler.toml: main imports ./generated/current.js, [assets] directory is
// ./generated/store), so they are links through `live` that never change:
//
//   current.txt -> live/current.txt     store -> live/store     kv-store -> live/kv-store (with STORE = "kv")
//   live -> builds/<id>
//   current.js, problems.js: the same text for every good build (their types, *.d.ts, are committed)
//
// So the current documents and the store they name change together: whoever opens a path sees the whole
// of one build or of the next, never one build's documents with another's store (a folder cannot be
// renamed over a full one in one step, and current.* used to be written before the store was swapped).
// The last KEPT builds a flip replaced stay, for readers that opened them before: a running `wrangler dev`
// holds its assets folder open until it reloads after a build, and its watcher often starts two builds
// at once. Older ones are moved out of builds/ into trash/ and removed there by a process of their own,
// outside the build's time. A build that fails removes its folder; one killed half-way is removed by a
// later build, once its process is gone.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import {
  lstat,
  mkdir,
  readdir,
  readFile,
  readlink,
  rename,
  rm,
  rmdir,
  stat,
  symlink,
  utimes,
  writeFile,
} from "node:fs/promises";
import { join, resolve } from "node:path";

const BUILDS = "builds";
const LIVE = "live";
/** Builds kept besides the live one, newest replaced first. */
const KEPT = 2;
/** In a build's folder once it has been live: one without it that no process is writing was cut short. */
const PUBLISHED = ".published";
/** In each build's folder: the content folder it was built from (resolved), for `liveSource`. */
const SOURCE = "source.txt";
/** In each build's folder: the version of the code that made it (./code-version.mjs), for `recycle`. */
const CODE = "code.txt";
/** Where builds past keeping wait for the process that removes them. */
const TRASH = "trash";
/** What each build holds that is read through `live`, under the same name at the top. */
const THROUGH_LIVE = ["current.txt", "store", "kv-store"] as const;

export interface Build {
  /** The new build's folder: everything the build writes goes here, where no reader looks yet. */
  dir: string;
  /**
   * Whether `dir` is a replaced build's folder, taken over with what it holds (one past keeping, which a
   * sweep would have removed): the store is then brought up to date in place (./store-folder.ts), and
   * only what differs is written. Otherwise it is empty.
   */
  recycled: boolean;
  /**
   * Makes this build the live one in one step, then writes the files that are the same for every build
   * (`fixed`, by name, when they differ) and removes builds no one can still be reading.
   */
  publish(fixed: Record<string, string>): Promise<void>;
  /** Empties a recycled folder the store cannot be brought up to date in (nothing says what it holds). */
  empty(): Promise<void>;
  /** Removes this build's folder, unless it was published. */
  discard(): Promise<void>;
}

/**
 * `content`: the folder the build reads, recorded with it (`liveSource`). `recycle`: the version of the
 * build's code: take over a replaced build past keeping that the same code made, if there is one, rather
 * than start from an empty folder. One made by other code has no entry in common with this build, and in
 * the last of the old code's folders each one replaced unlinks the last link to an old document (after a
 * change of code, the third build of 100,000 stories spent 25 s of its 54 on that).
 */
export async function startBuild(out: string, content?: string, options: { recycle?: string } = {}): Promise<Build> {
  // The owner's process id first: a sweep leaves the folders of builds still running alone.
  const id = `${process.pid}-${Date.now().toString(36)}-${randomBytes(4).toString("hex")}`;
  const dir = join(out, BUILDS, id);
  const live = await readlink(join(out, LIVE)).catch(() => undefined);
  const keep = [id, ...(live ? [live.slice(BUILDS.length + 1)] : [])];
  // The newest of the builds a sweep would remove: the live one and the KEPT − 1 replaced last stay. It
  // is not a published build once taken (a build cut short is removed, never served).
  const past = options.recycle === undefined ? undefined : (await publishedBuilds(out, keep))[KEPT - 1];
  const madeBy = past && (await readFile(join(out, BUILDS, past.name, CODE), "utf8").catch(() => undefined));
  const spare = madeBy === options.recycle ? past : undefined;
  const recycled =
    spare !== undefined &&
    (await rename(join(out, BUILDS, spare.name), dir).then(
      () => rm(join(dir, PUBLISHED), { force: true }).then(() => true),
      // Another build took it first.
      () => false,
    ));
  if (!recycled) await mkdir(dir, { recursive: true });
  if (content !== undefined) await writeFile(join(dir, SOURCE), resolve(content));
  if (options.recycle !== undefined) await writeFile(join(dir, CODE), options.recycle);
  // Builds that will be past keeping once this one is live go now, while it renders (removing tens of
  // thousands of files is seconds of the disk's time).
  const early = sweep(out, keep, KEPT - 1).catch(() => undefined);
  let published = false;
  return {
    dir,
    recycled,
    async empty() {
      for (const name of await readdir(dir))
        if (name !== SOURCE && name !== CODE) await rm(join(dir, name), { recursive: true, force: true });
    },
    async publish(fixed) {
      const replaced = await readlink(join(out, LIVE)).catch(() => undefined);
      await writeFile(join(dir, PUBLISHED), "");
      const next = join(out, `${LIVE}.${id}`);
      await symlink(join(BUILDS, id), next);
      // rename(2) replaces the old link with the new one atomically: there is no moment without `live`.
      await rename(next, join(out, LIVE));
      published = true;
      // When it stopped being live, for the sweep's order.
      const now = new Date();
      if (replaced) await utimes(join(out, replaced), now, now).catch(() => undefined);
      for (const name of THROUGH_LIVE) {
        const held = await lstat(join(dir, name)).then(
          () => true,
          () => false,
        );
        if (held) await linkOnce(join(out, name), join(LIVE, name));
        else await rm(join(out, name), { recursive: true, force: true });
      }
      for (const [name, text] of Object.entries(fixed)) await writeOnce(join(out, name), text);
      // What builds before this layout left when they failed half-way.
      for (const name of ["store.next", "kv-store.next"]) await rm(join(out, name), { recursive: true, force: true });
      await early;
      await sweep(out, [id], KEPT);
    },
    async discard() {
      await early;
      if (published) return;
      await rm(dir, { recursive: true, force: true });
      // A first build that failed leaves no empty folder either.
      await rmdir(join(out, BUILDS)).catch(() => undefined);
    },
  };
}

/** The content folder the live build was made from, if it says. */
export async function liveSource(out: string): Promise<string | undefined> {
  return readFile(join(out, LIVE, SOURCE), "utf8").catch(() => undefined);
}

/** Makes `path` the link `target` if it is not already; what stood there before (an older layout) goes. */
async function linkOnce(path: string, target: string): Promise<void> {
  if ((await readlink(path).catch(() => undefined)) === target) return;
  const temporary = `${path}.${process.pid}.link`;
  await rm(temporary, { force: true });
  await symlink(target, temporary);
  const before = await lstat(path).catch(() => undefined);
  // A folder cannot be replaced by a rename: once, when an older layout's store/ stands there.
  if (before?.isDirectory()) await rm(path, { recursive: true, force: true });
  await rename(temporary, path);
}

/** Writes a file that is the same for every build only when it differs, so watchers do not rebuild in a loop. */
export async function writeOnce(path: string, text: string): Promise<void> {
  if ((await readFile(path, "utf8").catch(() => undefined)) === text) return;
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, text);
  await rename(temporary, path);
}

/**
 * Removes every build but those in `keep`, those whose process still runs (under way), and the `kept` that
 * were live last; one never published whose process is gone was cut short, and goes.
 */
async function sweep(out: string, keep: readonly string[], kept: number): Promise<void> {
  const gone: string[] = [];
  const replaced = await publishedBuilds(out, keep, async (name) => void gone.push(name));
  for (const { name } of replaced.slice(kept)) gone.push(name);
  if (gone.length === 0) return;
  // Moved at once (a rename each), removed later: removing a build's 210,000 files took 25 s when they
  // were the last links to their documents, which no build should wait for.
  const trash = join(out, TRASH);
  await mkdir(trash, { recursive: true });
  for (const name of gone) {
    // Another build's sweep may have moved it first.
    await rename(join(out, BUILDS, name), join(trash, name)).catch(() => undefined);
  }
  const remover = spawn(process.execPath, ["-e", REMOVE, trash], { detached: true, stdio: "ignore" });
  remover.on("error", () => undefined);
  remover.unref();
}

/** What the remover runs: removes everything in the trash folder it is given (process.argv[1] under -e). */
const REMOVE = `const { readdirSync, rmSync } = require("node:fs");
const { join } = require("node:path");
const trash = process.argv[1];
for (const name of readdirSync(trash)) rmSync(join(trash, name), { recursive: true, force: true });`;

/**
 * The builds that were live and were replaced, newest replaced first: every build but those in `keep` and
 * those whose process still runs (under way). One never published whose process is gone was cut short:
 * `cutShort` is called with it.
 */
async function publishedBuilds(
  out: string,
  keep: readonly string[],
  cutShort?: (name: string) => Promise<void>,
): Promise<{ name: string; time: number }[]> {
  const folder = join(out, BUILDS);
  const replaced: { name: string; time: number }[] = [];
  for (const name of await readdir(folder).catch(() => [])) {
    const owner = Number(name.split("-")[0]);
    // A build process publishes one build: another of its own is no longer being written.
    if (keep.includes(name) || (owner !== process.pid && running(owner))) continue;
    const time = await stat(join(folder, name, PUBLISHED)).then(
      () => stat(join(folder, name)).then((info) => info.mtimeMs),
      () => undefined,
    );
    if (time === undefined) await cutShort?.(name);
    else replaced.push({ name, time });
  }
  return replaced.sort((a, b) => b.time - a.time);
}

function running(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
