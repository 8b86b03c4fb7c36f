// What hostile 404s cost the isolate's memory: 2,000 distinct paths of 16 KB (the longest URL Cloudflare
// passes to a Worker), half of them in the paths' alphabet (they reach the store and are remembered as
// misses) and half outside it (refused before any read), then the V8 heap after a full collection,
// through workerd's inspector. Part of `npm run bench`, in each store mode.
import { Agent } from "node:http";
import { get } from "./http";
import { heapUsage, inspector } from "./inspector";
import { freePort } from "./workerd";

export interface HostileHeap {
  requests: number;
  pathBytes: number;
  beforeBytes: number;
  afterBytes: number;
}

/** A Worker started with its inspector on a port: where it answers, and how to stop it. */
export type StartWithInspector = (inspectorPort: number) => Promise<{ origin: string; stop: () => Promise<void> }>;

export async function hostileHeap(start: StartWithInspector, requests = 2000, pathBytes = 16 * 1024) {
  const port = await freePort();
  const served = await start(port);
  const agent = new Agent({ keepAlive: true, maxSockets: 8 });
  try {
    const session = await inspector(port);
    const poke = () => get(`${served.origin}/robots.txt`, {}, agent);
    const before = await heapUsage(session, poke);
    const path = (i: number) => {
      const head = i % 2 === 0 ? `/articles/x${i}-` : `/tags/x${i}~items-`;
      return head + "a".repeat(pathBytes - head.length);
    };
    for (let i = 0; i < requests; i += 8) {
      const batch = Array.from({ length: Math.min(8, requests - i) }, (_, j) =>
        get(served.origin + path(i + j), {}, agent),
      );
      for (const res of await Promise.all(batch))
        if (res.status !== 404) throw new Error(`a hostile path: expected 404, got ${res.status}`);
    }
    const after = await heapUsage(session, poke);
    session.close();
    return { requests, pathBytes, beforeBytes: before.usedBytes, afterBytes: after.usedBytes } satisfies HostileHeap;
  } finally {
    agent.destroy();
    await served.stop();
  }
}
