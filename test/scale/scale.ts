// `npm run scale -- --count 10000`: how edgefeed behaves with many articles. In a scratch copy of the project
// (so src/generated/ is untouched) it generates N articles (both formats) plus the bundled one and prints the
// build time, the bundle size, the start-up in workerd (Miniflare) and the global scope's JSON.parse, and the
// size and cost of a feed response, next to the same figures for a 20-article site.
import { execFile } from "node:child_process";
import { cp, mkdir, mkdtemp, readdir, rm, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs, promisify } from "node:util";
import { Miniflare } from "miniflare";
import { generateArticles } from "../support/generate-articles";

const run = promisify(execFile);
const ROOT = new URL("../../", import.meta.url).pathname;
const ENV = {
  ...process.env,
  EDGEFEED_YEAR: "2026",
  CLOUDFLARE_CF_FETCH_ENABLED: "false",
  WRANGLER_SEND_METRICS: "false",
};
const VARS = {
  SITE_TITLE: "edgefeed",
  SITE_DESCRIPTION: "Scale run",
  SITE_URL: "https://news.example",
  SITE_AUTHOR: "edgefeed newsroom",
  SITE_LANGUAGE: "en",
  SITE_TIMEZONE: "UTC",
  FEED_ID: "urn:uuid:0b6c3f9e-5d1a-4c87-a2e4-7f3b9d0c6e15",
  PAGE_SIZE: "20",
};

interface Figures {
  articles: number;
  buildMs: number;
  upload: string;
  readyMs: number;
  firstMs: number;
  parseMs: number;
  feedBytes: number;
  feedUs: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function scratchProject(count: number): Promise<string> {
  const work = await mkdtemp(join(tmpdir(), "edgefeed-scale-"));
  for (const entry of ["src", "wrangler.toml", "package.json", "tsconfig.json"]) {
    await cp(join(ROOT, entry), join(work, entry), { recursive: true });
  }
  await rm(join(work, "src/generated"), { recursive: true, force: true });
  await symlink(join(ROOT, "node_modules"), join(work, "node_modules"));
  const content = join(work, "content");
  await mkdir(content);
  await generateArticles(content, count - 1);
  const seed = "us-mexico-partnership-fentanyl-migration.txt";
  await cp(join(ROOT, "content", seed), join(content, seed));
  return work;
}

async function measure(count: number): Promise<Figures> {
  const work = await scratchProject(count);
  try {
    const started = performance.now();
    await run(join(work, "node_modules/.bin/tsx"), ["src/build/cli.ts"], { cwd: work, env: ENV });
    const buildMs = performance.now() - started;

    const wrangler = join(work, "node_modules/.bin/wrangler");
    const { stdout } = await run(wrangler, ["deploy", "--dry-run", "--outdir", "dist"], {
      cwd: work,
      env: ENV,
      maxBuffer: 64 << 20,
    });
    const upload = /Total Upload: ([^\n]+)/.exec(stdout)?.[1] ?? "?";
    const dist = join(work, "dist");

    // workerd loads the modules and runs the global scope before it is ready; the first request then
    // renders and hashes the feed, which later requests take from the memo.
    const t0 = performance.now();
    const mf = new Miniflare({
      modules: true,
      scriptPath: join(dist, "index.js"),
      modulesRoot: dist,
      modulesRules: [{ type: "Text", include: ["**/*.txt"] }],
      compatibilityDate: "2026-04-26",
      bindings: VARS,
    });
    await mf.ready;
    const readyMs = performance.now() - t0;
    const first = await mf.dispatchFetch("https://news.example/atom.xml");
    const feedBytes = (await first.arrayBuffer()).byteLength;
    const firstMs = performance.now() - t0 - readyMs;
    // Steady state through Miniflare's HTTP hop: compare the rows with each other, not with bare workerd.
    const n = 500;
    const t1 = performance.now();
    for (let i = 0; i < n; i++) await (await mf.dispatchFetch("https://news.example/atom.xml")).arrayBuffer();
    const feedUs = ((performance.now() - t1) * 1000) / n;
    await mf.dispose();

    // The global scope's own work, isolated: JSON.parse of the Text module's string, in a fresh process.
    const data = (await readdir(dist)).find((f) => f.endsWith(".txt")) ?? "";
    const parses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const probe = `import{readFileSync}from"node:fs";const s=readFileSync(${JSON.stringify(join(dist, data))},"utf8");const t=performance.now();JSON.parse(s);console.log(performance.now()-t)`;
      parses.push(Number((await run(process.execPath, ["--input-type=module", "-e", probe])).stdout));
    }
    return { articles: count, buildMs, upload, readyMs, firstMs, parseMs: median(parses), feedBytes, feedUs };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

const { values } = parseArgs({ options: { count: { type: "string", default: "10000" } } });
const rows = [await measure(20), await measure(Number(values.count))];
console.log(
  "articles | build (wall, incl. tsx start) | bundle (Total Upload / gzip) | workerd ready | first /atom.xml | JSON.parse of the data (median of 5) | /atom.xml bytes | /atom.xml per request (via Miniflare)",
);
for (const r of rows) {
  console.log(
    `${r.articles} | ${r.buildMs.toFixed(0)} ms | ${r.upload} | ${r.readyMs.toFixed(0)} ms | ${r.firstMs.toFixed(1)} ms | ${r.parseMs.toFixed(1)} ms | ${r.feedBytes} | ${r.feedUs.toFixed(0)} µs`,
  );
}
