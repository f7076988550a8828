/**
 * Live updates from `GET /v1/events` (server-sent events). The stream carries only ids (`event: approval`,
 * `event: audit`, `data: {"id": …}`); pages refetch what changed with their own session, so nothing sensitive
 * rides on it. One EventSource per page load, shared by every subscriber; the browser reconnects on its own.
 */
import { useEffect, useState } from 'preact/hooks';

export type LiveKind = 'approval' | 'audit';
type Listener = (kind: LiveKind, id: string) => void;
export type LiveState = 'connecting' | 'live' | 'offline';

const listeners = new Set<Listener>();
const stateListeners = new Set<(s: LiveState) => void>();
let source: EventSource | undefined;
let state: LiveState = 'offline';

function setState(s: LiveState): void {
  state = s;
  for (const l of stateListeners) l(s);
}

function dispatch(kind: LiveKind, ev: MessageEvent<unknown>): void {
  let id = '';
  if (typeof ev.data !== 'string') return;
  try {
    const data = JSON.parse(ev.data) as { id?: unknown };
    id = typeof data.id === 'string' || typeof data.id === 'number' ? String(data.id) : '';
  } catch {
    return;
  }
  for (const l of listeners) l(kind, id);
}

/** Open the stream (after login). Idempotent. */
export function startLive(): void {
  if (source) return;
  setState('connecting');
  const es = new EventSource('/v1/events');
  source = es;
  es.onopen = () => {
    // Whatever happened while we were away: let every page refetch once. Before the state change, so the
    // pages are already marked busy when the indicator says live.
    for (const l of listeners) l('approval', '');
    setState('live');
  };
  es.onerror = () => {
    setState(es.readyState === EventSource.CLOSED ? 'offline' : 'connecting');
  };
  es.addEventListener('approval', (ev) => {
    dispatch('approval', ev);
  });
  es.addEventListener('audit', (ev) => {
    dispatch('audit', ev);
  });
}

/** Close the stream (logout). */
export function stopLive(): void {
  source?.close();
  source = undefined;
  setState('offline');
}

/** Call `fn` for every live event while the component is mounted. */
export function useLive(fn: Listener): void {
  useEffect(() => {
    listeners.add(fn);
    return () => {
      listeners.delete(fn);
    };
  }, [fn]);
}

/** The stream's state, for the header's indicator. */
export function useLiveState(): LiveState {
  const [s, set] = useState(state);
  useEffect(() => {
    stateListeners.add(set);
    set(state);
    return () => {
      stateListeners.delete(set);
    };
  }, []);
  return s;
}
