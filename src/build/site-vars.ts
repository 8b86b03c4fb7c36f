// The build reads the site's time zone from wrangler.toml [vars], the same place the Worker reads its config.
import { readFile } from "node:fs/promises";
import { parse } from "smol-toml";
import { isTimeZone } from "../content/dates";
import type { SiteVars } from "../site";
import type { IconRefs } from "./collection";
import { ContentError } from "./errors";

/**
 * wrangler.toml [vars], with what `npm start -- --var NAME:VALUE` gave (EDGEFEED_VARS, set by ./start.ts),
 * as `wrangler dev` itself applies them; and where each was written, for messages: its line in
 * wrangler.toml, or the --var (a place with no line: `--var SITE_ICON: …`).
 */
async function tomlVars(wranglerToml: string) {
  const text = await readFile(wranglerToml, "utf8");
  const config = parse(text);
  const overrides = JSON.parse(process.env.EDGEFEED_VARS || "{}") as Record<string, unknown>;
  const vars: Record<string, unknown> = { ...((config.vars ?? {}) as Record<string, unknown>), ...overrides };
  const place = (name: string) =>
    Object.hasOwn(overrides, name)
      ? { file: `--var ${name}`, line: 0 }
      : { file: wranglerToml, line: text.split("\n").findIndex((l) => l.trimStart().startsWith(name)) + 1 || 1 };
  return { vars, place };
}

export async function siteTimeZone(wranglerToml: string): Promise<string> {
  const { vars, place } = await tomlVars(wranglerToml);
  const zone = vars.SITE_TIMEZONE ?? "UTC";
  if (typeof zone !== "string" || !isTimeZone(zone)) {
    const { file, line } = place("SITE_TIMEZONE");
    throw new ContentError(
      file,
      line,
      `${line > 0 ? "SITE_TIMEZONE: " : ""}expected an IANA time zone such as "UTC" or "Europe/Paris", found ${JSON.stringify(zone)}`,
    );
  }
  return zone;
}

/** STORE: where the documents outside the script live ("assets", the default, or "kv"). */
export async function storeMode(wranglerToml: string): Promise<string> {
  const store = (await tomlVars(wranglerToml)).vars.STORE ?? "assets";
  return typeof store === "string" && store !== "" ? store : "assets";
}

/** SITE_ICON and SITE_FAVICON (paths under content/; empty = the built-in icon), with their lines for messages. */
export async function siteIcons(wranglerToml: string): Promise<IconRefs> {
  const { vars, place } = await tomlVars(wranglerToml);
  const refs: IconRefs = {};
  for (const [name, key] of [
    ["SITE_ICON", "icon"],
    ["SITE_FAVICON", "favicon"],
  ] as const) {
    const value = vars[name] ?? "";
    const { file, line } = place(name);
    if (typeof value !== "string") {
      throw new ContentError(
        file,
        line,
        `[vars] ${name}: expected a path under content/, found ${JSON.stringify(value)}`,
      );
    }
    if (value.trim()) refs[key] = { ref: value.trim(), place: { file, line, field: name } };
  }
  return refs;
}

/** The [vars] the documents are rendered with (every one but SITE_URL, which each request fills in). */
export async function siteVars(wranglerToml: string): Promise<Omit<SiteVars, "SITE_URL">> {
  const { vars, place } = await tomlVars(wranglerToml);
  const read = (name: keyof SiteVars): string => {
    const value = vars[name] ?? "";
    if (typeof value !== "string") {
      const { file, line } = place(name);
      throw new ContentError(file, line, `[vars] ${name}: expected a string, found ${JSON.stringify(value)}`);
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
