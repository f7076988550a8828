/**
 * The gate's state (DESIGN.md §7): one `Store` interface, two implementations that pass one shared suite
 * (`store-suite.ts`): SQLite (`sqlite.ts`, better-sqlite3, the embedded default) and PostgreSQL (`postgres.ts`,
 * pg, for several gate replicas). The store keeps records and enforces the few invariants that must hold across
 * replicas (single consumption, one vote per approver, one audit chain); the rules about who may approve and when
 * an approval is complete live in `src/gate`, not here.
 *
 * Times are milliseconds since the epoch, passed in by the caller (the store never reads the clock itself, so the
 * suite and the gate can drive time).
 */
import type { Risk } from '../analyze/types.js';
import type { Decision } from '../policy/types.js';

/** A human principal. Agents are never humans and never hold one of these. */
export interface HumanRecord {
  /** Login name, unique (`alice`). */
  name: string;
  /** `admin` may also manage agents, humans and policy; both may approve. */
  role: 'admin' | 'approver';
  /** Approver groups the policy can require (`approverGroups`), e.g. `["sre"]`. */
  groups: string[];
  /** scrypt hash in the `identity/passwords.ts` format. */
  passwordHash: string;
  /** Base32 TOTP secret once enrolled; absent until then. */
  totpSecret?: string;
  /** The human must change the one-time password before doing anything else. */
  mustChangePassword: boolean;
  createdAt: number;
  disabled: boolean;
}

/** A logged-in human's session (console cookie or CLI login). The id is the sha256 of the secret the human holds. */
export interface SessionRecord {
  id: string;
  human: string;
  /** Per-session CSRF token for console routes. */
  csrf: string;
  createdAt: number;
  expiresAt: number;
  /** When the session last passed a TOTP check (for approvals that require TOTP). */
  totpAt?: number;
}

/** The scope an agent token carries (DESIGN.md §5). Absent lists mean "any". */
export interface Scope {
  /** Environments it may even request actions in (`dev`, `prod` ...). */
  envs?: string[];
  /** Tool families (`kubectl`, `git`, `mcp:github`, `file` ...), globs allowed. */
  tools?: string[];
  /** Path prefixes the request's cwd and file targets must lie under. */
  paths?: string[];
}

/** A registered agent. */
export interface AgentRecord {
  name: string;
  /** The widest scope any of its tokens may carry. */
  scope: Scope;
  /** The human who runs this agent: never counted as an approver when N >= 2. */
  operator?: string;
  createdAt: number;
  /** Set by `agent revoke`: every token of the agent stops working. */
  revokedAt?: number;
}

/** One issued agent token (the JWT itself is never stored, only its claims). */
export interface TokenRecord {
  jti: string;
  agent: string;
  scope: Scope;
  issuedAt: number;
  expiresAt: number;
  /** The token this one was narrowed from. */
  parent?: string;
  revokedAt?: number;
}

export type ApprovalStatus = 'pending' | 'approved' | 'denied' | 'expired' | 'consumed';

export interface Vote {
  approver: string;
  vote: 'approve' | 'deny';
  comment?: string;
  at: number;
  /** The vote passed a TOTP check. */
  totp: boolean;
}

/** An approval request (DESIGN.md §5), bound to the fingerprint of one exact action. */
export interface ApprovalRecord {
  /** Short, unguessable id shown to humans and agents (`apr_…`). */
  id: string;
  /** sha256 of (agent, tool, normalised input, cwd, policy version) — see `gate/fingerprint.ts`. */
  fingerprint: string;
  agent: string;
  /** The human who runs the agent (excluded from the N when N >= 2). */
  operator?: string;
  session?: string;
  /** The request as the gate judged it (kind, command or tool and input, cwd): shown to approvers. */
  request: unknown;
  /** One-line summary for lists and notifications (the command, or `tool args`). */
  summary: string;
  cwd: string;
  policyVersion: string;
  decision: Decision;
  risk: Risk;
  /** The highest-risk action's environment. */
  env: string;
  required: number;
  approverGroups?: string[];
  /** One deny denies the request (the default); when false, denies only block once they make N impossible. */
  denyOnFirst: boolean;
  /** TOTP is required of each approver for this request. */
  totpRequired: boolean;
  status: ApprovalStatus;
  createdAt: number;
  expiresAt: number;
  decidedAt?: number;
  consumedAt?: number;
  votes: Vote[];
}

