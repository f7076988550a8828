import { chmodSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ClientError, DEFAULT_GATE, GateClient, UsageError, resolveGateUrl } from './client.js';
import { describeError, exitCodeFor, sessionFor } from './gate-run.js';
import { loadSession, saveSession, sessionPath, type StoredSession } from './session-file.js';
import { apiError, startFakeGate, tempHome, type FakeGate } from './test-kit.js';

let gate: FakeGate | undefined;
let cleanup: (() => void) | undefined;
afterEach(async () => {
  await gate?.close();
  cleanup?.();
  gate = undefined;
  cleanup = undefined;
});

describe('resolveGateUrl', () => {
  const ok: [string | undefined, Record<string, string>, string][] = [
    [undefined, {}, DEFAULT_GATE],
    [undefined, { PORTCULLIS_GATE: 'http://localhost:9000/' }, 'http://localhost:9000'],
    [
      'http://127.0.0.1:7000',
      { PORTCULLIS_GATE: 'http://localhost:9000' },
      'http://127.0.0.1:7000',
    ],
    ['http://[::1]:7421', {}, 'http://[::1]:7421'],
    ['https://gate.example.com/portcullis/', {}, 'https://gate.example.com/portcullis'],
    [undefined, { PORTCULLIS_GATE: '' }, DEFAULT_GATE],
  ];
  it.each(ok)('%s with %j is %s', (flag, env, want) => {
    expect(resolveGateUrl(flag, env)).toBe(want);
  });

  const bad: [string, RegExp][] = [
    ['gate:7421', /over http/],
    ['not a url', /not a URL/],
    ['ftp://127.0.0.1', /over http/],
    ['http://alice:pw@127.0.0.1:7421', /no credentials/],
    ['http://127.0.0.1:7421/?x=1', /no credentials/],
    ['http://gate.example.com', /use https/],
    ['http://10.0.0.5:7421', /use https/],
  ];
  it.each(bad)('refuses %s', (flag, why) => {
    expect(() => resolveGateUrl(flag, {})).toThrow(UsageError);
    expect(() => resolveGateUrl(flag, {})).toThrow(why);
  });
});

describe('GateClient', () => {
  it('sends the session as a bearer token, but never to login', async () => {
    gate = await startFakeGate({
      'GET /v1/me': () => ({ body: { human: { name: 'alice', role: 'admin', groups: [] } } }),
      'POST /v1/login': () => ({
        body: {
          session: 'ses_2',
          csrf: 'c',
          expiresAt: 1,
          human: { name: 'alice', role: 'admin', groups: [] },
        },
      }),
    });
    const c = new GateClient({ baseUrl: gate.url, session: 'ses_1' });
    expect((await c.me()).human.name).toBe('alice');
    await c.login({ name: 'alice', password: 'pw' });
    expect(gate.requests.map((r) => [r.path, r.headers.authorization])).toEqual([
      ['/v1/me', 'Bearer ses_1'],
      ['/v1/login', undefined],
    ]);
    expect(gate.requests[1]?.body).toEqual({ name: 'alice', password: 'pw' });
  });

  it('encodes ids as one path segment', async () => {
    gate = await startFakeGate();
    const c = new GateClient({ baseUrl: gate.url });
    await expect(c.getApproval('../agents/x')).rejects.toThrow(ClientError);
    expect(gate.requests[0]?.path).toBe('/v1/approvals/..%2Fagents%2Fx');
  });

  const errors: [
    string,
    Parameters<typeof apiError> | { status: number; text: string },
    string,
    number,
    number,
  ][] = [
    [
      'a documented refusal',
      [403, 'approval/self-approval', 'you asked for it'],
      'approval/self-approval',
      403,
      1,
    ],
    [
      'a rate limit',
      [429, 'request/rate-limited', 'slow down', { 'retry-after': '7' }],
      'request/rate-limited',
      429,
      1,
    ],
    ['a gate fault', [500, 'internal', 'boom'], 'internal', 500, 3],
    ['an unavailable store', [503, 'gate/unavailable', 'store down'], 'gate/unavailable', 503, 3],
    ['an HTML error page', { status: 502, text: '<html>bad gateway</html>' }, 'internal', 502, 3],
    ['a 404 without a body', { status: 404, text: '' }, 'http/404', 404, 1],
  ];
  it.each(errors)(
    'maps %s to a ClientError and an exit code',
    async (_, reply, code, status, exit) => {
      gate = await startFakeGate({
        'GET /v1/agents': () => (Array.isArray(reply) ? apiError(...reply) : reply),
      });
      const err = await new GateClient({ baseUrl: gate.url }).listAgents().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ClientError);
      const e = err as ClientError;
      expect([e.code, e.status, exitCodeFor(e)]).toEqual([code, status, exit]);
      if (code === 'request/rate-limited') expect(e.retryAfter).toBe(7);
    },
  );

  it('says how to start a gate when none listens', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = createServer();
      s.listen(0, '127.0.0.1', () => {
        const a = s.address();
        s.close(() => {
          resolve(typeof a === 'object' && a !== null ? a.port : 1);
        });
      });
    });
    const url = `http://127.0.0.1:${String(port)}`;
    const e = (await new GateClient({ baseUrl: url }).me().catch((x: unknown) => x)) as ClientError;
    expect([e.code, e.status, e.message, exitCodeFor(e)]).toEqual([
      'gate/unreachable',
      0,
      `no gate at ${url} — start it with \`portcullis serve\``,
      3,
    ]);
    expect(describeError('pending', e)).toBe(
      `portcullis pending: no gate at ${url} — start it with \`portcullis serve\`\n`,
    );
  });

  it('gives up on a gate that does not answer', async () => {
    gate = await startFakeGate({ 'GET /v1/me': () => ({ hang: true }) });
    const e = (await new GateClient({ baseUrl: gate.url, timeoutMs: 200 })
      .me()
      .catch((x: unknown) => x)) as ClientError;
    expect([e.code, exitCodeFor(e)]).toEqual(['gate/timeout', 3]);
    expect(e.message).toMatch(/did not answer within 0.2 s/);
  });

  it('reports an answer that does not match the contract, naming the field', async () => {
    gate = await startFakeGate({
      'GET /v1/approvals': () => ({ body: { approvals: [{ id: 'apr_1' }] } }),
    });
    const e = (await new GateClient({ baseUrl: gate.url })
      .listApprovals({})
      .catch((x: unknown) => x)) as ClientError;
    expect([e.code, exitCodeFor(e)]).toEqual(['gate/bad-response', 3]);
    expect(e.message).toMatch(/approvals\.0\.status/);
  });

  it('drops empty query values', async () => {
    gate = await startFakeGate({ 'GET /v1/approvals': () => ({ body: { approvals: [] } }) });
    await new GateClient({ baseUrl: gate.url }).listApprovals({
      status: 'pending',
      agent: undefined,
      session: '',
    });
    expect(gate.requests[0]?.query).toEqual({ status: 'pending' });
  });
});

