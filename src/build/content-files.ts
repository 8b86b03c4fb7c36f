// The one rule for a file the build may read from content/: a regular file, reached from the content
// folder through real folders only, never through a symbolic link, and no larger than its use allows.
// A pull request controls content/: a link could make the build read (and print, in an error) any file
// on the machine that builds it, and a FIFO would block the build for good.
import { constants, type Stats } from "node:fs";
import { lstat, open } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import { ContentError } from "./errors";

/** Why a path cannot be read: what was expected there and what was found, at which path. */
export class Refused extends Error {
  constructor(
    /** "a regular file", "a folder", "a file" */
    readonly expected: string,
    /** "a symbolic link", "a FIFO", "nothing", … */
    readonly found: string,
    /** The path (under the content folder) that is not what it should be: the file, or a folder on the way. */
    readonly path: string,
    readonly hint: string,
  ) {
    super(`expected ${expected} at ${path}, found ${found}`);
  }
}

/** A file larger than its use allows: refused before it is read. */
export class TooLarge extends Error {
  constructor(
    readonly size: number,
    readonly limit: number,
  ) {
    super(`${size} bytes, over ${limit}`);
  }
}

export const LINK_HINT = "put the file itself in content/: the build reads only regular files, never through a link";

/** What a path is, in words, when it is not what was expected. */
export function described(info: Stats): string {
  if (info.isSymbolicLink()) return "a symbolic link";
  if (info.isDirectory()) return "a folder";
  if (info.isFIFO()) return "a FIFO";
  if (info.isSocket()) return "a socket";
  if (info.isCharacterDevice() || info.isBlockDevice()) return "a device";
  return info.isFile() ? "a file" : "something that is not a file";
}

/**
 * The content folder itself may not be a link: it is configuration (--content), but content/ is in the
 * repository a pull request changes, and as a link it could name any folder on the machine (whose every
 * file the build would hash, ./inputs.ts, and read). Its parents are the machine's own.
 */
export async function checkContentFolder(dir: string, root = process.cwd()): Promise<void> {
  if ((await lstat(dir)).isSymbolicLink()) {
    throw new ContentError(
      relative(root, dir) || dir,
      1,
      "expected a folder of articles, found a symbolic link",
      "name the folder itself with --content or EDGEFEED_CONTENT_DIR",
    );
  }
}

// O_NOFOLLOW refuses a link as the last part of the path at open, so nothing can swap one in between the
// check and the read; O_NONBLOCK lets a FIFO open without waiting for a writer (it is refused just after).
const FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

/**
 * The bytes of the file at `path` (relative to `root`, with "/" or the platform's separator), checked by
 * the rule above: a Refused or a TooLarge when it may not be read. `root` itself is configuration (the
 * --content folder), taken as it is.
 */
export async function readContentFile(root: string, path: string, limit: number): Promise<Buffer> {
  const parts = path.split(/[/\\]/).filter((p) => p !== "" && p !== ".");
  let at = root;
  for (const [i, part] of parts.entries()) {
    at = join(at, part);
    const shown = parts.slice(0, i + 1).join(sep);
    const last = i === parts.length - 1;
    const info = await lstat(at).catch((error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT" || error.code === "ENOTDIR") return undefined;
      throw error;
    });
    if (!info) throw new Refused(last ? "a file" : "a folder", "nothing", shown, LINK_HINT);
    if (last ? !info.isFile() : !info.isDirectory()) {
      const expected = last ? (info.isDirectory() ? "a file" : "a regular file") : "a folder";
      throw new Refused(expected, described(info), shown, LINK_HINT);
    }
  }
  const shown = parts.join(sep);
  const handle = await open(at, FLAGS).catch((error: NodeJS.ErrnoException) => {
    // ELOOP: a link swapped in after the check; ENXIO: a socket.
    if (error.code === "ELOOP") throw new Refused("a regular file", "a symbolic link", shown, LINK_HINT);
    if (error.code === "ENXIO") throw new Refused("a regular file", "a socket", shown, LINK_HINT);
    throw error;
  });
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw new Refused("a regular file", described(info), shown, LINK_HINT);
    if (info.size > limit) throw new TooLarge(info.size, limit);
    // Only the length it had when it was checked: a file growing meanwhile cannot pass the limit.
    const bytes = Buffer.alloc(info.size);
    let read = 0;
    while (read < bytes.byteLength) {
      const { bytesRead } = await handle.read(bytes, read, bytes.byteLength - read, read);
      if (bytesRead === 0) break;
      read += bytesRead;
    }
    return bytes.subarray(0, read);
  } finally {
    await handle.close();
  }
}
