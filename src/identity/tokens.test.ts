import { createHmac, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateSigningKey, loadSigningKey } from './keys.js';
import {
  MAX_TOKEN_LENGTH,
  TokenError,
  claimsToRecord,
  mintAgentToken,
  verifyAgentToken,
  type TokenErrorCode,
} from './tokens.js';

const pem = generateSigningKey();
const KEY = loadSigningKey(pem.privatePem);
const OTHER = loadSigningKey(generateSigningKey().privatePem);
const RSA = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;

const NOW = 1_750_000_000_000;
const T = NOW / 1000;
const GOOD_HEADER = { alg: 'EdDSA', typ: 'portcullis-agent+jwt', kid: KEY.kid };
const GOOD_CLAIMS = {
  iss: 'portcullis',
  sub: 'claude-dev',
  scope: { envs: ['dev'] },
  iat: T,
  exp: T + 3600,
  jti: 'tok_aaaaaaaaaaaaaaaaaaaa',
};

const b64 = (v: unknown): string => Buffer.from(JSON.stringify(v)).toString('base64url');

/** Compact JWS over exactly the header and payload given, signed by `signer` (the forger's tool). */
function forge(header: object, payload: object, signer: (input: string) => Buffer): string {
  const input = `${b64(header)}.${b64(payload)}`;
  return `${input}.${signer(input).toString('base64url')}`;
}
const ed = (key: KeyObject) => (input: string) => sign(null, Buffer.from(input), key);
const byGate = ed(KEY.privateKey);

/** Replace the payload of a genuine token, keeping its header and signature. */
function tamper(token: string, payload: object): string {
  const [h, , s] = token.split('.');
  return `${h ?? ''}.${b64(payload)}.${s ?? ''}`;
}
const genuine = forge(GOOD_HEADER, GOOD_CLAIMS, byGate);

