/**
 * The embedded store (DESIGN.md §7): better-sqlite3 in WAL mode for one gate process (the CLI may open the same
 * file alongside it; `busy_timeout` absorbs the brief write contention). The driver is synchronous, so a method
 * runs to completion before another starts in this process; read-then-write methods run in IMMEDIATE transactions
 * so another process cannot interleave either. Notices stay in this process.
 */
import { EventEmitter } from 'node:events';
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
import { SqliteDb, sqliteBool as bool, sqliteCodec as codec } from './sqlite-db.js';
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

type AddVoteResult = Awaited<ReturnType<Store['addVote']>>;
const NOTICE = 'notice';

/** Runs synchronous driver work and reports its failure as a rejection, never a synchronous throw. */
function wrap<T>(fn: () => T): Promise<T> {
  try {
    return Promise.resolve(fn());
  } catch (e) {
    return Promise.reject(e instanceof Error ? e : new Error(String(e)));
  }
}

/** The SQLite implementation of `Store`; `path` is a file path or `:memory:`. */
export class SqliteStore implements Store {
  readonly dialect = 'sqlite' as const;
  private readonly d: SqliteDb;
  private readonly events = new EventEmitter();

  constructor(path: string) {
    this.d = new SqliteDb(path);
    this.events.setMaxListeners(0);
  }

  migrate(): Promise<void> {
    return wrap(() => {
      this.d.migrate();
    });
  }

  close(): Promise<void> {
    return wrap(() => {
      this.events.removeAllListeners();
      this.d.close();
    });
  }

  ensureMeta(key: string, valueIfAbsent: () => string): Promise<string> {
    return wrap(() => {
      const get = (): string | undefined => {
        const r = this.d.one('SELECT value FROM meta WHERE key = ?', [key]);
        return r === undefined ? undefined : String(r.value);
      };
      const have = get();
      if (have !== undefined) return have;
      // Another process may insert first; whichever row landed is the shared value.
      const sql = 'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING';
      this.d.run(sql, [key, valueIfAbsent()]);
      const won = get();
      if (won === undefined) throw new StoreError('store/not-found', `meta ${key} vanished`);
      return won;
    });
  }

  getMeta(key: string): Promise<string | undefined> {
    return wrap(() => {
      const r = this.d.one('SELECT value FROM meta WHERE key = ?', [key]);
      return r === undefined ? undefined : String(r.value);
    });
  }

  setMeta(key: string, value: string): Promise<void> {
    const sql =
      'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value';
    return wrap(() => void this.d.run(sql, [key, value]));
  }

