// How large and how deep the build lets content and its output get. Each bound says why it is where it
// is: far above what any real article or image needs, and below where the build, the platform or a
// reader's device would fail on it. Content from a pull request is hostile input (STYLE.md, 16).

const MiB = 1024 * 1024;

/**
 * An article file (.txt, .md) or a wire story's sidecar (.yaml): 1 MiB, about 150,000 words, several
 * times the longest feature a newspaper runs (10,000–20,000 words, 60–120 KB). It bounds what one file
 * can cost the build: a 50 MB article made a 259 MB script, and Markdown's parse time grows with size.
 */
export const ARTICLE_BYTES = MiB;

/**
 * A medium under content/: 25 MiB, the most Workers Static Assets serve per file ("Individual Static
 * Asset file size", https://developers.cloudflare.com/workers/platform/limits/), which is also KV's
 * largest value. A larger file would fail at deploy; here it is refused before it is read.
 */
export const MEDIA_BYTES = 25 * MiB;

/**
 * Levels of nesting in a Markdown body, counted apart for quotes and lists, for emphasis and links, and
 * for HTML elements written in the text. News text rarely nests past three or four; marked recurses once
 * per level and ran out of stack at about 1,000 (2,000 `>` in a 4 KB file), deep lists cost it time and
 * memory that grow faster than their size (800 levels: 5.5 s and 330 MB), and htmlparser2 (under
 * sanitize-html) slows with the square of its elements' depth. 32 is what markd (Dart) and ferromark
 * (Rust) allow a container nesting, for the same reasons.
 */
export const NESTING = 32;

/**
 * Times a quote may be taken up again (a ">" line) after a line without ">" that continued it. marked
 * reads the rest of the quote again each time, so its cost grows with their product: 1,000 of them in an
 * 800 KB quote took 8 s, 32 take 0.5 s. Text written as a quote marks every line, or at most each
 * paragraph's first.
 */
export const QUOTE_RESUMPTIONS = 32;

/**
 * An image's pixel size, as its file declares it and every output advertises it: at most 16,384 a side
 * (WebP's own limit is 16,383, and the largest texture most GPUs take is 16,384) and 64 megapixels in all
 * (256 MB once decoded at 4 bytes a pixel; a 61-megapixel camera's original fits). A header declaring
 * 100000×100000 is a forgery or a mistake, and a reader's device would try to allocate 40 GB for it.
 */
export const IMAGE_SIDE = 16_384;
export const IMAGE_PIXELS = 64_000_000;

/**
 * The Worker's script, uncompressed: 64 MiB on every plan ("Worker size",
 * https://developers.cloudflare.com/workers/platform/limits/; the former limits after compression, 3 MB
 * on Free and 10 MB on Paid, were removed: cloudflare/workers-sdk#14001). The current documents ride in
 * it; the code takes about 0.1 MiB, so they may take all but CODE_ROOM.
 */
export const SCRIPT_BYTES = 64 * MiB;
export const CODE_ROOM = MiB;

/** A byte count as a person reads it: "1,048,576". */
export const bytes = (n: number) => n.toLocaleString("en");

/** A limit in MiB as a person reads it: "1 MiB", "25 MiB". */
export const mib = (n: number) => `${Number((n / MiB).toFixed(1))} MiB`;
