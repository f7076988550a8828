/**
 * Row ↔ record mapping and query building shared by both dialects. The dialects differ only in how a value comes
 * back (SQLite: numbers, 0/1, JSON text; pg: BIGINT as strings, booleans, parsed JSONB), captured by a `Codec`, and
 * in placeholder style, captured by `Params`.
 */
import type {
  AgentRecord,
  ApprovalQuery,
  ApprovalRecord,
  ApprovalStatus,
  AuditEvent,
  AuditQuery,
  HumanRecord,
  SessionRecord,
  TokenRecord,
  Vote,
} from './store.js';

/** How one dialect returns values. */
export interface Codec {
  num: (v: unknown) => number;
  bool: (v: unknown) => boolean;
  json: (v: unknown) => unknown;
}

export type Row = Record<string, unknown>;

/** Collects bound values and renders the dialect's placeholder for each. */
export class Params {
  readonly values: unknown[] = [];
  constructor(private readonly style: 'sqlite' | 'postgres') {}

  add(v: unknown): string {
    this.values.push(v);
    return this.style === 'sqlite' ? '?' : `$${String(this.values.length)}`;
  }

  list(vs: readonly unknown[]): string {
    return vs.map((v) => this.add(v)).join(', ');
  }
}

export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 1000;

/** Clamps a caller's limit to 1..MAX_LIMIT (default DEFAULT_LIMIT): a query never returns an unbounded page. */
export function clampLimit(limit: number | undefined): number {
  if (limit === undefined || !Number.isFinite(limit)) return DEFAULT_LIMIT;
  return Math.min(Math.max(Math.trunc(limit), 1), MAX_LIMIT);
}

function str(v: unknown): string {
  return String(v);
}

function opt<T>(v: unknown, f: (x: unknown) => T): T | undefined {
  return v === null || v === undefined ? undefined : f(v);
}

/** Copies only the defined optional fields, so records carry absent keys rather than `undefined` values. */
function withOptional<T extends object>(base: T, extra: Record<string, unknown>): T {
  const out = { ...base } as Record<string, unknown>;
  for (const [k, v] of Object.entries(extra)) if (v !== undefined) out[k] = v;
  return out as T;
}

export function toHuman(r: Row, c: Codec): HumanRecord {
  return withOptional<HumanRecord>(
    {
      name: str(r.name),
      role: str(r.role) as HumanRecord['role'],
      groups: c.json(r.groups) as string[],
      passwordHash: str(r.password_hash),
      mustChangePassword: c.bool(r.must_change_password),
      createdAt: c.num(r.created_at),
      disabled: c.bool(r.disabled),
    },
    { totpSecret: opt(r.totp_secret, str) },
  );
}

export function toSession(r: Row, c: Codec): SessionRecord {
  return withOptional<SessionRecord>(
    {
      id: str(r.id),
      human: str(r.human),
      csrf: str(r.csrf),
      createdAt: c.num(r.created_at),
      expiresAt: c.num(r.expires_at),
    },
    { totpAt: opt(r.totp_at, c.num) },
  );
}

export function toAgent(r: Row, c: Codec): AgentRecord {
  return withOptional<AgentRecord>(
    {
      name: str(r.name),
      scope: c.json(r.scope) as AgentRecord['scope'],
      createdAt: c.num(r.created_at),
    },
    { operator: opt(r.operator, str), revokedAt: opt(r.revoked_at, c.num) },
  );
}

export function toToken(r: Row, c: Codec): TokenRecord {
  return withOptional<TokenRecord>(
    {
      jti: str(r.jti),
      agent: str(r.agent),
      scope: c.json(r.scope) as TokenRecord['scope'],
      issuedAt: c.num(r.issued_at),
      expiresAt: c.num(r.expires_at),
    },
    { parent: opt(r.parent, str), revokedAt: opt(r.revoked_at, c.num) },
  );
}

export function toVote(r: Row, c: Codec): Vote {
  return withOptional<Vote>(
    {
      approver: str(r.approver),
      vote: str(r.vote) as Vote['vote'],
      at: c.num(r.at),
      totp: c.bool(r.totp),
    },
    { comment: opt(r.comment, str) },
  );
}

export function toApproval(r: Row, votes: Vote[], c: Codec): ApprovalRecord {
  return withOptional<ApprovalRecord>(
    {
      id: str(r.id),
      fingerprint: str(r.fingerprint),
      agent: str(r.agent),
      request: c.json(r.request),
      summary: str(r.summary),
      cwd: str(r.cwd),
      policyVersion: str(r.policy_version),
      decision: c.json(r.decision) as ApprovalRecord['decision'],
      risk: str(r.risk) as ApprovalRecord['risk'],
      env: str(r.env),
      required: c.num(r.required),
      denyOnFirst: c.bool(r.deny_on_first),
      totpRequired: c.bool(r.totp_required),
      status: str(r.status) as ApprovalStatus,
      createdAt: c.num(r.created_at),
      expiresAt: c.num(r.expires_at),
      votes,
    },
    {
      operator: opt(r.operator, str),
      session: opt(r.session, str),
      approverGroups: opt(r.approver_groups, (v) => c.json(v) as string[]),
      decidedAt: opt(r.decided_at, c.num),
      consumedAt: opt(r.consumed_at, c.num),
    },
  );
}

/** `audit.data` is TEXT in both dialects (see migrations.ts), so it is always parsed here. */
export function toAudit(r: Row, c: Codec): AuditEvent {
  return {
    seq: c.num(r.seq),
    ts: str(r.ts),
    type: str(r.type),
    actor: str(r.actor),
    data: JSON.parse(str(r.data)) as Record<string, unknown>,
    prev: str(r.prev),
    hash: str(r.hash),
    sig: str(r.sig),
  };
}

