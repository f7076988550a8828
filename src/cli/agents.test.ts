import { describe, expect, it } from 'vitest';
import { apiError, runGateCli, useLoggedInGate } from './test-kit.js';

// `agent`, `token` and `human` against a fake gate, logged in as an admin.
const logged = useLoggedInGate();
const setup = logged.setup;

const TOKEN = 'eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJjbGF1ZGUifQ.c2ln';
const claims = { sub: 'claude', jti: 'tok_1', exp: 1748808000, scope: { envs: ['dev'] } };

describe('portcullis agent', () => {
  it('add sends the parsed scope and prints the token once, with the export line', async () => {
    const o = await setup({
      'POST /v1/agents': (req) => {
        const b = req.body as { name: string; scope: unknown; operator?: string };
        return {
          body: {
            agent: { name: b.name, scope: b.scope, operator: b.operator, createdAt: 1 },
            token: TOKEN,
            claims,
          },
        };
      },
    });
    const r = await runGateCli(
      [
        'agent',
        'add',
        'claude',
        '--scope',
        'env:dev,staging',
        '--scope',
        'tool:kubectl',
        '--scope',
        'path:/srv/app/',
        '--operator',
        'alice',
        '--ttl',
        '8h',
      ],
      o,
    );
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(logged.current()?.requests[0]?.body).toEqual({
      name: 'claude',
      scope: { envs: ['dev', 'staging'], tools: ['kubectl'], paths: ['/srv/app'] },
      operator: 'alice',
      ttl: '8h',
    });
    expect(r.stdout).toMatch(
      /^agent claude registered \(scope env:dev env:staging tool:kubectl path:\/srv\/app, operator alice\), expires 2025-06-01T20:00:00Z\./,
    );
    expect(r.stdout).toContain(`\n  export PORTCULLIS_TOKEN=${TOKEN}\n`);
    expect(r.stdout.split(TOKEN)).toHaveLength(3);
  });

  it('add without a scope warns that the agent is unrestricted', async () => {
    const o = await setup({
      'POST /v1/agents': () => ({
        body: { agent: { name: 'codex', scope: {}, createdAt: 1 }, token: TOKEN, claims: {} },
      }),
    });
    const r = await runGateCli(['agent', 'add', 'codex'], o);
    expect(r.code).toBe(0);
    expect(logged.current()?.requests[0]?.body).toEqual({ name: 'codex', scope: {} });
    expect(r.stderr).toMatch(/no --scope/);
  });

  const usage: [string[], RegExp][] = [
    [['agent', 'add', 'claude', '--scope', 'env:moon'], /unknown environment "moon"/],
    [['agent', 'add', 'claude', '--scope', 'path:srv'], /not an absolute path/],
    [['agent', 'add', 'claude', '--scope', 'cluster:x'], /expected env:NAME/],
    [['agent', 'add', 'bad name'], /not a valid agent name/],
    [['agent', 'revoke', '../x'], /not a valid agent name/],
  ];
  it.each(usage)('%j is a usage error', async (args, why) => {
    const o = await setup({});
    const r = await runGateCli(args, o);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(why);
    expect(logged.current()?.requests).toEqual([]);
  });

  it('add is refused (exit 1) for an approver', async () => {
    const o = await setup({
      'POST /v1/agents': () => apiError(403, 'auth/forbidden', 'admins only'),
    });
    const r = await runGateCli(['agent', 'add', 'claude', '--scope', 'env:dev'], o);
    expect([r.code, r.stderr]).toEqual([1, 'portcullis agent add: auth/forbidden: admins only\n']);
  });

  it('list prints a table; --json the answer', async () => {
    const agents = [
      {
        name: 'claude',
        scope: { envs: ['dev'] },
        operator: 'alice',
        createdAt: Date.parse('2025-05-01T00:00:00Z'),
      },
      {
        name: 'codex',
        scope: {},
        createdAt: Date.parse('2025-05-02T00:00:00Z'),
        revokedAt: Date.parse('2025-05-03T00:00:00Z'),
      },
    ];
    const o = await setup({ 'GET /v1/agents': () => ({ body: { agents } }) });
    const r = await runGateCli(['agent', 'list'], o);
    expect(r.stdout).toBe(
      'NAME    STATUS   OPERATOR  CREATED               SCOPE\n' +
        'claude  active   alice     2025-05-01T00:00:00Z  env:dev\n' +
        'codex   revoked  -         2025-05-02T00:00:00Z  any\n',
    );
    const j = await runGateCli(['agent', 'list', '--json'], o);
    expect(JSON.parse(j.stdout)).toEqual({ agents });
  });

  it('revoke deletes the agent', async () => {
    const o = await setup({ 'DELETE /v1/agents/codex': () => ({ body: { ok: true } }) });
    const r = await runGateCli(['agent', 'revoke', 'codex'], o);
    expect([r.code, r.stdout]).toEqual([
      0,
      'agent codex revoked: every one of its tokens is refused from now on\n',
    ]);
  });
});

