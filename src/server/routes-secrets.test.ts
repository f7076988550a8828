/** The vault API: admins only; a value goes in and never comes back out (answers, errors, audit). */
import { mkdtempSync, rmSync, chmodSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Vault } from '../broker/vault.js';
import { seedCast, startTestGate, type Cast, type TestGate } from './test-http.js';

const VALUE = 'pr0d-db-pa55word-value';
let g: TestGate;
let cast: Cast;
let dir: string;
let keyFile: string;

beforeAll(async () => {
  g = await startTestGate();
  cast = await seedCast(g);
  dir = mkdtempSync(join(tmpdir(), 'portcullis-secrets-api-'));
  keyFile = join(dir, 'vault.key');
  g.ctx.vault = new Vault(g.ctx.store, keyFile);
});
afterAll(async () => {
  await g.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('/v1/secrets', () => {
  it('set, list (names only), rotate, remove — and the value appears nowhere', async () => {
    const set = await g.call('POST', '/v1/secrets', {
      auth: cast.admin,
      body: { name: 'prod-db', value: VALUE },
    });
    expect(set.status, set.text).toBe(200);
    expect(set.body).toEqual({ ok: true });
    await g.call('POST', '/v1/secrets', {
      auth: cast.admin,
      body: { name: 'kube', value: 'kube-config-text' },
    });

    const list = await g.call('GET', '/v1/secrets', { auth: cast.admin });
    expect(list.status).toBe(200);
    const secrets = (list.body as { secrets: { name: string; updatedAt: string }[] }).secrets;
    expect(secrets.map((s) => s.name)).toEqual(['kube', 'prod-db']);
    expect(Object.keys(secrets[0] ?? {}).sort()).toEqual(['name', 'updatedAt']);
    expect(list.text).not.toContain(VALUE);

    const before = readFileSync(keyFile);
    const rot = await g.call('POST', '/v1/secrets/rotate', { auth: cast.admin });
    expect(rot.body).toEqual({ ok: true, count: 2 });
    expect(readFileSync(keyFile).equals(before)).toBe(false);
    expect(await g.ctx.vault!.get('prod-db')).toBe(VALUE);

    const rm = await g.call('DELETE', '/v1/secrets/kube', { auth: cast.admin });
    expect(rm.body).toEqual({ ok: true });
    const again = await g.call('DELETE', '/v1/secrets/kube', { auth: cast.admin });
    expect(again.status).toBe(404);
    expect(again.body).toMatchObject({ error: { code: 'request/not-found' } });

    const audit = await g.call(
      'GET',
      '/v1/audit?type=secret.set,secret.rotated,secret.removed&order=asc',
      { auth: cast.admin },
    );
    const events = (audit.body as { events: { type: string; actor: string; data: unknown }[] })
      .events;
    expect(events.map((e) => [e.type, e.actor, e.data])).toEqual([
      ['secret.set', 'human:root', { name: 'prod-db' }],
      ['secret.set', 'human:root', { name: 'kube' }],
      [
        'secret.rotated',
        'human:root',
        { count: 2, kid: expect.stringMatching(/^k[0-9a-f]{16}$/) as string },
      ],
      ['secret.removed', 'human:root', { name: 'kube' }],
    ]);
    const everything = await g.call('GET', '/v1/audit?limit=1000', { auth: cast.admin });
    expect(everything.text).not.toContain(VALUE);
  });

  it('only an admin: approvers, agents and anonymous callers are refused', async () => {
    const who: [string, string | undefined, number][] = [
      ['an approver', cast.alice, 403],
      ['an agent', cast.agentA, 403],
      ['nobody', undefined, 401],
    ];
    for (const [what, auth, status] of who) {
      expect((await g.call('GET', '/v1/secrets', { auth })).status, what).toBe(status);
      expect(
        (await g.call('POST', '/v1/secrets', { auth, body: { name: 'x', value: 'yyyy' } })).status,
        what,
      ).toBe(status);
      expect((await g.call('DELETE', '/v1/secrets/prod-db', { auth })).status, what).toBe(status);
      expect((await g.call('POST', '/v1/secrets/rotate', { auth })).status, what).toBe(status);
    }
    expect(await g.ctx.vault!.get('prod-db')).toBe(VALUE);
  });

  it('a bad body is refused without echoing the value', async () => {
    const bodies: unknown[] = [
      { name: '../etc', value: VALUE },
      { name: 'ok', value: '' },
      { name: 'ok', value: VALUE, extra: 1 },
      { name: 'ok', value: `${VALUE}\u0000` },
      { name: 'ok' },
    ];
    for (const body of bodies) {
      const r = await g.call('POST', '/v1/secrets', { auth: cast.admin, body });
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.text).not.toContain(VALUE);
    }
  });

  it('an unsafe key file makes the vault unavailable (503), and a gate without a vault says so', async () => {
    chmodSync(keyFile, 0o644);
    const fresh = new Vault(g.ctx.store, keyFile);
    const saved = g.ctx.vault;
    g.ctx.vault = fresh;
    try {
      const r = await g.call('POST', '/v1/secrets', {
        auth: cast.admin,
        body: { name: 'x', value: 'yyyy' },
      });
      expect(r.status).toBe(503);
      expect(r.body).toMatchObject({ error: { code: 'gate/unavailable' } });
      expect((r.body as { error: { message: string } }).error.message).toContain('chmod 600');
      g.ctx.vault = undefined;
      const none = await g.call('GET', '/v1/secrets', { auth: cast.admin });
      expect(none.status).toBe(503);
    } finally {
      chmodSync(keyFile, 0o600);
      g.ctx.vault = saved;
    }
  });
});
