// What `npm start` and `npm run deploy` run, as data: the steps each takes for the arguments a user gave
// after `--`. A user's flag always wins over the default it would clash with, and a dry run never reaches
// an unflagged `wrangler deploy` (npm appends `-- …` only to a script's last command, so a chain of
// commands in package.json cannot promise that).

export type Step = readonly [command: string, argv: readonly string[]];

/** Whether the arguments name a flag, as `--flag value` or `--flag=value`. */
export function hasFlag(args: readonly string[], flag: string): boolean {
  return args.some((arg) => arg === flag || arg.startsWith(`${flag}=`));
}

/** `--var NAME:VALUE …` as wrangler takes them (one or more pairs after each --var). */
export function varOverrides(args: readonly string[]): Record<string, string> {
  const overrides: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "--var") {
      for (let j = i + 1; j < args.length && !args[j]!.startsWith("--"); j++) {
        const [name = "", ...value] = args[j]!.split(":");
        overrides[name] = value.join(":");
      }
    } else if (args[i]!.startsWith("--var=")) {
      const [name = "", ...value] = args[i]!.slice("--var=".length).split(":");
      overrides[name] = value.join(":");
    }
  }
  return overrides;
}

/**
 * How Node runs the build (`npm run build:content`, wrangler.toml's [build] command, the tests' and `npm
 * run scale`'s builds: a test holds those to this), after `node`: bundled (./launch.mjs), and with a young
 * generation of 64 MB a half instead of 16: with the 100,000 articles of a large site held, V8 spent 1.5 s
 * of a 12 s incremental build collecting it, and these runs took 0.6–1.6 s less each (docs/performance.md).
 * A flag for the process: V8 sizes its heaps once, as it starts.
 */
export const BUILD_ARGV: readonly string[] = ["--max-semi-space-size=64", "src/build/launch.mjs"];

/** BUILD_ARGV as a command line. */
export const BUILD_COMMAND = ["node", ...BUILD_ARGV].join(" ");

/**
 * Set for the builds `wrangler dev` runs under `npm start`: content with errors keeps the last good build
 * serving, with the errors on its pages (src/build/cli.ts), instead of stopping the server's requests.
 */
export const DEV_SERVER = "EDGEFEED_DEV_SERVER";

/** Where `npm start` serves unless told otherwise. */
export const DEV_DEFAULTS: readonly (readonly [flag: string, value: string])[] = [
  ["--ip", "127.0.0.1"],
  ["--port", "8787"],
];

/** A flag's value, as `--flag value` or `--flag=value` (the last one given), if any. */
export function flagValue(args: readonly string[], flag: string): string | undefined {
  let value: string | undefined;
  args.forEach((arg, i) => {
    if (arg === flag) value = args[i + 1];
    else if (arg.startsWith(`${flag}=`)) value = arg.slice(flag.length + 1);
  });
  return value;
}

/**
 * The variable through which `npm start` tells the Worker where it serves: WebSub topics are announced
 * under it when SITE_URL is empty (src/worker/websub/publisher.ts). Nothing else sets it, so in production
 * an empty SITE_URL still stops pings.
 */
export const DEV_ORIGIN = "EDGEFEED_DEV_ORIGIN";

/** The fediverse Worker's config (src/federation/), which `npm start` runs beside the site's. */
export const FEDERATION_CONFIG = "src/federation/wrangler.toml";

/**
 * `npm start -- <wrangler dev arguments>`: build, fill the local KV (STORE = "kv"), make the fediverse
 * Worker's development key if there is none yet (./federation-keys.ts), and serve both Workers, the
 * site's first (it alone listens; the other is reached through its FEDERATION binding).
 */
export function startSteps(args: readonly string[]): Step[] {
  const defaults = DEV_DEFAULTS.filter(([flag]) => !hasFlag(args, flag)).flat();
  const value = (flag: string) => flagValue(args, flag) ?? DEV_DEFAULTS.find(([f]) => f === flag)?.[1];
  const host = value("--ip")!;
  const origin = `${flagValue(args, "--local-protocol") ?? "http"}://${host.includes(":") ? `[${host}]` : host}:${value("--port")}`;
  const local = DEV_ORIGIN in varOverrides(args) ? [] : ["--var", `${DEV_ORIGIN}:${origin}`];
  return [
    ["npm", ["run", "--silent", "build:content"]],
    ["npx", ["tsx", "src/build/upload.ts", "--local"]],
    ["npx", ["tsx", "src/build/federation-keys.ts", "--dev"]],
    ["npx", ["wrangler", "dev", ...configs(args), ...defaults, ...local, ...args]],
  ];
}

/** The site's config and the fediverse Worker's, unless the user names configs of their own. */
const configs = (args: readonly string[]) =>
  hasFlag(args, "-c") || hasFlag(args, "--config") ? [] : ["-c", "wrangler.toml", "-c", FEDERATION_CONFIG];

/**
 * `npm run deploy -- <wrangler deploy arguments>`: build, put new and changed documents into KV, deploy,
 * then delete the keys no longer written (after the new Worker is live, so the old one never misses a
 * document it links to). With `--dry-run`: build, say what would be uploaded to KV and as Static Assets,
 * and deploy nothing (`wrangler deploy --dry-run` into a scratch folder).
 */
export function deploySteps(args: readonly string[], scratch: string): Step[] {
  const build: Step = ["npm", ["run", "--silent", "build:content"]];
  if (hasFlag(args, "--dry-run")) {
    const outdir = hasFlag(args, "--outdir") ? [] : ["--outdir", scratch];
    return [
      build,
      ["npx", ["tsx", "src/build/upload.ts", "--dry-run"]],
      ["npx", ["wrangler", "deploy", ...outdir, ...args]],
    ];
  }
  return [
    build,
    ["npx", ["tsx", "src/build/upload.ts"]],
    ["npx", ["wrangler", "deploy", ...args]],
    ["npx", ["tsx", "src/build/upload.ts", "--prune"]],
  ];
}
