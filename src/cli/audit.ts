/**
 * The audit chain from the CLI: `audit verify` (exit 0 intact, 1 broken), `audit tail [-n N] [--follow]`,
 * `audit export --format jsonl|syslog [--out FILE]` and `audit search`. Events are printed one per line; `--json`
 * prints one event per line as JSON (JSONL), so a tail can be piped into jq.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { UsageError } from './client.js';
import type { AuditEventView, AuditQuery } from './client-schemas.js';
import { clip } from './gate-format.js';
import { GATE_EXIT, type Gate } from './gate-run.js';

/** `portcullis audit verify`: walks the whole chain at the gate. */
export async function auditVerify(g: Gate, opts: { json?: boolean }): Promise<number> {
  const r = await g.client.auditVerify();
  if (opts.json === true) g.io.out(`${JSON.stringify(r, null, 2)}\n`);
  else if (r.ok)
    g.io.out(
      `chain verified: ${String(r.count)} events, head ${r.head ? `#${String(r.head.seq)} ${r.head.hash}` : '(empty)'}\n`,
    );
  else g.io.out(`BROKEN at seq ${String(r.seq)}: ${r.why}\n`);
  return r.ok ? GATE_EXIT.ok : GATE_EXIT.refused;
}

function scalar(v: unknown): string {
  if (typeof v === 'string') return /[\s"=]/.test(v) ? JSON.stringify(v) : v;
  if (typeof v === 'number' || typeof v === 'boolean' || v === null) return String(v);
  return Array.isArray(v) ? `[${String(v.length)}]` : '{…}';
}

/** One event on one line: `seq  time  type  actor  key=value ...`, clipped to `width`. */
export function renderEvent(e: AuditEventView, width: number): string {
  const data = Object.entries(e.data)
    .map(([k, v]) => `${k}=${scalar(v)}`)
    .join(' ');
  return `${clip(`${String(e.seq).padStart(6)}  ${e.ts}  ${e.type.padEnd(18)}  ${e.actor}  ${data}`.trimEnd(), width)}\n`;
}

function print(g: Gate, events: readonly AuditEventView[], asJson: boolean): void {
  for (const e of events)
    g.io.out(asJson ? `${JSON.stringify(e)}\n` : renderEvent(e, g.io.columns));
}

function positive(what: string, v: string | undefined, fallback: number, max: number): number {
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > max)
    throw new UsageError(`${what} is a whole number from 1 to ${String(max)}`);
  return n;
}

/**
 * `portcullis audit tail [-n 20] [--follow] [--json]`: the last N events, oldest first; `--follow` then polls
 * for newer ones (`after=` the last seq) every second until interrupted.
 */
export async function auditTail(
  g: Gate,
  opts: { lines?: string; follow?: boolean; json?: boolean },
): Promise<number> {
  const n = positive('-n', opts.lines, 20, 1000);
  const { events } = await g.client.audit({ order: 'desc', limit: n });
  const first = [...events].sort((a, b) => a.seq - b.seq);
  print(g, first, opts.json === true);
  if (opts.follow !== true) return GATE_EXIT.ok;
  let last = first.at(-1)?.seq ?? 0;
  const signal = g.io.signal;
  try {
    while (signal?.aborted !== true) {
      await g.io.sleep(1000, signal);
      const { events: fresh } = await g.client.audit({ after: last, order: 'asc', limit: 500 });
      print(g, fresh, opts.json === true);
      last = fresh.reduce((m, e) => Math.max(m, e.seq), last);
    }
  } catch (e) {
    // Interrupted: a normal end of a follow, not a failure.
    if (signal?.aborted !== true) throw e;
  }
  return GATE_EXIT.ok;
}

const ISO = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

function isoOption(name: string, v: string | undefined): string | undefined {
  if (v === undefined) return undefined;
  if (!ISO.test(v) || Number.isNaN(Date.parse(v)))
    throw new UsageError(`${name} takes an ISO 8601 time, e.g. 2025-01-31T09:00:00Z`);
  return new Date(v).toISOString();
}

/** `portcullis audit search [--type T] [--actor A] [--q TEXT] [--since ISO] [--until ISO] [--limit N] [--json]`. */
export async function auditSearch(
  g: Gate,
  opts: {
    type?: string;
    actor?: string;
    q?: string;
    since?: string;
    until?: string;
    limit?: string;
    json?: boolean;
  },
): Promise<number> {
  const query: AuditQuery = {
    type: opts.type,
    actor: opts.actor,
    q: opts.q,
    since: isoOption('--since', opts.since),
    until: isoOption('--until', opts.until),
    limit: positive('--limit', opts.limit, 100, 10_000),
    order: 'asc',
  };
  const { events } = await g.client.audit(query);
  print(g, events, opts.json === true);
  if (events.length === 0 && opts.json !== true) g.io.err('no matching events\n');
  return GATE_EXIT.ok;
}

/** `portcullis audit export --format jsonl|syslog [--out FILE]`: streams the export (a new FILE is 0600). */
export async function auditExport(
  g: Gate,
  opts: { format?: string; out?: string },
): Promise<number> {
  const format = opts.format ?? 'jsonl';
  if (format !== 'jsonl' && format !== 'syslog')
    throw new UsageError('--format is jsonl or syslog');
  const res = await g.client.auditExport(format);
  if (res.body === null) return GATE_EXIT.ok;
  const body = Readable.fromWeb(res.body).setEncoding('utf8');
  if (opts.out !== undefined) {
    const file = createWriteStream(opts.out, { mode: 0o600, flags: 'w' });
    try {
      await once(file, 'open');
    } catch (e) {
      body.destroy();
      throw new UsageError(`cannot write ${opts.out}: ${(e as Error).message}`);
    }
    await pipeline(body, file);
    g.io.err(`wrote ${String(file.bytesWritten)} bytes to ${opts.out}\n`);
  } else {
    for await (const chunk of body) g.io.out(String(chunk));
  }
  return GATE_EXIT.ok;
}
