// Reads every file in content/ into the validated, ordered collection the Worker bundles.
import { createHash } from "node:crypto";
import { lstat, readdir } from "node:fs/promises";
import { extname, join, relative, resolve, sep } from "node:path";
import {
  type Article,
  ArticleSchema,
  type Collection,
  type Icons,
  type Show,
  ShowSchema,
  SLUG_PATTERN,
} from "../shared/content/schema";
import { articleJson } from "./article-json";
import { type BuildCache, digest } from "./cache";
import { checkContentFolder, described, Refused, readContentFile, TooLarge } from "./content-files";
import { ContentError } from "./errors";
import { ARTICLE_BYTES, bytes, mib } from "./limits";
import { type MediaFile, MediaLibrary, type Place } from "./media";
import { UnknownShow } from "./parsers/episode-fields";
import { readSidecar } from "./parsers/front-matter";
import { parseMarkdown } from "./parsers/markdown";
import { mediaOf } from "./parsers/media-fields";
import { parseShow, type ShowDefaults } from "./parsers/show";
import { type ParseOptions, parseWire } from "./parsers/wire";

export interface BuildResult {
  collection: Collection;
  errors: ContentError[];
  /** The files under content/ the collection uses, to publish under /media/. */
  media: MediaFile[];
}

/** The site's icons as wrangler.toml names them (paths under content/), with where, for messages. */
export interface IconRefs {
  icon?: { ref: string; place: Place };
  favicon?: { ref: string; place: Place };
}

export interface BuildOptions extends ParseOptions {
  media?: MediaLibrary;
  icons?: IconRefs;
  /**
   * Articles parsed by earlier builds (./cache.ts), by what they were parsed from; `code` is the
   * codeVersion, `files` each content file's SHA-256 as the build read it (./inputs.ts), by absolute path.
   */
  cache?: { articles: BuildCache; code: string; files?: ReadonlyMap<string, string> };
  /** What a show takes from the site (SITE_LANGUAGE, SITE_AUTHOR, SITE_URL). */
  showDefaults?: ShowDefaults;
}

/** The folder of the site's shows (podcasts), one <name>.yaml each: content/shows/. */
export const SHOWS_DIR = "shows";

/** A wire story's media fields, beside it under the same name (content/<slug>.yaml). */
const SIDECAR = ".yaml";

type Parser = (text: string, file: string, slug: string, options: ParseOptions) => Promise<Article | null>;

const PARSERS: Record<string, Parser> = {
  ".txt": parseWire,
  ".md": parseMarkdown,
};

export async function buildCollection(dir: string, options: BuildOptions, root = process.cwd()): Promise<BuildResult> {
  await checkContentFolder(dir, root);
  // A folder is not an article (media sit in content/media/; the build's own output may sit inside content/).
  const files = (await readdir(dir, { withFileTypes: true }))
    // content/shows/ is read by loadShows, whatever it turns out to be.
    .filter((entry) => !entry.name.startsWith(".") && !entry.isDirectory() && entry.name !== SHOWS_DIR)
    .map((entry) => entry.name)
    .sort();
  const names = files.filter((name) => extname(name) !== SIDECAR);
  const sidecars = new Set(files.filter((name) => extname(name) === SIDECAR));
  const { cache, icons: _, showDefaults, ...parse } = options;
  const library = options.media ?? new MediaLibrary(dir);
  const results: (Article | ContentError | null)[] = [];
  const shows = await loadShows(dir, root, library, showDefaults ?? { language: "en", author: "edgefeed" });
  results.push(...shows.errors);
  const media = { ...parse, media: library, shows: shows.byName };
  // What else an article is parsed from, besides its file's name and bytes.
  const settings = cache && JSON.stringify([cache.code, parse.referenceYear, parse.timeZone]);
  const cached = cache && settings ? { cache: cache.articles, settings, files: cache.files } : undefined;
  const places = placesIn(dir, root);
  // Files are read in parallel batches: one at a time leaves the disk idle; all at once can run out of descriptors.
  for (let i = 0; i < names.length; i += READ_BATCH) {
    results.push(
      ...(await Promise.all(
        names.slice(i, i + READ_BATCH).map((name) => loadArticle(dir, name, places, media, sidecars, cached)),
      )),
    );
  }
  for (const name of sidecars) results.push(orphan(dir, name, root, names));
  const icons = await loadIcons(options.icons, library).catch((error: unknown) => {
    if (error instanceof ContentError) return error;
    throw error;
  });
  if (icons instanceof ContentError) results.push(icons);
  // An episode of a show whose own file is wrong says nothing the show's error does not.
  const errors = results.filter(
    (r) => r instanceof ContentError && !(r instanceof UnknownShow && shows.broken.has(String(r.show))),
  ) as ContentError[];
  const articles = results.filter((r): r is Article => r !== null && !(r instanceof ContentError));
  errors.push(...duplicates(articles));
  sortNewestFirst(articles);
  const site = icons instanceof ContentError ? undefined : icons;
  const showList = [...shows.byName.values()];
  const version = collectionVersion(articles, site, showList);
  return {
    collection: {
      articles,
      version,
      ...(site ? { icons: site } : {}),
      ...(showList.length > 0 ? { shows: showList } : {}),
    },
    errors,
    media: library.files(),
  };
}

