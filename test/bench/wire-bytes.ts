// Bytes on the wire per response, counted on a raw socket: the status line and headers as the runtime
// writes them (Date included), and the body as framed (chunks included). What a reader's poll costs.
import { connect } from "node:net";
import type { Route } from "./routes";

export interface Wire {
  status: number;
  /** Status line, header lines and the blank line that ends them. */
  head: number;
  /** Everything after the head: the body with its chunk framing, as it crossed the socket. */
  body: number;
  /** The response's header lines as sent, for a message when a figure looks wrong. */
  headers: string[];
}

const END_OF_HEAD = Buffer.from("\r\n\r\n");

/**
 * One GET over a fresh keep-alive connection (no `Connection: close`, which would make the server add
 * one of its own), read until the response ends by its own framing: no body for a 304, else
 * Content-Length or the last chunk.
 */
export function wire(url: string, headers: Record<string, string> = {}): Promise<Wire> {
  const { hostname, port, pathname, search } = new URL(url);
  const lines = [`GET ${pathname}${search} HTTP/1.1`, `Host: ${hostname}:${port}`];
  for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
  return new Promise((ok, fail) => {
    const socket = connect(Number(port), hostname, () => socket.write(`${lines.join("\r\n")}\r\n\r\n`));
    let data = Buffer.alloc(0);
    const timer = setTimeout(() => socket.destroy(new Error(`timed out: ${url}`)), 10_000);
    const done = (result: Wire) => {
      clearTimeout(timer);
      socket.destroy();
      ok(result);
    };
    socket.on("error", (error) => {
      clearTimeout(timer);
      fail(error);
    });
    socket.on("data", (chunk: Buffer) => {
      data = Buffer.concat([data, chunk]);
      const end = data.indexOf(END_OF_HEAD);
      if (end < 0) return;
      const head = end + END_OF_HEAD.length;
      const [statusLine = "", ...headerLines] = data.subarray(0, end).toString("latin1").split("\r\n");
      const status = Number(statusLine.split(" ")[1]);
      const field = (name: string) => header(headerLines, name);
      const length = field("content-length");
      const bodyEnd =
        status === 304 || status === 204
          ? head
          : length !== undefined
            ? head + Number(length)
            : field("transfer-encoding")?.toLowerCase() === "chunked"
              ? chunkedEnd(data, head)
              : undefined;
      if (bodyEnd === undefined) {
        if (length === undefined && field("transfer-encoding") === undefined)
          fail(new Error(`${url}: a body framed by closing the connection`));
        return;
      }
      if (data.byteLength >= bodyEnd) done({ status, head, body: bodyEnd - head, headers: headerLines });
    });
  });
}

/** A header's value among lines as sent ("Name: value"), by its lower-case name. */
export function header(lines: readonly string[], name: string): string | undefined {
  return lines
    .find((l) => l.toLowerCase().startsWith(`${name}:`))
    ?.slice(name.length + 1)
    .trim();
}

/** Where a chunked body that starts at `start` ends (after its last chunk and trailer), or undefined if not yet read. */
function chunkedEnd(data: Buffer, start: number): number | undefined {
  let at = start;
  for (;;) {
    const lineEnd = data.indexOf("\r\n", at);
    if (lineEnd < 0) return undefined;
    const size = Number.parseInt(data.subarray(at, lineEnd).toString("latin1"), 16);
    if (size === 0) {
      // No trailer fields: the last chunk is followed by one blank line.
      const end = lineEnd + 4;
      return data.byteLength >= end ? end : undefined;
    }
    at = lineEnd + 2 + size + 2;
    if (at > data.byteLength) return undefined;
  }
}

/** The feeds a reader subscribes to, each polled as readers do: gzip, and conditional with the tag it was given. */
export const FEEDS = ["/rss.xml", "/atom.xml", "/feed.json"] as const;

/** Per feed: a gzip 200, and the 304 its ETag brings. */
export async function feedWire(origin: string): Promise<{ path: string; fresh: Wire; notModified: Wire }[]> {
  const rows = [];
  for (const path of FEEDS) {
    const gzip = { "Accept-Encoding": "gzip" };
    const fresh = await wire(origin + path, gzip);
    const etag = header(fresh.headers, "etag");
    if (fresh.status !== 200 || etag === undefined) throw new Error(`${path}: expected 200 with an ETag`);
    const notModified = await wire(origin + path, { ...gzip, "If-None-Match": etag });
    if (notModified.status !== 304)
      throw new Error(`${path}: expected 304 for its own ETag, got ${notModified.status}`);
    rows.push({ path, fresh, notModified });
  }
  return rows;
}

/**
 * What `npm run bench` prints: bytes per 304 and per gzip 200 for each feed, then the bench's own
 * conditional requests on both Workers (the constant one replays our captured response as it is).
 */
export async function wireReport(ours: string, constant: string, routes: readonly Route[]): Promise<string> {
  const widths = [22, 10, 14, 14];
  const row = (cells: readonly (string | number)[]) =>
    cells.map((c, i) => (i === 0 ? String(c).padEnd(widths[0]!) : String(c).padStart(widths[i]!))).join(" ");
  const lines = ["Bytes on the wire (raw socket; head = status line and headers):"];
  lines.push(row(["feed", "304 head", "gzip 200 head", "gzip 200 body"]));
  for (const { path, fresh, notModified } of await feedWire(ours))
    lines.push(row([path, notModified.head, fresh.head, fresh.body]));
  lines.push(row(["bench route", "ours head", "constant head", ""]));
  for (const route of routes.filter((r) => r.status === 304)) {
    const [a, b] = [await wire(ours + route.path, route.headers), await wire(constant + route.path, route.headers)];
    lines.push(row([route.label, a.head, b.head, ""]));
  }
  return lines.join("\n");
}