describe('verifyAgentToken refuses forgeries with the right code', () => {
  const cases: readonly [name: string, token: string, code: TokenErrorCode][] = [
    [
      'alg none',
      `${b64({ alg: 'none', typ: 'portcullis-agent+jwt' })}.${b64(GOOD_CLAIMS)}.`,
      'wrong-algorithm',
    ],
    [
      'alg none with a signature',
      forge({ ...GOOD_HEADER, alg: 'none' }, GOOD_CLAIMS, byGate),
      'wrong-algorithm',
    ],
    [
      'HS256 with the public key PEM as the HMAC secret',
      forge({ ...GOOD_HEADER, alg: 'HS256' }, GOOD_CLAIMS, (i) =>
        createHmac('sha256', pem.publicPem).update(i).digest(),
      ),
      'wrong-algorithm',
    ],
    [
      'RS256 signed by an RSA key',
      forge({ ...GOOD_HEADER, alg: 'RS256' }, GOOD_CLAIMS, (i) =>
        sign('sha256', Buffer.from(i), RSA),
      ),
      'wrong-algorithm',
    ],
    [
      'the fully-specified Ed25519 alg',
      forge({ ...GOOD_HEADER, alg: 'Ed25519' }, GOOD_CLAIMS, byGate),
      'wrong-algorithm',
    ],
    [
      'lower-case eddsa',
      forge({ ...GOOD_HEADER, alg: 'eddsa' }, GOOD_CLAIMS, byGate),
      'wrong-algorithm',
    ],
    [
      'signed by another Ed25519 key',
      forge(GOOD_HEADER, GOOD_CLAIMS, ed(OTHER.privateKey)),
      'bad-signature',
    ],
    [
      'another key embedded as jwk',
      forge(
        { ...GOOD_HEADER, jwk: OTHER.publicKey.export({ format: 'jwk' }) },
        GOOD_CLAIMS,
        ed(OTHER.privateKey),
      ),
      'bad-signature',
    ],
    [
      'a tampered payload (scope widened)',
      tamper(genuine, { ...GOOD_CLAIMS, scope: {} }),
      'bad-signature',
    ],
    [
      'a tampered payload (other agent)',
      tamper(genuine, { ...GOOD_CLAIMS, sub: 'root' }),
      'bad-signature',
    ],
    ['a stripped signature', `${genuine.slice(0, genuine.lastIndexOf('.'))}.`, 'bad-signature'],
    [
      'expired',
      forge(GOOD_HEADER, { ...GOOD_CLAIMS, iat: T - 7200, exp: T - 6 }, byGate),
      'expired',
    ],
    [
      'wrong typ (a plain JWT)',
      forge({ ...GOOD_HEADER, typ: 'JWT' }, GOOD_CLAIMS, byGate),
      'bad-claims',
    ],
    ['no typ', forge({ alg: 'EdDSA' }, GOOD_CLAIMS, byGate), 'bad-claims'],
    [
      'wrong iss',
      forge(GOOD_HEADER, { ...GOOD_CLAIMS, iss: 'someone-else' }, byGate),
      'bad-claims',
    ],
    ['missing jti', forge(GOOD_HEADER, { ...GOOD_CLAIMS, jti: undefined }, byGate), 'bad-claims'],
    ['missing exp', forge(GOOD_HEADER, { ...GOOD_CLAIMS, exp: undefined }, byGate), 'bad-claims'],
    [
      'missing scope',
      forge(GOOD_HEADER, { ...GOOD_CLAIMS, scope: undefined }, byGate),
      'bad-claims',
    ],
    ['an unknown claim', forge(GOOD_HEADER, { ...GOOD_CLAIMS, admin: true }, byGate), 'bad-claims'],
    [
      'an unknown scope key',
      forge(GOOD_HEADER, { ...GOOD_CLAIMS, scope: { env: ['dev'] } }, byGate),
      'bad-claims',
    ],
    [
      'a relative scope path',
      forge(GOOD_HEADER, { ...GOOD_CLAIMS, scope: { paths: ['srv'] } }, byGate),
      'bad-claims',
    ],
    [
      'an invalid agent name',
      forge(GOOD_HEADER, { ...GOOD_CLAIMS, sub: '../admin' }, byGate),
      'bad-claims',
    ],
    [
      'issued in the future',
      forge(GOOD_HEADER, { ...GOOD_CLAIMS, iat: T + 60, exp: T + 3600 }, byGate),
      'bad-claims',
    ],
    [
      'a lifetime over 30 days',
      forge(GOOD_HEADER, { ...GOOD_CLAIMS, exp: T + 31 * 86400 }, byGate),
      'bad-claims',
    ],
    [
      'string times',
      forge(GOOD_HEADER, { ...GOOD_CLAIMS, exp: String(T + 60) }, byGate),
      'bad-claims',
    ],
    [
      'oversize',
      forge(GOOD_HEADER, { ...GOOD_CLAIMS, parent: 'x'.repeat(MAX_TOKEN_LENGTH) }, byGate),
      'malformed',
    ],
    ['empty', '', 'malformed'],
    ['garbage', 'not-a-token', 'malformed'],
    ['two parts', `${b64(GOOD_HEADER)}.${b64(GOOD_CLAIMS)}`, 'malformed'],
    ['four parts', `${genuine}.x`, 'malformed'],
    [
      'header not JSON',
      `${Buffer.from('{alg').toString('base64url')}.${b64(GOOD_CLAIMS)}.sig`,
      'malformed',
    ],
    ['header an array', `${b64(['EdDSA'])}.${b64(GOOD_CLAIMS)}.sig`, 'malformed'],
    ['non-base64url characters', `${b64(GOOD_HEADER)}.${b64(GOOD_CLAIMS)}.a+b/c=`, 'malformed'],
    [
      'payload not JSON',
      `${b64(GOOD_HEADER)}.bm90IGpzb24.${byGate(`${b64(GOOD_HEADER)}.bm90IGpzb24`).toString('base64url')}`,
      'malformed',
    ],
    [
      'an unknown critical header',
      forge({ ...GOOD_HEADER, crit: ['x-portcullis'], 'x-portcullis': 1 }, GOOD_CLAIMS, byGate),
      'malformed',
    ],
  ];
  it.each(cases)('%s → %s', async (_name, token, code) => {
    const err = await verifyAgentToken(token, KEY.publicKey, { now: NOW }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(TokenError);
    expect((err as TokenError).code).toBe(code);
  });

  it('accepts the genuine token the forgeries start from', async () => {
    await expect(verifyAgentToken(genuine, KEY.publicKey, { now: NOW })).resolves.toEqual(
      GOOD_CLAIMS,
    );
  });

  it('tolerates 5 seconds of clock skew and no more', async () => {
    const t = forge(GOOD_HEADER, { ...GOOD_CLAIMS, exp: T + 60 }, byGate);
    await expect(verifyAgentToken(t, KEY.publicKey, { now: NOW + 64_000 })).resolves.toBeDefined();
    await expect(verifyAgentToken(t, KEY.publicKey, { now: NOW + 66_000 })).rejects.toMatchObject({
      code: 'expired',
    });
    const early = forge(GOOD_HEADER, { ...GOOD_CLAIMS, iat: T + 4 }, byGate);
    await expect(verifyAgentToken(early, KEY.publicKey, { now: NOW })).resolves.toBeDefined();
  });
});

describe('mintAgentToken', () => {
  it('mints a token that verifies to the pinned claim set and header', async () => {
    const { token, claims } = await mintAgentToken(KEY, {
      agent: 'claude-dev',
      scope: { envs: ['dev'], tools: ['kubectl', 'mcp:github/get_*'], paths: ['/srv/app'] },
      ttlSeconds: 8 * 3600,
      now: NOW + 999,
    });
    expect(claims).toEqual({
      iss: 'portcullis',
      sub: 'claude-dev',
      scope: { envs: ['dev'], tools: ['kubectl', 'mcp:github/get_*'], paths: ['/srv/app'] },
      iat: T,
      exp: T + 28800,
      jti: expect.stringMatching(/^tok_[a-z2-7]{20}$/) as unknown,
    });
    const header: unknown = JSON.parse(
      Buffer.from(token.split('.')[0] ?? '', 'base64url').toString(),
    );
    expect(header).toEqual({ alg: 'EdDSA', typ: 'portcullis-agent+jwt', kid: KEY.kid });
    await expect(verifyAgentToken(token, KEY.publicKey, { now: NOW + 60_000 })).resolves.toEqual(
      claims,
    );
    await expect(verifyAgentToken(token, OTHER.publicKey, { now: NOW })).rejects.toMatchObject({
      code: 'bad-signature',
    });
  });

  it('records a narrowed token with its parent', async () => {
    const { claims } = await mintAgentToken(KEY, {
      agent: 'claude-dev',
      scope: {},
      ttlSeconds: 900,
      parent: 'tok_bbbbbbbbbbbbbbbbbbbb',
      now: NOW,
    });
    expect(claimsToRecord(claims)).toEqual({
      jti: claims.jti,
      agent: 'claude-dev',
      scope: {},
      issuedAt: NOW,
      expiresAt: NOW + 900_000,
      parent: 'tok_bbbbbbbbbbbbbbbbbbbb',
    });
  });

  const refused: readonly [name: string, agent: string, scope: object, ttl: number][] = [
    ['a zero lifetime', 'a', {}, 0],
    ['a negative lifetime', 'a', {}, -5],
    ['a fractional lifetime', 'a', {}, 1.5],
    ['a lifetime over 30 days', 'a', {}, 31 * 86400],
    ['an invalid agent name', 'a b', {}, 60],
    ['an empty agent name', '', {}, 60],
    ['an unknown environment', 'a', { envs: ['production'] }, 60],
    ['a relative path', 'a', { paths: ['srv/app'] }, 60],
  ];
  it.each(refused)('refuses to mint with %s', async (_n, agent, scope, ttlSeconds) => {
    await expect(mintAgentToken(KEY, { agent, scope, ttlSeconds, now: NOW })).rejects.toMatchObject(
      { name: 'TokenError', code: 'bad-claims' },
    );
  });
});
