/**
 * TOTP (RFC 6238: HMAC-SHA1, 30-second steps, 6 digits) and the RFC 4648 base32 its secrets are written in,
 * by hand on node:crypto: the algorithm is a dozen lines and authenticator apps expect exactly these
 * parameters. `verifyTotp` returns the matched step so the caller can refuse a second use of the same code.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const STEP_SECONDS = 30;
const DIGITS = 6;

/** RFC 4648 base32, upper case, unpadded (as authenticator apps show it). */
export function base32Encode(bytes: Uint8Array): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const b of bytes) {
    buffer = (buffer << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET.charAt((buffer >>> (bits - 5)) & 31);
      bits -= 5;
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits > 0) out += ALPHABET.charAt((buffer << (5 - bits)) & 31);
  return out;
}

/**
 * Decode RFC 4648 base32, forgiving what humans do when copying (lower case, spaces, dashes, `=` padding).
 * Undefined for any other character.
 */
export function base32Decode(text: string): Buffer | undefined {
  const clean = text.replace(/[\s-]/g, '').replace(/=+$/, '').toUpperCase();
  const out: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const c of clean) {
    const v = ALPHABET.indexOf(c);
    if (v < 0) return undefined;
    buffer = (buffer << 5) | v;
    bits += 5;
    if (bits >= 8) {
      out.push((buffer >>> (bits - 8)) & 255);
      bits -= 8;
    }
    buffer &= (1 << bits) - 1;
  }
  return Buffer.from(out);
}

/** A fresh TOTP secret: 20 random bytes (the HMAC-SHA1 block the RFC recommends), base32. */
export function newTotpSecret(): string {
  return base32Encode(randomBytes(20));
}

function secretKey(secret: string): Buffer {
  const key = base32Decode(secret);
  if (key === undefined || key.length < 10) throw new RangeError('not a base32 TOTP secret');
  return key;
}

function codeAt(key: Buffer, step: number): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = createHmac('sha1', key).update(counter).digest();
  const offset = (mac[mac.length - 1] ?? 0) & 0x0f;
  const bin = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(bin % 10 ** DIGITS).padStart(DIGITS, '0');
}

/** The time step a moment falls in. */
export function totpStep(timeMs: number): number {
  return Math.floor(timeMs / 1000 / STEP_SECONDS);
}

/** The 6-digit code for `secret` (base32) at `timeMs`. Throws `RangeError` for a malformed secret. */
export function totpCode(secret: string, timeMs: number): string {
  return codeAt(secretKey(secret), totpStep(timeMs));
}

/** The outcome of a TOTP check; `step` is the matched time step, for refusing its reuse. */
export interface TotpResult {
  ok: boolean;
  step?: number;
}

/**
 * Check a code typed by a human (spaces allowed) against `secret` at `timeMs`, accepting `window` steps either
 * side for clock drift (at most 10). Every candidate step is compared, in constant time, so timing tells
 * nothing about which one matched. Never throws: a malformed secret or code is `{ ok: false }`.
 */
export function verifyTotp(secret: string, code: string, timeMs: number, window = 1): TotpResult {
  const typed = code.replace(/\s/g, '');
  if (!/^\d{6}$/.test(typed) || !Number.isInteger(window) || window < 0 || window > 10) {
    return { ok: false };
  }
  let key: Buffer;
  try {
    key = secretKey(secret);
  } catch {
    return { ok: false };
  }
  const now = totpStep(timeMs);
  const want = Buffer.from(typed);
  let matched: number | undefined;
  for (let d = -window; d <= window; d++) {
    const step = now + d;
    if (step < 0) continue;
    if (timingSafeEqual(Buffer.from(codeAt(key, step)), want) && matched === undefined)
      matched = step;
  }
  return matched === undefined ? { ok: false } : { ok: true, step: matched };
}

/**
 * The `otpauth://` URI authenticator apps read from a QR code (Key Uri Format): issuer-prefixed label, the
 * secret, and the parameters spelled out so no app guesses them.
 */
export function otpauthUri(secret: string, account: string, issuer = 'Portcullis'): string {
  const label = `${encodeURIComponent(issuer)}:${encodeURIComponent(account)}`;
  // encodeURIComponent, not URLSearchParams: apps expect %20 for a space, not `+`.
  const q = [
    `secret=${encodeURIComponent(secret.replace(/[\s=-]/g, '').toUpperCase())}`,
    `issuer=${encodeURIComponent(issuer)}`,
    'algorithm=SHA1',
    `digits=${DIGITS}`,
    `period=${STEP_SECONDS}`,
  ];
  return `otpauth://totp/${label}?${q.join('&')}`;
}
