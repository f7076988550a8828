/**
 * Human passwords, hashed with scrypt (memory-hard, in node:crypto, no dependency). The stored form carries its
 * parameters, `scrypt$N$r$p$saltB64$hashB64`, so they can be raised later without invalidating old hashes;
 * parameters read back are bounded, so a tampered row cannot make verification allocate gigabytes.
 */
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

const N = 2 ** 15;
const R = 8;
const P = 1;
const SALT_BYTES = 16;
const KEY_BYTES = 32;
const MIN_LENGTH = 12;
const MAX_LENGTH = 1024;

/** scrypt needs 128·N·r·p bytes; Node's default cap (32 MiB) is exactly that for N=2^15, r=8, so allow twice. */
function maxmem(n: number, r: number, p: number): number {
  return 2 * 128 * n * r * p + 1024 * 1024;
}

function derive(
  pw: string,
  salt: Buffer,
  n: number,
  r: number,
  p: number,
  len: number,
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    // NFC: the same password typed on two keyboards may arrive composed or decomposed.
    scrypt(pw.normalize('NFC'), salt, len, { N: n, r, p, maxmem: maxmem(n, r, p) }, (err, key) => {
      if (err) reject(err);
      else resolve(key);
    });
  });
}

/** Hash a password for storage (`scrypt$32768$8$1$<salt>$<hash>`, standard base64). Check strength first. */
export async function hashPassword(pw: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(pw, salt, N, R, P, KEY_BYTES);
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64')}$${key.toString('base64')}`;
}

const STORED =
  /^scrypt\$(\d{1,8})\$(\d{1,2})\$(\d{1,2})\$([A-Za-z0-9+/]+={0,2})\$([A-Za-z0-9+/]+={0,2})$/;

/** Parse and bound a stored hash; undefined when it is not one this code would have written. */
function parseStored(stored: string) {
  const m = STORED.exec(stored);
  if (!m) return undefined;
  const n = Number(m[1]);
  const r = Number(m[2]);
  const p = Number(m[3]);
  const salt = Buffer.from(m[4] ?? '', 'base64');
  const hash = Buffer.from(m[5] ?? '', 'base64');
  const powerOfTwo = n >= 2 && (n & (n - 1)) === 0;
  if (!powerOfTwo || n < 2 ** 14 || n > 2 ** 20 || r < 1 || r > 16 || p < 1 || p > 4)
    return undefined;
  if (salt.length < 16 || hash.length < 16 || hash.length > 64) return undefined;
  return { n, r, p, salt, hash };
}

/**
 * Does `pw` match the stored hash? Constant-time comparison of the derived keys; false (never a throw) for a
 * malformed or out-of-bounds stored value, so a damaged row locks its human out rather than letting anyone in.
 */
export async function verifyPassword(pw: string, stored: string): Promise<boolean> {
  const s = parseStored(stored);
  if (s === undefined || pw.length > 4 * MAX_LENGTH) return false;
  try {
    const key = await derive(pw, s.salt, s.n, s.r, s.p, s.hash.length);
    return timingSafeEqual(key, s.hash);
  } catch {
    return false;
  }
}

/**
 * Why a password chosen by a human is not acceptable, or undefined. Length is what matters (NIST SP 800-63B):
 * at least 12 characters, at most 1024; no composition rules.
 */
export function checkPasswordStrength(pw: string): string | undefined {
  // Code points, not UTF-16 units: an emoji or a CJK character counts once.
  const length = Array.from(pw.normalize('NFC')).length;
  if (length < MIN_LENGTH) return `a password needs at least ${MIN_LENGTH} characters`;
  if (length > MAX_LENGTH) return `a password has at most ${MAX_LENGTH} characters`;
  if (pw.trim() === '') return 'a password cannot be only spaces';
  return undefined;
}

/**
 * A random secret (one-time passwords, session secrets, CSRF tokens): `bytes` bytes from the CSPRNG as
 * base64url. At least 16 bytes (128 bits), so no caller can ask for a guessable one.
 */
export function generateSecret(bytes = 24): string {
  if (!Number.isInteger(bytes) || bytes < 16 || bytes > 1024) {
    throw new RangeError('generateSecret: bytes must be an integer from 16 to 1024');
  }
  return randomBytes(bytes).toString('base64url');
}
