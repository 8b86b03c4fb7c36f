// The thread of ./inputs.ts hashInputsAside: hashes a build's inputs (hashKnownInputs), sends them back,
// then keeps the files' digests while the build goes on.
import { parentPort, workerData } from "node:worker_threads";
import { type BuildInputs, hashKnownInputs } from "./inputs";

const { inputs, cache } = workerData as { inputs: BuildInputs; cache: string };
hashKnownInputs(inputs, cache, (hashed) => parentPort!.postMessage(hashed)).catch((error: unknown) => {
  parentPort!.postMessage({ error: error instanceof Error ? error.message : String(error) });
});
