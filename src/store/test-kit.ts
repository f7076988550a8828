/**
 * Fixtures for the store suites (not part of the build). Times are fixed so every assertion is literal.
 */
import { createHash } from 'node:crypto';
import type {
  AgentRecord,
  AuditDraft,
  AuditEvent,
  AuditSealer,
  HumanRecord,
  NewApproval,
  Store,
  TokenRecord,
} from './store.js';

export const T0 = 1_700_000_000_000;
export const MINUTE = 60_000;
export const ZEROS = '0'.repeat(64);

/** Gives each suite the store of the running test. */
export type CurrentStore = () => Store;

export function human(name: string, over: Partial<HumanRecord> = {}): HumanRecord {
  return {
    name,
    role: 'approver',
    groups: ['sre'],
    passwordHash: `scrypt$${name}`,
    mustChangePassword: true,
    createdAt: T0,
    disabled: false,
    ...over,
  };
}

export function agent(name: string, over: Partial<AgentRecord> = {}): AgentRecord {
  return { name, scope: { envs: ['dev'], tools: ['git', 'kubectl'] }, createdAt: T0, ...over };
}

export function token(
  jti: string,
  agentName: string,
  over: Partial<TokenRecord> = {},
): TokenRecord {
  return {
    jti,
    agent: agentName,
    scope: { envs: ['dev'] },
    issuedAt: T0,
    expiresAt: T0 + 60 * MINUTE,
    ...over,
  };
}

/** A pending request for one peer approval, expiring 15 minutes after T0. */
export function newApproval(id: string, over: Partial<NewApproval> = {}): NewApproval {
  return {
    id,
    fingerprint: `fp-${id}`,
    agent: 'claude',
    request: { kind: 'command', command: 'kubectl delete namespace shop', cwd: '/srv/shop' },
    summary: 'kubectl delete namespace shop',
    cwd: '/srv/shop',
    policyVersion: 'sha256:abc',
    decision: {
      verdict: 'ask',
      risk: 'high',
      rule: 'rules/k8s-delete',
      reasons: ['deletes a namespace'],
      actions: [],
    },
    risk: 'high',
    env: 'prod',
    required: 1,
    denyOnFirst: true,
    totpRequired: false,
    createdAt: T0,
    expiresAt: T0 + 15 * MINUTE,
    ...over,
  };
}

export function draft(i: number, over: Partial<AuditDraft> = {}): AuditDraft {
  return {
    ts: new Date(T0 + i * 1000).toISOString(),
    type: 'request',
    actor: 'agent:claude',
    data: { n: i },
    ...over,
  };
}

/**
 * A stand-in for the real sealer (`audit/`): sha256 over prev and the event's JSON. The signature is a constant:
 * the store only stores it.
 */
export const testSealer: AuditSealer = (d, head): AuditEvent => {
  const seq = (head?.seq ?? 0) + 1;
  const prev = head?.hash ?? ZEROS;
  const body = { seq, ts: d.ts, type: d.type, actor: d.actor, data: d.data, prev };
  const hash = createHash('sha256')
    .update(prev + JSON.stringify(body))
    .digest('hex');
  return { ...body, hash, sig: 'test-sig' };
};

/** Checks seq runs 1..n and each prev is the previous hash; returns the first problem or undefined. */
export function chainProblem(events: readonly AuditEvent[]): string | undefined {
  let prev = ZEROS;
  for (const [i, ev] of events.entries()) {
    if (ev.seq !== i + 1) return `seq ${String(ev.seq)} at position ${String(i)}`;
    if (ev.prev !== prev) return `prev mismatch at seq ${String(ev.seq)}`;
    prev = ev.hash;
  }
  return undefined;
}

/** Resolves when `pred()` holds, polling every 10 ms; rejects after `ms`. */
export async function waitFor(pred: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > end) throw new Error(`condition not met within ${String(ms)} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
