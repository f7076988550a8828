/**
 * The replicated store (DESIGN.md §7): PostgreSQL through a `pg` Pool, for several gate replicas on one database.
 * The cross-replica invariants rest on the database, never on process memory: consumption and expiry are single
 * conditional UPDATEs (row locks pick one winner), votes lock their approval row, and the audit chain and migrations
 * are serialised by transaction-scoped advisory locks. Notices travel by LISTEN/NOTIFY (`postgres-notices.ts`).
 */
import {
  agentCols,
  approvalCols,
  humanCols,
  insertSql,
  sessionCols,
  tokenCols,
  voteCols,
} from './columns.js';
import { StoreError } from './errors.js';
import { count, PgDb, pgCodec as codec, pgConfig, rows, type Conn } from './postgres-db.js';
import { PgNotices } from './postgres-notices.js';
import {
  approvalQuerySql,
  auditQuerySql,
  checkLink,
  humanPatch,
  Params,
  sessionPatch,
  toAgent,
  toAudit,
  toHuman,
  toSession,
  toToken,
} from './rows.js';
import type {
  AgentRecord,
  ApprovalQuery,
  ApprovalRecord,
  AuditDraft,
  AuditEvent,
  AuditQuery,
  AuditSealer,
  HumanRecord,
  NewApproval,
  SessionRecord,
  Store,
  StoreNotice,
  TokenRecord,
  Vote,
} from './store.js';

export interface PostgresStoreOptions {
  /** Keep the tables in this schema (created by `migrate`) rather than the connection's default. */
  schema?: string;
}

type AddVoteResult = Awaited<ReturnType<Store['addVote']>>;
const bool = (b: boolean): boolean => b;

/** The PostgreSQL implementation of `Store`. */
export class PostgresStore implements Store {
  readonly dialect = 'postgres' as const;
  private readonly db: PgDb;
  private readonly pool: PgDb['pool'];
  private readonly notices: PgNotices;
  private closed = false;

  /** Connects lazily; nothing touches the network until the first call. Throws on a malformed `schema`. */
  constructor(connectionString: string, opts: PostgresStoreOptions = {}) {
    const config = pgConfig(connectionString, opts.schema);
    this.db = new PgDb(config, opts.schema);
    this.pool = this.db.pool;
    this.notices = new PgNotices(config, `portcullis_${opts.schema ?? 'public'}`);
  }

  migrate(): Promise<void> {
    return this.db.migrate();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.notices.close();
    await this.pool.end();
  }

  async ensureMeta(key: string, valueIfAbsent: () => string): Promise<string> {
    const have = await this.getMeta(key);
    if (have !== undefined) return have;
    // Replicas racing here each insert-if-absent; all then read the one row that landed.
    await this.pool.query(
      'INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING',
      [key, valueIfAbsent()],
    );
    const won = await this.getMeta(key);
    if (won === undefined) throw new StoreError('store/not-found', `meta ${key} vanished`);
    return won;
  }

  async getMeta(key: string): Promise<string | undefined> {
    const [r] = await rows(this.pool, 'SELECT value FROM meta WHERE key = $1', [key]);
    return r === undefined ? undefined : String(r.value);
  }

  async setMeta(key: string, value: string): Promise<void> {
    await this.pool.query(
      'INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      [key, value],
    );
  }

