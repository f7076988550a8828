/**
 * The low-level half of the SQLite store: opening the file safely, pragmas, a prepared-statement cache and the few
 * read helpers several `Store` methods share. Kept apart from `sqlite.ts` so each file stays readable.
 */
import { closeSync, openSync } from 'node:fs';
import Database from 'better-sqlite3';
import { insertSql } from './columns.js';
import { pendingMigrations, SCHEMA_MIGRATIONS_SQLITE } from './migrations.js';
import { groupVotes, Params, toApproval, type Codec, type Row } from './rows.js';
import type { ApprovalRecord } from './store.js';

export const sqliteCodec: Codec = {
  num: (v) => Number(v),
  bool: (v) => v === 1 || v === true,
  json: (v) => JSON.parse(String(v)) as unknown,
};

export const sqliteBool = (b: boolean): number => (b ? 1 : 0);

/** A better-sqlite3 connection with the helpers the store needs. */
export class SqliteDb {
  readonly db: Database.Database;
  private readonly stmts = new Map<string, Database.Statement<unknown[], Row>>();

  /**
   * A new file is created with mode 0600 before SQLite opens it (SQLite gives its -wal and -shm files the mode of
   * the database file): it holds password hashes and TOTP secrets. The directory is the caller's.
   */
  constructor(path: string) {
    if (path !== ':memory:' && path !== '') closeSync(openSync(path, 'a', 0o600));
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    // In WAL mode NORMAL syncs at checkpoints rather than on every commit: a killed process (kill -9, a crash)
    // loses nothing committed; only a power cut or OS crash can lose the last commits. That trade buys the gate a
    // several-fold faster decision path; an operator who wants FULL can run PostgreSQL with synchronous_commit on.
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 5000');
    this.db.pragma('foreign_keys = ON');
    // JS case folding, so `listAudit({ text })` matches non-ASCII letters as PostgreSQL's lower() does.
    this.db.function(
      'portcullis_contains',
      { deterministic: true },
      (hay: unknown, needle: unknown) =>
        String(hay).toLowerCase().includes(String(needle).toLowerCase()) ? 1 : 0,
    );
  }

  /** Cached: only for SQL whose text does not vary with the input (dynamic lists use `prepare` directly). */
  private st(sql: string): Database.Statement<unknown[], Row> {
    let s = this.stmts.get(sql);
    if (s === undefined) {
      s = this.db.prepare<unknown[], Row>(sql);
      this.stmts.set(sql, s);
    }
    return s;
  }

  all(sql: string, params: readonly unknown[] = []): Row[] {
    return this.st(sql).all(...params);
  }

  one(sql: string, params: readonly unknown[] = []): Row | undefined {
    return this.st(sql).get(...params);
  }

  /** Runs a write; returns the number of rows changed. */
  run(sql: string, params: readonly unknown[] = []): number {
    return this.st(sql).run(...params).changes;
  }

  /** Uncached, for SQL built from a variable number of filters or ids. */
  dynamic(sql: string, params: readonly unknown[]): Row[] {
    return this.db.prepare<unknown[], Row>(sql).all(...params);
  }

  /** BEGIN IMMEDIATE: takes the write lock up front, so a read-then-write cannot interleave with another process. */
  immediate<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }

  insert(table: string, cols: Record<string, unknown>): number {
    const p = new Params('sqlite');
    return this.run(insertSql(table, cols, p), p.values);
  }

  migrate(): void {
    this.immediate(() => {
      this.db.exec(SCHEMA_MIGRATIONS_SQLITE);
      const applied = this.db.prepare<[], Row>('SELECT version FROM schema_migrations').all();
      for (const m of pendingMigrations(applied.map((r) => Number(r.version)))) {
        this.db.exec(m.sqlite);
        this.db
          .prepare('INSERT INTO schema_migrations (version, name) VALUES (?, ?)')
          .run(m.version, m.name);
      }
    });
  }

  /** Attaches each row's votes, in the order they were cast. */
  withVotes(rows: readonly Row[]): ApprovalRecord[] {
    if (rows.length === 0) return [];
    const p = new Params('sqlite');
    const ids = p.list(rows.map((r) => r.id));
    const votes = groupVotes(
      this.dynamic(`SELECT * FROM votes WHERE approval_id IN (${ids}) ORDER BY id`, p.values),
      sqliteCodec,
    );
    return rows.map((r) => toApproval(r, votes.get(String(r.id)) ?? [], sqliteCodec));
  }

  approval(id: string): ApprovalRecord | undefined {
    const r = this.one('SELECT * FROM approvals WHERE id = ?', [id]);
    return r && this.withVotes([r])[0];
  }

  head(): { seq: number; hash: string } | null {
    const r = this.one('SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1');
    return r === undefined ? null : { seq: Number(r.seq), hash: String(r.hash) };
  }

  close(): void {
    this.stmts.clear();
    if (this.db.open) this.db.close();
  }
}