/** content/shows/<name>.yaml, each a show named by its file; none when the folder is not there. */
async function loadShows(
  dir: string,
  root: string,
  library: MediaLibrary,
  defaults: ShowDefaults,
): Promise<{ byName: Map<string, Show>; errors: ContentError[]; broken: Set<string> }> {
  const byName = new Map<string, Show>();
  const errors: ContentError[] = [];
  const broken = new Set<string>();
  const folder = join(dir, SHOWS_DIR);
  const kind = await lstat(folder).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return undefined;
    throw error;
  });
  if (kind === undefined) return { byName, errors, broken };
  if (!kind.isDirectory()) {
    const file = relative(root, folder) || SHOWS_DIR;
    errors.push(
      new ContentError(
        file,
        1,
        `expected a folder of shows (content/shows/<name>.yaml), found ${described(kind)}`,
        "put the shows' files themselves in content/shows/: the build reads only regular files, never through a link",
      ),
    );
    return { byName, errors, broken };
  }
  const entries = await readdir(folder, { withFileTypes: true });
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (entry.name.startsWith(".")) continue;
    const file = relative(root, join(folder, entry.name)) || entry.name;
    const name = entry.name.slice(0, -extname(entry.name).length || undefined);
    if (extname(entry.name) !== ".yaml" || !SLUG_PATTERN.test(name)) {
      errors.push(
        new ContentError(
          file,
          1,
          `expected a show as <name>.yaml, its name lower-case letters, digits and single hyphens (the show's URL), found ${JSON.stringify(entry.name)}`,
          "content/shows/ holds only shows: put media in content/media/",
        ),
      );
      continue;
    }
    try {
      // Read by the one rule for content/, from content/ itself: shows/ may not be a link either.
      const yaml = await readText(dir, join(SHOWS_DIR, entry.name), file);
      const show = ShowSchema.parse(await parseShow(yaml, file, name, library, defaults));
      byName.set(name, show);
    } catch (error) {
      if (!(error instanceof ContentError)) throw error;
      errors.push(error);
      broken.add(name);
    }
  }
  return { byName, errors, broken };
}

/**
 * The collection's version: a digest of its JSON, `JSON.stringify(articles)`, or with icons
 * `JSON.stringify({ articles, icons })` (so a site without icons keeps the version it had). Hashed a piece
 * at a time, the same bytes: as one string, a million short articles pass V8's longest string (2^29 − 24
 * characters) and the build failed with "RangeError: Invalid string length".
 */
export function collectionVersion(articles: readonly Article[], icons?: Icons, shows: readonly Show[] = []): string {
  const hash = createHash("sha256");
  hash.update(icons ? '{"articles":[' : "[");
  articles.forEach((article, i) => {
    if (i > 0) hash.update(",");
    hash.update(articleJson(article));
  });
  hash.update(icons ? `],"icons":${JSON.stringify(icons)}}` : "]");
  // Only a site with shows hashes them: one without keeps the version it had.
  if (shows.length > 0) hash.update(`shows:${JSON.stringify(shows)}`);
  return hash.digest("hex").slice(0, 16);
}

