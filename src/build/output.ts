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
// at once. Older ones are moved out of builds/ into trash/ and removed there by a process of their own
// (./trash.mjs), outside any build's time. A build that fails removes its folder; one killed half-way is
// removed by a later build, once its process is gone.
// A build of a large store that the next builds could not take a replaced folder over from (the first
// builds after a change of code, which made all the others) leaves them spares instead: folders holding a
// copy of its store, never served (see `spares` in Build).
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
import { setPriority } from "node:os";
import { join, resolve } from "node:path";
import { SOURCES } from "./code-loading";
import { BUILDS, PUBLISHED, running, SPARE, TRASH } from "./trash.mjs";

const LIVE = "live";
/** Builds kept besides the live one, newest replaced first. */
const KEPT = 2;
/** In each build's folder: the content folder it was built from (resolved), for `liveSource`. */
const SOURCE = "source.txt";
/** In each build's folder: the version of the code that made it (./code-version.mjs), for `recycle`. */
const CODE = "code.txt";
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
  /**
   * Once published: leaves a spare for each of the next KEPT builds that will find no replaced folder of
   * this build's code to take over, `fill` putting a copy of this build's store into each empty folder it
   * is given. Linking 210,000 entries into a folder of their own takes 3 s, and a build taking a spare
   * over writes only what it changes: so the additions after a change of code cost what the others do,
   * and the build that changed everything pays for it.
   */
  spares(fill: (dir: string) => Promise<void>): Promise<number>;
  /**
   * Says the build starts changing what `dir` holds. Until then, a build that stops gives a folder it
   * took over back as a spare, whole (a file saved half-written under `npm start` stops the build
   * before it writes anything).
   */
  changing(): void;
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
export async function startBuild(
  out: string,
  content?: string,
  options: { recycle?: string; reserved?: Reserved } = {},
): Promise<Build> {
  const id = options.reserved?.id ?? folderName();
  const dir = join(out, BUILDS, id);
  const live = await readlink(join(out, LIVE)).catch(() => undefined);
  const keep = [id, ...(live ? [live.slice(BUILDS.length + 1)] : [])];
  // The newest of the builds a sweep would remove: the live one and the KEPT − 1 replaced last stay. It
  // is not a published build once taken (a build cut short is removed, never served).
  const code = options.recycle;
  const past = code === undefined ? undefined : (await publishedBuilds(out, keep))[KEPT - 1];
  const takeOver = (name: string) =>
    rename(join(out, BUILDS, name), dir).then(
      () => Promise.all([PUBLISHED, SPARE].map((marker) => rm(join(dir, marker), { force: true }))).then(() => true),
      // Another build took it first.
      () => false,
    );
  const recycled = code !== undefined && (await takeOverAny(out, past, code, takeOver));
  if (!recycled) await mkdir(dir, { recursive: true });
  if (content !== undefined) await writeFile(join(dir, SOURCE), resolve(content));
  if (code !== undefined) await writeFile(join(dir, CODE), code);
  // Builds that will be past keeping once this one is live go to the trash now, and are removed there
  // once no build runs (./trash.mjs).
  const early = sweep(out, keep, KEPT - 1, code).catch(() => undefined);
  let published = false;
  let changed = false;
  return {
    dir,
    recycled,
    changing() {
      changed = true;
    },
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
      await sweep(out, [id], KEPT, code);
    },
    async spares(fill) {
      if (!published || code === undefined) return 0;
      // The next build takes over the replaced folder at KEPT − 1, the one after it the one before, and
      // so on: each that another code made (or that is missing) wants a spare.
      const replaced = (await publishedBuilds(out, [id])).slice(0, KEPT);
      let wanted = KEPT - replaced.length;
      for (const { name } of replaced) if ((await madeBy(out, name)) !== code) wanted++;
      wanted -= (await readySpares(out, code)).length;
      let made = 0;
      for (; made < wanted; made++) {
        const spare = join(out, BUILDS, folderName());
        try {
          await mkdir(spare);
          await fill(spare);
          await writeFile(join(spare, CODE), code);
          // Last: until it is there, the spare is a build cut short, which a sweep removes.
          await writeFile(join(spare, SPARE), "");
        } catch {
          // Only a later build's speed depends on it: that build copies the store itself.
          await rm(spare, { recursive: true, force: true });
          break;
        }
      }
      return made;
    },
    async discard() {
      await early;
      if (published) return;
      // Its store as its manifest names it, made by this code: a spare again, for the next build.
      const givenBack =
        recycled &&
        !changed &&
        (await writeFile(join(dir, SPARE), "").then(
          () => true,
          () => false,
        ));
      if (givenBack) return;
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

/**
 * A new build's or spare's folder name: the owner's process id first, so that a sweep leaves the folders
 * of builds still running alone.
 */
function folderName(): string {
  return `${process.pid}-${Date.now().toString(36)}-${randomBytes(4).toString("hex")}`;
}

/** The version of the code that made a build or spare (./code-version.mjs), if it says. */
function madeBy(out: string, name: string): Promise<string | undefined> {
  return readFile(join(out, BUILDS, name, CODE), "utf8").catch(() => undefined);
}

/**
 * The folder a build takes over: the replaced build `past` if `code` made it, else any spare `code` made;
 * false if there is none, or other builds took each first.
 */
async function takeOverAny(
  out: string,
  past: { name: string } | undefined,
  code: string,
  takeOver: (name: string) => Promise<boolean>,
): Promise<boolean> {
  if (past !== undefined && (await madeBy(out, past.name)) === code && (await takeOver(past.name))) return true;
  for (const name of await readySpares(out, code)) if (await takeOver(name)) return true;
  return false;
}

/**
 * The whole spares (Build `spares`), with the code that made each. A folder of another process still
 * running is not one: a build that took a spare over renames it before it removes the mark, and a spare
 * being made is marked last.
 */
async function spareFolders(out: string): Promise<{ name: string; code: string | undefined }[]> {
  const folder = join(out, BUILDS);
  const spares: { name: string; code: string | undefined }[] = [];
  for (const name of await readdir(folder).catch(() => [])) {
    if (ownedElsewhere(name) || !(await isSpare(folder, name))) continue;
    spares.push({ name, code: await madeBy(out, name) });
  }
  return spares;
}

/** Whether a folder under builds/ belongs to another process, which still runs. */
function ownedElsewhere(name: string): boolean {
  const owner = Number(name.split("-")[0]);
  return owner !== process.pid && running(owner);
}

/** The whole spares `code` made. */
async function readySpares(out: string, code: string): Promise<string[]> {
  return (await spareFolders(out)).filter((spare) => spare.code === code).map(({ name }) => name);
}

/** A build's folder, made empty before the build knows whether it will write anything (`reserveBuild`). */
export interface Reserved {
  id: string;
  /** Removes the folder, if no build started in it (pass it to startBuild as `reserved`). */
  release(): Promise<void>;
}

/**
 * Marks a build under way in `out` from its start, before it has read anything: the removal of builds
 * past keeping (./trash.mjs) waits for it, for it competes for the disk's journal with every file the
 * build opens, reading its inputs included.
 */
export async function reserveBuild(out: string): Promise<Reserved> {
  const id = folderName();
  const dir = join(out, BUILDS, id);
  await mkdir(dir, { recursive: true });
  return {
    id,
    async release() {
      // Not empty once a build has started in it: that build's `discard` removes it, or it was published.
      const removed = await rmdir(dir).then(
        () => true,
        () => false,
      );
      if (removed) await rmdir(join(out, BUILDS)).catch(() => undefined);
    },
  };
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
 * were live last; one never published whose process is gone was cut short, and goes. So do the spares
 * another code than `code` made, and those past the KEPT that the next builds could want.
 */
async function sweep(out: string, keep: readonly string[], kept: number, code?: string): Promise<void> {
  const gone: string[] = [];
  const replaced = await publishedBuilds(out, keep, async (name) => void gone.push(name));
  for (const { name } of replaced.slice(kept)) gone.push(name);
  if (code !== undefined) {
    const spares = await spareFolders(out);
    const ready = spares.filter((spare) => spare.code === code);
    for (const spare of [...ready.slice(KEPT), ...spares.filter((spare) => spare.code !== code)]) gone.push(spare.name);
  }
  if (gone.length === 0) return;
  // Moved at once (a rename each), removed later: removing a build's 210,000 files took 25 s when they
  // were the last links to their documents, which no build should wait for.
  const trash = join(out, TRASH);
  await mkdir(trash, { recursive: true });
  for (const name of gone) {
    // Another build's sweep may have moved it first.
    await rename(join(out, BUILDS, name), join(trash, name)).catch(() => undefined);
  }
  const remover = spawn(process.execPath, [join(SOURCES, "build", "trash.mjs"), out], {
    detached: true,
    stdio: "ignore",
  });
  remover.on("error", () => undefined);
  remover.unref();
  // And at the lowest priority: the Worker `npm start` serves, or the tests, need the cores more.
  try {
    if (remover.pid !== undefined) setPriority(remover.pid, 19);
  } catch {
    // It still runs, at the build's priority.
  }
}

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
    // A build process publishes one build: another of its own is no longer being written.
    if (keep.includes(name) || ownedElsewhere(name)) continue;
    const time = await stat(join(folder, name, PUBLISHED)).then(
      () => stat(join(folder, name)).then((info) => info.mtimeMs),
      () => undefined,
    );
    if (time === undefined && (await isSpare(folder, name))) continue;
    if (time === undefined) await cutShort?.(name);
    else replaced.push({ name, time });
  }
  return replaced.sort((a, b) => b.time - a.time);
}

/** Whether a folder under builds/ is a whole spare (Build `spares`). */
function isSpare(folder: string, name: string): Promise<boolean> {
  return stat(join(folder, name, SPARE)).then(
    () => true,
    () => false,
  );
}
