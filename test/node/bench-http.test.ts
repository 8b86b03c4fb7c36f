// test/bench/http.ts, the client of `npm run bench`, `load` and `scale`: a kept connection the server
// closed while this process was busy is asked again on a new one; every other failure stays a failure.
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { Agent } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { get } from "../bench/http";

let server: ChildProcess | undefined;
afterEach(() => void server?.kill());

/**
 * A server in a process of its own (one in this process could not close anything while this one spins),
 * as plain as workerd's: HTTP/1.1 with no Keep-Alive header (Node's own server sends a timeout hint that
 * Node's client heeds), closing a kept connection after 50 ms idle as workerd does after 5 s. It answers
 * with the number of connections it has had, and resets every connection that asks for /reset.
 */
async function listen(): Promise<string> {
  const script = `
    let connections = 0;
    const server = require("node:net").createServer((socket) => {
      connections++;
      let idle;
      let text = "";
      socket.on("data", (chunk) => {
        text += chunk;
        if (!text.includes("\\r\\n\\r\\n")) return;
        if (text.startsWith("GET /reset ")) return socket.resetAndDestroy();
        text = "";
        const body = String(connections);
        socket.write("HTTP/1.1 200 OK\\r\\nContent-Length: " + body.length + "\\r\\n\\r\\n" + body);
        clearTimeout(idle);
        idle = setTimeout(() => socket.destroy(), 50);
      });
    });
    server.listen(0, "127.0.0.1", () => console.log(server.address().port));`;
  server = spawn(process.execPath, ["-e", script], { stdio: ["ignore", "pipe", "inherit"] });
  const [port] = (await once(server.stdout!, "data")) as [Buffer];
  return `http://127.0.0.1:${port.toString().trim()}`;
}

/** Busy, not waiting: the close arrives but is not read. */
function spin(ms: number) {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

describe("get over a kept connection", () => {
  it("asks again on a new connection when the server closed the kept one", async () => {
    const origin = await listen();
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    expect((await get(`${origin}/`, {}, agent)).body.toString()).toBe("1");
    spin(500);
    const again = await get(`${origin}/`, {}, agent);
    expect([again.status, again.body.toString()]).toEqual([200, "2"]);
    agent.destroy();
  });

  it("fails when a new connection is reset", async () => {
    const origin = await listen();
    await expect(get(`${origin}/reset`)).rejects.toMatchObject({ code: "ECONNRESET" });
  });
});
