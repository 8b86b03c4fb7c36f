// The thread of ./inputs.ts hashInputsAside: hashes a build's inputs (hashKnownInputs), sends their digest
// and then the files' digests, then keeps the files' digests while the build goes on.
import { parentPort, workerData } from "node:worker_threads";
import { type BuildInputs, type HashingReply, hashKnownInputs } from "./inputs";

const { inputs, cache } = workerData as { inputs: BuildInputs; cache: string };
const send = (reply: HashingReply) => parentPort!.postMessage(reply);
hashKnownInputs(inputs, cache, (hashed) => {
  send({ inputs: hashed.inputs });
  send({ files: hashed.files });
}).catch((error: unknown) => send({ error: error instanceof Error ? error.message : String(error) }));
