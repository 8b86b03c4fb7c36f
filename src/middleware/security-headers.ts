// Security headers for every response: a strict Content-Security-Policy, and HSTS over https only.
import type { MiddlewareHandler } from "hono";
import { secureHeaders as honoSecureHeaders } from "hono/secure-headers";

const policy = honoSecureHeaders({
  // Pages (feeds' browser views among them) load one same-origin stylesheet and the icon, nothing else:
  // no script (default-src 'none' covers it), no frames, no forms.
  contentSecurityPolicy: {
    defaultSrc: ["'none'"],
    styleSrc: ["'self'"],
    imgSrc: ["'self'"],
    baseUri: ["'none'"],
    formAction: ["'none'"],
    frameAncestors: ["'none'"],
  },
  permissionsPolicy: { camera: [], microphone: [], geolocation: [], payment: [], usb: [], browsingTopics: [] },
  referrerPolicy: "strict-origin-when-cross-origin",
  xFrameOptions: "DENY",
  // Public content: other sites' apps may read it (CORS), so it may also be embedded.
  crossOriginResourcePolicy: "cross-origin",
  // Set below, and only over https (RFC 6797 §7.2: browsers ignore it over http).
  strictTransportSecurity: false,
});

export function securityHeaders(): MiddlewareHandler {
  return async (c, next) => {
    await policy(c, next);
    if (c.req.url.startsWith("https:"))
      c.res.headers.set("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
  };
}
