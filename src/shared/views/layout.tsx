// The page shell: <head> metadata, feed autodiscovery, header and footer around a page's content.
import { raw } from "hono/html";
import type { Child } from "hono/jsx";
import { FEED_FORMATS, type FeedPaths, FORMATS, paths } from "../addresses";
import { sitePath } from "../content/media";
import type { Site } from "../site";

export interface FeedLinks {
  title: string;
  /** Site-relative paths of the feed in each format. */
  paths: FeedPaths;
}

export interface LayoutProps {
  site: Site;
  title: string;
  description: string;
  /** Site-relative path of this page; none for an error page, which has no canonical address. */
  path?: string;
  /** Feeds to advertise for autodiscovery; the site feed always comes first. */
  feeds?: FeedLinks[];
  head?: Child;
  children: Child;
}

export function Layout({ site, title, description, path, feeds = [], head, children }: LayoutProps) {
  const all = [{ title: site.title, paths: paths.feeds("") }, ...feeds];
  // The doctype belongs to the shell, so every page (error pages too) renders in standards mode.
  return (
    <>
      {raw("<!DOCTYPE html>")}
      <html lang={site.language}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>{title}</title>
          <meta name="description" content={description} />
          {path === undefined ? null : <link rel="canonical" href={site.baseUrl + path} />}
          {site.stylesheet ? <link rel="stylesheet" href={site.stylesheet} /> : null}
          {site.icons?.favicon ? (
            <link rel="icon" href={sitePath(site.icons.favicon.url)} type={site.icons.favicon.type} />
          ) : (
            <link rel="icon" href={paths.icon} type="image/svg+xml" />
          )}
          {site.icons?.icon ? <link rel="apple-touch-icon" href={sitePath(site.icons.icon.url)} /> : null}
          {all.flatMap((f) =>
            FEED_FORMATS.map((format) => (
              <link
                rel="alternate"
                type={FORMATS[format].mediaType.split(";")[0]}
                title={`${f.title} (${FORMATS[format].label})`}
                href={site.baseUrl + f.paths[format]}
              />
            )),
          )}
          {head}
        </head>
        <body>
          <a class="skip" href="#main">
            Skip to content
          </a>
          <header class="site">
            <a href={paths.home} class="brand">
              {site.title}
            </a>
            <nav aria-label="Site">
              <a href={paths.tags}>Tags</a>
              <a href={paths.feed("", "rss")}>{FORMATS.rss.label}</a>
            </nav>
          </header>
          <main id="main">{children}</main>
          <footer class="site">
            <p>
              {site.title} · Subscribe:{" "}
              {FEED_FORMATS.map((format, i) => (
                <>
                  {i > 0 ? " · " : null}
                  <a href={paths.feed("", format)}>{FORMATS[format].label}</a>
                </>
              ))}
            </p>
          </footer>
        </body>
      </html>
    </>
  );
}
