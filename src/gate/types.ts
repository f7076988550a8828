/**
 * The gate's contracts (DESIGN.md §5–§7): who is asking (a principal), what the gate answers (a GateDecision:
 * the policy's Decision plus the approval it is bound to) and the operations the HTTP API, the CLI and the hooks
 * reach it through. The implementation is `service.ts`; the rules about votes are pure, in `rules.ts`.
 */
import type { ActionRequest } from '../analyze/request.js';
import type { Decision } from '../policy/types.js';
import type {
  AgentRecord,
  ApprovalRecord,
  ApprovalStatus,
  HumanRecord,
  Scope,
  SessionRecord,
} from '../store/store.js';

/** An agent calling with its own token (or, where the gate allows it, anonymously from loopback). */
export interface AgentPrincipal {
  kind: 'agent';
  /** Registered agent name, or `anonymous:<family>` for a tokenless hook. */
  name: string;
  /** The token's scope; undefined for anonymous callers (the policy alone decides). */
  scope?: Scope;
  /** The token id (audit); undefined for anonymous callers. */
  jti?: string;
  record?: AgentRecord;
}

/** A logged-in human: approver or admin. */
export interface HumanPrincipal {
  kind: 'human';
  human: HumanRecord;
  session: SessionRecord;
}

export type Principal = AgentPrincipal | HumanPrincipal;

/** What an approval looks like to whoever asks about it (agents see their own; humans see all). */
export interface ApprovalView {
  id: string;
  status: ApprovalStatus;
  agent: string;
  /** The agent session the request came from (bulk approve works per session). */
  session?: string;
  /** The human who runs the agent (not counted when N >= 2). */
  operator?: string;
  cwd: string;
  summary: string;
  risk: string;
  env: string;
  required: number;
  /** Distinct approvers whose approval counts. */
  approvedBy: string[];
  deniedBy: string[];
  /** The approvers' comments, in order (a deny comment is what the agent is told). */
  comments: { approver: string; vote: 'approve' | 'deny'; comment: string }[];
  createdAt: string;
  expiresAt: string;
  /** The console page where a human decides. */
  url: string;
}

/** The gate's answer to one request: the policy's Decision, after identity, approvals and limits. */
export interface GateDecision extends Decision {
  /** The approval this decision waits on (ask), was allowed by (an approved retry) or was refused by (a deny). */
  approval?: ApprovalView;
  /** Id of the audit event that recorded this decision. */
  auditSeq?: number;
}

/** Gate settings that are not policy (from the gate config file; see `config.ts`). */
export interface GateSettings {
  /** Base URL humans reach the console at (links in tickets and notifications). */
  publicUrl: string;
  /** One deny denies (default true). */
  denyOnFirst: boolean;
  /** Risks whose approvals require TOTP of every approver (default: catastrophic). */
  totpFor: readonly string[];
  /** Risks whose notifications may carry inline approve/deny links (never catastrophic). */
  inlineFor: readonly string[];
  /** Seconds before phone channels are notified of a still-pending request (0 = at once). */
  escalateAfterSeconds: number;
  /** Accept `/v1/decide` without a token (as `anonymous:<agent>`). */
  anonymousAgents: boolean;
}

/** One vote from a human, with what the API layer verified about it. */
export interface VoteInput {
  vote: 'approve' | 'deny';
  comment?: string;
  /** A TOTP code given with this vote (checked by the gate against the human's secret). */
  totp?: string;
}

/** The errors the gate reports to API clients (stable codes; see server/errors.ts for HTTP statuses). */
export type GateErrorCode =
  | 'not-found'
  | 'forbidden'
  | 'not-pending'
  | 'expired'
  | 'duplicate-vote'
  | 'self-approval'
  | 'not-in-group'
  | 'totp-required'
  | 'totp-invalid'
  | 'comment-required'
  | 'invalid';

/** A refusal the caller can act on (never a fault): maps to a 4xx with the code. */
export class GateError extends Error {
  constructor(
    readonly code: GateErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'GateError';
  }
}

/** The operations every door reaches the gate through. */
export interface GateApi {
  decide(request: ActionRequest, who: AgentPrincipal): Promise<GateDecision>;
  /** Waits up to `ms` for a pending approval to settle; returns its view (agents: only their own). */
  waitFor(id: string, who: Principal, ms: number): Promise<ApprovalView>;
  vote(id: string, who: HumanPrincipal, input: VoteInput): Promise<ApprovalView>;
  getApproval(id: string, who: Principal): Promise<{ view: ApprovalView; record: ApprovalRecord }>;
}

export type { ActionRequest, Decision };
