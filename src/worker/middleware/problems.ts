// Content with errors under `npm start`: the Worker keeps serving the last good build, and every page
// gets a banner naming each problem (file:line, what was expected). Never in production: only a build
// run by `npm start` writes problems instead of stopping (src/build/cli.ts), so the list a deployed
// script carries is empty and this middleware does nothing.
import type { MiddlewareHandler } from "hono";
import { CACHE } from "../../shared/http/cache-policy";
import { ProblemsBanner } from "../views/problems";

export function problemsBanner(problems: readonly string[]): MiddlewareHandler {
  if (problems.length === 0) return (_, next) => next();
  const banner = String(ProblemsBanner({ problems }));
  return async (c, next) => {
    await next();
    if (!c.res.headers.get("Content-Type")?.startsWith("text/html")) return;
    // Not the stored page any more: no validator or length for it, and no copy kept past the fix (set
    // on the response itself: hono carries its headers over to the one that replaces it).
    c.res.headers.delete("ETag");
    c.res.headers.delete("Content-Length");
    c.res.headers.set("Cache-Control", CACHE.none);
    // The runtime's own HTML parser places the banner first in <body>: the page is not edited as text.
    c.res = new HTMLRewriter()
      .on("body", { element: (body) => void body.prepend(banner, { html: true }) })
      .transform(c.res);
  };
}
