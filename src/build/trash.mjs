// The removal of builds past keeping, which ./output.ts moves into the output folder's trash/ and
// leaves to a process of its own: `node trash.mjs <output folder>`, started detached by the build that
// moved them. It removes them only while no build is under way: the last links to 210,000 documents
// take tens of seconds of the disk's journal, which every build of those same files waits on (after a
// change of code, additions made during a removal took 12 s against 8.5 s). Plain JavaScript, so that
// it runs as it is whichever way the build was loaded (./code-loading.ts); typed by ./trash.d.mts.
import { opendirSync, readdirSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";

/** The output folder's folder of builds, each named for its owner's process id first. */
export const BUILDS = "builds";
/** Where builds past keeping wait for this process. */
export const TRASH = "trash";
/** In a build's folder once it has been live: one without it that no process is writing was cut short. */
export const PUBLISHED = ".published";
/** In a spare's folder (./output.ts, Build `spares`) once it holds a whole store: never published. */
export const SPARE = ".spare";

/** Files removed between two looks at whether a build has started. */
const BATCH = 2000;
/** How long a removal waits before it looks again at a build under way. */
const WAIT_MS = 250;
/**
 * How long it waits for builds in all: past it, the builds under way are taken for the folders of killed
 * ones whose process ids were given again (the longest builds, a million stories, take an hour).
 */
const PATIENCE_MS = 2 * 3600 * 1000;

/** Whether process `pid` runs (as this user or another). */
export function running(pid) {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return error.code === "EPERM";
  }
}

const holds = (path) => {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
};

/**
 * Whether a build is being written in the output folder `out`: a folder there neither published nor a
 * spare, whose owner runs.
 */
export function underWay(out) {
  const builds = join(out, BUILDS);
  let names;
  try {
    names = readdirSync(builds);
  } catch {
    return false;
  }
  return names.some(
    (name) =>
      running(Number(name.split("-")[0])) && !holds(join(builds, name, PUBLISHED)) && !holds(join(builds, name, SPARE)),
  );
}

/** The files under `dir`, read one at a time: a million stories' build holds 2,100,000, too many to list. */
function* files(dir) {
  const folder = opendirSync(dir);
  try {
    for (let entry = folder.readSync(); entry !== null; entry = folder.readSync()) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) yield* files(path);
      else yield path;
    }
  } finally {
    folder.closeSync();
  }
}

/**
 * Removes everything in `out`'s trash, a batch of files at a time, none while a build is under way:
 * each build it holds, then those that builds moved there meanwhile, until it is empty.
 */
export async function emptyTrash(out) {
  const trash = join(out, TRASH);
  const started = Date.now();
  let since = BATCH;
  for (let names = readdirSync(trash); names.length > 0; names = readdirSync(trash)) {
    for (const name of names) {
      for (const path of files(join(trash, name))) {
        if (since++ >= BATCH) {
          while (underWay(out) && Date.now() - started < PATIENCE_MS) await sleep(WAIT_MS);
          since = 0;
        }
        rmSync(path, { force: true });
      }
      // What is left of it is folders.
      rmSync(join(trash, name), { recursive: true, force: true });
    }
  }
}

// Two removals may empty the same trash: what one finds gone, the other removed.
if (process.argv[1] === fileURLToPath(import.meta.url)) await emptyTrash(process.argv[2]).catch(() => undefined);
