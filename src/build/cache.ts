// The build cache, <out>/cache/ (src/generated/cache/, git-ignored with the rest of the output): what the
// last builds parsed and rendered, each by a digest of everything it was made from, so that a later build
// does again only what changed. Deleting it at any time makes the next build a full one, with the same bytes.
//
//   files.tsv           each content file's SHA-256 and the identity it had when read (./inputs.ts
//                       keeps it), so that a build reads only the files that changed
//   articles.ndjson     each parsed article (or draft, null) by the digest of its file's name and bytes, the
//                       parse settings and the code (./collection.ts); an article that reads media is parsed
//                       again each time, for its files may change without it
//   documents/<digest>  each rendered document, as its store file (src/shared/contract.ts, encodeEntry), by
//                       the digest of what it is rendered from (./render.ts, signature): a hard link of the
//                       file a build wrote, which later builds link into their own store in turn
//
// Nothing half-written is ever read: a document is linked in only once its file is whole, the article list
// is replaced in one rename, and two builds at once write the same bytes under the same names. A cached
// document that a build finds gone (another build pruned it) is rendered again.
import { createHash, hash } from "node:crypto";
import { closeSync, createReadStream, linkSync, openSync, readdirSync, readSync, rmSync } from "node:fs";
import { appendFile, copyFile, mkdir, readdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Article } from "../shared/content/schema";
import { decodeEntry, decodeMeta, encodeEntry, type Meta, type StoredEntry } from "../shared/contract";
import { articleJson, parsedArticle } from "./article-json";

const ARTICLES = "articles.ndjson";
const DOCUMENTS = "documents";
/** Documents a build finds missing before it lists the folder instead of looking for each (DocumentFolder). */
const MISSES = 256;

/** Where a cache in `dir` keeps its documents. */
export const documentsFolder = (dir: string) => join(dir, DOCUMENTS);

/** sha-256, hex, of its parts in order, each length-prefixed so that no two lists digest the same. */
export function digest(...parts: (string | Uint8Array)[]): string {
  return digestOf(parts);
}

/** digest, of a list of any length (a million articles' digests are more arguments than a call takes). */
export function digestOf(parts: readonly (string | Uint8Array)[]): string {
  // Text alone (every document's signature: 210,000 of them at 100,000 stories) is hashed in one call, the
  // same bytes: a Hash object each cost more than the hashing. Joined, not added to one by one: a string
  // added to 100,000 times is a tree that took half a second to flatten.
  if (parts.every((part) => typeof part === "string")) {
    const text = (parts as readonly string[]).map((part) => `${Buffer.byteLength(part)}:${part}`).join("");
    return hash("sha256", text, "hex");
  }
  const hashing = createHash("sha256");
  for (const part of parts)
    hashing.update(`${typeof part === "string" ? Buffer.byteLength(part) : part.byteLength}:`).update(part);
  return hashing.digest("hex");
}

export class BuildCache {
  readonly #dir: string;
  readonly #articles = new Map<string, Article | null>();
  readonly #kept = new Map<string, Article | null>();
  /** The code version the articles are read for, and whether the list on disk was written by it. */
  #version = "";
  #current = false;
  /** The rendered documents it keeps. */
  readonly documents: DocumentFolder;

  private constructor(dir: string) {
    this.#dir = dir;
    this.documents = new DocumentFolder(documentsFolder(dir));
  }

  /**
   * The cache in `dir`, made if missing (the articles are read by readArticles; the files' digests, by
   * ./inputs.ts readFileDigests).
   */
  static async open(dir: string): Promise<BuildCache> {
    await mkdir(join(dir, DOCUMENTS), { recursive: true });
    return new BuildCache(dir);
  }

