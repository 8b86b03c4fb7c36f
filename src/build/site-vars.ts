// The build reads the site's time zone from wrangler.toml [vars], the same place the Worker reads its config.
import { readFile } from "node:fs/promises";
import { parse } from "smol-toml";
import { isTimeZone } from "../content/dates";
import type { SiteVars } from "../site";
import type { IconRefs } from "./collection";
import { ContentError } from "./errors";

/**
 * wrangler.toml [vars], with what `npm start -- --var NAME:VALUE` gave (EDGEFEED_VARS, set by ./start.ts),
 * as `wrangler dev` itself applies them.
 */
async function tomlVars(wranglerToml: string): Promise<Record<string, unknown>> {
  const config = parse(await readFile(wranglerToml, "utf8"));
  const overrides: unknown = JSON.parse(process.env.EDGEFEED_VARS || "{}");
  return { ...((config.vars ?? {}) as Record<string, unknown>), ...(overrides as Record<string, unknown>) };
}

export async function siteTimeZone(wranglerToml: string): Promise<string> {
  const vars = await tomlVars(wranglerToml);
  const zone = vars.SITE_TIMEZONE ?? "UTC";
  if (typeof zone !== "string" || !isTimeZone(zone)) {
    const text = await readFile(wranglerToml, "utf8");
    const line = text.split("\n").findIndex((l) => l.trimStart().startsWith("SITE_TIMEZONE")) + 1;
    throw new ContentError(
      wranglerToml,
      line || 1,
      `SITE_TIMEZONE: expected an IANA time zone such as "UTC" or "Europe/Paris", found ${JSON.stringify(zone)}`,
    );
  }
  return zone;
}

/** STORE: where the documents outside the script live ("assets", the default, or "kv"). */
export async function storeMode(wranglerToml: string): Promise<string> {
  const store = (await tomlVars(wranglerToml)).STORE ?? "assets";
  return typeof store === "string" && store !== "" ? store : "assets";
}

/** SITE_ICON and SITE_FAVICON (paths under content/; empty = the built-in icon), with their lines for messages. */
export async function siteIcons(wranglerToml: string): Promise<IconRefs> {
  const vars = await tomlVars(wranglerToml);
  const text = await readFile(wranglerToml, "utf8");
  const refs: IconRefs = {};
  for (const [name, key] of [
    ["SITE_ICON", "icon"],
    ["SITE_FAVICON", "favicon"],
  ] as const) {
    const value = vars[name] ?? "";
    const line = text.split("\n").findIndex((l) => l.trimStart().startsWith(name)) + 1 || 1;
    if (typeof value !== "string") {
      throw new ContentError(
        wranglerToml,
        line,
        `[vars] ${name}: expected a path under content/, found ${JSON.stringify(value)}`,
      );
    }
    if (value.trim()) refs[key] = { ref: value.trim(), place: { file: wranglerToml, line, field: name } };
  }
  return refs;
}

/** The [vars] the documents are rendered with (every one but SITE_URL, which each request fills in). */
export async function siteVars(wranglerToml: string): Promise<Omit<SiteVars, "SITE_URL">> {
  const vars = await tomlVars(wranglerToml);
  const read = (name: keyof SiteVars): string => {
    const value = vars[name] ?? "";
    if (typeof value !== "string") {
      throw new ContentError(wranglerToml, 1, `[vars] ${name}: expected a string, found ${JSON.stringify(value)}`);
    }
    return value;
  };
  return {
    SITE_TITLE: read("SITE_TITLE"),
    SITE_DESCRIPTION: read("SITE_DESCRIPTION"),
    SITE_AUTHOR: read("SITE_AUTHOR"),
    SITE_LANGUAGE: read("SITE_LANGUAGE"),
    FEED_ID: read("FEED_ID"),
    PAGE_SIZE: read("PAGE_SIZE"),
    WEBSUB_HUBS: read("WEBSUB_HUBS"),
    FEED_MIN_POLL: read("FEED_MIN_POLL"),
    FEED_MAX_POLL: read("FEED_MAX_POLL"),
  };
}
