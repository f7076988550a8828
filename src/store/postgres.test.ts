/**
 * PostgresStore against a live server: the shared suite plus what only replicas can show (two stores on one
 * database). PORTCULLIS_TEST_PG names the server; each run works in a fresh database it drops afterwards, and
 * each test in a fresh schema. If the variable is set and the server is unreachable the tests fail, never skip.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostgresStore } from './postgres.js';
import { storeSuite } from './store-suite.js';
import type { StoreNotice } from './store.js';
import { chainProblem, draft, MINUTE, newApproval, T0, testSealer, waitFor } from './test-kit.js';

const PG = process.env.PORTCULLIS_TEST_PG;
const title =
  PG === undefined || PG === ''
    ? 'PostgresStore (skipped: set PORTCULLIS_TEST_PG=postgres://user@127.0.0.1:5432/postgres to run)'
    : 'PostgresStore';

describe.skipIf(PG === undefined || PG === '')(title, () => {
  const dbName = `portcullis_test_${randomBytes(6).toString('hex')}`;
  let admin: pg.Client | undefined;
  let created = false;
  let url = '';
  let schemas = 0;
  const fresh = (): PostgresStore => new PostgresStore(url, { schema: `s${String(++schemas)}` });

  beforeAll(async () => {
    const c = new pg.Client({ connectionString: PG, connectionTimeoutMillis: 5000 });
    await c.connect();
    admin = c;
    await admin.query(`CREATE DATABASE ${dbName}`);
    created = true;
    const u = new URL(PG ?? '');
    u.pathname = `/${dbName}`;
    url = u.toString();
  });

  afterAll(async () => {
    if (admin === undefined) return;
    if (created) await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await admin.end();
  });

  storeSuite('shared suite', () => Promise.resolve(fresh()));

  describe('two replicas on one database', () => {
    async function replicas(): Promise<[PostgresStore, PostgresStore]> {
      const schema = `r${String(++schemas)}`;
      const a = new PostgresStore(url, { schema });
      const b = new PostgresStore(url, { schema });
      // Both migrate at once, as replicas starting together do.
      await Promise.all([a.migrate(), b.migrate()]);
      return [a, b];
    }

    it('racing migrations apply each version once', async () => {
      const [a, b] = await replicas();
      const raw = new pg.Client(url);
      try {
        await raw.connect();
        const r = await raw.query(`SELECT version FROM r${String(schemas)}.schema_migrations`);
        expect(r.rows).toEqual([{ version: 1 }]);
      } finally {
        await raw.end();
        await Promise.all([a.close(), b.close()]);
      }
    });

    it('50 concurrent consumeApproval calls split across replicas: exactly one wins', async () => {
      const [a, b] = await replicas();
      try {
        await a.createApproval(newApproval('apr_x', { fingerprint: 'fp-x' }));
        await b.addVote(
          'apr_x',
          { approver: 'alice', vote: 'approve', at: T0, totp: false },
          T0 + 1,
        );
        expect(await a.settleApproval('apr_x', 'approved', T0 + 1)).toBe(true);
        const now = T0 + MINUTE;
        const calls = Array.from({ length: 50 }, (_, i) =>
          (i % 2 === 0 ? a : b).consumeApproval('fp-x', now),
        );
        const won = (await Promise.all(calls)).filter((r) => r !== undefined);
        expect(won.map((r) => [r.id, r.status])).toEqual([['apr_x', 'consumed']]);
      } finally {
        await Promise.all([a.close(), b.close()]);
      }
    });

    it('concurrent appends from both replicas form one contiguous chain', async () => {
      const [a, b] = await replicas();
      try {
        const calls = Array.from({ length: 100 }, (_, i) =>
          (i % 2 === 0 ? a : b).appendAudit(draft(i), testSealer),
        );
        await Promise.all(calls);
        const all = await b.listAudit({ limit: 1000 });
        expect(all).toHaveLength(100);
        expect(chainProblem(all)).toBeUndefined();
      } finally {
        await Promise.all([a.close(), b.close()]);
      }
    });

    it('concurrent votes by two approvers on two replicas: the later record holds both votes', async () => {
      const [a, b] = await replicas();
      try {
        await a.createApproval(newApproval('apr_v', { required: 2 }));
        const vote = (approver: string) => ({
          approver,
          vote: 'approve' as const,
          at: T0,
          totp: false,
        });
        const [ra, rb] = await Promise.all([
          a.addVote('apr_v', vote('alice'), T0),
          b.addVote('apr_v', vote('bob'), T0),
        ]);
        const sizes = [ra, rb].map((r) => (r.ok ? r.approval.votes.length : 0)).sort();
        expect(sizes).toEqual([1, 2]);
      } finally {
        await Promise.all([a.close(), b.close()]);
      }
    });

    it('ensureMeta racing on two replicas yields one value', async () => {
      const [a, b] = await replicas();
      try {
        const got = await Promise.all([
          a.ensureMeta('k', () => 'from-a'),
          b.ensureMeta('k', () => 'from-b'),
        ]);
        expect(got[0]).toBe(got[1]);
      } finally {
        await Promise.all([a.close(), b.close()]);
      }
    });

    it("a notice published on one replica reaches the other's subscriber", async () => {
      const [a, b] = await replicas();
      try {
        const got: StoreNotice[] = [];
        b.subscribe((n) => got.push(n));
        // B's LISTEN connects in the background: publish until it is heard (bounded by waitFor).
        const deadline = Date.now() + 5000;
        while (got.length === 0 && Date.now() < deadline) {
          await a.publish({ kind: 'approval', id: 'apr_remote' });
          await new Promise((r) => setTimeout(r, 50));
        }
        await waitFor(() => got.length > 0);
        expect(got[0]).toEqual({ kind: 'approval', id: 'apr_remote' });
      } finally {
        await Promise.all([a.close(), b.close()]);
      }
    });

    it('the listener reconnects after its connection is killed', async () => {
      const [a, b] = await replicas();
      try {
        const got: StoreNotice[] = [];
        a.subscribe((n) => got.push(n));
        await a.publish({ kind: 'audit', id: 'before' });
        await waitFor(() => got.length === 1);
        const killed = await admin?.query(
          `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
           WHERE datname = $1 AND query = $2`,
          [dbName, `LISTEN "portcullis_r${String(schemas)}"`],
        );
        expect(killed?.rowCount).toBe(1);
        const deadline = Date.now() + 8000;
        while (!got.some((n) => n.id === 'after') && Date.now() < deadline) {
          await b.publish({ kind: 'audit', id: 'after' });
          await new Promise((r) => setTimeout(r, 100));
        }
        expect(got.some((n) => n.id === 'after')).toBe(true);
      } finally {
        await Promise.all([a.close(), b.close()]);
      }
    });

    it('malformed NOTIFY payloads on the channel are dropped', async () => {
      const [a, b] = await replicas();
      try {
        const got: StoreNotice[] = [];
        a.subscribe((n) => got.push(n));
        await a.publish({ kind: 'audit', id: 'warmup' });
        await waitFor(() => got.length === 1);
        const raw = new pg.Client(url);
        await raw.connect();
        const channel = `portcullis_r${String(schemas)}`;
        for (const payload of ['not json', '{"kind":"evil","id":"1"}', '{"kind":"audit"}']) {
          await raw.query('SELECT pg_notify($1, $2)', [channel, payload]);
        }
        await raw.end();
        await b.publish({ kind: 'audit', id: 'after' });
        await waitFor(() => got.length === 2);
        expect(got).toEqual([
          { kind: 'audit', id: 'warmup' },
          { kind: 'audit', id: 'after' },
        ]);
      } finally {
        await Promise.all([a.close(), b.close()]);
      }
    });
  });

  describe('schema guards', () => {
    it('audit rows cannot be updated or deleted, even with SQL', async () => {
      const s = fresh();
      await s.migrate();
      await s.appendAudit(draft(1), testSealer);
      await s.close();
      const raw = new pg.Client(url);
      await raw.connect();
      try {
        const table = `s${String(schemas)}.audit`;
        await expect(raw.query(`UPDATE ${table} SET data = '{}'`)).rejects.toThrow(/append-only/);
        await expect(raw.query(`DELETE FROM ${table}`)).rejects.toThrow(/append-only/);
      } finally {
        await raw.end();
      }
    });

    it('refuses a database migrated by a newer Portcullis', async () => {
      const s = fresh();
      await s.migrate();
      const raw = new pg.Client(url);
      await raw.connect();
      await raw.query(
        `INSERT INTO s${String(schemas)}.schema_migrations (version, name) VALUES (999, 'future')`,
      );
      await raw.end();
      await expect(s.migrate()).rejects.toMatchObject({ code: 'store/schema-too-new' });
      await s.close();
    });
  });
});

describe('PostgresStore without a server', () => {
  it('rejects malformed schema names and a schema given twice', () => {
    for (const schema of ['Public', 'a-b', 'x"; DROP TABLE y; --', '', '1abc', 'a'.repeat(49)]) {
      expect(() => new PostgresStore('postgres://u@127.0.0.1/db', { schema })).toThrow(/schema/);
    }
    expect(
      () =>
        new PostgresStore('postgres://u@127.0.0.1/db?options=-c%20search_path%3Dx', {
          schema: 'y',
        }),
    ).toThrow(/not both/);
  });

  it('fails closed when the database is unreachable', async () => {
    const s = new PostgresStore('postgres://u@127.0.0.1:1/none');
    await expect(s.migrate()).rejects.toThrow();
    await expect(s.consumeApproval('fp', T0)).rejects.toThrow();
    await s.close();
  });
});
