/** Human accounts over HTTP: one-time passwords, TOTP at login and for approvals, logout, audit without secrets. */
/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call -- reply bodies are untyped JSON that the assertions inspect */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpCode } from '../identity/totp.js';
import { seedCast, shell, startTestGate, type Cast, type TestGate } from './test-http.js';

let g: TestGate;
let cast: Cast;
beforeAll(async () => {
  g = await startTestGate({ settings: { totpFor: ['catastrophic'] } });
  cast = await seedCast(g);
});
afterAll(async () => {
  await g.close();
});

const NEW_PASSWORD = 'correct horse battery staple';

describe('a new human', () => {
  let password = '';
  let session = '';

  it('gets a one-time password from an admin, and can do nothing but change it', async () => {
    const added = await g.call('POST', '/v1/humans', {
      auth: cast.admin,
      body: { name: 'dave', role: 'approver', groups: ['sre'] },
    });
    expect(added.status).toBe(200);
    expect(added.body.human).toMatchObject({ name: 'dave', mustChangePassword: true, totp: false });
    password = added.body.password as string;
    expect(password.length).toBeGreaterThanOrEqual(24);

    const dup = await g.call('POST', '/v1/humans', {
      auth: cast.admin,
      body: { name: 'dave', role: 'approver' },
    });
    expect(dup.status).toBe(409);

    const login = await g.call('POST', '/v1/login', { body: { name: 'dave', password } });
    expect(login.status).toBe(200);
    expect(login.body.human.mustChangePassword).toBe(true);
    session = login.body.session as string;

    const blocked = await g.call('GET', '/v1/approvals', { auth: session });
    expect(blocked.status).toBe(403);
    expect(blocked.body.error.code).toBe('auth/password-change-required');
    expect((await g.call('GET', '/v1/me', { auth: session })).status).toBe(200);
  });

  it('changes it: wrong current 401, too short 400, then ok and unblocked', async () => {
    const cases: [{ current: string; next: string }, number, string | undefined][] = [
      [{ current: 'not-the-password', next: NEW_PASSWORD }, 401, 'auth/bad-login'],
      [{ current: password, next: 'short' }, 400, 'request/invalid'],
      [{ current: password, next: password }, 400, 'request/invalid'],
      [{ current: password, next: NEW_PASSWORD }, 200, undefined],
    ];
    for (const [body, status, code] of cases) {
      const r = await g.call('POST', '/v1/me/password', { auth: session, body });
      expect([r.status, r.body.error?.code]).toEqual([status, code]);
    }
    expect((await g.call('GET', '/v1/approvals', { auth: session })).status).toBe(200);
    const old = await g.call('POST', '/v1/login', { body: { name: 'dave', password } });
    expect(old.status).toBe(401);
    expect(old.body.error.code).toBe('auth/bad-login');
  });

  it('enrols TOTP in two steps; login then needs the code; a catastrophic approval needs it too', async () => {
    const start = await g.call('POST', '/v1/me/totp', { auth: session, body: {} });
    expect(start.status).toBe(200);
    const secret = start.body.secret as string;
    expect(start.body.uri).toMatch(/^otpauth:\/\/totp\/Portcullis:dave\?secret=/);
    const wrong = await g.call('POST', '/v1/me/totp', { auth: session, body: { code: '000000' } });
    expect(wrong.status).toBe(400);
    const code = totpCode(secret, Date.now());
    const done = await g.call('POST', '/v1/me/totp', { auth: session, body: { code } });
    expect(done.body).toEqual({ ok: true });
    const again = await g.call('POST', '/v1/me/totp', { auth: session, body: {} });
    expect(again.status).toBe(409);

    const noCode = await g.call('POST', '/v1/login', {
      body: { name: 'dave', password: NEW_PASSWORD },
    });
    expect([noCode.status, noCode.body.error.code]).toEqual([401, 'auth/totp-required']);
    const badCode = await g.call('POST', '/v1/login', {
      body: { name: 'dave', password: NEW_PASSWORD, totp: code === '123456' ? '654321' : '123456' },
    });
    expect([badCode.status, badCode.body.error.code]).toEqual([401, 'auth/bad-login']);
    const ok = await g.call('POST', '/v1/login', {
      body: { name: 'dave', password: NEW_PASSWORD, totp: totpCode(secret, Date.now()) },
    });
    expect(ok.status).toBe(200);
    expect(ok.body.human.totp).toBe(true);

    const held = await g.call('POST', '/v1/decide', {
      auth: cast.agentB,
      body: shell('terraform destroy -auto-approve', '/home/dev/infra/envs/prod'),
    });
    const id = held.body.approval.id as string;
    const without = await g.call('POST', `/v1/approvals/${id}/approve`, {
      auth: session,
      body: {},
    });
    expect([without.status, without.body.error.code]).toEqual([401, 'approval/totp-required']);
    const unenrolled = await g.call('POST', `/v1/approvals/${id}/approve`, {
      auth: cast.bob,
      body: {},
    });
    expect([unenrolled.status, unenrolled.body.error.code]).toEqual([
      401,
      'approval/totp-required',
    ]);
    const withCode = await g.call('POST', `/v1/approvals/${id}/approve`, {
      auth: session,
      body: { totp: totpCode(secret, Date.now()) },
    });
    expect(withCode.status).toBe(200);
    expect(withCode.body.approval.approvedBy).toEqual(['dave']);
  });

  it('logs out: the session is gone', async () => {
    const out = await g.call('POST', '/v1/logout', { auth: session });
    expect(out.body).toEqual({ ok: true });
    const after = await g.call('GET', '/v1/me', { auth: session });
    expect([after.status, after.body.error.code]).toEqual([401, 'auth/invalid-token']);
  });

  it('audits logins and failures, never the password', async () => {
    const r = await g.call('GET', '/v1/audit?type=login,login.failed&order=asc&limit=1000', {
      auth: cast.admin,
    });
    const types = r.body.events.map((e: { type: string }) => e.type);
    expect(types).toContain('login');
    expect(types).toContain('login.failed');
    const failed = r.body.events.find((e: { type: string }) => e.type === 'login.failed');
    expect(failed.data).toMatchObject({ name: 'dave', why: 'password' });
    expect(r.text).not.toContain(NEW_PASSWORD);
    expect(r.text).not.toContain(password);
  });
});

describe('unknown names', () => {
  it('get the same answer as a wrong password', async () => {
    const unknown = await g.call('POST', '/v1/login', {
      body: { name: 'nobody', password: 'whatever-it-is' },
    });
    const wrong = await g.call('POST', '/v1/login', {
      body: { name: 'alice', password: 'whatever-it-is' },
    });
    expect(unknown.status).toBe(401);
    expect(unknown.body).toEqual(wrong.body);
  });
});
