// fedify's message queue on Cloudflare Queues: each task (an activity fanned out to followers, then one
// delivery per inbox) is a queue message; a task that fails is retried by the queue itself, later each
// time, and after its last attempt is kept in the dead-letter queue (wrangler.toml [[queues.consumers]]).
import type { Federation, Message, MessageQueue, MessageQueueEnqueueOptions } from "@fedify/fedify";

/** Cloudflare Queues' limits on one sendBatch call, with room for the runtime's own framing. */
const BATCH_MESSAGES = 100;
const BATCH_BYTES = 240 * 1024;

export class DeliveryQueue implements MessageQueue {
  /** Failures are retried by the queue (message.retry), not by fedify re-enqueuing them. */
  readonly nativeRetrial = true;

  constructor(readonly queue: Queue) {}

  async enqueue(message: unknown, options?: MessageQueueEnqueueOptions): Promise<void> {
    await this.queue.send(message, { contentType: "json", ...delay(options) });
  }

  async enqueueMany(messages: readonly unknown[], options?: MessageQueueEnqueueOptions): Promise<void> {
    // A fan-out to many servers is one message per inbox, each with the signed activity: sent in batches
    // within what Queues take in one call (100 messages, 256 KB).
    let batch: MessageSendRequest[] = [];
    let bytes = 0;
    for (const body of messages) {
      const size = new TextEncoder().encode(JSON.stringify(body)).byteLength + 100;
      if (batch.length > 0 && (batch.length === BATCH_MESSAGES || bytes + size > BATCH_BYTES)) {
        await this.queue.sendBatch(batch);
        batch = [];
        bytes = 0;
      }
      batch.push({ body, contentType: "json", ...delay(options) });
      bytes += size;
    }
    if (batch.length > 0) await this.queue.sendBatch(batch);
  }

  listen(): Promise<void> {
    // A Worker does not listen: the runtime hands batches to its queue() handler (./index.ts).
    return Promise.reject(new Error("Cloudflare Queues are consumed by the Worker's queue handler"));
  }
}

/** Queues delay a message by whole seconds, at most 12 hours. */
function delay(options?: MessageQueueEnqueueOptions): { delaySeconds?: number } {
  const ms = options?.delay?.total({ unit: "millisecond" }) ?? 0;
  return ms > 0 ? { delaySeconds: Math.min(43_200, Math.ceil(ms / 1000)) } : {};
}

/**
 * Seconds before attempt n + 1 of a failed delivery: `base` (30 s), doubling, at most 12 hours — ten
 * attempts span about four hours, so a server down for an hour gets the activity when it is back.
 */
export function backoff(attempts: number, base = 30): number {
  return Math.min(43_200, base * 2 ** Math.max(0, attempts - 1));
}

/** A batch of tasks: each done is acknowledged, each failed retried after its backoff. */
export async function deliver<T>(
  batch: MessageBatch<unknown>,
  federation: Federation<T>,
  contextData: T,
  base?: number,
): Promise<void> {
  for (const message of batch.messages) {
    try {
      await federation.processQueuedTask(contextData, message.body as Message);
      message.ack();
    } catch (error) {
      console.warn(`federation: task ${message.id} failed (attempt ${message.attempts}): ${String(error)}`);
      message.retry({ delaySeconds: backoff(message.attempts, base) });
    }
  }
}
