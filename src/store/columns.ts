/**
 * Record → column values for inserts, shared by both dialects. JSON goes in as text (pg casts it to JSONB; SQLite
 * keeps it as TEXT); booleans go through the dialect's `bool` (SQLite has none: 0/1).
 */
import type { Params } from './rows.js';
import type {
  AgentRecord,
  HumanRecord,
  NewApproval,
  SessionRecord,
  TokenRecord,
  Vote,
} from './store.js';

export type Cols = Record<string, unknown>;
export type BoolOut = (b: boolean) => unknown;

/** `INSERT INTO table (a, b) VALUES (?, ?)` with the values bound in `p`. */
export function insertSql(table: string, cols: Cols, p: Params): string {
  const names = Object.keys(cols);
  return `INSERT INTO ${table} (${names.join(', ')}) VALUES (${p.list(Object.values(cols))})`;
}

export function humanCols(h: HumanRecord, bool: BoolOut): Cols {
  return {
    name: h.name,
    role: h.role,
    groups: JSON.stringify(h.groups),
    password_hash: h.passwordHash,
    totp_secret: h.totpSecret ?? null,
    must_change_password: bool(h.mustChangePassword),
    created_at: h.createdAt,
    disabled: bool(h.disabled),
  };
}

export function sessionCols(s: SessionRecord): Cols {
  return {
    id: s.id,
    human: s.human,
    csrf: s.csrf,
    created_at: s.createdAt,
    expires_at: s.expiresAt,
    totp_at: s.totpAt ?? null,
  };
}

export function agentCols(a: AgentRecord): Cols {
  return {
    name: a.name,
    scope: JSON.stringify(a.scope),
    operator: a.operator ?? null,
    created_at: a.createdAt,
    revoked_at: a.revokedAt ?? null,
  };
}

export function tokenCols(t: TokenRecord): Cols {
  return {
    jti: t.jti,
    agent: t.agent,
    scope: JSON.stringify(t.scope),
    issued_at: t.issuedAt,
    expires_at: t.expiresAt,
    parent: t.parent ?? null,
    revoked_at: t.revokedAt ?? null,
  };
}

/** A new approval always starts pending with no votes. */
export function approvalCols(a: NewApproval, bool: BoolOut): Cols {
  return {
    id: a.id,
    fingerprint: a.fingerprint,
    agent: a.agent,
    operator: a.operator ?? null,
    session: a.session ?? null,
    // `request` is `unknown`: an absent one is stored as JSON null rather than failing NOT NULL.
    request: JSON.stringify(a.request ?? null),
    summary: a.summary,
    cwd: a.cwd,
    policy_version: a.policyVersion,
    decision: JSON.stringify(a.decision),
    risk: a.risk,
    env: a.env,
    required: a.required,
    approver_groups: a.approverGroups === undefined ? null : JSON.stringify(a.approverGroups),
    deny_on_first: bool(a.denyOnFirst),
    totp_required: bool(a.totpRequired),
    status: 'pending',
    created_at: a.createdAt,
    expires_at: a.expiresAt,
  };
}

export function voteCols(approvalId: string, v: Vote, bool: BoolOut): Cols {
  return {
    approval_id: approvalId,
    approver: v.approver,
    vote: v.vote,
    comment: v.comment ?? null,
    at: v.at,
    totp: bool(v.totp),
  };
}
