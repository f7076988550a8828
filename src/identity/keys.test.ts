import { sign, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { IdentityError } from './errors.js';
import { generateSigningKey, loadSigningKey, loadVerifyKey } from './keys.js';

// A throwaway test key (never used anywhere else) and its key id, pinned: the kid derivation is observed in
// JWT headers and audit events.
const PINNED_PEM = `-----BEGIN PRIVATE KEY-----
MC4CAQAwBQYDK2VwBCIEIEyUeidaM+/3u/cUKLOZ4YiRFa47QG/8EcFCsAnYrSK0
-----END PRIVATE KEY-----
`;
const PINNED_KID = '9abfdb055b7be46f';

const EC_PEM = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgtcVHeDEj0whCt4N6
sOjFhyV8l0+rzaulybrUfCk/4kKhRANCAASSHeIyh60w3l8rlURC1wIFdaZC+zNn
JJEify2Wj6JDDAVnFuHKT0HRSD7riSnwh4d5krPcoNLN6PG+vcxLbJ4i
-----END PRIVATE KEY-----
`;

describe('signing keys', () => {
  it('generates PKCS#8 / SPKI PEM that loads as Ed25519 and signs', () => {
    const pem = generateSigningKey();
    expect(pem.privatePem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    expect(pem.publicPem).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);
    const key = loadSigningKey(pem.privatePem);
    expect(key.privateKey.asymmetricKeyType).toBe('ed25519');
    expect(key.kid).toMatch(/^[0-9a-f]{16}$/);
    const sig = sign(null, Buffer.from('hash'), key.privateKey);
    const pub = loadVerifyKey(pem.publicPem);
    expect(pub.kid).toBe(key.kid);
    expect(verify(null, Buffer.from('hash'), pub.publicKey, sig)).toBe(true);
  });

  it('derives the pinned key id', () => {
    expect(loadSigningKey(PINNED_PEM).kid).toBe(PINNED_KID);
  });

  it('gives different keys different ids', () => {
    expect(loadSigningKey(generateSigningKey().privatePem).kid).not.toBe(PINNED_KID);
  });

  const bad: readonly [name: string, pem: string][] = [
    ['garbage', 'not a key'],
    ['an EC key', EC_PEM],
    ['a public key where a private key belongs', generateSigningKey().publicPem],
    ['a truncated key', PINNED_PEM.slice(0, 60)],
  ];
  it.each(bad)('refuses %s', (_name, pem) => {
    expect(() => loadSigningKey(pem)).toThrow(IdentityError);
  });

  it('never quotes key material in its error', () => {
    const broken = PINNED_PEM.replace('MC4CAQAw', 'MC4CAQAx');
    try {
      loadSigningKey(broken);
    } catch (e) {
      expect((e as Error).message).not.toContain('MC4CAQ');
      return;
    }
    // A corrupted body may still parse; it must then at least be an Ed25519 key.
    expect(loadSigningKey(broken).privateKey.asymmetricKeyType).toBe('ed25519');
  });

  it('refuses a non-Ed25519 verification key', () => {
    expect(() => loadVerifyKey('nope')).toThrow(IdentityError);
  });
});
