// What must hold before `npm run deploy` sends a Worker out, beyond what the build checks: settings that
// would leave a feature silently off in production. Each problem says what to set and where.
import { readFile } from "node:fs/promises";
import { parse } from "smol-toml";

interface WranglerConfig {
  vars?: Record<string, unknown>;
  durable_objects?: { bindings?: { name?: string }[] };
  services?: { binding?: string }[];
}

/** The problems of a wrangler.toml as deployed with `--var` overrides (none: ready). */
export function deployProblems(config: WranglerConfig, overrides: Record<string, string> = {}): string[] {
  const vars = { ...config.vars, ...overrides };
  const problems: string[] = [];
  const hubs = typeof vars.WEBSUB_HUBS === "string" ? vars.WEBSUB_HUBS.trim() : "";
  if (hubs) {
    // Pings name topics by their absolute address; in production nothing else can say what it is.
    if (!(typeof vars.SITE_URL === "string" && vars.SITE_URL.trim())) {
      problems.push(
        'wrangler.toml [vars] WEBSUB_HUBS is set but SITE_URL is empty: hubs are told each feed\'s absolute address; set SITE_URL = "https://your.domain" (or empty WEBSUB_HUBS)',
      );
    }
    if (!config.durable_objects?.bindings?.some((b) => b.name === "WEBSUB_LEDGER")) {
      problems.push(
        'wrangler.toml: WEBSUB_HUBS is set but the Durable Object binding "WEBSUB_LEDGER" is missing; it keeps the pings owed (see README, "Push (WebSub)")',
      );
    }
  }
  return problems;
}

/**
 * The problems of a site that is an actor (FEDIVERSE_HANDLE): deliveries name the site's absolute
 * address, and the fediverse Worker must be bound. `npm run deploy` refuses them; its dry run (the
 * first thing a newcomer runs, with wrangler.toml's own values) only says them.
 */
export function federationProblems(config: WranglerConfig, overrides: Record<string, string> = {}): string[] {
  const vars = { ...config.vars, ...overrides };
  const handle = typeof vars.FEDIVERSE_HANDLE === "string" ? vars.FEDIVERSE_HANDLE.trim() : "";
  if (!handle) return [];
  const problems: string[] = [];
  if (!(typeof vars.SITE_URL === "string" && vars.SITE_URL.trim())) {
    problems.push(
      `wrangler.toml [vars] FEDIVERSE_HANDLE is "${handle}" but SITE_URL is empty: activities name the site's absolute address; set SITE_URL = "https://your.domain" (or empty FEDIVERSE_HANDLE; see README, "Follow from the fediverse")`,
    );
  }
  if (!config.services?.some((s) => s.binding === "FEDERATION")) {
    problems.push(
      'wrangler.toml: FEDIVERSE_HANDLE is set but the service binding "FEDERATION" is missing; it reaches the fediverse Worker (see README, "Follow from the fediverse")',
    );
  }
  return problems;
}

export async function federationProblemsOf(wranglerToml: string, overrides: Record<string, string>) {
  return federationProblems(parse(await readFile(wranglerToml, "utf8")) as WranglerConfig, overrides);
}

export async function deployProblemsOf(wranglerToml: string, overrides: Record<string, string>): Promise<string[]> {
  return deployProblems(parse(await readFile(wranglerToml, "utf8")) as WranglerConfig, overrides);
}
