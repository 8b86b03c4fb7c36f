// One plain HTTP/1.1 request over loopback, with exactly the headers given (no Accept-Encoding of its own,
// unlike fetch), so what it sees is what the load generator's requests get.
import { type Agent, request } from "node:http";

export interface Captured {
  status: number;
  /** Response headers as sent, in order, without the ones the server adds per connection or per request. */
  headers: [string, string][];
  body: Buffer;
}

/** Headers the runtime writes itself: not part of what a Worker returns. */
const TRANSPORT = new Set(["date", "connection", "keep-alive", "transfer-encoding"]);

/**
 * `agent`: a keep-alive Agent to reuse connections (latency of the request alone); by default a new connection.
 * A kept connection the server has closed meanwhile (workerd closes one left idle for 5 s, its
 * `pipelineTimeout`) is asked again once on a new one, as Node's documentation advises: when this
 * process was busy past that (sorting a million paths, a long GC), its request went out on a socket whose
 * close it had not yet read. Any other failure is the server's.
 */
export async function get(
  url: string,
  headers: Record<string, string> = {},
  agent: Agent | false = false,
): Promise<Captured> {
  try {
    return await once(url, headers, agent);
  } catch (error) {
    if (!(error instanceof StaleSocket)) throw error;
    return once(url, headers, agent);
  }
}

/** A request sent on a kept connection that the server had already closed. */
class StaleSocket extends Error {}

function once(url: string, headers: Record<string, string>, agent: Agent | false): Promise<Captured> {
  return new Promise((ok, fail) => {
    const req = request(url, { headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("error", fail);
      res.on("end", () => {
        const pairs: [string, string][] = [];
        for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) {
          const name = res.rawHeaders[i]!;
          if (!TRANSPORT.has(name.toLowerCase())) pairs.push([name, res.rawHeaders[i + 1]!]);
        }
        ok({ status: res.statusCode ?? 0, headers: pairs, body: Buffer.concat(chunks) });
      });
    });
    req.setTimeout(10_000, () => req.destroy(new Error(`timed out: ${url}`)));
    req.on("error", (error: NodeJS.ErrnoException) => {
      const stale = req.reusedSocket && error.code === "ECONNRESET";
      fail(stale ? new StaleSocket(`${url}: the kept connection was closed`, { cause: error }) : error);
    });
    req.end();
  });
}