/** SITE_ICON and SITE_FAVICON, each on its own: one not set is the built-in SVG icon (none: no icons at all). */
async function loadIcons(refs: IconRefs | undefined, library: MediaLibrary): Promise<Icons | undefined> {
  if (!refs?.icon && !refs?.favicon) return undefined;
  const read = async (use: "icon" | "favicon", ref: { ref: string; place: Place }) => {
    const { kind: _, ...fact } = await library.local(ref.ref, ref.place, use);
    return fact;
  };
  const icons: Icons = {};
  if (refs.icon) {
    const big = await read("icon", refs.icon);
    icons.icon = { ...big, width: big.width!, height: big.height! };
  }
  if (refs.favicon) icons.favicon = await read("favicon", refs.favicon);
  return icons;
}

/** A sidecar belongs beside a wire story of the same name. */
function orphan(dir: string, name: string, root: string, names: readonly string[]): ContentError | null {
  const slug = name.slice(0, -SIDECAR.length);
  if (names.includes(`${slug}.txt`)) return null;
  const file = relative(root, join(dir, name)) || name;
  return new ContentError(
    file,
    1,
    `expected a wire story ${slug}.txt beside this sidecar, found ${names.includes(`${slug}.md`) ? `${slug}.md` : "none"}`,
    names.includes(`${slug}.md`)
      ? "a Markdown article takes image: and attachments: in its front matter"
      : "rename it after the story it belongs to",
  );
}

const READ_BATCH = 256;

/** Where a content file in `dir` is, named as errors name it (from `root`) and as ./inputs.ts keys its digest. */
interface Places {
  file(name: string): string;
  path(name: string): string;
}

/**
 * Places in `dir`, the folder's part made once: path.relative, join and resolve for each of 100,000 files
 * took a tenth of a build that reads none of them. `name` is one readdir gave: no separator, not "." or "..".
 */
function placesIn(dir: string, root: string): Places {
  const shown = relative(root, dir);
  const absolute = resolve(dir);
  const under = absolute.endsWith(sep) ? absolute : absolute + sep;
  return {
    file: (name) => (shown === "" ? name : shown + sep + name),
    path: (name) => under + name,
  };
}

/** One content file as an article, null for a draft, or the ContentError that explains why not. */
async function loadArticle(
  dir: string,
  name: string,
  places: Places,
  options: ParseOptions & { media: MediaLibrary },
  sidecars: ReadonlySet<string>,
  cached?: { cache: BuildCache; settings: string; files?: ReadonlyMap<string, string> },
): Promise<Article | ContentError | null> {
  const file = places.file(name);
  const ext = extname(name);
  const parse = PARSERS[ext];
  if (!parse) {
    return new ContentError(
      file,
      1,
      `expected a .txt (wire) or .md (Markdown) file, or a wire story's .yaml sidecar, found ${JSON.stringify(ext || name)}`,
      "move other files out of content/ (media go in a folder such as content/media/)",
    );
  }
  const slug = name.slice(0, -ext.length);
  if (!SLUG_PATTERN.test(slug)) {
    return new ContentError(
      file,
      1,
      `expected a file name made of lower-case letters, digits and single hyphens (it is the article's URL slug), found ${JSON.stringify(slug)}`,
      `rename it, for example to ${JSON.stringify(suggestSlug(slug) + ext)}`,
    );
  }
  try {
    const sidecar = `${slug}${SIDECAR}`;
    const withSidecar = ext === ".txt" && sidecars.has(sidecar);
    // A story with a sidecar reads media, whose files may change without it: parsed each time. One the
    // inputs' hash read (a regular file, ./inputs.ts) is known by its digest without being read again.
    const known = cached && !withSidecar ? cached.files?.get(places.path(name)) : undefined;
    const keyOf = (own: string) => digest(cached!.settings, file, own);
    if (known !== undefined) {
      const article = cached!.cache.article(keyOf(known));
      if (article !== undefined) return article;
    }
    const bytes = await readBytes(dir, name, file);
    const key = cached && !withSidecar ? keyOf(createHash("sha256").update(bytes).digest("hex")) : undefined;
    if (key !== undefined) {
      const article = cached!.cache.article(key);
      if (article !== undefined) return article;
    }
    let readsMedia = false;
    const library = options.media;
    const watched = {
      local: (...args: Parameters<MediaLibrary["local"]>) => {
        readsMedia = true;
        return library.local(...args);
      },
      unpublished: () => {
        readsMedia = true;
        return library.unpublished();
      },
      episodeFile: (...args: Parameters<MediaLibrary["episodeFile"]>) => {
        readsMedia = true;
        return library.episodeFile(...args);
      },
    };
    const article = await parse(decodeUtf8(bytes, file), file, slug, { ...options, media: watched });
    if (article && withSidecar) {
      const sidecarFile = places.file(sidecar);
      const yaml = await readText(dir, sidecar, sidecarFile);
      Object.assign(article, await mediaOf(readSidecar(yaml, sidecarFile), sidecarFile, options.media, options.shows));
    }
    const result = article && checked(article);
    if (key !== undefined && !readsMedia) cached!.cache.keepArticle(key, result);
    return result;
  } catch (error) {
    if (error instanceof ContentError) return error;
    throw error;
  }
}

