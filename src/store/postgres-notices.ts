/**
 * Cross-replica notices over PostgreSQL LISTEN/NOTIFY. One dedicated connection per store listens (a pooled
 * connection cannot: the pool hands it to other queries), connected lazily on the first subscriber and reconnected
 * with backoff when it drops. Notices sent while it is down are lost — NOTIFY is not a queue — so a waiter must
 * re-read the state it waits on after subscribing; the notices only wake it early.
 */
import pg from 'pg';
import * as z from 'zod/mini';
import type { StoreNotice } from './store.js';

const noticeSchema = z.object({ kind: z.enum(['approval', 'audit']), id: z.string() });

const MIN_BACKOFF_MS = 250;
const MAX_BACKOFF_MS = 10_000;

/** Double-quotes an identifier (channel names are validated upstream; quoting keeps their case). */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** The LISTEN side of one store. */
export class PgNotices {
  private readonly listeners = new Set<(n: StoreNotice) => void>();
  private client: pg.Client | undefined;
  private connecting: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private backoff = MIN_BACKOFF_MS;
  private closed = false;

  constructor(
    private readonly config: pg.ClientConfig,
    readonly channel: string,
  ) {}

  /** Registers a listener and starts listening if not yet; returns the unsubscribe function. */
  subscribe(listener: (n: StoreNotice) => void): () => void {
    const wrapped = (n: StoreNotice): void => {
      try {
        listener(n);
      } catch {
        // One faulty listener must not stop delivery to the others.
      }
    };
    this.listeners.add(wrapped);
    this.ensure();
    return () => {
      this.listeners.delete(wrapped);
    };
  }

  /**
   * Resolves once a LISTEN started by `subscribe` is in place (or has failed): a publish that waits for it reaches
   * this replica's own new subscribers. Never rejects.
   */
  ready(): Promise<void> {
    return this.connecting ?? Promise.resolve();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.listeners.clear();
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    await this.ready();
    const c = this.client;
    this.client = undefined;
    if (c !== undefined) await c.end().catch(() => undefined);
  }

  private ensure(): void {
    if (this.closed || this.client !== undefined || this.connecting !== undefined) return;
    this.connecting = this.connect()
      .then(() => {
        this.backoff = MIN_BACKOFF_MS;
      })
      .catch(() => {
        this.retry();
      })
      .finally(() => {
        this.connecting = undefined;
      });
  }

  private async connect(): Promise<void> {
    const c = new pg.Client(this.config);
    c.on('error', () => {
      this.drop(c);
    });
    c.on('end', () => {
      this.drop(c);
    });
    c.on('notification', (msg) => {
      if (msg.channel === this.channel) this.deliver(msg.payload);
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${quoteIdent(this.channel)}`);
    } catch (e) {
      await c.end().catch(() => undefined);
      throw e;
    }
    if (this.closed) {
      await c.end().catch(() => undefined);
      return;
    }
    this.client = c;
  }

  /** The listening connection failed or ended: forget it and, if anyone still listens, come back later. */
  private drop(c: pg.Client): void {
    if (this.client !== c) return;
    this.client = undefined;
    void c.end().catch(() => undefined);
    this.retry();
  }

  private retry(): void {
    if (this.closed || this.timer !== undefined || this.listeners.size === 0) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.ensure();
    }, this.backoff);
    this.timer.unref();
    this.backoff = Math.min(this.backoff * 2, MAX_BACKOFF_MS);
  }

  /** Payloads come from any connection that may NOTIFY this channel: validate, drop anything malformed. */
  private deliver(payload: string | undefined): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(payload ?? '');
    } catch {
      return;
    }
    const r = noticeSchema.safeParse(parsed);
    if (!r.success) return;
    const notice: StoreNotice = { kind: r.data.kind, id: r.data.id };
    for (const l of [...this.listeners]) l(notice);
  }
}
