/**
 * The authorisation matrix (API.md): every endpoint × {no credential, agent, another agent, approver, admin},
 * with the literal status each must get; then every kind of bad token, and CSRF on cookie sessions.
 */
/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call -- reply bodies are untyped JSON that the assertions inspect */
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addHuman } from '../gate/accounts.js';
import { generateSigningKey, loadSigningKey } from '../identity/keys.js';
import { TOKEN_TYPE, claimsToRecord, mintAgentToken } from '../identity/tokens.js';
import { seedCast, shell, startTestGate, type Cast, type TestGate } from './test-http.js';

const MISSING_APR = 'apr_aaaaaaaaaaaaaaaaaaaa';
const MISSING_TOK = 'tok_aaaaaaaaaaaaaaaaaaaa';

let g: TestGate;
let cast: Cast;
let own: string;

beforeAll(async () => {
  g = await startTestGate();
  cast = await seedCast(g);
  const r = await g.call('POST', '/v1/decide', {
    auth: cast.agentA,
    body: shell('git push --force origin main'),
  });
  expect(r.body.verdict).toBe('ask');
  own = r.body.approval.id as string;
});
afterAll(async () => {
  await g.close();
});

type Caller = 'none' | 'agent' | 'other' | 'approver' | 'admin';
// method, path, body, then the status for: none, agent (agent-a), other (agent-b), approver (alice), admin (root)
type Row = [string, string, unknown, number, number, number, number, number];

const ROWS: Row[] = [
  ['GET', '/healthz', undefined, 200, 200, 200, 200, 200],
  ['GET', '/metrics', undefined, 401, 403, 403, 200, 200],
  ['POST', '/v1/decide', shell('git status'), 200, 200, 200, 403, 403],
  ['GET', '/v1/approvals', undefined, 401, 200, 200, 200, 200],
  ['GET', '/v1/approvals?agent=agent-a', undefined, 401, 200, 403, 200, 200],
  ['GET', '/v1/approvals/:own', undefined, 401, 200, 404, 200, 200],
  ['POST', `/v1/approvals/${MISSING_APR}/approve`, {}, 401, 403, 403, 404, 404],
  ['POST', `/v1/approvals/${MISSING_APR}/deny`, { comment: 'no' }, 401, 403, 403, 404, 404],
  [
    'POST',
    '/v1/approvals/bulk',
    { vote: 'deny', ids: [MISSING_APR], comment: 'no' },
    401,
    403,
    403,
    200,
    200,
  ],
  ['GET', '/v1/me', undefined, 401, 403, 403, 200, 200],
  ['POST', '/v1/me/password', {}, 401, 403, 403, 400, 400],
  ['POST', '/v1/me/totp', {}, 401, 403, 403, 200, 200],
  ['POST', '/v1/humans', { name: 'matrix-human', role: 'approver' }, 401, 403, 403, 403, 200],
  ['GET', '/v1/humans', undefined, 401, 403, 403, 403, 200],
  ['POST', '/v1/agents', { name: 'matrix-agent', scope: {} }, 401, 403, 403, 403, 200],
  ['GET', '/v1/agents', undefined, 401, 403, 403, 200, 200],
  ['DELETE', '/v1/agents/no-such-agent', undefined, 401, 403, 403, 403, 404],
  ['POST', '/v1/tokens', { agent: 'agent-b' }, 401, 403, 403, 403, 200],
  [
    'POST',
    '/v1/tokens/narrow',
    { token: ':agentB', scope: { envs: ['dev'] } },
    401,
    403,
    403,
    200,
    200,
  ],
  ['GET', '/v1/tokens', undefined, 401, 403, 403, 403, 200],
  ['DELETE', `/v1/tokens/${MISSING_TOK}`, undefined, 401, 403, 403, 403, 404],
  ['GET', '/v1/audit', undefined, 401, 403, 403, 200, 200],
  ['GET', '/v1/audit/verify', undefined, 401, 403, 403, 200, 200],
  ['GET', '/v1/audit/export', undefined, 401, 403, 403, 403, 200],
  ['GET', '/v1/policy?cwd=/home/dev/repo', undefined, 401, 403, 403, 200, 200],
  [
    'POST',
    '/v1/policy/test',
    { command: 'git status', cwd: '/home/dev/repo' },
    401,
    403,
    403,
    200,
    200,
  ],
  ['GET', '/v1/notify', undefined, 401, 403, 403, 200, 200],
  ['POST', '/v1/notify/test', { channel: 'nope' }, 401, 403, 403, 403, 404],
  ['GET', '/v1/events', undefined, 401, 403, 403, 200, 200],
  ['POST', '/v1/links/not.a-link', undefined, 401, 401, 401, 401, 401],
];

