// The page shell: <head> metadata, feed autodiscovery, header and footer around a page's content.
import { raw } from "hono/html";
import type { Child } from "hono/jsx";
import { ICON, STYLESHEET } from "../routes/assets";
import type { Site } from "../site";

export interface FeedLinks {
  title: string;
  /** Site-relative prefix of the feed's URLs ("" for the site feed). */
  prefix: string;
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
  const all = [{ title: site.title, prefix: "" }, ...feeds];
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
          <link rel="stylesheet" href={STYLESHEET} />
          <link rel="icon" href={ICON} type="image/svg+xml" />
          {all.map((f) => (
            <>
              <link
                rel="alternate"
                type="application/rss+xml"
                title={`${f.title} (RSS)`}
                href={`${site.baseUrl}${f.prefix}/rss.xml`}
              />
              <link
                rel="alternate"
                type="application/atom+xml"
                title={`${f.title} (Atom)`}
                href={`${site.baseUrl}${f.prefix}/atom.xml`}
              />
              <link
                rel="alternate"
                type="application/feed+json"
                title={`${f.title} (JSON Feed)`}
                href={`${site.baseUrl}${f.prefix}/feed.json`}
              />
            </>
          ))}
          {head}
        </head>
        <body>
          <a class="skip" href="#main">
            Skip to content
          </a>
          <header class="site">
            <a href="/" class="brand">
              {site.title}
            </a>
            <nav aria-label="Site">
              <a href="/tags">Tags</a>
              <a href="/rss.xml">RSS</a>
            </nav>
          </header>
          <main id="main">{children}</main>
          <footer class="site">
            <p>
              {site.title} · Subscribe: <a href="/rss.xml">RSS</a> · <a href="/atom.xml">Atom</a> ·{" "}
              <a href="/feed.json">JSON Feed</a>
            </p>
          </footer>
        </body>
      </html>
    </>
  );
}
