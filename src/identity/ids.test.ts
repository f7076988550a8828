import { describe, expect, it } from 'vitest';
import { ID_PATTERN, newId, sha256Hex } from './ids.js';

describe('ids', () => {
  it('is prefix, underscore and 20 lower-case base32 characters', () => {
    expect(newId('apr')).toMatch(/^apr_[a-z2-7]{20}$/);
    expect(newId('tok')).toMatch(/^tok_[a-z2-7]{20}$/);
    expect(newId('ses')).toMatch(ID_PATTERN);
  });

  it('does not repeat', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) seen.add(newId('apr'));
    expect(seen.size).toBe(2000);
  });

  it('uses every base32 character', () => {
    let all = '';
    for (let i = 0; i < 200; i++) all += newId('tok').slice(4);
    expect(new Set(all).size).toBe(32);
  });

  it('hashes with sha256 (FIPS 180-2 vectors)', () => {
    expect(sha256Hex('abc')).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex(new Uint8Array([0x61, 0x62, 0x63]))).toBe(sha256Hex('abc'));
  });
});
