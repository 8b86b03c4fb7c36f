// Samples a process's resident memory once a second. Under load, a garbage-collected heap's RSS saws
// up and down by ±10% within seconds, so one reading says little; the peak over a window of readings
// rises steadily only when memory is really retained.
import { rssKiB } from "./workerd";

export class RssMonitor {
  readonly #samples: { at: number; kib: number }[] = [];
  readonly #timer: NodeJS.Timeout;

  constructor(readonly pid: number) {
    this.sample();
    this.#timer = setInterval(() => this.sample(), 1000);
  }

  sample(): number {
    const kib = rssKiB(this.pid);
    this.#samples.push({ at: performance.now(), kib });
    return kib;
  }

  /** The highest reading in the last `seconds` (and now). */
  peak(seconds: number): number {
    const since = performance.now() - seconds * 1000;
    return Math.max(this.sample(), ...this.#samples.filter((s) => s.at >= since).map((s) => s.kib));
  }

  /** Every reading since `since` (performance.now() milliseconds). */
  readings(since = 0): number[] {
    return this.#samples.filter((s) => s.at >= since).map((s) => s.kib);
  }

  /**
   * The longest time between two readings since `since`, in seconds. The readings are due once a
   * second: a much longer gap means this machine itself stalled (this process's timer ran late too),
   * which a server's connection timeouts also see.
   */
  longestGap(since = 0): number {
    const at = this.#samples.filter((s) => s.at >= since).map((s) => s.at);
    return at.slice(1).reduce((gap, t, i) => Math.max(gap, t - at[i]!), 0) / 1000;
  }

  stop(): void {
    clearInterval(this.#timer);
  }
}
