/**
 * The request behind each approval (its cwd and session), fetched once per id: a request and its decision never
 * change after the gate records them, so the queue can cache them for the life of the page. The queue needs the
 * session to offer bulk approval; the list view does not carry it (see the report on issue 7).
 */
import { useEffect, useState } from 'preact/hooks';
import { api } from './api.js';
import type { ApprovalDetail, RequestData } from './types.js';

/** Enough for a busy queue; beyond it, rows just lack their cwd and session. */
const MAX_KNOWN = 500;
const PARALLEL = 4;
const known = new Map<string, RequestData>();
const waiting: string[] = [];
const queued = new Set<string>();
const subscribers = new Set<() => void>();
let running = 0;

/** Fetch an approval with its request and decision (always fresh: the status moves). */
export async function fetchDetail(id: string): Promise<ApprovalDetail> {
  const d = await api<ApprovalDetail>('GET', `/v1/approvals/${encodeURIComponent(id)}`);
  if (known.size < MAX_KNOWN) known.set(id, d.request);
  return d;
}

async function work(): Promise<void> {
  running++;
  for (let id = waiting.shift(); id !== undefined; id = waiting.shift()) {
    try {
      await fetchDetail(id);
    } catch {
      // The row simply shows less until the list changes and asks again; the detail page reports failures.
      queued.delete(id);
    }
    for (const s of subscribers) s();
  }
  running--;
}

/** The requests of `ids` known so far; missing ones are fetched in the background and re-render the caller. */
export function useRequests(ids: readonly string[]): ReadonlyMap<string, RequestData> {
  const [, setVersion] = useState(0);
  useEffect(() => {
    const bump = () => {
      setVersion((v) => v + 1);
    };
    subscribers.add(bump);
    return () => {
      subscribers.delete(bump);
    };
  }, []);
  const key = ids.join(',');
  useEffect(() => {
    for (const id of ids) {
      if (known.has(id) || queued.has(id) || known.size + queued.size >= MAX_KNOWN) continue;
      queued.add(id);
      waiting.push(id);
    }
    while (running < PARALLEL && waiting.length > 0) void work();
  }, [key]);
  return known;
}
