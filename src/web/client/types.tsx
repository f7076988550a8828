/**
 * The shapes the console reads from the API. The core types are imported (type-only) from the modules that own
 * them; the two views the server builds inside files that also hold Node code are restated here, field for field,
 * because importing those files would pull Node's types into the browser build.
 */
import type { Action, Env, Risk } from '../../analyze/types.js';
import type { Decision } from '../../policy/types.js';
import type { ApprovalStatus, AuditEvent, Scope } from '../../store/store.js';

export type { Action, ApprovalStatus, AuditEvent, Decision, Env, Risk, Scope };

/** Mirrors `ApprovalView` in src/gate/types.ts. */
export interface ApprovalView {
  id: string;
  status: ApprovalStatus;
  agent: string;
  summary: string;
  risk: string;
  env: string;
  required: number;
  approvedBy: string[];
  deniedBy: string[];
  comments: { approver: string; vote: 'approve' | 'deny'; comment: string }[];
  createdAt: string;
  expiresAt: string;
  url: string;
  /** Not in the view yet (see the report on issue 7); used when the server adds it. */
  session?: string;
}

/** Mirrors `PublicHuman` in src/gate/accounts.ts. */
export interface PublicHuman {
  name: string;
  role: 'admin' | 'approver';
  groups: string[];
  totp: boolean;
  mustChangePassword: boolean;
  disabled: boolean;
  createdAt: string;
}

/** The request an approval is about, as `GET /v1/approvals/:id` returns it (the gate's ActionRequest). */
export interface RequestData {
  kind: 'shell' | 'file' | 'mcp' | 'other';
  agent?: string;
  cwd?: string;
  session?: string;
  command?: string;
  tool?: string;
  op?: string;
  paths?: string[];
  server?: string;
  args?: unknown;
  input?: unknown;
}

export interface ApprovalDetail {
  approval: ApprovalView;
  request: RequestData;
  decision: Decision;
}

export interface AgentView {
  name: string;
  scope: Scope;
  operator?: string;
  createdAt: string;
  revokedAt?: string;
}

export interface TokenView {
  jti: string;
  agent: string;
  scope: Scope;
  issuedAt: string;
  expiresAt: string;
  parent?: string;
  revokedAt?: string;
}

export interface ChannelView {
  name: string;
  type: string;
  risks: string[];
  stage: string;
}

export type VerifyResult =
  | { ok: true; count: number; head?: unknown }
  | { ok: false; count?: number; seq: number; why: string };
