// The build reads the site's time zone from wrangler.toml [vars], the same place the Worker reads its config.
import { readFile } from "node:fs/promises";
import { parse } from "smol-toml";
import { isTimeZone } from "../content/dates";
import { ContentError } from "./errors";

export async function siteTimeZone(wranglerToml: string): Promise<string> {
  const config = parse(await readFile(wranglerToml, "utf8"));
  const vars = (config.vars ?? {}) as Record<string, unknown>;
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
