// `npm start [-- <wrangler dev arguments>]`: builds, puts the store into the local KV when STORE = "kv",
// and serves on http://127.0.0.1:8787 with the scheduled handler on /__scheduled. A `--var NAME:VALUE`
// reaches the build as well as `wrangler dev`: every page and feed is rendered at build time, so a
// variable given only to the Worker would change nothing but SITE_URL.
import { spawn } from "node:child_process";

const args = process.argv.slice(2);
const overrides: Record<string, string> = {};
for (let i = 0; i < args.length; i++) {
  if (args[i] !== "--var") continue;
  // wrangler takes one or more NAME:VALUE after --var.
  for (let j = i + 1; j < args.length && !args[j]!.startsWith("--"); j++) {
    const [name = "", ...value] = args[j]!.split(":");
    overrides[name] = value.join(":");
  }
}
const env = {
  ...process.env,
  EDGEFEED_VARS: JSON.stringify(overrides),
  CLOUDFLARE_CF_FETCH_ENABLED: "false",
  WRANGLER_SEND_METRICS: "false",
};

function run(command: string, argv: string[]): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, argv, { env, stdio: "inherit" });
    child.on("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

const steps: [string, string[]][] = [
  ["npm", ["run", "--silent", "build:content"]],
  ["npx", ["tsx", "src/build/upload.ts", "--local"]],
  ["npx", ["wrangler", "dev", "--ip", "127.0.0.1", "--port", "8787", "--test-scheduled", ...args]],
];
for (const [command, argv] of steps) {
  const code = await run(command, argv);
  if (code !== 0) process.exit(code);
}
