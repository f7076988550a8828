/**
 * Peer review rules (DESIGN.md §5), enforced here in the gate and never in a UI: an agent can never vote; the human
 * who runs the agent cannot be one of the N when N >= 2; each approver counts once; approvers must belong to the
 * required groups; TOTP where the request requires it; one deny denies unless configured otherwise.
 * Pure functions over records, so the whole table of who-may-vote is tested without a store.
 */
import type { ApprovalRecord, HumanRecord, Vote } from '../store/store.js';
import type { ApprovalView, GateErrorCode } from './types.js';

/** Why `human` may not cast `vote` on `approval`, or undefined when the vote is admissible. */
export function voteRefusal(
  approval: ApprovalRecord,
  human: HumanRecord,
  vote: Vote['vote'],
  now: number,
): { code: GateErrorCode; message: string } | undefined {
  if (human.disabled) return { code: 'forbidden', message: 'this account is disabled' };
  if (approval.status !== 'pending') {
    return { code: 'not-pending', message: `approval ${approval.id} is ${approval.status}` };
  }
  if (approval.expiresAt <= now) {
    return { code: 'expired', message: `approval ${approval.id} has expired` };
  }
  if (approval.votes.some((v) => v.approver === human.name)) {
    return { code: 'duplicate-vote', message: `${human.name} has already voted on ${approval.id}` };
  }
  // Denying is always safe, whoever does it; the restrictions below are about adding approvals.
  if (vote === 'deny') return undefined;
  if (
    approval.required >= 2 &&
    approval.operator !== undefined &&
    approval.operator === human.name
  ) {
    return {
      code: 'self-approval',
      message: `${human.name} runs agent ${approval.agent}; this request needs ${approval.required} approvers other than them`,
    };
  }
  const groups = approval.approverGroups;
  if (groups !== undefined && groups.length > 0 && !groups.some((g) => human.groups.includes(g))) {
    return {
      code: 'not-in-group',
      message: `approvals for ${approval.id} must come from ${groups.join(' or ')}`,
    };
  }
  return undefined;
}

/** The approvals that count: distinct approvers, not the operator when N >= 2, with TOTP where required. */
export function countingApprovals(approval: ApprovalRecord): string[] {
  const out = new Set<string>();
  for (const v of approval.votes) {
    if (v.vote !== 'approve') continue;
    if (approval.required >= 2 && v.approver === approval.operator) continue;
    if (approval.totpRequired && !v.totp) continue;
    out.add(v.approver);
  }
  return [...out];
}

/** Where the votes leave a pending request: still pending, approved (N reached) or denied. */
export function settlement(approval: ApprovalRecord): 'pending' | 'approved' | 'denied' {
  const denies = new Set(approval.votes.filter((v) => v.vote === 'deny').map((v) => v.approver));
  if (denies.size > 0 && (approval.denyOnFirst || denies.size >= approval.required))
    return 'denied';
  return countingApprovals(approval).length >= approval.required ? 'approved' : 'pending';
}

/** The status as of `now`: a pending or approved request past its TTL is expired even before the sweep. */
export function effectiveStatus(approval: ApprovalRecord, now: number): ApprovalRecord['status'] {
  if (
    (approval.status === 'pending' || approval.status === 'approved') &&
    approval.expiresAt <= now
  ) {
    return 'expired';
  }
  return approval.status;
}

/** The view of an approval any caller may see (no votes' TOTP flags, no request internals). */
export function approvalView(
  approval: ApprovalRecord,
  now: number,
  publicUrl: string,
): ApprovalView {
  return {
    id: approval.id,
    status: effectiveStatus(approval, now),
    agent: approval.agent,
    ...(approval.session !== undefined ? { session: approval.session } : {}),
    ...(approval.operator !== undefined ? { operator: approval.operator } : {}),
    cwd: approval.cwd,
    summary: approval.summary,
    risk: approval.risk,
    env: approval.env,
    required: approval.required,
    approvedBy: countingApprovals(approval),
    deniedBy: approval.votes.filter((v) => v.vote === 'deny').map((v) => v.approver),
    comments: approval.votes
      .filter((v) => v.comment !== undefined && v.comment !== '')
      .map((v) => ({ approver: v.approver, vote: v.vote, comment: v.comment ?? '' })),
    createdAt: new Date(approval.createdAt).toISOString(),
    expiresAt: new Date(approval.expiresAt).toISOString(),
    url: `${publicUrl.replace(/\/+$/, '')}/approvals/${approval.id}`,
  };
}