/**
 * Newest first; equal dates are ordered by slug so the order never depends on the file system. Each date is
 * parsed once: parsed in the comparison, sorting 100,000 articles took half a second, 0.14 s this way.
 */
function sortNewestFirst(articles: Article[]): void {
  const time = new Map(articles.map((a) => [a, Date.parse(a.published)]));
  articles.sort((a, b) => time.get(b)! - time.get(a)! || (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0));
}

/** A parser bug, not a content mistake, if this fails: the model's schema is the contract. */
function checked(article: Article): Article {
  const result = ArticleSchema.safeParse(article);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new ContentError(article.file, 1, `field "${issue.path.join(".")}": ${issue.message}`);
  }
  return result.data;
}

function duplicates(articles: readonly Article[]): ContentError[] {
  const seen = { slug: new Map<string, Article>(), id: new Map<string, Article>() };
  const errors: ContentError[] = [];
  for (const article of articles) {
    for (const field of ["slug", "id"] as const) {
      const value = article[field];
      const first = seen[field].get(value);
      if (first) {
        errors.push(
          new ContentError(
            article.file,
            1,
            `expected a unique ${field}, found ${JSON.stringify(value)} already used by ${first.file}`,
            "give one of them another file name or id",
          ),
        );
      } else seen[field].set(value, article);
    }
  }
  return errors;
}

/**
 * A content file's text, read by the rule of ./content-files.ts and within ARTICLE_BYTES (a sidecar
 * too: it holds less); a ContentError at its line 1 when it may not be read.
 */
async function readText(dir: string, name: string, file: string): Promise<string> {
  return decodeUtf8(await readBytes(dir, name, file), file);
}

async function readBytes(dir: string, name: string, file: string): Promise<Uint8Array> {
  try {
    return await readContentFile(dir, name, ARTICLE_BYTES);
  } catch (error) {
    if (error instanceof Refused) {
      throw new ContentError(file, 1, `expected ${error.expected}, found ${error.found}`, error.hint);
    }
    if (error instanceof TooLarge) {
      const sidecar = extname(name) === SIDECAR;
      throw new ContentError(
        file,
        1,
        `expected ${sidecar ? "a sidecar" : "an article"} of at most ${mib(error.limit)} (${bytes(error.limit)} bytes), found ${bytes(error.size)} bytes`,
        sidecar
          ? "a sidecar holds only image:, image_alt:, image_caption: and attachments:"
          : "split it into several articles; 1 MiB is about 150,000 words",
      );
    }
    throw error;
  }
}

function decodeUtf8(bytes: Uint8Array, file: string): string {
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    // Point at the line of the first byte that is not UTF-8 (the decoder's U+FFFD stands in for it).
    const lenient = new TextDecoder("utf-8").decode(bytes);
    const line = lenient.slice(0, lenient.indexOf("\uFFFD")).split("\n").length;
    throw new ContentError(
      file,
      line,
      "expected UTF-8 text, found bytes that are not UTF-8",
      "re-save the file as UTF-8",
    );
  }
}

function suggestSlug(name: string): string {
  return (
    name
      .normalize("NFKD")
      .replace(/[^\w\s-]/g, "")
      .trim()
      .toLowerCase()
      .replace(/[\s_-]+/g, "-")
      .replace(/^-|-$/g, "") || "article"
  );
}
