/**
 * The low-level half of the PostgreSQL store: the pool and its configuration, transactions, advisory locks,
 * migrations and the few reads several `Store` methods share. Kept apart from `postgres.ts` so each file stays
 * readable.
 */
import pg from 'pg';
import { StoreError } from './errors.js';
import { pendingMigrations, SCHEMA_MIGRATIONS_POSTGRES } from './migrations.js';
import { quoteIdent } from './postgres-notices.js';
import { groupVotes, toApproval, type Codec, type Row } from './rows.js';
import type { ApprovalRecord } from './store.js';

export type Conn = pg.Pool | pg.PoolClient;

/** First key of every advisory lock we take ('PORT'), so ours cannot collide with another application's. */
const LOCK_CLASS = 0x504f5254;
/** Lower case, so the name means the same quoted or not; short enough for the NOTIFY channel name (63 bytes). */
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,47}$/;

// pg returns BIGINT as a string (it may exceed 2^53; our millisecond times and sequence numbers do not).
export const pgCodec: Codec = { num: (v) => Number(v), bool: (v) => v === true, json: (v) => v };

export async function rows(c: Conn, sql: string, params: readonly unknown[] = []): Promise<Row[]> {
  return (await c.query<Row>(sql, [...params])).rows;
}

/** Runs a write; returns the number of rows it touched. */
export async function count(c: Conn, sql: string, params: readonly unknown[]): Promise<number> {
  return (await c.query(sql, [...params])).rowCount ?? 0;
}

/**
 * The connection settings for a store: `schema`, when given, is validated and becomes the search_path of every
 * connection. Throws `store/config` on a malformed name.
 */
export function pgConfig(connectionString: string, schema: string | undefined): pg.ClientConfig {
  const config: pg.ClientConfig = { connectionString, connectionTimeoutMillis: 10_000 };
  if (schema === undefined) return config;
  if (!SCHEMA_NAME.test(schema)) {
    throw new StoreError('store/config', `invalid schema name ${JSON.stringify(schema)}`);
  }
  // pg lets the connection string's `options` override ours: two sources of search_path would be a trap.
  if (/[?&]options=/.test(connectionString)) {
    throw new StoreError('store/config', 'give the schema as an option or in the URL, not both');
  }
  config.options = `-c search_path=${schema}`;
  return config;
}

/** A pool with the helpers the store needs. */
export class PgDb {
  readonly pool: pg.Pool;

  constructor(
    config: pg.ClientConfig,
    private readonly schema: string | undefined,
  ) {
    this.pool = new pg.Pool(config);
    // An idle connection that dies (database restart) is dropped by the pool; without a handler it would crash us.
    this.pool.on('error', () => undefined);
  }

  /** Runs `fn` in one transaction on one connection; a connection that cannot even roll back is discarded. */
  async tx<T>(fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
    const c = await this.pool.connect();
    let broken: Error | undefined;
    try {
      await c.query('BEGIN');
      const out = await fn(c);
      await c.query('COMMIT');
      return out;
    } catch (e) {
      await c.query('ROLLBACK').catch((re: unknown) => {
        broken = re instanceof Error ? re : new Error(String(re));
      });
      throw e;
    } finally {
      c.release(broken);
    }
  }

  /** A transaction-scoped advisory lock, one per purpose and schema (replicas of one schema share it). */
  async lock(c: pg.PoolClient, purpose: 'migrate' | 'audit'): Promise<void> {
    const key = `${this.schema ?? 'public'}:${purpose}`;
    await c.query(`SELECT pg_advisory_xact_lock(${String(LOCK_CLASS)}, hashtext($1))`, [key]);
  }

  async migrate(): Promise<void> {
    await this.tx(async (c) => {
      await this.lock(c, 'migrate');
      if (this.schema !== undefined)
        await c.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(this.schema)}`);
      await c.query(SCHEMA_MIGRATIONS_POSTGRES);
      const applied = await rows(c, 'SELECT version FROM schema_migrations');
      for (const m of pendingMigrations(applied.map((r) => Number(r.version)))) {
        await c.query(m.postgres);
        await c.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
          m.version,
          m.name,
        ]);
      }
    });
  }

  /** Attaches each row's votes, in the order they were cast. */
  async withVotes(c: Conn, list: readonly Row[]): Promise<ApprovalRecord[]> {
    if (list.length === 0) return [];
    const sql = 'SELECT * FROM votes WHERE approval_id = ANY($1::text[]) ORDER BY id';
    const votes = groupVotes(await rows(c, sql, [list.map((r) => String(r.id))]), pgCodec);
    return list.map((r) => toApproval(r, votes.get(String(r.id)) ?? [], pgCodec));
  }

  async approval(c: Conn, id: string): Promise<ApprovalRecord | undefined> {
    return (
      await this.withVotes(c, await rows(c, 'SELECT * FROM approvals WHERE id = $1', [id]))
    )[0];
  }

  async head(c: Conn): Promise<{ seq: number; hash: string } | null> {
    const [r] = await rows(c, 'SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1');
    return r === undefined ? null : { seq: pgCodec.num(r.seq), hash: String(r.hash) };
  }
}
