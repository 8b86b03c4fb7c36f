// The Worker: the documents the build rendered (src/build/render.ts), from the script and the store,
// and WebSub pings from the Cron Trigger (src/worker/websub/publisher.ts).

import bundle from "../generated/current.js";
import problems from "../generated/problems.js";
import { readBundle } from "../shared/contract";
import { createApp } from "./app";
import { warmUp } from "./warm-up";
import { publish } from "./websub/publisher";

// The runtime finds a Durable Object class among the main module's exports (wrangler.toml).
export { WebSubLedger } from "./websub/ledger";

// Checked once, at start-up: a bundle of another shape stops here, saying so (src/shared/contract.ts).
const current = readBundle(bundle);
const app = createApp({ current, problems });
await warmUp(app);

export default {
  fetch: app.fetch,
  scheduled(controller, env, ctx) {
    ctx.waitUntil(publish({ current, env, now: controller.scheduledTime }));
  },
} satisfies ExportedHandler<Env>;
