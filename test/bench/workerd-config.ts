// Writes a workerd config (Cap'n Proto text) that serves a Worker on a loopback port the way the
// runtime itself runs it: no wrangler, no proxy, no dev-time middleware.

export type ModuleType = "esModule" | "commonJsModule" | "text" | "data" | "wasm";

export interface WorkerModule {
  /** The file name, relative to the config file (it is embedded), and the name imports use. */
  name: string;
  type: ModuleType;
}

export interface WorkerService {
  /** A Cap'n Proto identifier: letters and digits. */
  name: string;
  /** The main module first. */
  modules: readonly WorkerModule[];
  compatibilityDate: string;
  /** Text bindings, as wrangler passes [vars]. */
  bindings: Record<string, string>;
  /**
   * Fetcher bindings, each over a read-only folder (binding name → absolute path). Bare workerd has no
   * Static Assets; a `disk` service answers GET /<file> from the folder and 404 for a file it lacks,
   * which is all edgefeed's store asks of its ASSETS binding (src/worker/store.ts).
   */
  disks?: Record<string, string>;
  port: number;
}

/** A Cap'n Proto text literal: printable characters as they are, the rest as escapes. */
export function capnpString(value: string): string {
  let out = '"';
  for (const ch of value) {
    const code = ch.codePointAt(0)!;
    if (ch === '"' || ch === "\\") out += `\\${ch}`;
    else if (ch === "\n") out += "\\n";
    else if (ch === "\t") out += "\\t";
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, "0")}`;
    else out += ch;
  }
  return `${out}"`;
}

export function workerdConfig(s: WorkerService): string {
  if (!/^[a-zA-Z][a-zA-Z0-9]*$/.test(s.name))
    throw new Error(`workerd service name: expected [a-zA-Z0-9], found ${s.name}`);
  const name = capnpString(s.name);
  const modules = s.modules.map(
    (m) => `    (name = ${capnpString(m.name)}, ${m.type} = embed ${capnpString(m.name)}),`,
  );
  const bindings = Object.entries(s.bindings).map(
    ([key, value]) => `    (name = ${capnpString(key)}, text = ${capnpString(value)}),`,
  );
  const disks = Object.entries(s.disks ?? {}).map(([binding, path]) => ({
    binding,
    path,
    service: capnpString(`${s.name}-${binding}`),
  }));
  for (const d of disks) bindings.push(`    (name = ${capnpString(d.binding)}, service = ${d.service}),`);
  const services = [
    `(name = ${name}, worker = .${s.name})`,
    ...disks.map((d) => `(name = ${d.service}, disk = (path = ${capnpString(d.path)}, writable = false))`),
  ];
  return `using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [${services.join(", ")}],
  sockets = [(name = ${name}, address = ${capnpString(`127.0.0.1:${s.port}`)}, http = (), service = ${name})],
);

const ${s.name} :Workerd.Worker = (
  modules = [
${modules.join("\n")}
  ],
  compatibilityDate = ${capnpString(s.compatibilityDate)},
  bindings = [
${bindings.join("\n")}
  ],
);
`;
}
