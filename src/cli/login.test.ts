import { existsSync, readFileSync, statSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { saveSession, sessionPath } from './session-file.js';
import {
  apiError,
  runGateCli,
  startFakeGate,
  tempHome,
  type FakeGate,
  type Route,
} from './test-kit.js';

// `login`, `logout`, `whoami`, `passwd`, `totp enrol` against a fake gate, with the password piped on stdin.
let gate: FakeGate | undefined;
let cleanup: (() => void) | undefined;
afterEach(async () => {
  await gate?.close();
  cleanup?.();
  gate = undefined;
  cleanup = undefined;
});

const alice = {
  name: 'alice',
  role: 'admin',
  groups: ['sre'],
  totp: true,
  mustChangePassword: false,
};
const loginOk =
  (human: Record<string, unknown> = alice): Route =>
  () => ({
    body: { session: 'ses_new', csrf: 'csrf1', expiresAt: '2025-06-01T20:00:00.000Z', human },
  });

async function setup(routes: Record<string, Route>) {
  gate = await startFakeGate(routes);
  const t = tempHome();
  cleanup = t.cleanup;
  return { home: t.home, gate: gate.url };
}

function stored(home: string): unknown {
  return JSON.parse(readFileSync(sessionPath(home), 'utf8'));
}

describe('portcullis login', () => {
  it('reads the password from stdin and stores the session 0600', async () => {
    const o = await setup({ 'POST /v1/login': loginOk() });
    const r = await runGateCli(['login', '--name', 'alice'], { ...o, stdin: 's3cret\n' });
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(r.stdout).toBe(
      `logged in to ${o.gate} as alice (admin, groups sre); session until 2025-06-01T20:00:00.000Z\n`,
    );
    expect(gate?.requests[0]?.body).toEqual({ name: 'alice', password: 's3cret' });
    expect(stored(o.home)).toEqual({
      gate: o.gate,
      session: 'ses_new',
      human: alice,
      expiresAt: '2025-06-01T20:00:00.000Z',
    });
    expect(statSync(sessionPath(o.home)).mode & 0o777).toBe(0o600);
  });

  it('asks for a TOTP code when the gate requires one', async () => {
    const o = await setup({
      'POST /v1/login': (req) =>
        (req.body as { totp?: string }).totp === '123456'
          ? loginOk()(req)
          : apiError(401, 'auth/totp-required', 'a TOTP code is required'),
    });
    const r = await runGateCli(['login', '--name', 'alice'], { ...o, stdin: 'pw\n123456\n' });
    expect(r.code).toBe(0);
    expect(gate?.requests.map((q) => q.body)).toEqual([
      { name: 'alice', password: 'pw' },
      { name: 'alice', password: 'pw', totp: '123456' },
    ]);
  });

  it('replaces a one-time password at once', async () => {
    const o = await setup({
      'POST /v1/login': loginOk({ ...alice, mustChangePassword: true }),
      'POST /v1/me/password': () => ({ body: { ok: true } }),
    });
    const r = await runGateCli(['login', '--name', 'alice'], {
      ...o,
      stdin: 'otp-pw\nnew-pw\nnew-pw\n',
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('password changed\n');
    const change = gate?.requests[1];
    expect([change?.path, change?.headers.authorization, change?.body]).toEqual([
      '/v1/me/password',
      'Bearer ses_new',
      { current: 'otp-pw', next: 'new-pw' },
    ]);
    expect(
      (stored(o.home) as { human: { mustChangePassword: boolean } }).human.mustChangePassword,
    ).toBe(false);
  });

  it('changes nothing when the two new passwords differ (usage, exit 2)', async () => {
    const o = await setup({ 'POST /v1/login': loginOk({ ...alice, mustChangePassword: true }) });
    const r = await runGateCli(['login', '--name', 'alice'], { ...o, stdin: 'otp-pw\na\nb\n' });
    expect([r.code, r.stderr]).toEqual([
      2,
      'portcullis login: the two new passwords differ; nothing was changed\n',
    ]);
    expect(gate?.requests.map((q) => q.path)).toEqual(['/v1/login']);
  });

  const failures: [string, Route | undefined, string, number, RegExp][] = [
    [
      'a wrong password',
      () => apiError(401, 'auth/bad-login', 'wrong name or password'),
      'pw\n',
      1,
      /auth\/bad-login: wrong name or password/,
    ],
    ['no password on stdin', undefined, '', 2, /no input for "password:"/],
    [
      'a rate limit',
      () => apiError(429, 'request/rate-limited', 'too many', { 'retry-after': '30' }),
      'pw\n',
      1,
      /retry in 30 s/,
    ],
  ];
  it.each(failures)('fails on %s and stores nothing', async (_, route, stdin, code, why) => {
    const o = await setup(route ? { 'POST /v1/login': route } : {});
    const r = await runGateCli(['login', '--name', 'alice'], { ...o, stdin });
    expect(r.code).toBe(code);
    expect(r.stderr).toMatch(why);
    expect(existsSync(sessionPath(o.home))).toBe(false);
  });

  it('takes the name from $USER when none is given and no terminal is attached', async () => {
    const o = await setup({ 'POST /v1/login': loginOk() });
    const r = await runGateCli(['login'], { ...o, stdin: 'pw\n', env: { USER: 'alice' } });
    expect(r.code).toBe(0);
    expect(gate?.requests[0]?.body).toEqual({ name: 'alice', password: 'pw' });
  });
});

describe('session use', () => {
  const session = (gateUrl: string) => ({
    gate: gateUrl,
    session: 'ses_old',
    human: alice,
    expiresAt: '2025-06-01T20:00:00.000Z',
  });

  it('whoami asks the gate with the stored session', async () => {
    const o = await setup({ 'GET /v1/me': () => ({ body: { human: alice } }) });
    await saveSession(o.home, session(o.gate));
    const r = await runGateCli(['whoami'], o);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /^alice \(admin, groups sre\) at http:\/\/127\.0\.0\.1:\d+\n {2}TOTP: enrolled\n/,
    );
    expect(gate?.requests[0]?.headers.authorization).toBe('Bearer ses_old');
  });

  it('never sends a session to a gate that did not issue it', async () => {
    const o = await setup({ 'GET /v1/approvals': () => apiError(401, 'auth/required', 'log in') });
    await saveSession(o.home, session('http://127.0.0.1:1'));
    const r = await runGateCli(['pending'], o);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'portcullis pending: auth/required: log in\n  log in first: portcullis login\n',
    );
    expect(gate?.requests[0]?.headers.authorization).toBeUndefined();
    const who = await runGateCli(['whoami'], o);
    expect([who.code, who.stderr]).toEqual([
      1,
      `portcullis whoami: not logged in to ${o.gate} (the stored session is for http://127.0.0.1:1)\n  log in: portcullis login\n`,
    ]);
  });

  it('logout ends the session at the gate and removes the file', async () => {
    const o = await setup({ 'POST /v1/logout': () => ({ body: { ok: true } }) });
    await saveSession(o.home, session(o.gate));
    const r = await runGateCli(['logout'], o);
    expect([r.code, r.stdout]).toEqual([0, `logged out of ${o.gate}\n`]);
    expect(gate?.requests[0]?.headers.authorization).toBe('Bearer ses_old');
    expect(existsSync(sessionPath(o.home))).toBe(false);
  });

  it('logout forgets the session even when the gate is down', async () => {
    const o = await setup({});
    await gate?.close();
    gate = undefined;
    await saveSession(o.home, session(o.gate));
    const r = await runGateCli(['logout'], o);
    expect(r.code).toBe(3);
    expect(existsSync(sessionPath(o.home))).toBe(false);
  });

  it('passwd sends the current and new password', async () => {
    const o = await setup({ 'POST /v1/me/password': () => ({ body: { ok: true } }) });
    await saveSession(o.home, session(o.gate));
    const r = await runGateCli(['passwd'], { ...o, stdin: 'old\nnew\nnew\n' });
    expect([r.code, r.stdout]).toEqual([0, 'password changed\n']);
    expect(gate?.requests[0]?.body).toEqual({ current: 'old', next: 'new' });
  });

  it('totp enrol shows the URI and secret, then confirms with a code', async () => {
    const o = await setup({
      'POST /v1/me/totp': (req) =>
        (req.body as { code?: string }).code === undefined
          ? {
              body: {
                secret: 'JBSWY3DPEHPK3PXP',
                uri: 'otpauth://totp/Portcullis:alice?secret=JBSWY3DPEHPK3PXP',
              },
            }
          : { body: { ok: true } },
    });
    await saveSession(o.home, session(o.gate));
    const r = await runGateCli(['totp', 'enrol'], { ...o, stdin: '654321\n' });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('  otpauth://totp/Portcullis:alice?secret=JBSWY3DPEHPK3PXP\n');
    expect(r.stdout).toContain('  secret: JBSWY3DPEHPK3PXP\n');
    expect(gate?.requests.map((q) => q.body)).toEqual([{}, { code: '654321' }]);
  });

  it('totp enrol refuses a code that is not digits without asking the gate', async () => {
    const o = await setup({
      'POST /v1/me/totp': () => ({ body: { secret: 'S', uri: 'otpauth://x' } }),
    });
    const r = await runGateCli(['totp', 'enrol'], { ...o, stdin: 'abc\n' });
    expect([r.code, r.stderr]).toEqual([
      2,
      'portcullis totp enrol: a TOTP code is 6 to 8 digits\n',
    ]);
    expect(gate?.requests).toHaveLength(1);
  });
});