/** What `createApproval` needs; the store fills status, votes and timestamps it owns. */
export type NewApproval = Omit<ApprovalRecord, 'status' | 'votes' | 'decidedAt' | 'consumedAt'>;

export interface ApprovalQuery {
  status?: ApprovalStatus | ApprovalStatus[];
  agent?: string;
  session?: string;
  /** Every request ever made for this exact action (to find the latest decision on an identical retry). */
  fingerprint?: string;
  /** Page size: default 100, at most 1000. */
  limit?: number;
  /** Only rows created before this time in ms (paging newest first: pass the last row's `createdAt`). */
  before?: number;
}

/** One link of the audit chain (DESIGN.md §6), exactly as stored and hashed. */
export interface AuditEvent {
  seq: number;
  /** ISO 8601 time. */
  ts: string;
  type: string;
  /** Who caused it: `agent:NAME`, `human:NAME`, `gate`. */
  actor: string;
  /** Everything else about the event (already redacted). */
  data: Record<string, unknown>;
  /** Hash of the previous event (64 zeros for the first). */
  prev: string;
  /** sha256(prev + JCS(event without hash and sig)), hex. */
  hash: string;
  /** Ed25519 signature over `hash`, base64url. */
  sig: string;
}

/** The event's content before the chain fields are added. */
export type AuditDraft = Pick<AuditEvent, 'ts' | 'type' | 'actor' | 'data'>;

/** Seals a draft given the chain head: computes prev, hash, sig. Called inside the store's serialised append. */
export type AuditSealer = (
  draft: AuditDraft,
  head: { seq: number; hash: string } | null,
) => AuditEvent;

export interface AuditQuery {
  /** Events with seq > afterSeq. */
  afterSeq?: number;
  /** Events with seq <= beforeSeq (for newest-first paging). */
  beforeSeq?: number;
  type?: string | string[];
  actor?: string;
  /** Case-insensitive substring search over the event's type, actor and data JSON. */
  text?: string;
  /** ISO times, inclusive, compared as text (the chain writes them all in one format, UTC `Z`). */
  since?: string;
  until?: string;
  /** Page size: default 100, at most 1000. */
  limit?: number;
  order?: 'asc' | 'desc';
}

/** A message fanned out to every replica (console live updates, waiting hooks). */
export interface StoreNotice {
  kind: 'approval' | 'audit';
  id: string;
}

export interface Store {
  /** `sqlite` or `postgres`. */
  readonly dialect: 'sqlite' | 'postgres';
  /** Create or upgrade the schema (versioned migrations, run at start; safe when replicas race). */
  migrate(): Promise<void>;
  close(): Promise<void>;

  /** A value that is set once and then shared by every replica (signing keys, the first-start marker). */
  ensureMeta(key: string, valueIfAbsent: () => string): Promise<string>;
  getMeta(key: string): Promise<string | undefined>;
  setMeta(key: string, value: string): Promise<void>;
  /** Every meta entry whose key starts with `prefix` (taken literally), sorted by key (the vault lists entries). */
  listMeta(prefix: string): Promise<{ key: string; value: string }[]>;
  /** Remove one meta entry; true when it was there. */
  deleteMeta(key: string): Promise<boolean>;

