// Runs commands one after another, as a user's shell would, stopping at the first that fails.
import { spawn } from "node:child_process";
import type { Step } from "./commands";

/** Offline and quiet: no request for Cloudflare's `request.cf` placeholder, no metrics. */
export const OFFLINE_ENV = { CLOUDFLARE_CF_FETCH_ENABLED: "false", WRANGLER_SEND_METRICS: "false" };

export async function runSteps(steps: readonly Step[], env: NodeJS.ProcessEnv): Promise<number> {
  for (const [command, argv] of steps) {
    const code = await new Promise<number>((resolve) => {
      const child = spawn(command, argv, { env, stdio: "inherit" });
      child.on("exit", (exit, signal) => resolve(exit ?? (signal ? 1 : 0)));
    });
    if (code !== 0) return code;
  }
  return 0;
}
