// Every address the site serves and the feed formats: the one place a path, a feed's file name or its
// media type is written. Routes, views, feed documents and the security policy all take them from here.
export const FEED_FORMATS = ["rss", "atom", "json"] as const;
export type FeedFormat = (typeof FEED_FORMATS)[number];

export interface FormatInfo {
  /** The document's file name under a feed's prefix. */
  file: string;
  /** The media type it is served with to feed readers. */
  mediaType: string;
  /** What people call it. */
  label: string;
}

export const FORMATS: Record<FeedFormat, FormatInfo> = {
  rss: { file: "rss.xml", mediaType: "application/rss+xml; charset=utf-8", label: "RSS" },
  atom: { file: "atom.xml", mediaType: "application/atom+xml; charset=utf-8", label: "Atom" },
  json: { file: "feed.json", mediaType: "application/feed+json; charset=utf-8", label: "JSON Feed" },
};

/** The media type of every page, a feed's browser view among them. */
export const HTML_TYPE = "text/html; charset=utf-8";

/**
 * Media the site serves from content/ (src/build/media.ts), by the extension their served name takes
 * from the type their bytes show. `image` media are what a lead image, an icon and an image in a body
 * may be; Workers Static Assets serve those directly (wrangler.toml run_worker_first, which names the
 * same extensions), and the Worker serves the rest, which players seek in (byte ranges).
 */
export const MEDIA_TYPES = {
  png: { type: "image/png", kind: "image" },
  jpg: { type: "image/jpeg", kind: "image" },
  gif: { type: "image/gif", kind: "image" },
  webp: { type: "image/webp", kind: "image" },
  avif: { type: "image/avif", kind: "image" },
  mp3: { type: "audio/mpeg", kind: "audio" },
  m4a: { type: "audio/mp4", kind: "audio" },
  ogg: { type: "audio/ogg", kind: "audio" },
  opus: { type: "audio/opus", kind: "audio" },
  wav: { type: "audio/wav", kind: "audio" },
  flac: { type: "audio/flac", kind: "audio" },
  mp4: { type: "video/mp4", kind: "video" },
  webm: { type: "video/webm", kind: "video" },
  pdf: { type: "application/pdf", kind: "document" },
  epub: { type: "application/epub+zip", kind: "document" },
} as const satisfies Record<string, { type: string; kind: "image" | "audio" | "video" | "document" }>;
export type MediaExtension = keyof typeof MEDIA_TYPES;
export type MediaKind = (typeof MEDIA_TYPES)[MediaExtension]["kind"];

/** The kind of medium a MIME type is (a remote one's given type included), if the site knows it. */
export function mediaKind(type: string): MediaKind | undefined {
  const known = Object.values(MEDIA_TYPES).find((m) => m.type === type);
  if (known) return known.kind;
  const top = type.split("/")[0];
  return top === "image" || top === "audio" || top === "video" ? top : undefined;
}

/** Site-relative paths of one feed's documents in every format, under a prefix ("" = the site feed). */
export type FeedPaths = Record<FeedFormat, string>;

/** The format a feed file name stands for, if any. */
export function formatOfFile(file: string): FeedFormat | undefined {
  return FEED_FORMATS.find((format) => FORMATS[format].file === file);
}

/** A router pattern matching exactly the feed file names, for `/:file{…}` segments. */
export const FEED_FILE_PATTERN = `(?:${FEED_FORMATS.map((f) => FORMATS[f].file.replaceAll(".", "\\.")).join("|")})`;

/**
 * The alphabet of every path the site serves: "/", or segments of letters without case or lower-case
 * ones, digits, and ".", "-", "_" after the first character. Slugs, tags, media and asset names are
 * made of nothing else (src/shared/content/schema.ts SLUG_PATTERN and TAG_PATTERN, src/build/media.ts), and
 * the build refuses to store a document under a path outside it (src/build/render.ts). The store's
 * internal keys add a variant after " " or an epoch after "@" (src/shared/contract.ts), and its files
 * use "!" and "~": no path written in this alphabet can name one of them.
 */
const PUBLIC_PATH = /^(?:\/|(?:\/[\p{Ll}\p{Lo}\p{Nd}][\p{Ll}\p{Lo}\p{Nd}._-]*)+)$/u;

/** Whether a (decoded) request path is one the site could serve: the only paths that reach the store. */
export function isPublicPath(path: string): boolean {
  return PUBLIC_PATH.test(path);
}

/** The address /feed, which answers in the format the client prefers. */
export const NEGOTIATED_FEED = "/feed";

export const paths = {
  home: "/",
  tags: "/tags",
  /** The sitemap index (sitemaps.org), and the sitemaps it lists: articles, then list pages, in numbered files. */
  sitemap: "/sitemap.xml",
  sitemaps: "/sitemaps",
  sitemapFile: (kind: string, n: number) => `${paths.sitemaps}/${kind}-${n}.xml`,
  robots: "/robots.txt",
  /** Browsers and feed readers look for the icon by a fixed name. */
  icon: "/favicon.svg",
  article: (slug: string) => `/articles/${slug}`,
  /** A media file from content/, under its content-hashed name; `:name` for the router. */
  mediaDir: "/media",
  media: (name: string) => `${paths.mediaDir}/${name}`,
  /** A show's page (a podcast, content/shows/<name>.yaml), and the prefix of its feed. */
  show: (name: string) => `/shows/${name}`,
  /** A show's podcast feed: RSS 2.0 only, as podcast apps read it, with every episode. */
  showFeed: (name: string) => `/shows/${name}/${FORMATS.rss.file}`,
  /** A tag's page, and the prefix of its feeds. */
  tag: (tag: string) => `/tags/${tag}`,
  /** The first page of a list ("" = the home page, paths.tag(t) = a tag's): its newest articles. */
  list: (base: string) => base || "/",
  /**
   * Older page `n` of a list, numbered from the oldest as RFC 5005 numbers a feed's archives (page n holds
   * what archive n holds): a full page never changes when articles are added.
   */
  page: (base: string, n: number) => `${base}/page/${n}`,
  /** A feed document under a prefix ("" = the site feed, paths.tag(t) = a tag's). */
  feed: (prefix: string, format: FeedFormat) => `${prefix}/${FORMATS[format].file}`,
  feeds: (prefix: string): FeedPaths => ({
    rss: paths.feed(prefix, "rss"),
    atom: paths.feed(prefix, "atom"),
    json: paths.feed(prefix, "json"),
  }),
  /** The prefix of RFC 5005 archive document `n` (1 = oldest) of the feed under `prefix` (or a router parameter). */
  archive: (prefix: string, n: number | string) => `${prefix}/archive/${n}`,
};
