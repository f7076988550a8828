import { describe, expect, it } from 'vitest';
import {
  checkPasswordStrength,
  generateSecret,
  hashPassword,
  verifyPassword,
} from './passwords.js';

const PW = 'correct horse battery staple';

describe('password hashing', () => {
  it('writes scrypt$N$r$p$salt$hash with the pinned parameters', async () => {
    const stored = await hashPassword(PW);
    expect(stored).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/]{22}==\$[A-Za-z0-9+/]{43}=$/);
  });

  it('salts: the same password hashes differently', async () => {
    expect(await hashPassword(PW)).not.toBe(await hashPassword(PW));
  });

  it('verifies the right password and refuses others', async () => {
    const stored = await hashPassword(PW);
    expect(await verifyPassword(PW, stored)).toBe(true);
    expect(await verifyPassword('correct horse battery stapl', stored)).toBe(false);
    expect(await verifyPassword(`${PW} `, stored)).toBe(false);
    expect(await verifyPassword('', stored)).toBe(false);
  });

  it('treats composed and decomposed Unicode as one password', async () => {
    const stored = await hashPassword('caf\u00e9 au lait, s\u2019il vous pla\u00eet');
    expect(await verifyPassword('cafe\u0301 au lait, s\u2019il vous pla\u00eet', stored)).toBe(
      true,
    );
  });

  it('refuses a tampered hash', async () => {
    const stored = await hashPassword(PW);
    // A middle character: every bit of it is data (the last one carries padding bits).
    const i = stored.length - 10;
    const tampered = `${stored.slice(0, i)}${stored[i] === 'A' ? 'B' : 'A'}${stored.slice(i + 1)}`;
    expect(await verifyPassword(PW, tampered)).toBe(false);
  });

  const SALT = 'AAAAAAAAAAAAAAAAAAAAAA==';
  const HASH = 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';
  const malformed: readonly [name: string, stored: string][] = [
    ['empty', ''],
    ['plain text', PW],
    ['another scheme', `bcrypt$32768$8$1$${SALT}$${HASH}`],
    ['missing part', `scrypt$32768$8$${SALT}$${HASH}`],
    ['N not a power of two', `scrypt$30000$8$1$${SALT}$${HASH}`],
    ['N too small', `scrypt$1024$8$1$${SALT}$${HASH}`],
    ['N too large (memory bomb)', `scrypt$4194304$8$1$${SALT}$${HASH}`],
    ['r too large', `scrypt$32768$64$1$${SALT}$${HASH}`],
    ['p too large', `scrypt$32768$8$16$${SALT}$${HASH}`],
    ['short salt', `scrypt$32768$8$1$AAAA$${HASH}`],
    ['short hash', `scrypt$32768$8$1$${SALT}$AAAA`],
    ['not base64', `scrypt$32768$8$1$${SALT}$!!!!`],
    ['trailing junk', `scrypt$32768$8$1$${SALT}$${HASH}$x`],
  ];
  it.each(malformed)(
    'is false, not an error, for a malformed stored value: %s',
    async (_n, stored) => {
      expect(await verifyPassword(PW, stored)).toBe(false);
    },
  );
});

describe('checkPasswordStrength', () => {
  const cases: readonly [pw: string, problem: RegExp | undefined][] = [
    ['short', /at least 12/],
    ['elevenchars', /at least 12/],
    ['twelve chars', undefined],
    ['\u{1F600}'.repeat(11), /at least 12/],
    ['            ', /only spaces/],
    ['x'.repeat(1025), /at most 1024/],
    [PW, undefined],
  ];
  it.each(cases)('%j', (pw, problem) => {
    const got = checkPasswordStrength(pw);
    if (problem === undefined) expect(got).toBeUndefined();
    else expect(got).toMatch(problem);
  });
});

describe('generateSecret', () => {
  it('is base64url of the requested bytes', () => {
    expect(generateSecret()).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(generateSecret(32)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(generateSecret()).not.toBe(generateSecret());
  });

  it('refuses guessable or silly sizes', () => {
    expect(() => generateSecret(8)).toThrow(RangeError);
    expect(() => generateSecret(16.5)).toThrow(RangeError);
    expect(() => generateSecret(4096)).toThrow(RangeError);
  });
});
