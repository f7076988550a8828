/** What every group of routes is given, and the small translations they share. */
import type { GateContext } from '../gate/context.js';
import { MAX_TOKEN_SECONDS, parseDuration } from '../identity/tokens.js';
import type { AgentRecord, TokenRecord } from '../store/store.js';
import { ApiError } from './errors.js';
import type { Metrics } from './metrics.js';
import type { LimitKind, RateLimiter } from './rate-limit.js';

export interface RouteDeps {
  ctx: GateContext;
  metrics: Metrics;
  limiters: Record<LimitKind, RateLimiter>;
  /** SSE heartbeat interval. */
  heartbeatMs: number;
  /** Faults that were answered with `500 internal` or swallowed (the CLI logs them). */
  onError: ((err: unknown, where: string) => void) | undefined;
}

const iso = (ms: number | undefined): string | undefined =>
  ms === undefined ? undefined : new Date(ms).toISOString();

/** A token lifetime from the API: whole seconds or a duration text (`8h`); undefined keeps the default. */
export function ttlSeconds(ttl: number | string | undefined): number | undefined {
  if (ttl === undefined) return undefined;
  if (typeof ttl === 'string') return parseDuration(ttl);
  if (ttl > MAX_TOKEN_SECONDS) throw new ApiError('request/invalid', 'ttl: at most 30 days');
  return ttl;
}

export function agentView(a: AgentRecord): Record<string, unknown> {
  return {
    name: a.name,
    scope: a.scope,
    ...(a.operator !== undefined ? { operator: a.operator } : {}),
    createdAt: iso(a.createdAt),
    ...(a.revokedAt !== undefined ? { revokedAt: iso(a.revokedAt) } : {}),
  };
}

export function tokenView(t: TokenRecord): Record<string, unknown> {
  return {
    jti: t.jti,
    agent: t.agent,
    scope: t.scope,
    issuedAt: iso(t.issuedAt),
    expiresAt: iso(t.expiresAt),
    ...(t.parent !== undefined ? { parent: t.parent } : {}),
    ...(t.revokedAt !== undefined ? { revokedAt: iso(t.revokedAt) } : {}),
  };
}
