// A minimal Chrome DevTools Protocol client for workerd's inspector (`workerd serve --inspector-addr`):
// enough to profile the Worker's isolate and read its V8 heap.

export interface Inspector {
  call(method: string, params?: object): Promise<unknown>;
  close(): void;
}

/**
 * The WebSocket address of the first Worker workerd's inspector lists on `port`. workerd (1.20261117)
 * accepts requests a few tens of milliseconds before its inspector listens and lists the Worker: ask
 * again until it does.
 */
async function debuggerUrl(port: number, timeoutMs: number): Promise<string> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const targets: unknown = await fetch(`http://127.0.0.1:${port}/json/list`).then(
      (res) => res.json(),
      () => [], // not listening yet
    );
    const target = Array.isArray(targets) ? targets[0] : undefined;
    const url =
      target && typeof target === "object" && "webSocketDebuggerUrl" in target ? target.webSocketDebuggerUrl : "";
    if (typeof url === "string" && url) return url;
    if (performance.now() > deadline)
      throw new Error(`workerd's inspector on port ${port} lists no Worker after ${timeoutMs / 1000} s`);
    await new Promise((ok) => setTimeout(ok, 20));
  }
}

/** The inspector session of the first Worker workerd lists on `port`. */
export async function inspector(port: number, timeoutMs = 10_000): Promise<Inspector> {
  const url = await debuggerUrl(port, timeoutMs);
  const socket = new WebSocket(url);
  await new Promise((ok, fail) => {
    socket.addEventListener("open", ok);
    socket.addEventListener("error", fail);
  });
  const pending = new Map<number, { ok: (result: unknown) => void; fail: (error: Error) => void }>();
  socket.addEventListener("message", (event) => {
    const message: unknown = JSON.parse(String(event.data));
    if (!message || typeof message !== "object" || !("id" in message) || typeof message.id !== "number") return;
    const waiting = pending.get(message.id);
    pending.delete(message.id);
    if ("error" in message) waiting?.fail(new Error(`inspector: ${JSON.stringify(message.error)}`));
    else waiting?.ok("result" in message ? message.result : undefined);
  });
  let id = 0;
  return {
    call: (method, params = {}) =>
      new Promise<unknown>((ok, fail) => {
        pending.set(++id, { ok, fail });
        socket.send(JSON.stringify({ id, method, params }));
      }),
    close: () => socket.close(),
  };
}

export interface HeapUsage {
  /** Bytes of live objects in the isolate's V8 heap, after a full collection. */
  usedBytes: number;
  /** Bytes V8 has reserved for the heap. */
  totalBytes: number;
}

/**
 * The isolate's heap after a full garbage collection, so garbage waiting to be collected does not count.
 * workerd runs HeapProfiler.collectGarbage (and answers it) only when the isolate next runs for a
 * request: `poke` sends one (something small and memoized, such as /robots.txt), again until it has.
 */
export async function heapUsage(session: Inspector, poke: () => Promise<unknown>): Promise<HeapUsage> {
  let done = false;
  const collected = session.call("HeapProfiler.collectGarbage").then(() => {
    done = true;
  });
  for (let i = 0; !done; i++) {
    if (i === 200) throw new Error("HeapProfiler.collectGarbage: no answer after 200 requests");
    await poke();
    await Promise.race([collected, new Promise((ok) => setTimeout(ok, 20))]);
  }
  const usage = await session.call("Runtime.getHeapUsage");
  if (
    !usage ||
    typeof usage !== "object" ||
    !("usedSize" in usage && "totalSize" in usage) ||
    typeof usage.usedSize !== "number" ||
    typeof usage.totalSize !== "number"
  )
    throw new Error(`Runtime.getHeapUsage: expected usedSize and totalSize, got ${JSON.stringify(usage)}`);
  return { usedBytes: usage.usedSize, totalBytes: usage.totalSize };
}
