// `npm run deploy [-- <wrangler deploy arguments>]` (./commands.ts says what it runs). With `--dry-run`
// (`npm run deploy:preview`) it builds, says what would go to KV and to Static Assets, and deploys
// nothing: offline, with no login.
import { mkdtemp, readdir, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { deploySteps, hasFlag, varOverrides } from "./commands";
import { deployProblemsOf, federationProblemsOf } from "./deploy-checks";
import { OFFLINE_ENV, runSteps } from "./run-steps";
import { storeFolders } from "./store-folder";

/** Workers Static Assets: files per deploy on the Free and Paid plans, and bytes per file. */
const ASSET_FILES = { free: 20_000, paid: 100_000 };
const ASSET_FILE_BYTES = 25 * 2 ** 20;

const args = process.argv.slice(2);
const dryRun = hasFlag(args, "--dry-run");
const federation = await federationProblemsOf("wrangler.toml", varOverrides(args));
if (dryRun) for (const problem of federation) console.warn(`edgefeed: before a real deploy: ${problem}`);
const problems = [...(await deployProblemsOf("wrangler.toml", varOverrides(args))), ...(dryRun ? [] : federation)];
if (problems.length > 0) {
  for (const problem of problems) console.error(`edgefeed: ${problem}`);
  console.error(`edgefeed: nothing was ${dryRun ? "checked further" : "deployed"}.`);
  process.exit(1);
}
const scratch = await mkdtemp(join(tmpdir(), "edgefeed-deploy-"));
try {
  const env = { ...process.env, ...(dryRun ? OFFLINE_ENV : {}), EDGEFEED_VARS: JSON.stringify(varOverrides(args)) };
  const code = await runSteps(deploySteps(args, scratch), env);
  if (code === 0 && dryRun) console.log(await assetsReport(storeFolders("src/generated", "assets").assets));
  process.exit(code);
} finally {
  await rm(scratch, { recursive: true, force: true });
}

/** What `wrangler deploy` would upload as Static Assets, against the platform's limits. */
async function assetsReport(folder: string): Promise<string> {
  let files = 0;
  let bytes = 0;
  let largest = { path: "", bytes: 0 };
  for (const entry of await readdir(folder, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    const size = (await stat(path)).size;
    files += 1;
    bytes += size;
    if (size > largest.bytes) largest = { path, bytes: size };
  }
  const plan =
    files <= ASSET_FILES.free
      ? "within the Free plan's 20,000"
      : files <= ASSET_FILES.paid
        ? 'over the Free plan\'s 20,000: needs the Paid plan (100,000), or STORE = "kv"'
        : 'over the Paid plan\'s 100,000: use STORE = "kv"';
  const big = largest.bytes > ASSET_FILE_BYTES ? ` ${largest.path} is over 25 MiB, the limit per file.` : "";
  return (
    `edgefeed: dry run, nothing deployed. Static Assets: ${files} files, ${(bytes / 2 ** 20).toFixed(2)} MiB (${plan}); ` +
    `the largest ${(largest.bytes / 1024).toFixed(1)} KiB.${big}`
  );
}
