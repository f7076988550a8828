/**
 * Identifiers shown to humans and agents (`apr_…`, `tok_…`): short, unguessable, URL-safe and typed by their
 * prefix so a token id pasted where an approval id belongs is recognisably wrong.
 */
import { createHash, randomBytes } from 'node:crypto';

/** The kinds of record that carry a generated id. */
export type IdPrefix = 'apr' | 'tok' | 'ses' | 'agt' | 'hum' | 'evt' | 'req';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';

/** Lower-case RFC 4648 base32 of `bytes`, unpadded, cut to `length` characters. */
function base32Lower(bytes: Uint8Array, length: number): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const b of bytes) {
    buffer = (buffer << 8) | b;
    bits += 8;
    while (bits >= 5 && out.length < length) {
      out += ALPHABET.charAt((buffer >>> (bits - 5)) & 31);
      bits -= 5;
    }
    buffer &= (1 << bits) - 1;
  }
  return out;
}

/**
 * A fresh id: the prefix, `_`, then 20 lower-case base32 characters (100 bits from the CSPRNG), e.g.
 * `apr_k3jq7m2x5h4c6v8b2n3p`. Unguessable, so knowing one id tells nothing about another.
 */
export function newId(prefix: IdPrefix): string {
  // 13 bytes = 104 bits: enough for 20 characters of 5 bits each.
  return `${prefix}_${base32Lower(randomBytes(13), 20)}`;
}

/** The shape `newId` produces, for validating ids that come back from outside. */
export const ID_PATTERN = /^(apr|tok|ses|agt|hum|evt|req)_[a-z2-7]{20}$/;

/** sha256 of a string (UTF-8) or bytes, lower-case hex. */
export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}