  async listMeta(prefix: string): Promise<{ key: string; value: string }[]> {
    // left(), not LIKE: `_` and `%` in a prefix are literal. Sorted here: the column's collation may not be C.
    const found = await rows(
      this.pool,
      'SELECT key, value FROM meta WHERE left(key, length($1)) = $1',
      [prefix],
    );
    return found
      .map((r) => ({ key: String(r.key), value: String(r.value) }))
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  async deleteMeta(key: string): Promise<boolean> {
    return (await count(this.pool, 'DELETE FROM meta WHERE key = $1', [key])) > 0;
  }

  private async insert(
    c: Conn,
    table: string,
    cols: Record<string, unknown>,
    tail = '',
  ): Promise<number> {
    const p = new Params('postgres');
    return count(c, `${insertSql(table, cols, p)}${tail}`, p.values);
  }

  async createHuman(h: HumanRecord): Promise<void> {
    await this.insert(this.pool, 'humans', humanCols(h, bool));
  }

  async getHuman(name: string): Promise<HumanRecord | undefined> {
    const [r] = await rows(this.pool, 'SELECT * FROM humans WHERE name = $1', [name]);
    return r && toHuman(r, codec);
  }

  async listHumans(): Promise<HumanRecord[]> {
    return (await rows(this.pool, 'SELECT * FROM humans ORDER BY name')).map((r) =>
      toHuman(r, codec),
    );
  }

  async updateHuman(
    name: string,
    patch: Partial<Omit<HumanRecord, 'name' | 'createdAt'>>,
  ): Promise<void> {
    const p = new Params('postgres');
    const set = humanPatch(patch, p, bool);
    const n =
      set.length === 0
        ? (await rows(this.pool, 'SELECT 1 FROM humans WHERE name = $1', [name])).length
        : await count(
            this.pool,
            `UPDATE humans SET ${set.join(', ')} WHERE name = ${p.add(name)}`,
            p.values,
          );
    if (n === 0) throw new StoreError('store/not-found', `no human named ${name}`);
  }

  async createSession(s: SessionRecord): Promise<void> {
    await this.insert(this.pool, 'sessions', sessionCols(s));
  }

  async getSession(id: string): Promise<SessionRecord | undefined> {
    const [r] = await rows(this.pool, 'SELECT * FROM sessions WHERE id = $1', [id]);
    return r && toSession(r, codec);
  }

  async updateSession(
    id: string,
    patch: Partial<Pick<SessionRecord, 'totpAt' | 'expiresAt'>>,
  ): Promise<void> {
    const p = new Params('postgres');
    const set = sessionPatch(patch, p);
    const n =
      set.length === 0
        ? (await rows(this.pool, 'SELECT 1 FROM sessions WHERE id = $1', [id])).length
        : await count(
            this.pool,
            `UPDATE sessions SET ${set.join(', ')} WHERE id = ${p.add(id)}`,
            p.values,
          );
    if (n === 0) throw new StoreError('store/not-found', 'no such session');
  }

  async deleteSession(id: string): Promise<void> {
    await this.pool.query('DELETE FROM sessions WHERE id = $1', [id]);
  }

  async createAgent(a: AgentRecord): Promise<void> {
    await this.insert(this.pool, 'agents', agentCols(a));
  }

  async getAgent(name: string): Promise<AgentRecord | undefined> {
    const [r] = await rows(this.pool, 'SELECT * FROM agents WHERE name = $1', [name]);
    return r && toAgent(r, codec);
  }

  async listAgents(): Promise<AgentRecord[]> {
    return (await rows(this.pool, 'SELECT * FROM agents ORDER BY name')).map((r) =>
      toAgent(r, codec),
    );
  }

  async revokeAgent(name: string, at: number): Promise<void> {
    await this.db.tx(async (c) => {
      const sql = 'UPDATE agents SET revoked_at = COALESCE(revoked_at, $1) WHERE name = $2';
      if ((await count(c, sql, [at, name])) === 0) {
        throw new StoreError('store/not-found', `no agent named ${name}`);
      }
      await c.query('UPDATE tokens SET revoked_at = $1 WHERE agent = $2 AND revoked_at IS NULL', [
        at,
        name,
      ]);
    });
  }

  async createToken(t: TokenRecord): Promise<void> {
    await this.insert(this.pool, 'tokens', tokenCols(t));
  }

  async getToken(jti: string): Promise<TokenRecord | undefined> {
    const [r] = await rows(this.pool, 'SELECT * FROM tokens WHERE jti = $1', [jti]);
    return r && toToken(r, codec);
  }

  async listTokens(agent?: string): Promise<TokenRecord[]> {
    const list =
      agent === undefined
        ? await rows(this.pool, 'SELECT * FROM tokens ORDER BY issued_at, jti')
        : await rows(this.pool, 'SELECT * FROM tokens WHERE agent = $1 ORDER BY issued_at, jti', [
            agent,
          ]);
    return list.map((r) => toToken(r, codec));
  }

  async revokeToken(jti: string, at: number): Promise<boolean> {
    const sql = 'UPDATE tokens SET revoked_at = $1 WHERE jti = $2 AND revoked_at IS NULL';
    return (await count(this.pool, sql, [at, jti])) === 1;
  }

  async createApproval(a: NewApproval): Promise<ApprovalRecord> {
    await this.insert(this.pool, 'approvals', approvalCols(a, bool));
    const out = await this.db.approval(this.pool, a.id);
    if (out === undefined) throw new StoreError('store/not-found', `approval ${a.id} vanished`);
    return out;
  }

  async getApproval(id: string): Promise<ApprovalRecord | undefined> {
    return this.db.approval(this.pool, id);
  }

  async listApprovals(q: ApprovalQuery = {}): Promise<ApprovalRecord[]> {
    const p = new Params('postgres');
    const sql = approvalQuerySql(q, p);
    return this.db.withVotes(this.pool, await rows(this.pool, sql, p.values));
  }

  async findOpenApproval(fingerprint: string, now: number): Promise<ApprovalRecord | undefined> {
    const sql = `SELECT * FROM approvals WHERE fingerprint = $1 AND status IN ('pending', 'approved')
      AND expires_at > $2 ORDER BY created_at DESC, id DESC LIMIT 1`;
    return (await this.db.withVotes(this.pool, await rows(this.pool, sql, [fingerprint, now])))[0];
  }

  addVote(id: string, vote: Vote, now: number): Promise<AddVoteResult> {
    // The row lock serialises votes (and settle/expire/consume) on one approval, so each vote's returned record
    // includes every vote committed before it: the gate's "is it complete now?" never misses one.
    return this.db.tx(async (c): Promise<AddVoteResult> => {
      const [r] = await rows(
        c,
        'SELECT status, expires_at FROM approvals WHERE id = $1 FOR UPDATE',
        [id],
      );
      if (r === undefined) return { ok: false, why: 'not-found' };
      if (r.status !== 'pending') return { ok: false, why: 'not-pending' };
      if (codec.num(r.expires_at) <= now) return { ok: false, why: 'expired' };
      const tail = ' ON CONFLICT (approval_id, approver) DO NOTHING';
      if ((await this.insert(c, 'votes', voteCols(id, vote, bool), tail)) === 0) {
        return { ok: false, why: 'duplicate' };
      }
      const approval = await this.db.approval(c, id);
      return approval === undefined ? { ok: false, why: 'not-found' } : { ok: true, approval };
    });
  }

  async settleApproval(id: string, to: 'approved' | 'denied', at: number): Promise<boolean> {
    const sql = `UPDATE approvals SET status = $1, decided_at = $2 WHERE id = $3 AND status = 'pending'`;
    return (await count(this.pool, sql, [to, at, id])) === 1;
  }

  async consumeApproval(fingerprint: string, now: number): Promise<ApprovalRecord | undefined> {
    // One statement. Concurrent callers queue on the row lock; once the winner commits, PostgreSQL re-checks the
    // outer WHERE against the new row version (status is now consumed), so every other caller updates nothing.
    const sql = `UPDATE approvals SET status = 'consumed', consumed_at = $2
      WHERE id = (SELECT id FROM approvals WHERE fingerprint = $1 AND status = 'approved' AND expires_at > $2
                  ORDER BY expires_at, id LIMIT 1 FOR UPDATE)
        AND status = 'approved' AND expires_at > $2
      RETURNING *`;
    return (await this.db.withVotes(this.pool, await rows(this.pool, sql, [fingerprint, now])))[0];
  }

  async expireDue(now: number): Promise<ApprovalRecord[]> {
    // Replicas racing here each get a disjoint set: a row already expired by another no longer matches.
    const sql = `UPDATE approvals SET status = 'expired'
      WHERE status IN ('pending', 'approved') AND expires_at <= $1 RETURNING *`;
    const out = await this.db.withVotes(this.pool, await rows(this.pool, sql, [now]));
    return out.sort((a, b) => a.createdAt - b.createdAt);
  }

  async countConsumed(agent: string, since: number): Promise<number> {
    const sql = `SELECT count(*) AS n FROM approvals
      WHERE agent = $1 AND status = 'consumed' AND consumed_at >= $2`;
    const [r] = await rows(this.pool, sql, [agent, since]);
    return codec.num(r?.n ?? 0);
  }

  appendAudit(draft: AuditDraft, seal: AuditSealer): Promise<AuditEvent> {
    // The head is read after the lock is held (READ COMMITTED: a fresh snapshot per statement), so it is the
    // last committed link and seq stays contiguous; a sequence object could skip numbers on rollback.
    return this.db.tx(async (c) => {
      await this.db.lock(c, 'audit');
      const head = await this.db.head(c);
      const ev = seal(draft, head);
      const bad = checkLink(ev, head);
      if (bad !== undefined) throw new StoreError('store/chain', bad);
      await this.insert(c, 'audit', { ...ev, data: JSON.stringify(ev.data) });
      return ev;
    });
  }

  async listAudit(q: AuditQuery = {}): Promise<AuditEvent[]> {
    const p = new Params('postgres');
    const sql = auditQuerySql(q, p, (h, n) => `strpos(lower(${h}), lower(${n})) > 0`);
    return (await rows(this.pool, sql, p.values)).map((r) => toAudit(r, codec));
  }

  async auditHead(): Promise<{ seq: number; hash: string } | null> {
    return this.db.head(this.pool);
  }

  async useNonce(nonce: string, expiresAt: number): Promise<boolean> {
    const sql =
      'INSERT INTO nonces (nonce, expires_at) VALUES ($1, $2) ON CONFLICT (nonce) DO NOTHING';
    return (await count(this.pool, sql, [nonce, expiresAt])) === 1;
  }

  /** NOTIFY reaches every listening replica, this one included; waits for our own LISTEN if it is starting. */
  async publish(notice: StoreNotice): Promise<void> {
    await this.notices.ready();
    const payload = JSON.stringify({ kind: notice.kind, id: notice.id });
    await this.pool.query('SELECT pg_notify($1, $2)', [this.notices.channel, payload]);
  }

  subscribe(listener: (notice: StoreNotice) => void): () => void {
    return this.notices.subscribe(listener);
  }
}