describe('describeError and exitCodeFor', () => {
  const cases: [unknown, string, number][] = [
    [new UsageError('bad'), 'portcullis x: bad\n', 2],
    [
      new ClientError('auth/required', 'log in', 401),
      'portcullis x: auth/required: log in\n  log in first: portcullis login\n',
      1,
    ],
    [new ClientError('gate/bad-response', 'odd', 200), 'portcullis x: odd\n', 3],
    [
      new ClientError('request/rate-limited', 'slow', 429, 3),
      'portcullis x: request/rate-limited: slow\n  retry in 3 s\n',
      1,
    ],
    [new Error('oops'), 'portcullis x: internal error: oops\n', 3],
  ];
  it.each(cases)('%s', (e, text, code) => {
    expect([describeError('x', e), exitCodeFor(e)]).toEqual([text, code]);
  });
});

describe('session file', () => {
  const s: StoredSession = {
    gate: 'http://127.0.0.1:7421',
    session: 'ses_abc',
    human: { name: 'alice', role: 'admin', groups: ['sre'] },
    expiresAt: '2025-06-01T20:00:00.000Z',
  };

  it('is written 0600 in a 0700 directory and read back', async () => {
    const t = tempHome();
    cleanup = t.cleanup;
    await saveSession(t.home, s);
    const file = sessionPath(t.home);
    expect(file).toBe(`${t.home}/.config/portcullis/session.json`);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(`${t.home}/.config/portcullis`).mode & 0o777).toBe(0o700);
    expect(await loadSession(t.home)).toEqual(s);
  });

  it('is ignored when others could read it', async () => {
    const t = tempHome();
    cleanup = t.cleanup;
    await saveSession(t.home, s);
    chmodSync(sessionPath(t.home), 0o644);
    expect(await loadSession(t.home)).toBeUndefined();
  });

  const now = Date.parse('2025-06-01T12:00:00Z');
  const use: [string, string, number, boolean][] = [
    ['the same gate, unexpired', 'http://127.0.0.1:7421', now, true],
    ['another gate', 'http://127.0.0.1:7422', now, false],
    ['after expiry', 'http://127.0.0.1:7421', Date.parse('2025-06-01T20:00:00Z'), false],
  ];
  it.each(use)('is sent to %s: %s', (_, url, at, sent) => {
    expect(sessionFor(s, url, at) !== undefined).toBe(sent);
  });
});