const CALLERS: Caller[] = ['none', 'agent', 'other', 'approver', 'admin'];

describe('authorisation matrix', () => {
  it.each(ROWS)('%s %s', async (method, rawPath, rawBody, ...want) => {
    const creds: Record<Caller, string | undefined> = {
      none: undefined,
      agent: cast.agentA,
      other: cast.agentB,
      approver: cast.alice,
      admin: cast.admin,
    };
    const path = rawPath.replace(':own', own);
    const body =
      rawBody && typeof rawBody === 'object' && 'token' in rawBody
        ? { ...rawBody, token: cast.agentB }
        : rawBody;
    const got: number[] = [];
    for (const who of CALLERS) {
      const r = await g.call(method, path, {
        auth: creds[who],
        ...(body !== undefined ? { body } : {}),
        headOnly: path === '/v1/events',
      });
      got.push(r.status);
      if (path === '/v1/events') continue;
      if (r.status === 401 && who === 'none' && !path.startsWith('/v1/links/')) {
        expect(r.body.error.code).toBe('auth/required');
      }
      if (r.status === 403 && (who === 'agent' || who === 'other') && !path.includes('agent=')) {
        expect(r.body.error.code).toBe('auth/forbidden');
      }
    }
    expect(got).toEqual(want);
  });

  it('an agent lists only its own requests', async () => {
    const mine = await g.call('GET', '/v1/approvals', { auth: cast.agentA });
    const theirs = await g.call('GET', '/v1/approvals', { auth: cast.agentB });
    expect(mine.body.approvals.map((a: { id: string }) => a.id)).toContain(own);
    expect(theirs.body.approvals.map((a: { id: string }) => a.id)).not.toContain(own);
  });

  it('an anonymous hook is judged as anonymous:<agent>', async () => {
    const r = await g.call('POST', '/v1/decide', { body: shell('git push --force origin main') });
    expect(r.status).toBe(200);
    expect(r.body.approval.agent).toBe('anonymous:claude-code');
  });
});

