// Serves a Worker with bare workerd on a free loopback port, configured like the shipped Worker: its
// [vars] as text bindings and its [assets] folder as a disk service behind the same binding.
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { WorkerConfig } from "./project";
import { freePort, startWorkerd, type Workerd, waitUntilListening } from "./workerd";
import { type WorkerModule, workerdConfig } from "./workerd-config";

export interface Served {
  server: Workerd;
  origin: string;
  /** performance.now() when the port first accepted a connection. */
  listeningAt: number;
}

/**
 * The modules must sit in `dir`, where the config is written: workerd embeds them by relative path.
 * `args` go to `workerd serve` (e.g. --inspector-addr).
 */
export async function serve(
  name: string,
  dir: string,
  modules: readonly WorkerModule[],
  config: WorkerConfig,
  args: readonly string[] = [],
): Promise<Served> {
  const port = await freePort();
  const configFile = join(dir, `${name}.capnp`);
  const { compatibilityDate, vars: bindings, assets } = config;
  const disks = assets ? { [assets.binding]: assets.directory } : {};
  await writeFile(configFile, workerdConfig({ name, modules, compatibilityDate, bindings, disks, port }));
  const server = startWorkerd(configFile, args);
  try {
    const listeningAt = await waitUntilListening(port, server);
    return { server, origin: `http://127.0.0.1:${port}`, listeningAt };
  } catch (error) {
    await server.stop();
    throw error;
  }
}
