// Error responses: what was wrong with the request, in HTML for browsers and plain text otherwise,
// and never anything about the server's insides.
import type { Context } from "hono";
import { accepts } from "hono/accepts";
import { HTTPException } from "hono/http-exception";
import { CACHE } from "../shared/http/cache-policy";
import type { SiteEnv } from "./app-env";
import { ALLOWED_METHODS } from "./http/send";
import { ErrorPage } from "./views/error-page";

const ALLOW = ALLOWED_METHODS.join(", ");

// Browsers name text/html in Accept; feed readers, curl and scripts (any type) get plain text.
function wantsHtml(c: Context): boolean {
  return accepts(c, { header: "Accept", supports: ["text/html", "text/plain"], default: "text/plain" }) === "text/html";
}

function errorResponse<E extends SiteEnv>(
  c: Context<E>,
  status: 400 | 404 | 405 | 500,
  title: string,
  message: string,
  cacheControl: string,
): Response | Promise<Response> {
  c.header("Cache-Control", cacheControl);
  c.header("Vary", "Accept");
  if (status === 405) c.header("Allow", ALLOW);
  if (wantsHtml(c) && c.var.site) {
    return c.html(ErrorPage({ site: c.var.site, title, message }), status);
  }
  // One line, with no "Name:" prefix that could be mistaken for an exception's.
  return c.text(`${title} — ${message}\n`, status);
}

export function notFound<E extends SiteEnv>(c: Context<E>) {
  return errorResponse(c, 404, "Not Found", "There is no page at this address.", CACHE.error);
}

export function methodNotAllowed<E extends SiteEnv>(c: Context<E>) {
  return errorResponse(c, 405, "Method Not Allowed", `This resource answers ${ALLOW} only.`, CACHE.none);
}

export function onError<E extends SiteEnv>(error: Error, c: Context<E>) {
  if (error instanceof HTTPException && error.status === 400) {
    return errorResponse(c, 400, "Bad Request", error.message, CACHE.none);
  }
  if (error instanceof HTTPException && error.status === 405) return methodNotAllowed(c);
  // Details go to the log only: the response says nothing about the server's insides.
  console.error(error);
  return errorResponse(
    c,
    500,
    "Internal Server Error",
    "Something went wrong on our side. Please try again later.",
    CACHE.none,
  );
}
