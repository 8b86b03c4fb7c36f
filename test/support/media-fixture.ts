// The media collection (test/fixtures/media/): a Markdown article with a local 1200×630 PNG, an MP3,
// a remote PDF and an image in its body; one with a remote lead image; a wire story with a sidecar
// image; and the site's icons, as wrangler.toml would name them.
import { renderSite } from "../../src/build/render";
import { collectionFrom, ROOT, siteVars } from "./feed-fixtures";

export const MEDIA_DIR = `${ROOT}test/fixtures/media`;

export const ICONS = {
  icon: { ref: "media/icon-512.png", place: { file: "wrangler.toml", line: 1, field: "SITE_ICON" } },
  favicon: { ref: "media/favicon-64.png", place: { file: "wrangler.toml", line: 1, field: "SITE_FAVICON" } },
};

export async function mediaCollection() {
  return collectionFrom(MEDIA_DIR, ICONS);
}

export async function mediaSite() {
  const { SITE_URL: _open, ...vars } = siteVars();
  return { site: await renderSite(await mediaCollection(), vars, { now: Date.parse("2026-07-01T00:00:00Z") }), vars };
}