  /**
   * Reads the articles earlier builds parsed with the code `version` (./code-version.mjs): a list
   * written by other code is not read at all (none of its articles could be used, and at 100,000 articles
   * it held as much memory as the collection). A line that cannot be read is skipped (parsed again). Once
   * `signal` is aborted it reads no further than the chunk it is in (the build turned out up to date).
   */
  async readArticles(version: string, signal?: AbortSignal): Promise<void> {
    const articles = this.#articles;
    this.#version = version;
    let first = true;
    /** One line of the list; false once the list turns out to be another code's. */
    const read = (line: Buffer): boolean => {
      if (first) {
        first = false;
        this.#current = line.toString() === versionLine(version);
        return this.#current;
      }
      const tab = line.indexOf(TAB);
      const article = tab > 0 ? parsed(line.subarray(tab + 1)) : undefined;
      if (article !== undefined) articles.set(line.subarray(0, tab).toString(), article);
      return true;
    };
    try {
      // Each line a view of the chunk it was read in (one spanning two chunks, a copy of it).
      let rest: Buffer | undefined;
      for await (const chunk of createReadStream(join(this.#dir, ARTICLES), { highWaterMark: 1 << 20 })) {
        if (signal?.aborted) {
          // Stopped half-way: what it read is not the list.
          this.#current = false;
          return;
        }
        const bytes = chunk as Buffer;
        let start = 0;
        let end = bytes.indexOf(NEWLINE);
        if (rest && end >= 0) {
          if (!read(Buffer.concat([rest, bytes.subarray(0, end)]))) return;
          rest = undefined;
          start = end + 1;
          end = bytes.indexOf(NEWLINE, start);
        }
        for (; end >= 0; start = end + 1, end = bytes.indexOf(NEWLINE, start)) {
          if (!read(bytes.subarray(start, end))) return;
        }
        rest = rest ? Buffer.concat([rest, bytes]) : bytes.subarray(start);
      }
      if (rest && rest.byteLength > 0) read(rest);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    }
  }

  /** Whether earlier builds left articles parsed by this code (readArticles). */
  get hasArticles(): boolean {
    return this.#current;
  }

  /** The article parsed before from what `key` digests (null: a draft), or undefined if it never was. */
  article(key: string): Article | null | undefined {
    const article = this.#articles.get(key);
    if (article !== undefined) this.#kept.set(key, article);
    return article;
  }

  keepArticle(key: string, article: Article | null): void {
    this.#kept.set(key, article);
  }

  /**
   * Adds the articles this build parsed anew to the list the next build reads; the list is written again
   * with only those this build used once more than a quarter of it is unused (so a build that adds one
   * article writes one line, not the whole list).
   */
  async saveArticles(): Promise<void> {
    const added = [...this.#kept].filter(([key]) => !this.#articles.has(key));
    const unused = this.#articles.size - (this.#kept.size - added.length);
    const file = join(this.#dir, ARTICLES);
    const lines = (entries: [string, Article | null][]) =>
      Buffer.concat(
        entries.flatMap(([key, article]) => [
          Buffer.from(`${key}\t`),
          article === null ? NULL : articleJson(article),
          EOL,
        ]),
      );
    if (this.#current && unused <= this.#articles.size / 4) {
      // A line cut short by a crash is skipped when read (a SyntaxError), and the lines after it stand.
      if (added.length > 0) await appendFile(file, lines(added));
      return;
    }
    const temporary = `${file}.${process.pid}.tmp`;
    await writeFile(temporary, `${versionLine(this.#version)}\n`);
    const kept = [...this.#kept];
    for (let i = 0; i < kept.length; i += 1024) {
      await appendFile(temporary, lines(kept.slice(i, i + 1024)));
    }
    await rename(temporary, file);
  }
}

/** The rendered documents a cache keeps, each a file named for its signature. */
export class DocumentFolder {
  readonly #dir: string;

  constructor(dir: string) {
    this.#dir = dir;
  }

  #document(signature: string): string {
    return join(this.#dir, signature);
  }

  /** Misses so far, and past MISSES, the names the folder held then. */
  #misses = 0;
  #names: Set<string> | undefined;

  /**
   * Whether the document may be kept: false once a listing of the folder says it is not. A first build, or
   * the first after a change of code, misses every document, and past MISSES failed links one listing of
   * the folder costs less than a failed link each (at 20,000 documents, 0.7 s of them while the workers
   * write). A document kept since the listing was rendered by this same build, which asks for each only
   * once; one pruned since is still a miss (ENOENT, in reuse). A build that misses few is not slowed by a
   * look before each link: 210,000 links (100,000 stories) took 2.9 s here, 3.7 s with a look before each.
   */
  #mayKeep(signature: string): boolean {
    return this.#names?.has(signature) ?? true;
  }

  #missed(): void {
    if (++this.#misses === MISSES) this.#names = new Set(readdirSync(this.#dir));
  }

  /** The document rendered from `signature` before, if kept. */
  async read(signature: string): Promise<StoredEntry | undefined> {
    const text = await readFile(this.#document(signature), "utf8").catch(() => undefined);
    return text === undefined ? undefined : decodeEntry(text);
  }

  /**
   * The validators of the document rendered from `signature` before, if kept: its first line, without
   * reading the rest (a later epoch compares a few hundred documents by them, most of them feeds).
   */
  validators(signature: string): Meta | undefined {
    let file: number;
    try {
      file = openSync(this.#document(signature), "r");
    } catch {
      return undefined;
    }
    try {
      const head = Buffer.alloc(HEAD);
      const length = readSync(file, head, 0, HEAD, 0);
      const end = head.subarray(0, length).indexOf(NEWLINE);
      if (end < 0) throw new Error(`${this.#document(signature)}: no line of validators in its first ${HEAD} bytes`);
      return decodeMeta(head.toString("utf8", 0, end));
    } finally {
      closeSync(file);
    }
  }

  /** Puts the document rendered from `signature` before at `to` (a store file); false if it was not kept. */
  async reuse(signature: string, to: string): Promise<boolean> {
    if (!this.#mayKeep(signature)) return false;
    return linkOrCopy(this.#document(signature), to).then(
      () => true,
      (error: NodeJS.ErrnoException) => {
        if (error.code !== "ENOENT") throw error;
        this.#missed();
        return false;
      },
    );
  }

  /** Keeps an entry no store file holds (one the script carries), written whole before it is named. */
  async write(signature: string, entry: StoredEntry): Promise<void> {
    const temporary = `${this.#document(signature)}.${process.pid}.tmp`;
    await writeFile(temporary, encodeEntry(entry));
    await rename(temporary, this.#document(signature));
  }

  /** Keeps `file`, a whole store file just written, as the document rendered from `signature`. */
  async keep(signature: string, file: string): Promise<void> {
    await linkOrCopy(file, this.#document(signature)).catch((error: NodeJS.ErrnoException) => {
      // Another build kept the same document first: the same bytes.
      if (error.code !== "EEXIST") throw error;
    });
  }

  /**
   * What the folder holds now: listed while the build renders, for `prune` (at 210,000 documents, a third
   * of a second of the build's end).
   */
  listing(): Promise<string[]> {
    return readdir(this.#dir);
  }

  /** Removes every document but those this build used, of those `listed` (default: all it holds now). */
  async prune(used: ReadonlySet<string>, listed?: Promise<readonly string[]>): Promise<void> {
    for (const name of await (listed ?? readdir(this.#dir))) {
      // A temporary file of a build under way is not this build's to remove. Synchronous: one short call
      // each, and after a change of code every document of the last build goes (a round trip through
      // libuv's thread pool each took 20 s for 200,000).
      if (!used.has(name) && !name.includes(".")) rmSync(this.#document(name), { force: true });
    }
  }
}

/** Bytes that hold a stored document's line of validators (a few hundred at most: ../shared/contract.ts). */
const HEAD = 4096;
const TAB = 0x09;
const NEWLINE = 0x0a;
const EOL = Buffer.from("\n");
/** A draft's line. */
const NULL = Buffer.from("null");

/** The article list's first line: the code version that parsed them. */
const versionLine = (version: string) => `version\t${version}`;

/** A line's article, or undefined for a line a crash cut short. */
function parsed(json: Buffer): Article | null | undefined {
  try {
    return json.equals(NULL) ? null : parsedArticle(json);
  } catch {
    return undefined;
  }
}

/** A hard link (no bytes copied, and the file stays the same file); a copy where the file system has none. */
async function linkOrCopy(from: string, to: string): Promise<void> {
  try {
    // Synchronous: a link is one short system call, and a build makes one per unchanged document (a
    // round trip through libuv's thread pool each took longer than the call).
    linkSync(from, to);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== "EXDEV" && code !== "EPERM" && code !== "ENOTSUP") throw error;
    const temporary = `${to}.${process.pid}.tmp`;
    await copyFile(from, temporary);
    await rename(temporary, to);
  }
}
