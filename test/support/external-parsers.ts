// Feed parsers that are not JavaScript, as readers in the field use them: Python's feedparser (the
// parser behind many readers and services) and Go's gofeed, both as Debian packages them.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { systemSuite } from "./system-suite";

const PYTHON = "/usr/bin/python3";
const GO = "/usr/bin/go";
/** Where Debian's golang-*-dev packages put their sources (GOPATH mode). */
const GOCODE = "/usr/share/gocode";
const GOFEED_MAIN = join(import.meta.dirname, "gofeed/main.go");

interface Tool {
  name: string;
  present: () => boolean;
  install: string;
}

export const FEEDPARSER: Tool = {
  name: "feedparser",
  present: () => existsSync(PYTHON) && spawnSync(PYTHON, ["-c", "import feedparser"]).status === 0,
  install: "apt-get install python3-feedparser",
};

export const GOFEED: Tool = {
  name: "gofeed",
  present: () => existsSync(GO) && existsSync(join(GOCODE, "src/github.com/mmcdole/gofeed")),
  install: "apt-get install golang-go golang-github-mmcdole-gofeed-dev",
};

export const PODCASTPARSER: Tool = {
  name: "podcastparser",
  present: () => existsSync(PYTHON) && spawnSync(PYTHON, ["-c", "import podcastparser"]).status === 0,
  install: "apt-get install python3-podcastparser",
};

/** A suite that reads feeds with these parsers (test/support/system-suite.ts). */
export function externalSuite(name: string, tools: readonly Tool[], body: () => void): void {
  const missing = tools.filter((tool) => !tool.present());
  const notice =
    missing.length === 0
      ? undefined
      : `${missing.map((t) => t.name).join(" and ")} missing: install with "${missing.map((t) => t.install).join(" && ")}"`;
  systemSuite(name, notice, body);
}

/** feedparser.parse() of a document, as JSON (dates as text). */
export function feedparser(document: string): FeedparserResult {
  const script =
    "import feedparser, json, sys\n" +
    "d = feedparser.parse(sys.stdin.buffer.read())\n" +
    // "enclosures" is computed from an entry's links on access, so it is asked for by name.
    "entries = [dict(e, enclosures=e.get('enclosures', [])) for e in d.entries]\n" +
    "json.dump({'bozo': d.bozo, 'version': d.version, 'feed': d.feed, 'entries': entries}, sys.stdout, default=str)\n";
  return JSON.parse(run(PYTHON, ["-c", script], document));
}

export interface FeedparserResult {
  bozo: boolean;
  version: string;
  feed: Record<string, unknown> & { image?: { href?: string; width?: number; height?: number } };
  entries: (Record<string, unknown> & {
    title: string;
    enclosures?: { href: string; length: string; type: string }[];
    media_thumbnail?: { url: string; width?: string; height?: string }[];
    media_content?: { url: string; type?: string; filesize?: string; medium?: string }[];
  })[];
}

/** gPodder's podcastparser.parse() of a podcast feed served at `url`, as JSON. */
export function podcastparser(document: string, url: string): PodcastparserResult {
  const script =
    "import io, json, podcastparser, sys\n" +
    "d = podcastparser.parse(sys.argv[1], io.BytesIO(sys.stdin.buffer.read()))\n" +
    "json.dump(d, sys.stdout, default=str)\n";
  return JSON.parse(run(PYTHON, ["-c", script, url], document));
}

export interface PodcastparserResult {
  title: string;
  description?: string;
  link?: string;
  cover_url?: string;
  type?: string;
  payment_url?: string;
  new_url?: string;
  episodes: {
    title: string;
    guid: string;
    link?: string;
    published: number;
    total_time: number;
    number?: number;
    season?: number;
    type?: string;
    enclosures: { url: string; file_size: number; mime_type: string }[];
    transcript_url?: string;
    chapters?: unknown[];
  }[];
}

let gofeedBinary: string | undefined;

/** gofeed's universal parse of a document ("feed") and its format parser's ("raw"), as JSON. */
export function gofeed(document: string): { feed: GofeedFeed; raw: Record<string, unknown> } {
  if (!gofeedBinary) {
    const source = readFileSync(GOFEED_MAIN);
    const hash = createHash("sha256").update(source).digest("hex").slice(0, 12);
    const binary = join(tmpdir(), `edgefeed-gofeed-${hash}`);
    if (!existsSync(binary)) {
      run(GO, ["build", "-o", binary, GOFEED_MAIN], "", {
        GO111MODULE: "off",
        GOPATH: GOCODE,
        GOCACHE: join(tmpdir(), "edgefeed-gocache"),
      });
    }
    gofeedBinary = binary;
  }
  return JSON.parse(run(gofeedBinary, [], document));
}

export interface GofeedFeed {
  feedType: string;
  image?: { url: string };
  items: {
    title: string;
    image?: { url: string };
    enclosures?: { url: string; length: string; type: string }[];
    extensions?: Record<string, Record<string, { attrs: Record<string, string> }[]>>;
  }[];
}

function run(command: string, args: string[], input: string, env: Record<string, string> = {}): string {
  const result = spawnSync(command, args, {
    input,
    encoding: "utf8",
    env: { ...process.env, ...env },
    maxBuffer: 64 << 20,
  });
  if (result.status !== 0) throw new Error(`${command} ${args[0] ?? ""} failed: ${result.stderr || result.error}`);
  return result.stdout;
}
