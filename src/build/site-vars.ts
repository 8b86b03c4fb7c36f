// The site's configuration as the build reads it: wrangler.toml [vars], the same place the Worker reads
// its config, checked once against the schema (src/shared/config.ts).
import { readFile } from "node:fs/promises";
import { parse } from "smol-toml";
import { type BundledVars, checkSiteConfig, type SiteConfig } from "../shared/config";
import { ConfigError } from "../shared/config-values";
import type { IconRefs } from "./collection";

export interface BuildConfig {
  config: SiteConfig;
  /** The [vars] the Worker reads from its script (CurrentBundle.vars), as written. */
  bundle: BundledVars;
  /** SITE_ICON and SITE_FAVICON (paths under content/; unset = the built-in icon), with where each was written. */
  icons: IconRefs;
}

/**
 * wrangler.toml [vars], with what `npm start -- --var NAME:VALUE` gave (EDGEFEED_VARS, set by ./start.ts)
 * as `wrangler dev` itself applies them, checked. A mistake is named where it was written: `<file> [vars]
 * NAME`, or `--var NAME` (a ConfigError listing every one).
 */
export async function readSiteConfig(wranglerToml: string): Promise<BuildConfig> {
  const text = await readFile(wranglerToml, "utf8");
  const table = parse(text).vars ?? {};
  if (typeof table !== "object" || Array.isArray(table) || table instanceof Date) {
    throw new ConfigError(`${wranglerToml}: expected [vars] to be a table of variables`);
  }
  const overrides = JSON.parse(process.env.EDGEFEED_VARS || "{}") as Record<string, unknown>;
  const vars: Record<string, unknown> = { ...table, ...overrides };
  const given = (name: string) => Object.hasOwn(overrides, name);
  const { config, bundle } = checkSiteConfig(vars, (name) =>
    given(name) ? `--var ${name}` : `${wranglerToml} [vars] ${name}`,
  );
  // The icons' own mistakes (not square, too small) are the media checks', at the line that names them.
  const place = (name: "SITE_ICON" | "SITE_FAVICON") =>
    given(name)
      ? { file: `--var ${name}`, line: 0, field: name }
      : {
          file: wranglerToml,
          line: text.split("\n").findIndex((l) => l.trimStart().startsWith(name)) + 1 || 1,
          field: name,
        };
  const icons: IconRefs = {};
  if (config.SITE_ICON) icons.icon = { ref: config.SITE_ICON, place: place("SITE_ICON") };
  if (config.SITE_FAVICON) icons.favicon = { ref: config.SITE_FAVICON, place: place("SITE_FAVICON") };
  return { config, bundle, icons };
}
