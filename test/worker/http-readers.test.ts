// Real feed readers, libraries and crawlers get the feed itself: its own bytes and media type, never the
// HTML view that a browser's navigation gets. Several of them name text/html in Accept, and some send a
// browser's User-Agent, so neither header may pick the view; only Sec-Fetch-Dest/Mode do (one rule:
// isNavigation in src/worker/http/negotiation.ts, unit-tested in test/node/http/negotiation.test.ts).
import { describe, expect, it } from "vitest";
import { get, mediaType } from "./http-fixtures";

interface Reader {
  name: string;
  /** Where the headers come from: repository and file, or "knowledge" where not read from source. */
  source: string;
  headers: Record<string, string>;
}

/**
 * Each reader's request headers as its source writes them (versions, ids and counts in the values are
 * examples). Left out everywhere: Host, Connection and Content-Length, which the HTTP client frames the
 * request with (Miniflux's "Connection: close" among them), and conditional headers on a first fetch.
 */
const READERS: Reader[] = [
  {
    name: "NetNewsWire",
    // User-Agent: Mac/Resources/Info.plist "UserAgent", set as the session's only extra header in
    // Modules/RSWeb/Sources/RSWeb/DownloadSession.swift; Accept, Accept-Language and Accept-Encoding are
    // URLSession's own defaults (knowledge: CFNetwork adds them to every request).
    source: "Ranchero-Software/NetNewsWire Mac/Resources/Info.plist, Modules/RSWeb/Sources/RSWeb/DownloadSession.swift",
    headers: {
      "User-Agent": "NetNewsWire (RSS Reader; https://netnewswire.com/)",
      Accept: "*/*",
      "Accept-Language": "en-US,en;q=0.9",
      "Accept-Encoding": "gzip, deflate, br",
    },
  },
  {
    name: "NetNewsWire, for hosts that want a browser",
    // The .browser user-agent style in Downloader.swift: a WebKit User-Agent (UserAgent.browserUserAgent's
    // fallback value), from an app that sends no fetch metadata.
    source: "Ranchero-Software/NetNewsWire Modules/RSWeb/Sources/RSWeb/UserAgent.swift, Downloader.swift",
    headers: {
      "User-Agent":
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) NetNewsWire",
      Accept: "*/*",
      "Accept-Encoding": "gzip, deflate, br",
    },
  },
  {
    name: "Miniflux",
    // defaultAcceptHeader and Accept-Encoding in request_builder.go; defaultHTTPClientUserAgent in config.go.
    source: "miniflux/v2 internal/reader/fetcher/request_builder.go, internal/config/config.go",
    headers: {
      "User-Agent": "Mozilla/5.0 (compatible; Miniflux/2.2.6; +https://miniflux.app)",
      Accept:
        "application/xml, application/atom+xml, application/rss+xml, application/rdf+xml, application/feed+json, text/html, */*;q=0.9",
      "Accept-Encoding": "br, gzip",
    },
  },
  {
    name: "FreshRSS (an RSS or Atom feed, through SimplePie)",
    // FRESHRSS_USERAGENT in constants.php; SimplePie::DEFAULT_HTTP_ACCEPT_HEADER.
    source: "FreshRSS/FreshRSS constants.php, lib/simplepie/simplepie/src/SimplePie.php",
    headers: {
      "User-Agent": "FreshRSS/1.25.0 (Linux; https://freshrss.org)",
      Accept:
        "application/atom+xml, application/rss+xml, application/rdf+xml;q=0.9, application/xml;q=0.8, text/xml;q=0.8, text/html;q=0.7, unknown/unknown;q=0.1, application/unknown;q=0.1, */*;q=0.1",
    },
  },
  {
    name: "FreshRSS (a JSON feed, through httpGet)",
    // httpGet's Accept for type "json" in lib/lib_rss.php; CURLOPT_ENCODING '' asks for every coding curl has.
    source: "FreshRSS/FreshRSS lib/lib_rss.php, app/Models/Feed.php (loadJson)",
    headers: {
      "User-Agent": "FreshRSS/1.25.0 (Linux; https://freshrss.org)",
      Accept: "application/json,application/feed+json,application/javascript;q=0.9,text/javascript;q=0.8,*/*;q=0.7",
      "Accept-Encoding": "deflate, gzip, br, zstd",
    },
  },
  {
    name: "FreshRSS (a page scraped by XPath: a browser's Accept)",
    // httpGet's Accept for type "html", which an HTML+XPath feed fetches with.
    source: "FreshRSS/FreshRSS lib/lib_rss.php, app/Models/Feed.php (loadHtmlXpath)",
    headers: {
      "User-Agent": "FreshRSS/1.25.0 (Linux; https://freshrss.org)",
      Accept: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
      "Accept-Encoding": "deflate, gzip, br, zstd",
    },
  },
  {
    name: "Feedbin",
    // The crawler's user_agent; feedkit's headers: Accept-Encoding only (http.rb adds no Accept).
    source: "feedbin/crawler app/jobs/feed_downloader.rb, feedbin/feedkit lib/feedkit/request.rb",
    headers: {
      "User-Agent": "Feedbin feed-id:1234 - 12 subscribers",
      "Accept-Encoding": "gzip, deflate",
    },
  },
  {
    name: "NewsBlur",
    // Feed.user_agent (with Feed.permalink and fake_user_agent, quotes included) and Feed.fetch_headers.
    source: "samuelclay/NewsBlur apps/rss_feeds/models.py",
    headers: {
      "User-Agent":
        'NewsBlur Feed Fetcher - 12 subscribers - https://www.newsblur.com/site/1234/edgefeed ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/14.0.1 Safari/605.1.15")',
      Accept: "application/atom+xml, application/rss+xml, application/xml;q=0.8, text/xml;q=0.6, */*;q=0.2",
      "Accept-Encoding": "gzip, deflate",
    },
  },
  {
    name: "Thunderbird",
    // Feed.download(): an XMLHttpRequest with FeedUtils.REQUEST_ACCEPT and a start-of-century
    // If-Modified-Since on the first fetch. The User-Agent is Gecko's own (knowledge).
    source:
      "mozilla/releases-comm-central mailnews/extensions/newsblog/Feed.sys.mjs, mailnews/extensions/newsblog/FeedUtils.sys.mjs",
    headers: {
      "User-Agent": "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Thunderbird/128.5.0",
      Accept:
        "application/atom+xml,application/rss+xml;q=0.9,application/rdf+xml;q=0.8,application/xml;q=0.7,text/xml;q=0.7,*/*;q=0.1",
      "Accept-Language": "en-US,en;q=0.5",
      "Accept-Encoding": "gzip, deflate, br, zstd",
      "If-Modified-Since": "Sat, 01 Jan 2000 00:00:00 GMT",
    },
  },
  {
    name: "feedparser (Python)",
    // USER_AGENT in __init__.py; _build_urllib2_request in http.py: Accept-encoding, ACCEPT_HEADER, A-IM.
    source: "kurtmckee/feedparser feedparser/__init__.py, feedparser/http.py",
    headers: {
      "User-Agent": "feedparser/6.0.11 +https://github.com/kurtmckee/feedparser/",
      "Accept-Encoding": "gzip, deflate",
      Accept:
        "application/atom+xml,application/rdf+xml,application/rss+xml,application/x-netcdf,application/xml;q=0.9,text/xml;q=0.2,*/*;q=0.1",
      "A-IM": "feed",
    },
  },
  {
    name: "rss-parser (Node)",
    // DEFAULT_HEADERS in lib/parser.js: it asks for RSS whatever the address, and must get the feed there.
    source: "rbren/rss-parser lib/parser.js",
    headers: { "User-Agent": "rss-parser", Accept: "application/rss+xml" },
  },
  {
    name: "Node.js fetch() (undici), as scripts and many JavaScript readers call it",
    // Observed, not read from source: Node 20.20 and 24.21 fetch() echoed by a local server. It sends
    // Sec-Fetch-Mode: cors on every request, over whatever the caller sets.
    source: "observed (Node 20.20.2 and 24.21.0, alike)",
    headers: {
      "User-Agent": "node",
      Accept: "*/*",
      "Accept-Language": "*",
      "Accept-Encoding": "gzip, deflate",
      "Sec-Fetch-Mode": "cors",
    },
  },
  {
    name: "Googlebot",
    // A crawler that asks for HTML first (knowledge: Google's documented crawler User-Agent, and the
    // Accept its fetches carry). Search engines index the site's pages, not a feed's view.
    source: "knowledge",
    headers: {
      "User-Agent": "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
      Accept: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
      "Accept-Encoding": "gzip, deflate, br",
    },
  },
  {
    name: "curl with a browser's Accept and User-Agent, no Sec-Fetch-*",
    // Chromium's navigation Accept and User-Agent, copied into a command line (knowledge).
    source: "knowledge",
    headers: {
      "User-Agent":
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36",
      Accept:
        "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7",
      "Accept-Language": "en-US,en;q=0.9",
    },
  },
  {
    name: "a web app's fetch() in a browser",
    // What a page's own fetch() carries (Fetch Metadata: destination "" is sent as "empty"), e.g. a
    // reader that runs in a browser tab and reads feeds through CORS.
    source: "knowledge",
    headers: {
      "User-Agent":
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36",
      Accept: "*/*",
      Origin: "https://reader.example",
      "Sec-Fetch-Dest": "empty",
      "Sec-Fetch-Mode": "cors",
      "Sec-Fetch-Site": "cross-site",
    },
  },
];

const FEEDS = [
  { path: "/rss.xml", type: "application/rss+xml", opens: "<?xml" },
  { path: "/atom.xml", type: "application/atom+xml", opens: "<?xml" },
  { path: "/feed.json", type: "application/feed+json", opens: "{" },
  { path: "/tags/mexico/rss.xml", type: "application/rss+xml", opens: "<?xml" },
];

describe.each(READERS)("$name", ({ headers }) => {
  it.each(FEEDS)("gets $path itself: its own media type and bytes", async ({ path, type, opens }) => {
    const res = await get(path, headers);
    expect(res.status).toBe(200);
    expect(mediaType(res)).toBe(type);
    const body = await res.text();
    expect(body.startsWith(opens)).toBe(true);
    expect(body).toBe(await (await get(path)).text());
  });

  it("gets a feed document at /feed, whichever format its Accept prefers", async () => {
    const res = await get("/feed", headers);
    expect(res.status).toBe(200);
    expect(FEEDS.map((f) => f.type)).toContain(mediaType(res));
    expect(await res.text()).not.toMatch(/<html|<!DOCTYPE/i);
  });
});
