// `npx tsx test/support/try-fediverse.ts [project]`: under `npm start` (both Workers, D1 and the Queue in
// wrangler's miniflare, on 127.0.0.1:8787, which must be free), a stand-in account on 127.0.0.1
// (./fediverse-stand-in.ts) follows the site and gets the Accept; after a scheduled article's time, the
// Cron Trigger's run brings it the Create. About a minute and a half; exits 0 when both arrived.
import { spawn } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startStandIn } from "./fediverse-stand-in";

const content = await mkdtemp(join(tmpdir(), "npmstart-content-"));
const release = Date.now() + 70_000;
const md = (slug: string, title: string, date: string) =>
  writeFile(join(content, `${slug}.md`), `---\ntitle: "${title}"\ndate: ${date}\n---\n${title}.\n`);
await md("harbour-opens", "Harbour opens", "2026-06-01T08:00:00Z");
// Its own slug each run: `npm start` keeps D1 between runs, and a slug already delivered would be an Update.
const slug = `embargoed-${release}`;
await md(slug, "Embargoed merger", new Date(release).toISOString());
const server = spawn("npm", ["start"], {
  cwd: process.argv[2] ?? join(import.meta.dirname, "../.."),
  env: { ...process.env, EDGEFEED_CONTENT_DIR: content },
  detached: true,
  stdio: ["ignore", "pipe", "pipe"],
});
let log = "";
server.stdout.on("data", (d) => (log += d));
server.stderr.on("data", (d) => (log += d));
const site = "http://127.0.0.1:8787";
for (let i = 0; i < 120; i++) {
  const ok = await fetch(site).then(
    (r) => r.ok,
    () => false,
  );
  if (ok) break;
  await new Promise((r) => setTimeout(r, 1000));
}
console.log("npm start serves:", (await fetch(site)).status);
const remote = await startStandIn();
const actor = `${site}/@news`;
const follow = remote.follow(actor);
const res = await remote.signedPost(`${actor}/inbox`, follow);
console.log("Follow POST:", res.status);
const accepted = await remote.until((r) => r.some((x) => x.activity?.type === "Accept"), 20_000);
console.log(
  "Accept received:",
  accepted,
  remote.received.map((r) => [r.activity?.type, r.verified, r.keyId]),
);
console.log("cron (baseline):", (await fetch(`${site}/cdn-cgi/handler/scheduled`)).status);
const outboxBefore = await (
  await fetch(`${site}/outbox/page/1`, { headers: { Accept: "application/activity+json" } })
).text();
console.log("outbox before release mentions it:", outboxBefore.includes(slug));
await new Promise((r) => setTimeout(r, Math.max(0, release - Date.now() + 2000)));
console.log("cron (after release):", (await fetch(`${site}/cdn-cgi/handler/scheduled`)).status);
const created = await remote.until(
  (r) =>
    r.some((x) => x.activity?.type === "Create" && x.verified && x.activity.object?.id === `${site}/articles/${slug}`),
  20_000,
);
console.log(
  "Create received:",
  created,
  remote.received.map((r) => [r.activity?.type, r.verified, r.activity?.object?.id ?? ""]),
);
await remote.close();
process.kill(-server.pid!, "SIGTERM");
if (!accepted || !created) console.log(log.slice(-3000));
process.exit(accepted && created ? 0 : 1);
