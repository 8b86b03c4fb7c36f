// Where a request's CPU goes inside workerd: serves the shipped bundle with workerd's inspector on, loads
// one route with wrk or autocannon while V8's sampling profiler runs, and prints the functions that took
// the most time, mapped back to source files through the bundle's source map. Writes the raw
// .cpuprofile too (open it in Chrome DevTools → Performance).
//   tsx test/bench/profile.ts [path] [--not-modified] [--seconds N]
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { SourceMap } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { buildBundle } from "./bundle";
import { get } from "./http";
import { inspector } from "./inspector";
import { load } from "./load-generator";
import { serve } from "./serve";
import { freePort } from "./workerd";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { "not-modified": { type: "boolean", default: false }, seconds: { type: "string", default: "5" } },
});
const path = positionals[0] ?? "/feed.json";

/** V8's Profiler.Profile, checked as far as summarize() relies on it. */
function isProfile(value: unknown): value is Profile {
  if (!value || typeof value !== "object" || !("nodes" in value && "samples" in value && "timeDeltas" in value))
    return false;
  return (
    Array.isArray(value.nodes) &&
    value.nodes.every((n: unknown) => n && typeof n === "object" && "id" in n && "callFrame" in n) &&
    Array.isArray(value.samples) &&
    Array.isArray(value.timeDeltas)
  );
}

/** Self and total time per function, by source location. */
function summarize(profile: Profile, map: SourceMap | undefined) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const name = (n: ProfileNode) => {
    const f = n.callFrame;
    const entry: object = f.url && map ? map.findEntry(f.lineNumber, f.columnNumber) : {};
    const source = "originalSource" in entry && typeof entry.originalSource === "string" ? entry.originalSource : "";
    const line = "originalLine" in entry && typeof entry.originalLine === "number" ? entry.originalLine : -1;
    const where = source
      ? `${source.replace(/^.*?(src\/|node_modules\/)/, "$1")}:${line + 1}`
      : f.url
        ? `${f.url}:${f.lineNumber + 1}`
        : "";
    return `${f.functionName || "(anonymous)"} ${where}`.trim();
  };
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  let all = 0;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    all += dt;
    const key = name(byId.get(id)!);
    self.set(key, (self.get(key) ?? 0) + dt);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const k = name(byId.get(at)!);
      if (!seen.has(k)) total.set(k, (total.get(k) ?? 0) + dt);
      seen.add(k);
    }
  });
  const top = (m: Map<string, number>, n: number) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, t]) => `  ${((100 * t) / all).toFixed(1).padStart(5)}%  ${k}`)
      .join("\n");
  return `self time:\n${top(self, 25)}\n\ntotal time (self + callees):\n${top(total, 30)}`;
}

async function main() {
  const dir = await mkdtemp(join(tmpdir(), "edgefeed-profile-"));
  const bundle = await buildBundle(dir);
  const port = await freePort();
  const served = await serve("profiled", dir, bundle.modules, bundle.config, [`--inspector-addr=127.0.0.1:${port}`]);
  try {
    const headers: Record<string, string> = {};
    if (values["not-modified"]) {
      const etag = (await get(served.origin + path)).headers.find(([n]) => n.toLowerCase() === "etag")?.[1];
      if (!etag) throw new Error(`${path}: no ETag`);
      headers["If-None-Match"] = etag;
    }
    const target = { url: served.origin + path, headers, connections: 64 };
    await load({ ...target, seconds: 1 });
    const cdp = await inspector(port);
    await cdp.call("Profiler.enable");
    await cdp.call("Profiler.setSamplingInterval", { interval: 50 });
    await cdp.call("Profiler.start");
    const r = await load({ ...target, seconds: Number(values.seconds) });
    const stopped = await cdp.call("Profiler.stop");
    cdp.close();
    const profile = stopped && typeof stopped === "object" && "profile" in stopped ? stopped.profile : undefined;
    if (!isProfile(profile)) throw new Error("the inspector returned no profile");
    const file = join(
      tmpdir(),
      `edgefeed-${path.replace(/\W+/g, "_")}${values["not-modified"] ? "-304" : ""}.cpuprofile`,
    );
    await writeFile(file, JSON.stringify(profile));
    const map = new SourceMap(JSON.parse(await readFile(join(dir, "index.js.map"), "utf8")));
    console.log(
      `${path}${values["not-modified"] ? " (304)" : ""}: ${r.requests} requests in ${values.seconds} s under the profiler (${r.tool}); ${file}\n`,
    );
    console.log(summarize(profile, map));
  } finally {
    await served.server.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(2);
  },
);