  createHuman(h: HumanRecord): Promise<void>;
  getHuman(name: string): Promise<HumanRecord | undefined>;
  listHumans(): Promise<HumanRecord[]>;
  /**
   * Changes the given fields; `totpSecret` present with the value `undefined` clears it. Rejects with a
   * `StoreError` (`store/not-found`) when there is no such human.
   */
  updateHuman(name: string, patch: Partial<Omit<HumanRecord, 'name' | 'createdAt'>>): Promise<void>;

  createSession(s: SessionRecord): Promise<void>;
  getSession(id: string): Promise<SessionRecord | undefined>;
  /** As `updateHuman`: `totpAt` present as `undefined` clears it; an unknown id rejects. */
  updateSession(
    id: string,
    patch: Partial<Pick<SessionRecord, 'totpAt' | 'expiresAt'>>,
  ): Promise<void>;
  deleteSession(id: string): Promise<void>;

  createAgent(a: AgentRecord): Promise<void>;
  getAgent(name: string): Promise<AgentRecord | undefined>;
  listAgents(): Promise<AgentRecord[]>;
  /** Revokes the agent and every token it holds (earlier revocation times are kept); an unknown agent rejects. */
  revokeAgent(name: string, at: number): Promise<void>;

  createToken(t: TokenRecord): Promise<void>;
  getToken(jti: string): Promise<TokenRecord | undefined>;
  listTokens(agent?: string): Promise<TokenRecord[]>;
  revokeToken(jti: string, at: number): Promise<boolean>;

  createApproval(a: NewApproval): Promise<ApprovalRecord>;
  getApproval(id: string): Promise<ApprovalRecord | undefined>;
  /** Newest first. */
  listApprovals(q?: ApprovalQuery): Promise<ApprovalRecord[]>;
  /**
   * The request still open for this fingerprint (pending and not expired, or approved and not consumed nor
   * expired), so an identical retry finds its ticket rather than opening a second one.
   */
  findOpenApproval(fingerprint: string, now: number): Promise<ApprovalRecord | undefined>;
  /**
   * Adds a vote, only while the request is pending and not expired, and only once per approver (a second vote by
   * the same approver returns `duplicate`). Returns the record after the vote.
   */
  addVote(
    id: string,
    vote: Vote,
    now: number,
  ): Promise<
    | { ok: true; approval: ApprovalRecord }
    | { ok: false; why: 'not-found' | 'not-pending' | 'expired' | 'duplicate' }
  >;
  /** pending → approved | denied, only if still pending (conditional update); false when it was not. */
  settleApproval(id: string, to: 'approved' | 'denied', at: number): Promise<boolean>;
  /**
   * The single use of an approval (DESIGN.md §7): atomically moves the approved, unexpired request for this
   * fingerprint to consumed and returns it; exactly one caller across all replicas gets it.
   */
  consumeApproval(fingerprint: string, now: number): Promise<ApprovalRecord | undefined>;
  /** Marks pending or approved requests whose TTL has passed as expired; returns them (for audit events). */
  expireDue(now: number): Promise<ApprovalRecord[]>;
  /** How many approved requests of this agent were consumed since `since` (blast-radius limits). */
  countConsumed(agent: string, since: number): Promise<number>;

  /** Appends to the one chain, serialised across replicas; `seal` runs with the current head inside the lock. */
  appendAudit(draft: AuditDraft, seal: AuditSealer): Promise<AuditEvent>;
  listAudit(q?: AuditQuery): Promise<AuditEvent[]>;
  auditHead(): Promise<{ seq: number; hash: string } | null>;

  /** Marks a single-use nonce (signed notification links, Telegram callbacks); false when already used. */
  useNonce(nonce: string, expiresAt: number): Promise<boolean>;

  /** Tell every replica (PostgreSQL: NOTIFY; SQLite: this process). */
  publish(notice: StoreNotice): Promise<void>;
  /** Receive every replica's notices; returns the unsubscribe function. */
  subscribe(listener: (notice: StoreNotice) => void): () => void;
}
