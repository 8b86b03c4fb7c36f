// Security headers where they act: every policy a browser applies to a document on the documents it
// renders, only nosniff (and, for assets, their cross-origin embedding) on what it does not, and none
// on a 304, whose cache keeps the stored response's (RFC 9111 §4.3.4). Each header says why it is
// there; OWASP Secure Headers Project and MDN name what each one does.
import type { Context, MiddlewareHandler } from "hono";
import { secureHeaders as honoSecureHeaders } from "hono/secure-headers";
import type { MediaSources } from "../../shared/contract";

/** Off everywhere: hono's defaults that no current browser acts on. */
const OBSOLETE = {
  // Controlled XSS filters that browsers have dropped (OWASP: deprecated; Chromium removed its in
  // version 78, Firefox never had one), and "0" only ever switched them off.
  xXssProtection: false,
  // Internet Explorer 8's "open" button for downloads.
  xDownloadOptions: false,
  // Policy files for Flash and Acrobat plug-ins that no browser loads any more; the site has no crossdomain.xml.
  xPermittedCrossDomainPolicies: false,
  // Chromium and Firefox do not prefetch the DNS of links on an https page unless told "on" (MDN), so "off" changes nothing.
  xDnsPrefetchControl: false,
  // Set below, and only over https (RFC 6797 §7.2: browsers ignore it over http).
  strictTransportSecurity: false,
} as const;

/** Off unless a kind of response turns it on. */
const NONE = {
  ...OBSOLETE,
  crossOriginResourcePolicy: false,
  crossOriginOpenerPolicy: false,
  originAgentCluster: false,
  referrerPolicy: false,
  xFrameOptions: false,
} as const;

/** Pages (feeds' browser views among them), error pages for browsers, and XML a browser renders (the sitemap). */
const documentPolicy = (media: MediaSources) =>
  honoSecureHeaders({
    ...OBSOLETE,
    // Pages load one same-origin stylesheet, the icon, and the content's images and players' media from
    // exactly the origins the content uses (src/shared/content/media.ts), nothing else: no script (default-src
    // 'none' covers it), no frames, no forms.
    contentSecurityPolicy: {
      defaultSrc: ["'none'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", ...media.img],
      ...(media.media.length > 0 ? { mediaSrc: media.media } : {}),
      baseUri: ["'none'"],
      formAction: ["'none'"],
      // No framing, so no clickjacking.
      frameAncestors: ["'none'"],
    },
    // No page uses these powers; a page that cannot ask for them cannot be tricked into asking.
    permissionsPolicy: { camera: [], microphone: [], geolocation: [], payment: [], usb: [], browsingTopics: [] },
    // Links to other sites send only the origin, never the path (the engines' default, stated for older ones).
    referrerPolicy: "strict-origin-when-cross-origin",
    // frame-ancestors' predecessor: engines with CSP Level 2 ignore it when frame-ancestors is there
    // (CSP 3 §6.4.2), older web views still act on it.
    xFrameOptions: "DENY",
    // Public content: other sites' apps may read it (CORS), so it may also be embedded.
    crossOriginResourcePolicy: "cross-origin",
    // A window this page opens, or that opens it, gets no handle on it (Spectre, tabnabbing).
    crossOriginOpenerPolicy: "same-origin",
    // Chromium keeps the page in a process of its own origin rather than of its site.
    originAgentCluster: "?1",
    // Browsers must take the declared type, never sniff one (a text error never runs as HTML).
    xContentTypeOptions: "nosniff",
  });

/** Files pages load: the stylesheet and the icon (which a web reader may show from its own page). */
const assets = honoSecureHeaders({
  ...NONE,
  // A cross-origin-isolated page (COEP require-corp) may embed them, as any other page may.
  crossOriginResourcePolicy: "cross-origin",
  // Chromium and Firefox refuse a stylesheet with nosniff unless it is text/css: no file becomes another.
  xContentTypeOptions: "nosniff",
});

/** Feeds as readers get them, JSON Feed, plain-text errors and robots.txt: read by programs, shown as text at most. */
const data = honoSecureHeaders({
  ...NONE,
  // Nothing here may be sniffed into HTML and run (a feed item or an error message quoting the request).
  xContentTypeOptions: "nosniff",
});

/** Media types of what a browser renders as a document, and of the files documents load. */
const DOCUMENT_TYPES = new Set(["text/html", "application/xml"]);
const ASSET_TYPES = new Set(["text/css", "image/svg+xml"]);
/** Media a page embeds (src/worker/media.ts): files, like the stylesheet. */
const isMediaType = (type: string) => /^(?:image|audio|video)\//.test(type) || type === "application/pdf";

/** Which policy a response gets, by what a browser does with it. */
function kindOf(c: Context): "document" | "asset" | "data" | undefined {
  // A 304 updates a stored response, which keeps every header the 304 leaves out (RFC 9111 §4.3.4).
  if (c.res.status === 304) return undefined;
  const type = c.res.headers.get("Content-Type")?.split(";")[0]?.trim().toLowerCase();
  // No body type (a preflight's 204): nothing for a browser to render or embed.
  if (type === undefined) return undefined;
  if (DOCUMENT_TYPES.has(type)) return "document";
  return ASSET_TYPES.has(type) || isMediaType(type) ? "asset" : "data";
}

const settled = async () => {};

/**
 * `media`: where the content's images and media come from (none: the site's own images only), or how to
 * tell for a request: the Worker allows only the sources of the articles out at the request's moment,
 * so a page's policy never names where a scheduled article's images live before its time.
 */
export function securityHeaders(
  media: MediaSources | ((c: Context) => MediaSources) = { img: [], media: [] },
): MiddlewareHandler {
  // One policy per set of sources (an epoch's), made once.
  const documents = new WeakMap<MediaSources, MiddlewareHandler>();
  const documentsFor = (sources: MediaSources) => {
    let policy = documents.get(sources);
    if (!policy) {
      policy = documentPolicy(sources);
      documents.set(sources, policy);
    }
    return policy;
  };
  return async (c, next) => {
    await next();
    // Which headers apply depends on the response: hono's middleware is run once it exists.
    const kind = kindOf(c);
    if (!kind) return;
    if (kind === "asset" || kind === "data") return void (await (kind === "asset" ? assets : data)(c, settled));
    await documentsFor(typeof media === "function" ? media(c) : media)(c, settled);
    // Browsers act on HSTS from any https response; documents are where they navigate (RFC 6797 §8.1).
    if (c.req.url.startsWith("https:"))
      c.res.headers.set("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
  };
}