/** Groups vote rows (ordered by id) by approval id. */
export function groupVotes(rows: readonly Row[], c: Codec): Map<string, Vote[]> {
  const out = new Map<string, Vote[]>();
  for (const r of rows) {
    const id = str(r.approval_id);
    const list = out.get(id) ?? [];
    list.push(toVote(r, c));
    out.set(id, list);
  }
  return out;
}

function asList<T>(v: T | T[]): T[] {
  return Array.isArray(v) ? v : [v];
}

/**
 * WHERE/ORDER/LIMIT for `listApprovals`, newest first. An empty status list matches nothing (a filter the caller
 * emptied must not widen to "everything").
 */
export function approvalQuerySql(q: ApprovalQuery, p: Params): string {
  const where: string[] = [];
  if (q.status !== undefined) {
    const list = asList(q.status);
    where.push(list.length === 0 ? '1 = 0' : `status IN (${p.list(list)})`);
  }
  if (q.agent !== undefined) where.push(`agent = ${p.add(q.agent)}`);
  if (q.session !== undefined) where.push(`session = ${p.add(q.session)}`);
  if (q.fingerprint !== undefined) where.push(`fingerprint = ${p.add(q.fingerprint)}`);
  if (q.before !== undefined) where.push(`created_at < ${p.add(q.before)}`);
  const w = where.length > 0 ? ` WHERE ${where.join(' AND ')}` : '';
  return `SELECT * FROM approvals${w} ORDER BY created_at DESC, id DESC LIMIT ${p.add(clampLimit(q.limit))}`;
}

/**
 * The full `listAudit` query. `contains(haystack, needle)` renders the dialect's case-insensitive substring test;
 * the haystack is the event's type, actor and data JSON. An empty type list matches nothing.
 */
export function auditQuerySql(
  q: AuditQuery,
  p: Params,
  contains: (haystack: string, needle: string) => string,
): string {
  const where: string[] = [];
  if (q.afterSeq !== undefined) where.push(`seq > ${p.add(q.afterSeq)}`);
  if (q.beforeSeq !== undefined) where.push(`seq <= ${p.add(q.beforeSeq)}`);
  if (q.type !== undefined) {
    const list = asList(q.type);
    where.push(list.length === 0 ? '1 = 0' : `type IN (${p.list(list)})`);
  }
  if (q.actor !== undefined) where.push(`actor = ${p.add(q.actor)}`);
  if (q.text !== undefined && q.text !== '') {
    where.push(contains(`type || ' ' || actor || ' ' || data`, p.add(q.text)));
  }
  if (q.since !== undefined) where.push(`ts >= ${p.add(q.since)}`);
  if (q.until !== undefined) where.push(`ts <= ${p.add(q.until)}`);
  const w = where.length > 0 ? ` WHERE ${where.join(' AND ')}` : '';
  const order = q.order === 'desc' ? 'DESC' : 'ASC';
  return `SELECT * FROM audit${w} ORDER BY seq ${order} LIMIT ${p.add(clampLimit(q.limit))}`;
}

/** The hash a first event links to. */
export const GENESIS_PREV = '0'.repeat(64);

/**
 * Checks the sealer's event extends the head: the next seq and the head's hash as prev. A sealer bug must not
 * fork or gap the chain, so the append is refused instead.
 */
export function checkLink(
  ev: AuditEvent,
  head: { seq: number; hash: string } | null,
): string | undefined {
  const seq = head === null ? 1 : head.seq + 1;
  const prev = head === null ? GENESIS_PREV : head.hash;
  if (ev.seq !== seq) return `sealed seq ${String(ev.seq)}, expected ${String(seq)}`;
  if (ev.prev !== prev)
    return `sealed prev does not match the chain head at seq ${String(seq - 1)}`;
  return undefined;
}

/** SET clause pieces for `updateHuman`: only known fields; `totpSecret: undefined` present in the patch clears it. */
export function humanPatch(
  patch: Partial<Omit<HumanRecord, 'name' | 'createdAt'>>,
  p: Params,
  bool: (b: boolean) => unknown,
): string[] {
  const set: string[] = [];
  if (patch.role !== undefined) set.push(`role = ${p.add(patch.role)}`);
  if (patch.groups !== undefined) set.push(`groups = ${p.add(JSON.stringify(patch.groups))}`);
  if (patch.passwordHash !== undefined) set.push(`password_hash = ${p.add(patch.passwordHash)}`);
  if ('totpSecret' in patch) set.push(`totp_secret = ${p.add(patch.totpSecret ?? null)}`);
  if (patch.mustChangePassword !== undefined) {
    set.push(`must_change_password = ${p.add(bool(patch.mustChangePassword))}`);
  }
  if (patch.disabled !== undefined) set.push(`disabled = ${p.add(bool(patch.disabled))}`);
  return set;
}

/** SET clause pieces for `updateSession`; `totpAt: undefined` present in the patch clears it. */
export function sessionPatch(
  patch: Partial<Pick<SessionRecord, 'totpAt' | 'expiresAt'>>,
  p: Params,
): string[] {
  const set: string[] = [];
  if ('totpAt' in patch) set.push(`totp_at = ${p.add(patch.totpAt ?? null)}`);
  if (patch.expiresAt !== undefined) set.push(`expires_at = ${p.add(patch.expiresAt)}`);
  return set;
}
