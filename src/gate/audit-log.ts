/**
 * Writing the audit trail (DESIGN.md §6): every event is sealed into the one chain by the store (which serialises
 * appends across replicas; the sealer redacts secrets first) and then, best effort, forwarded to a webhook sink. A failed write throws:
 * callers turn that into "not allowed", never into a silent allow.
 */
import type { AuditEvent, AuditSealer, Store } from '../store/store.js';

/** Where events go after the chain: a webhook sink or a test spy. Failures never affect the verdict. */
export interface AuditForwarder {
  send(events: AuditEvent[]): Promise<void>;
}

export type AuditActor = `agent:${string}` | `human:${string}` | 'gate';

export class AuditLog {
  private queue: AuditEvent[] = [];
  private flushing: Promise<void> | undefined;

  constructor(
    private readonly store: Store,
    private readonly seal: AuditSealer,
    private readonly now: () => number = Date.now,
    private readonly forward?: AuditForwarder,
    private readonly onForwardError?: (err: unknown) => void,
  ) {}

  /** Append one event (redacted) and return it as stored. Throws when the chain cannot be written. */
  async record(
    type: string,
    actor: AuditActor,
    data: Record<string, unknown>,
  ): Promise<AuditEvent> {
    // The sealer redacts `data` (and validates the draft) itself, so every writer of the chain is covered once.
    const ev = await this.store.appendAudit(
      { ts: new Date(this.now()).toISOString(), type, actor, data },
      this.seal,
    );
    if (this.forward) {
      this.queue.push(ev);
      this.flushing ??= this.flush();
    }
    return ev;
  }

  /** Resolves once every event recorded so far has been offered to the forwarder (tests, shutdown). */
  async drain(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  private async flush(): Promise<void> {
    try {
      while (this.queue.length > 0 && this.forward) {
        const batch = this.queue.splice(0, 100);
        try {
          await this.forward.send(batch);
        } catch (err) {
          this.onForwardError?.(err);
        }
      }
    } finally {
      this.flushing = undefined;
    }
  }
}
