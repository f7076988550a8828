import { describe, expect, it } from 'vitest';
import {
  base32Decode,
  base32Encode,
  newTotpSecret,
  otpauthUri,
  totpCode,
  totpStep,
  verifyTotp,
} from './totp.js';

// RFC 6238 appendix B: the SHA1 seed "12345678901234567890" in base32.
const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

describe('base32 (RFC 4648 section 10 vectors)', () => {
  const vectors: readonly [text: string, b32: string][] = [
    ['', ''],
    ['f', 'MY'],
    ['fo', 'MZXQ'],
    ['foo', 'MZXW6'],
    ['foob', 'MZXW6YQ'],
    ['fooba', 'MZXW6YTB'],
    ['foobar', 'MZXW6YTBOI'],
    ['12345678901234567890', RFC_SECRET],
  ];
  it.each(vectors)('%j is %s', (text, b32) => {
    expect(base32Encode(Buffer.from(text))).toBe(b32);
    expect(base32Decode(b32)?.toString()).toBe(text);
  });

  it('forgives what humans do when copying', () => {
    expect(base32Decode('mzxw 6ytb-oi======')?.toString()).toBe('foobar');
  });

  it('refuses other characters', () => {
    expect(base32Decode('MZXW1')).toBeUndefined();
    expect(base32Decode('MZXW8')).toBeUndefined();
  });
});

describe('TOTP (RFC 6238 appendix B, SHA1, last 6 of the 8 digits)', () => {
  const vectors: readonly [seconds: number, code: string][] = [
    [59, '287082'],
    [1111111109, '081804'],
    [1111111111, '050471'],
    [1234567890, '005924'],
    [2000000000, '279037'],
    [20000000000, '353130'],
  ];
  it.each(vectors)('at %i s the code is %s', (seconds, code) => {
    expect(totpCode(RFC_SECRET, seconds * 1000)).toBe(code);
    expect(verifyTotp(RFC_SECRET, code, seconds * 1000)).toEqual({
      ok: true,
      step: totpStep(seconds * 1000),
    });
  });

  it('reports the step matched, for refusing reuse', () => {
    expect(verifyTotp(RFC_SECRET, '081804', 1111111109_000)).toEqual({ ok: true, step: 37037036 });
    expect(verifyTotp(RFC_SECRET, '050471', 1111111111_000)).toEqual({ ok: true, step: 37037037 });
  });

  it('accepts one step of drift either way by default, not two', () => {
    const t = 1111111111_000; // step 37037037; step 37037036 gave 081804
    expect(verifyTotp(RFC_SECRET, '081804', t)).toEqual({ ok: true, step: 37037036 });
    expect(verifyTotp(RFC_SECRET, '081804', t + 30_000)).toEqual({ ok: false });
    expect(verifyTotp(RFC_SECRET, '081804', t, 0)).toEqual({ ok: false });
    expect(verifyTotp(RFC_SECRET, '050471', t - 30_000)).toEqual({ ok: true, step: 37037037 });
  });

  const refused: readonly [name: string, secret: string, code: string][] = [
    ['a wrong code', RFC_SECRET, '050472'],
    ['too few digits', RFC_SECRET, '50471'],
    ['too many digits', RFC_SECRET, '0050471'],
    ['letters', RFC_SECRET, '05047a'],
    ['empty', RFC_SECRET, ''],
    ['a malformed secret', 'not base32!', '050471'],
    ['a too short secret', 'MZXW6', '050471'],
  ];
  it.each(refused)('refuses %s', (_n, secret, code) => {
    expect(verifyTotp(secret, code, 1111111111_000)).toEqual({ ok: false });
  });

  it('accepts a code typed with a space', () => {
    expect(verifyTotp(RFC_SECRET, '050 471', 1111111111_000).ok).toBe(true);
  });

  it('refuses an unreasonable window', () => {
    expect(verifyTotp(RFC_SECRET, '050471', 1111111111_000, 11)).toEqual({ ok: false });
    expect(verifyTotp(RFC_SECRET, '050471', 1111111111_000, -1)).toEqual({ ok: false });
  });

  it('makes fresh 20-byte secrets that produce codes', () => {
    const s = newTotpSecret();
    expect(s).toMatch(/^[A-Z2-7]{32}$/);
    expect(base32Decode(s)?.length).toBe(20);
    expect(totpCode(s, 0)).toMatch(/^\d{6}$/);
    expect(newTotpSecret()).not.toBe(s);
  });

  it('throws for a malformed secret when computing a code', () => {
    expect(() => totpCode('!!', 0)).toThrow(RangeError);
  });
});

describe('otpauthUri', () => {
  it('spells out every parameter', () => {
    expect(otpauthUri(RFC_SECRET, 'alice@example.com')).toBe(
      'otpauth://totp/Portcullis:alice%40example.com?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ' +
        '&issuer=Portcullis&algorithm=SHA1&digits=6&period=30',
    );
  });

  it('encodes spaces as %20', () => {
    expect(otpauthUri('MZXW6YTBOI', 'bob', 'Acme Gate')).toBe(
      'otpauth://totp/Acme%20Gate:bob?secret=MZXW6YTBOI&issuer=Acme%20Gate&algorithm=SHA1&digits=6&period=30',
    );
  });
});
