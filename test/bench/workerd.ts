// Runs the bare workerd binary from node_modules on a generated config, and reads its memory.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { connect, createServer } from "node:net";
import { resolve } from "node:path";
import { ROOT } from "./project";

export const WORKERD = resolve(ROOT, "node_modules/.bin/workerd");

export interface Workerd {
  readonly pid: number;
  /** When the process was spawned (performance.now() milliseconds). */
  readonly startedAt: number;
  /** What workerd printed on stderr so far (Worker exceptions land here). */
  readonly log: () => string;
  stop(): Promise<void>;
}

/** A loopback port nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.on("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? ok(address.port) : fail(new Error("no port"))));
    });
  });
}

export function startWorkerd(configFile: string, args: readonly string[] = []): Workerd {
  const startedAt = performance.now();
  const child: ChildProcess = spawn(WORKERD, ["serve", configFile, ...args], { stdio: ["ignore", "ignore", "pipe"] });
  let log = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    // Keep the tail only: a load run can make a failing Worker log on every request.
    log = (log + chunk.toString()).slice(-20_000);
  });
  const exited = new Promise<void>((ok) => child.once("exit", () => ok()));
  if (child.pid === undefined) throw new Error(`could not start ${WORKERD}`);
  return {
    pid: child.pid,
    startedAt,
    log: () => log,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 3000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Polls until the port accepts a TCP connection; returns when it did (performance.now() milliseconds). */
export async function waitUntilListening(port: number, server: Workerd, timeoutMs = 15_000): Promise<number> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const accepted = await new Promise<boolean>((ok) => {
      const socket = connect(port, "127.0.0.1");
      socket.once("connect", () => {
        socket.destroy();
        ok(true);
      });
      socket.once("error", () => ok(false));
    });
    if (accepted) return performance.now();
    if (performance.now() > deadline) throw new Error(`workerd did not listen on port ${port}:\n${server.log()}`);
    await new Promise((ok) => setTimeout(ok, 2));
  }
}

/** Clock ticks per second, the unit of /proc/<pid>/stat's CPU times. */
const CLK_TCK = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;

/**
 * CPU time (user + system, all threads) the process has used, in seconds. Unlike throughput, this does
 * not change with what else the machine is doing, so CPU per request compares two Workers fairly.
 */
export function cpuSeconds(pid: number): number {
  const pidOf = workerdPid(pid);
  const stat = readFileSync(`/proc/${pidOf}/stat`, "utf8");
  // Fields after the parenthesised command name; utime and stime are fields 14 and 15 (proc(5)).
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
}

/** Resident memory in KiB (VmRSS from /proc/<pid>/status). */
export function rssKiB(pid: number): number {
  const pidOf = workerdPid(pid);
  const status = readFileSync(`/proc/${pidOf}/status`, "utf8");
  const m = /^VmRSS:\s+(\d+) kB$/m.exec(status);
  if (!m) throw new Error(`/proc/${pidOf}/status has no VmRSS line`);
  return Number(m[1]);
}

/** The pid itself, or its workerd child when it is a launcher (a JS shim when the package's postinstall did not run). */
function workerdPid(pid: number): number {
  const name = readFileSync(`/proc/${pid}/comm`, "utf8").trim();
  if (name === "workerd") return pid;
  const children = readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean);
  const child = children.map(Number).find((c) => readFileSync(`/proc/${c}/comm`, "utf8").trim() === "workerd");
  if (child === undefined) throw new Error(`process ${pid} (${name}) is not workerd and has no workerd child`);
  return child;
}
