// An article's media on its page: the lead image as a figure, and each attachment as a native player
// with a download link, or as a download link that says what it is.
import { MEDIA_TYPES, mediaKind } from "../addresses";
import type { ArticleImage, Attachment } from "../content/schema";

/** The lead image is the first thing on screen under the headline: loaded at once, never lazily. */
export function LeadImage({ image }: { image: ArticleImage }) {
  return (
    <figure class="lead">
      <img
        src={image.url}
        alt={image.alt}
        width={image.width}
        height={image.height}
        decoding="async"
        fetchpriority="high"
      />
      {image.caption ? <figcaption>{image.caption}</figcaption> : null}
    </figure>
  );
}

export function Attachments({ attachments }: { attachments: readonly Attachment[] }) {
  return (
    <section class="attachments" aria-labelledby="attachments">
      <h2 id="attachments">{attachments.length === 1 ? "Attachment" : "Attachments"}</h2>
      {attachments.map((a) => {
        const kind = mediaKind(a.type);
        const label = a.title ?? fileName(a.url);
        if (kind === "audio" || kind === "video") {
          const Player = kind;
          return (
            <figure class="attachment">
              <figcaption>
                {label}
                {a.duration ? <> · {duration(a.duration)}</> : null}
              </figcaption>
              <Player controls preload="metadata" src={a.url} />
              <p>
                <a href={a.url} type={a.type} download>
                  Download {label}
                </a>{" "}
                ({describe(a)})
              </p>
            </figure>
          );
        }
        // A document opens where the browser shows it (a PDF viewer); the link says what it is first.
        return (
          <p class="attachment">
            <a href={a.url} type={a.type}>
              {label}
            </a>{" "}
            ({describe(a)})
          </p>
        );
      })}
    </section>
  );
}

/** "MP3, 1.2 MB": the format people know it by and its size. */
export function describe(a: Pick<Attachment, "type" | "length">): string {
  const ext = Object.entries(MEDIA_TYPES).find(([, m]) => m.type === a.type)?.[0];
  return `${(ext ?? a.type.split("/")[1] ?? a.type).toUpperCase()}, ${readableSize(a.length)}`;
}

export function readableSize(bytes: number): string {
  if (bytes < 1000) return `${bytes} bytes`;
  const units = ["kB", "MB", "GB"];
  let value = bytes / 1000;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}

/** 754 → "12:34"; 3754 → "1:02:34". */
export function duration(seconds: number): string {
  const s = Math.round(seconds);
  const parts = [Math.floor(s / 3600), Math.floor((s % 3600) / 60), s % 60];
  const [, m, sec] = parts.map((n) => String(n).padStart(2, "0"));
  return parts[0] ? `${parts[0]}:${m}:${sec}` : `${parts[1]}:${sec}`;
}

function fileName(url: string): string {
  const last = new URL(url).pathname.split("/").pop() || url;
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}
