/**
 * Reliability with PostgreSQL (issue 5): two gate replicas on one database, each with its own HTTP server. After
 * one approval, 50 concurrent identical retries spread over both replicas: exactly one is allowed, and the audit
 * chain written by both verifies as one chain. Commands are data, never run. With PORTCULLIS_TEST_PG set and the
 * server unreachable this fails; without it, it skips with that reason.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addHuman, login } from '../gate/accounts.js';
import { verifyChain } from '../gate/audit/chain.js';
import type { GateContext } from '../gate/context.js';
import { PostgresStore } from '../store/postgres.js';
import { startServer, type RunningServer } from './serve.js';
import { makeTestContext } from './test-context.js';

const PG = process.env.PORTCULLIS_TEST_PG;
const skip = PG === undefined || PG === '';

describe.skipIf(skip)(
  skip
    ? 'replicas (skipped: set PORTCULLIS_TEST_PG to run against PostgreSQL)'
    : 'two replicas on one PostgreSQL',
  () => {
    const dbName = `portcullis_replicas_${randomBytes(6).toString('hex')}`;
    let admin: pg.Client;
    const ctxs: GateContext[] = [];
    const servers: RunningServer[] = [];

    beforeAll(async () => {
      admin = new pg.Client({ connectionString: PG, connectionTimeoutMillis: 5000 });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${dbName}`);
      const u = new URL(PG ?? '');
      u.pathname = `/${dbName}`;
      // Both replicas boot at once, as they do behind a load balancer: migrations and keys must not race.
      const booted = await Promise.all(
        [0, 1].map(() =>
          makeTestContext({ store: new PostgresStore(u.toString()), settings: { totpFor: [] } }),
        ),
      );
      ctxs.push(...booted);
      for (const ctx of ctxs) servers.push(await startServer(ctx, { host: '127.0.0.1', port: 0 }));
    });

    afterAll(async () => {
      for (const s of servers) await s.close();
      for (const c of ctxs) await c.close();
      await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
      await admin.end();
    });

    async function post(server: RunningServer, path: string, body: unknown, auth?: string) {
      const res = await fetch(server.url + path, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(auth ? { authorization: `Bearer ${auth}` } : {}),
        },
        body: JSON.stringify(body),
      });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    }

    const request = {
      request: {
        kind: 'shell',
        agent: 'claude-code',
        cwd: '/srv/app',
        command: 'git push --force origin main',
      },
    };

    it('share one signing key: a token minted on one is honoured by the other', () => {
      expect(ctxs[0]!.tokenKey.kid).toBe(ctxs[1]!.tokenKey.kid);
      expect(ctxs[0]!.auditKey.kid).toBe(ctxs[1]!.auditKey.kid);
    });

    it('50 concurrent identical retries after one approval: exactly one is allowed', async () => {
      const [a, b] = servers as [RunningServer, RunningServer];
      const held = await post(a, '/v1/decide', request);
      expect(held.body.verdict).toBe('ask');
      const id = (held.body.approval as { id: string }).id;
      // The same request through the other replica finds the same ticket.
      expect(((await post(b, '/v1/decide', request)).body.approval as { id: string }).id).toBe(id);

      const { password } = await addHuman(ctxs[0]!, 'gate', { name: 'alice', role: 'approver' });
      await ctxs[0]!.store.updateHuman('alice', { mustChangePassword: false });
      const session = await login(ctxs[1]!, { name: 'alice', password });
      const vote = await post(b, `/v1/approvals/${id}/approve`, {}, session.secret);
      expect(vote.status).toBe(200);

      const answers = await Promise.all(
        Array.from({ length: 50 }, (_, i) => post(i % 2 === 0 ? a : b, '/v1/decide', request)),
      );
      const verdicts = answers.map((r) => r.body.verdict);
      expect(verdicts.filter((v) => v === 'allow')).toHaveLength(1);
      expect(verdicts.filter((v) => v !== 'allow' && v !== 'ask')).toEqual([]);
      expect((await ctxs[0]!.store.getApproval(id))?.status).toBe('consumed');

      const events = await ctxs[1]!.store.listAudit({ limit: 1000 });
      expect(events.filter((e) => e.type === 'approval.consumed')).toHaveLength(1);
      const verdict = await verifyChain(events, ctxs[0]!.auditKey.publicKey);
      expect(verdict).toMatchObject({ ok: true, count: events.length });
    });
  },
);