  listMeta(prefix: string): Promise<{ key: string; value: string }[]> {
    // substr, not LIKE: `_` and `%` in a prefix are literal.
    const sql = 'SELECT key, value FROM meta WHERE substr(key, 1, length(?)) = ?';
    return wrap(() =>
      this.d
        .all(sql, [prefix, prefix])
        .map((r) => ({ key: String(r.key), value: String(r.value) }))
        .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)),
    );
  }

  deleteMeta(key: string): Promise<boolean> {
    return wrap(() => this.d.run('DELETE FROM meta WHERE key = ?', [key]) > 0);
  }

  createHuman(h: HumanRecord): Promise<void> {
    return wrap(() => void this.d.insert('humans', humanCols(h, bool)));
  }

  getHuman(name: string): Promise<HumanRecord | undefined> {
    return wrap(() => {
      const r = this.d.one('SELECT * FROM humans WHERE name = ?', [name]);
      return r && toHuman(r, codec);
    });
  }

  listHumans(): Promise<HumanRecord[]> {
    return wrap(() =>
      this.d.all('SELECT * FROM humans ORDER BY name').map((r) => toHuman(r, codec)),
    );
  }

  updateHuman(
    name: string,
    patch: Partial<Omit<HumanRecord, 'name' | 'createdAt'>>,
  ): Promise<void> {
    return wrap(() => {
      const p = new Params('sqlite');
      const set = humanPatch(patch, p, bool);
      const n =
        set.length === 0
          ? this.d.all('SELECT 1 FROM humans WHERE name = ?', [name]).length
          : this.d.run(`UPDATE humans SET ${set.join(', ')} WHERE name = ${p.add(name)}`, p.values);
      if (n === 0) throw new StoreError('store/not-found', `no human named ${name}`);
    });
  }

  createSession(s: SessionRecord): Promise<void> {
    return wrap(() => void this.d.insert('sessions', sessionCols(s)));
  }

  getSession(id: string): Promise<SessionRecord | undefined> {
    return wrap(() => {
      const r = this.d.one('SELECT * FROM sessions WHERE id = ?', [id]);
      return r && toSession(r, codec);
    });
  }

  updateSession(
    id: string,
    patch: Partial<Pick<SessionRecord, 'totpAt' | 'expiresAt'>>,
  ): Promise<void> {
    return wrap(() => {
      const p = new Params('sqlite');
      const set = sessionPatch(patch, p);
      const n =
        set.length === 0
          ? this.d.all('SELECT 1 FROM sessions WHERE id = ?', [id]).length
          : this.d.run(`UPDATE sessions SET ${set.join(', ')} WHERE id = ${p.add(id)}`, p.values);
      if (n === 0) throw new StoreError('store/not-found', 'no such session');
    });
  }

  deleteSession(id: string): Promise<void> {
    return wrap(() => void this.d.run('DELETE FROM sessions WHERE id = ?', [id]));
  }

  createAgent(a: AgentRecord): Promise<void> {
    return wrap(() => void this.d.insert('agents', agentCols(a)));
  }

  getAgent(name: string): Promise<AgentRecord | undefined> {
    return wrap(() => {
      const r = this.d.one('SELECT * FROM agents WHERE name = ?', [name]);
      return r && toAgent(r, codec);
    });
  }

  listAgents(): Promise<AgentRecord[]> {
    return wrap(() =>
      this.d.all('SELECT * FROM agents ORDER BY name').map((r) => toAgent(r, codec)),
    );
  }

  revokeAgent(name: string, at: number): Promise<void> {
    return wrap(() => {
      this.d.immediate(() => {
        const sql = 'UPDATE agents SET revoked_at = COALESCE(revoked_at, ?) WHERE name = ?';
        if (this.d.run(sql, [at, name]) === 0) {
          throw new StoreError('store/not-found', `no agent named ${name}`);
        }
        this.d.run('UPDATE tokens SET revoked_at = ? WHERE agent = ? AND revoked_at IS NULL', [
          at,
          name,
        ]);
      });
    });
  }

  createToken(t: TokenRecord): Promise<void> {
    return wrap(() => void this.d.insert('tokens', tokenCols(t)));
  }

  getToken(jti: string): Promise<TokenRecord | undefined> {
    return wrap(() => {
      const r = this.d.one('SELECT * FROM tokens WHERE jti = ?', [jti]);
      return r && toToken(r, codec);
    });
  }

  listTokens(agent?: string): Promise<TokenRecord[]> {
    return wrap(() =>
      (agent === undefined
        ? this.d.all('SELECT * FROM tokens ORDER BY issued_at, jti')
        : this.d.all('SELECT * FROM tokens WHERE agent = ? ORDER BY issued_at, jti', [agent])
      ).map((r) => toToken(r, codec)),
    );
  }

  revokeToken(jti: string, at: number): Promise<boolean> {
    const sql = 'UPDATE tokens SET revoked_at = ? WHERE jti = ? AND revoked_at IS NULL';
    return wrap(() => this.d.run(sql, [at, jti]) === 1);
  }

  createApproval(a: NewApproval): Promise<ApprovalRecord> {
    return wrap(() => {
      this.d.insert('approvals', approvalCols(a, bool));
      const out = this.d.approval(a.id);
      if (out === undefined) throw new StoreError('store/not-found', `approval ${a.id} vanished`);
      return out;
    });
  }

  getApproval(id: string): Promise<ApprovalRecord | undefined> {
    return wrap(() => this.d.approval(id));
  }

  listApprovals(q: ApprovalQuery = {}): Promise<ApprovalRecord[]> {
    return wrap(() => {
      const p = new Params('sqlite');
      return this.d.withVotes(this.d.dynamic(approvalQuerySql(q, p), p.values));
    });
  }

  findOpenApproval(fingerprint: string, now: number): Promise<ApprovalRecord | undefined> {
    const sql = `SELECT * FROM approvals WHERE fingerprint = ? AND status IN ('pending', 'approved')
      AND expires_at > ? ORDER BY created_at DESC, id DESC LIMIT 1`;
    return wrap(() => this.d.withVotes(this.d.all(sql, [fingerprint, now]))[0]);
  }

  addVote(id: string, vote: Vote, now: number): Promise<AddVoteResult> {
    return wrap(() =>
      this.d.immediate((): AddVoteResult => {
        const r = this.d.one('SELECT status, expires_at FROM approvals WHERE id = ?', [id]);
        if (r === undefined) return { ok: false, why: 'not-found' };
        if (r.status !== 'pending') return { ok: false, why: 'not-pending' };
        if (codec.num(r.expires_at) <= now) return { ok: false, why: 'expired' };
        const p = new Params('sqlite');
        const sql = `${insertSql('votes', voteCols(id, vote, bool), p)} ON CONFLICT (approval_id, approver) DO NOTHING`;
        if (this.d.run(sql, p.values) === 0) return { ok: false, why: 'duplicate' };
        const approval = this.d.approval(id);
        return approval === undefined ? { ok: false, why: 'not-found' } : { ok: true, approval };
      }),
    );
  }

  settleApproval(id: string, to: 'approved' | 'denied', at: number): Promise<boolean> {
    const sql = `UPDATE approvals SET status = ?, decided_at = ? WHERE id = ? AND status = 'pending'`;
    return wrap(() => this.d.run(sql, [to, at, id]) === 1);
  }

  consumeApproval(fingerprint: string, now: number): Promise<ApprovalRecord | undefined> {
    // One statement: the row moves to consumed only if it is still approved and unexpired.
    const sql = `UPDATE approvals SET status = 'consumed', consumed_at = ?
      WHERE id = (SELECT id FROM approvals WHERE fingerprint = ? AND status = 'approved'
                  AND expires_at > ? ORDER BY expires_at, id LIMIT 1)
      RETURNING *`;
    return wrap(() =>
      this.d.immediate(() => this.d.withVotes(this.d.all(sql, [now, fingerprint, now]))[0]),
    );
  }

  expireDue(now: number): Promise<ApprovalRecord[]> {
    const sql = `UPDATE approvals SET status = 'expired'
      WHERE status IN ('pending', 'approved') AND expires_at <= ? RETURNING *`;
    return wrap(() =>
      this.d.immediate(() =>
        this.d.withVotes(this.d.all(sql, [now])).sort((a, b) => a.createdAt - b.createdAt),
      ),
    );
  }

  countConsumed(agent: string, since: number): Promise<number> {
    const sql = `SELECT count(*) AS n FROM approvals
      WHERE agent = ? AND status = 'consumed' AND consumed_at >= ?`;
    return wrap(() => codec.num(this.d.one(sql, [agent, since])?.n ?? 0));
  }

  appendAudit(draft: AuditDraft, seal: AuditSealer): Promise<AuditEvent> {
    return wrap(() =>
      this.d.immediate(() => {
        const head = this.d.head();
        const ev = seal(draft, head);
        const bad = checkLink(ev, head);
        if (bad !== undefined) throw new StoreError('store/chain', bad);
        this.d.insert('audit', { ...ev, data: JSON.stringify(ev.data) });
        return ev;
      }),
    );
  }

  listAudit(q: AuditQuery = {}): Promise<AuditEvent[]> {
    return wrap(() => {
      const p = new Params('sqlite');
      const sql = auditQuerySql(q, p, (h, n) => `portcullis_contains(${h}, ${n}) = 1`);
      return this.d.dynamic(sql, p.values).map((r) => toAudit(r, codec));
    });
  }

  auditHead(): Promise<{ seq: number; hash: string } | null> {
    return wrap(() => this.d.head());
  }

  useNonce(nonce: string, expiresAt: number): Promise<boolean> {
    const sql =
      'INSERT INTO nonces (nonce, expires_at) VALUES (?, ?) ON CONFLICT (nonce) DO NOTHING';
    return wrap(() => this.d.run(sql, [nonce, expiresAt]) === 1);
  }

  /** Delivered on a later tick, as PostgreSQL's NOTIFY is, so a listener never runs inside the publisher. */
  publish(notice: StoreNotice): Promise<void> {
    const copy: StoreNotice = { kind: notice.kind, id: notice.id };
    setImmediate(() => this.events.emit(NOTICE, copy));
    return Promise.resolve();
  }

  subscribe(listener: (notice: StoreNotice) => void): () => void {
    const wrapped = (n: StoreNotice): void => {
      try {
        listener(n);
      } catch {
        // One faulty listener must not stop delivery to the others.
      }
    };
    this.events.on(NOTICE, wrapped);
    return () => this.events.off(NOTICE, wrapped);
  }
}