describe('bad tokens are 401 auth/invalid-token', () => {
  async function expect401(token: string, path = '/v1/approvals'): Promise<void> {
    const r = await g.call(path === '/v1/decide' ? 'POST' : 'GET', path, {
      auth: token,
      ...(path === '/v1/decide' ? { body: shell('git status') } : {}),
    });
    expect(r.status).toBe(401);
    expect(r.body.error.code).toBe('auth/invalid-token');
  }
  const b64 = (v: unknown): string => Buffer.from(JSON.stringify(v)).toString('base64url');

  it('forged: signed by another key', async () => {
    const other = loadSigningKey(generateSigningKey().privatePem);
    const { token } = await mintAgentToken(other, {
      agent: 'agent-a',
      scope: {},
      ttlSeconds: 3600,
    });
    await expect401(token);
  });

  it('expired, though known to the store', async () => {
    const { token, claims } = await mintAgentToken(g.ctx.tokenKey, {
      agent: 'agent-a',
      scope: {},
      ttlSeconds: 60,
      now: Date.now() - 3600_000,
    });
    await g.ctx.store.createToken(claimsToRecord(claims));
    await expect401(token);
  });

  it('HS256 signed with the public key PEM as the secret', async () => {
    const pem = g.ctx.tokenKey.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const now = Math.floor(Date.now() / 1000);
    const token = await new SignJWT({ scope: {}, jti: cast.agentAJti })
      .setProtectedHeader({ alg: 'HS256', typ: TOKEN_TYPE })
      .setIssuer('portcullis')
      .setSubject('agent-a')
      .setIssuedAt(now)
      .setExpirationTime(now + 3600)
      .sign(new TextEncoder().encode(pem));
    await expect401(token);
  });

  it('alg none', async () => {
    const now = Math.floor(Date.now() / 1000);
    const claims = {
      iss: 'portcullis',
      sub: 'agent-a',
      scope: {},
      iat: now,
      exp: now + 3600,
      jti: cast.agentAJti,
    };
    await expect401(`${b64({ alg: 'none', typ: TOKEN_TYPE })}.${b64(claims)}.`);
  });

  it('garbage, an unknown session, and a malformed header', async () => {
    await expect401('not-a-token');
    await expect401(`ses_${'A'.repeat(43)}`);
    const r = await g.call('GET', '/v1/approvals', { headers: { authorization: 'Basic dTpw' } });
    expect(r.status).toBe(401);
  });

  it('a bad token on /v1/decide is refused, not judged as anonymous', async () => {
    await expect401('not-a-token', '/v1/decide');
  });

  it('revoked token, then revoked agent', async () => {
    const minted = await g.call('POST', '/v1/tokens', {
      auth: cast.admin,
      body: { agent: 'agent-b' },
    });
    expect(minted.status).toBe(200);
    const token = minted.body.token as string;
    expect((await g.call('GET', '/v1/approvals', { auth: token })).status).toBe(200);
    const del = await g.call('DELETE', `/v1/tokens/${minted.body.claims.jti as string}`, {
      auth: cast.admin,
    });
    expect(del.status).toBe(200);
    await expect401(token);

    const added = await g.call('POST', '/v1/agents', {
      auth: cast.admin,
      body: { name: 'agent-c', scope: { envs: ['dev'] }, ttl: '1h' },
    });
    expect(added.status).toBe(200);
    const agentToken = added.body.token as string;
    expect((await g.call('GET', '/v1/approvals', { auth: agentToken })).status).toBe(200);
    expect((await g.call('DELETE', '/v1/agents/agent-c', { auth: cast.admin })).status).toBe(200);
    await expect401(agentToken);
  });
});

describe('CSRF on cookie sessions', () => {
  it('needs the x-csrf-token header on anything but GET', async () => {
    const { password } = await addHuman(g.ctx, 'gate', { name: 'carol', role: 'approver' });
    await g.ctx.store.updateHuman('carol', { mustChangePassword: false });
    const login = await g.call('POST', '/v1/login', { body: { name: 'carol', password } });
    const setCookie = login.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/^portcullis_session=ses_[A-Za-z0-9_-]{43};/);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    expect(setCookie).not.toMatch(/Secure/); // plain HTTP on loopback only
    const cookie = setCookie.split(';')[0] ?? '';
    const csrf = login.body.csrf as string;

    const get = await g.call('GET', '/v1/me', { headers: { cookie } });
    expect(get.status).toBe(200);
    const cases: [Record<string, string>, number, string | undefined][] = [
      [{ cookie }, 403, 'auth/csrf'],
      [{ cookie, 'x-csrf-token': 'wrong' }, 403, 'auth/csrf'],
      [
        { cookie, 'x-csrf-token': `${csrf.slice(0, -1)}${csrf.endsWith('A') ? 'B' : 'A'}` },
        403,
        'auth/csrf',
      ],
      [{ cookie, 'x-csrf-token': csrf }, 200, undefined],
    ];
    for (const [headers, status, code] of cases) {
      const r = await g.call('POST', '/v1/me/totp', { headers, body: {} });
      expect(r.status).toBe(status);
      if (code) expect(r.body.error.code).toBe(code);
    }
  });
});
