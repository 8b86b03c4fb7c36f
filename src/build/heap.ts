// What a build's thread keeps on V8's heap. V8 lets a heap grow to several times what is live before it
// collects it whole: over the 210,000 documents of 100,000 short stories the render worker's heap grew to
// 500-600 MB around 150 MB that was live (its articles and its walk; the rest, documents already written),
// and the build's resident memory varied from 1.5 to 2.2 GB between runs of the same build. A thread that
// renders calls `keepHeapDown` between documents: once its heap is twice what it held after the last
// collection (and past FLOOR), it is collected now.
import { getHeapStatistics, setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

/** Below this a heap is left to V8. */
const FLOOR = 256 * 2 ** 20;

let collect: (() => void) | undefined;
/** The heap in use after this thread's last collection. */
let held = 0;

/** Collects this thread's heap if it has grown that far (`floor`: FLOOR); whether it did. */
export function keepHeapDown(floor = FLOOR): boolean {
  if (getHeapStatistics().used_heap_size < Math.max(floor, 2 * held)) return false;
  // The collector V8 exposes with --expose-gc, which can be turned on once the process runs: each thread
  // (each isolate) takes it from a context of its own.
  if (!collect) {
    setFlagsFromString("--expose-gc");
    collect = runInNewContext("gc") as () => void;
  }
  collect();
  held = getHeapStatistics().used_heap_size;
  return true;
}
