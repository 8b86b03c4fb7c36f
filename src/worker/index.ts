// The Worker: the documents the build rendered (src/build/render.ts), from the script and the store,
// and WebSub pings from the Cron Trigger (src/worker/websub/publisher.ts).

import bundle from "../generated/current.js";
import problems from "../generated/problems.js";
import { AP_PATHS } from "../shared/activitypub/addresses";
import { readBundle } from "../shared/contract";
import { createApp } from "./app";
import { federate, profileOf } from "./federation";
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
    // The same run delivers what it releases to the site's fediverse followers (./federation.ts).
    const origin = env.SITE_URL || (env as { EDGEFEED_DEV_ORIGIN?: string }).EDGEFEED_DEV_ORIGIN || "";
    ctx.waitUntil(
      federate({
        env,
        profile: profileOf(current, AP_PATHS.outbox),
        origin,
        serve: (request) => Promise.resolve(app.fetch(request, env, ctx)),
      }).catch((error: unknown) => console.error(`federation: ${String(error)}`)),
    );
  },
} satisfies ExportedHandler<Env>;
