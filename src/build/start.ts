// `npm start [-- <wrangler dev arguments>]`: builds, puts the store into the local KV when STORE = "kv",
// and serves on http://127.0.0.1:8787 (a `--port` or `--ip` of the user's wins); wrangler runs the Cron
// Trigger's handler on /cdn-cgi/handler/scheduled. A `--var NAME:VALUE` reaches the build as well as
// `wrangler dev`: every page and feed is rendered at build time, so a variable given only to the Worker
// would change nothing but SITE_URL.
import { DEV_SERVER, startSteps, varOverrides } from "./commands";
import { OFFLINE_ENV, runSteps } from "./run-steps";

const args = process.argv.slice(2);
const env = {
  ...process.env,
  ...OFFLINE_ENV,
  EDGEFEED_VARS: JSON.stringify(varOverrides(args)),
  [DEV_SERVER]: "1",
};
process.exit(await runSteps(startSteps(args), env));
