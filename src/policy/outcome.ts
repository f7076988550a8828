/**
 * Outcomes (a verdict plus, for ask, how many approvals from whom for how long) and their one order of
 * strictness. Every "tighten only" check and every "strictest wins" combination goes through `compareOutcomes`.
 */
import type { Verdict } from './types.js';

/** Approvals an ask needs (the shape of `Decision.approvals`). */
export interface Approvals {
  required: number;
  approverGroups?: string[];
  ttlSeconds: number;
}

/** A verdict as a policy entry states it, with approvals resolved against the policy's `approvals` defaults. */
export interface Outcome {
  verdict: Verdict;
  /** Present exactly when `verdict` is `ask`. */
  approvals?: Approvals;
}

/** What an entry says before resolution (a YAML `defaults`/rule/protect entry). */
export interface OutcomeSpec {
  verdict: Verdict;
  approvals?: number | undefined;
  approverGroups?: string[] | undefined;
  ttl?: number | undefined;
}

export const VERDICT_RANK: Readonly<Record<Verdict, number>> = { allow: 0, ask: 1, deny: 2 };

/** Default approval TTL: 15 minutes (DESIGN.md §5). */
export const DEFAULT_TTL_SECONDS = 900;

/** Fill an entry's missing approval fields from the policy's `approvals` section. */
export function resolveOutcome(spec: OutcomeSpec, base: Approvals): Outcome {
  if (spec.verdict !== 'ask') return { verdict: spec.verdict };
  const approverGroups = spec.approverGroups ?? base.approverGroups;
  return {
    verdict: 'ask',
    approvals: {
      required: spec.approvals ?? base.required,
      ...(approverGroups ? { approverGroups: [...approverGroups] } : {}),
      ttlSeconds: spec.ttl ?? base.ttlSeconds,
    },
  };
}

/**
 * Positive when `a` is stricter than `b`: deny > ask > allow; between asks, more approvals, then a shorter TTL.
 * (Approver groups do not order: who may approve is not "more" or "less".)
 */
export function compareOutcomes(a: Outcome, b: Outcome): number {
  const byVerdict = VERDICT_RANK[a.verdict] - VERDICT_RANK[b.verdict];
  if (byVerdict !== 0 || !a.approvals || !b.approvals) return byVerdict;
  return (
    a.approvals.required - b.approvals.required || b.approvals.ttlSeconds - a.approvals.ttlSeconds
  );
}

/** Short human form: `allow`, `deny`, `ask (2 approvals, 900 s)`. */
export function describeOutcome(o: Outcome): string {
  if (!o.approvals) return o.verdict;
  const n = o.approvals.required;
  const groups = o.approvals.approverGroups ? ` from ${o.approvals.approverGroups.join(', ')}` : '';
  return `ask (${n} approval${n === 1 ? '' : 's'}${groups}, ${o.approvals.ttlSeconds} s)`;
}