describe('portcullis token', () => {
  it('narrow takes the token from PORTCULLIS_TOKEN', async () => {
    const o = await setup({
      'POST /v1/tokens/narrow': () => ({ body: { token: 'narrowed.jwt.x', claims } }),
    });
    const r = await runGateCli(['token', 'narrow', '--scope', 'env:dev', '--ttl', '1h'], {
      ...o,
      env: { PORTCULLIS_TOKEN: TOKEN },
    });
    expect(r.code).toBe(0);
    expect(logged.current()?.requests[0]?.body).toEqual({
      token: TOKEN,
      scope: { envs: ['dev'] },
      ttl: '1h',
    });
    expect(r.stdout).toContain('export PORTCULLIS_TOKEN=narrowed.jwt.x\n');
  });

  it('narrow reports a widening as a refusal', async () => {
    const o = await setup({
      'POST /v1/tokens/narrow': () =>
        apiError(400, 'request/invalid', 'the requested scope widens the token: env:prod'),
    });
    const r = await runGateCli(['token', 'narrow', '--token', TOKEN, '--scope', 'env:prod'], o);
    expect([r.code, r.stderr]).toEqual([
      1,
      'portcullis token narrow: request/invalid: the requested scope widens the token: env:prod\n',
    ]);
  });

  const usage: [string[], Record<string, string>, RegExp][] = [
    [['token', 'narrow', '--scope', 'env:dev'], {}, /pass --token T or set PORTCULLIS_TOKEN/],
    [['token', 'narrow'], { PORTCULLIS_TOKEN: TOKEN }, /narrow what\?/],
  ];
  it.each(usage)('%j is a usage error', async (args, env, why) => {
    const o = await setup({});
    const r = await runGateCli(args, { ...o, env });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(why);
  });

  it('list shows status from revocation and expiry', async () => {
    const tokens = [
      {
        jti: 'tok_1',
        agent: 'claude',
        scope: { envs: ['dev'] },
        issuedAt: Date.parse('2025-06-01T08:00:00Z'),
        expiresAt: Date.parse('2025-06-01T16:00:00Z'),
      },
      {
        jti: 'tok_2',
        agent: 'claude',
        scope: {},
        issuedAt: Date.parse('2025-06-01T08:00:00Z'),
        expiresAt: Date.parse('2025-06-01T09:00:00Z'),
        parent: 'tok_1',
      },
      {
        jti: 'tok_3',
        agent: 'claude',
        scope: {},
        issuedAt: Date.parse('2025-06-01T08:00:00Z'),
        expiresAt: Date.parse('2025-06-01T16:00:00Z'),
        revokedAt: 1,
      },
    ];
    const o = await setup({ 'GET /v1/tokens': () => ({ body: { tokens } }) });
    const r = await runGateCli(['token', 'list', '--agent', 'claude'], o);
    expect(logged.current()?.requests[0]?.query).toEqual({ agent: 'claude' });
    expect(
      r.stdout.split('\n').map((l) =>
        l
          .split(/\s{2,}/)
          .slice(0, 3)
          .join(' '),
      ),
    ).toEqual([
      'JTI AGENT STATUS',
      'tok_1 claude active',
      'tok_2 claude expired',
      'tok_3 claude revoked',
      '',
    ]);
  });

  it('revoke deletes the token by jti', async () => {
    const o = await setup({ 'DELETE /v1/tokens/tok_2': () => ({ body: { ok: true } }) });
    expect((await runGateCli(['token', 'revoke', 'tok_2'], o)).stdout).toBe(
      'token tok_2 revoked\n',
    );
  });
});

describe('portcullis human', () => {
  it('add prints the one-time password', async () => {
    const o = await setup({
      'POST /v1/humans': (req) => ({
        body: {
          human: { ...(req.body as object), mustChangePassword: true },
          password: 'otp-Xy7-q2',
        },
      }),
    });
    const r = await runGateCli(
      ['human', 'add', 'carol', '--role', 'admin', '--group', 'sre', '--group', 'dba'],
      o,
    );
    expect(r.code).toBe(0);
    expect(logged.current()?.requests[0]?.body).toEqual({
      name: 'carol',
      role: 'admin',
      groups: ['sre', 'dba'],
    });
    expect(r.stdout).toContain('\n  otp-Xy7-q2\n');
    expect(r.stdout).toContain('portcullis login --name carol');
  });

  it('add refuses an unknown role before asking the gate', async () => {
    const o = await setup({});
    const r = await runGateCli(['human', 'add', 'carol', '--role', 'root'], o);
    expect([r.code, r.stderr]).toEqual([2, 'portcullis human add: --role is approver or admin\n']);
  });

  it('list prints role, TOTP and status', async () => {
    const humans = [
      { name: 'alice', role: 'admin', groups: ['sre'], totp: true, mustChangePassword: false },
      { name: 'carol', role: 'approver', groups: [], totp: false, mustChangePassword: true },
    ];
    const o = await setup({ 'GET /v1/humans': () => ({ body: { humans } }) });
    expect((await runGateCli(['human', 'list'], o)).stdout).toBe(
      'NAME   ROLE      TOTP  STATUS                GROUPS\n' +
        'alice  admin     yes   active                sre\n' +
        'carol  approver  no    must change password  -\n',
    );
  });
});
