/** The vault: AES-256-GCM entries in the store, a 0600 key file, rotation that survives a crash half-way. */
import {
  chmodSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteStore } from '../store/sqlite.js';
import { BrokerError } from './errors.js';
import { openEntry, parseEntry, sealEntry } from './vault-crypto.js';
import { keyId, newKey, readKeyFile, writeKeyFile } from './vault-key.js';
import { Vault } from './vault.js';

let dir: string;
let store: SqliteStore;
let keyFile: string;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'portcullis-vault-'));
  keyFile = join(dir, 'data', 'vault.key');
  store = new SqliteStore(':memory:');
  await store.migrate();
});

afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

async function code(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    if (err instanceof BrokerError) return err.code;
    throw err;
  }
  return 'no error';
}

describe('entries', () => {
  const key = newKey();

  it('round trip; each write has its own IV', () => {
    const a = sealEntry(key, 'db', 'hunter2-long', 0);
    const b = sealEntry(key, 'db', 'hunter2-long', 0);
    expect(a.iv).not.toBe(b.iv);
    expect(Buffer.from(a.iv, 'base64')).toHaveLength(12);
    expect(a).toMatchObject({ v: 1, kid: key.kid, updatedAt: '1970-01-01T00:00:00.000Z' });
    expect(openEntry(key, 'db', a)).toBe('hunter2-long');
    expect(JSON.stringify(a)).not.toContain('hunter2');
  });

  it('a wrong key, a changed ciphertext, tag or name (AAD) does not decrypt', () => {
    const e = sealEntry(key, 'db', 'hunter2-long', 0);
    const ct = Buffer.from(e.ct, 'base64');
    ct[0] = (ct[0] ?? 0) ^ 1;
    const tag = Buffer.from(e.tag, 'base64');
    tag[3] = (tag[3] ?? 0) ^ 0x80;
    const cases: [string, () => string][] = [
      ['wrong key', () => openEntry(newKey(), 'db', e)],
      ['flipped ciphertext bit', () => openEntry(key, 'db', { ...e, ct: ct.toString('base64') })],
      ['flipped tag bit', () => openEntry(key, 'db', { ...e, tag: tag.toString('base64') })],
      ['copied under another name', () => openEntry(key, 'db2', e)],
    ];
    for (const [what, open] of cases) {
      expect(open, what).toThrow(/does not decrypt/);
    }
  });

  it('a malformed entry is reported by name, not content', () => {
    expect(() => parseEntry('db', '{"v":2}')).toThrow('the vault entry for db is malformed');
    expect(() => parseEntry('db', 'nope')).toThrow(BrokerError);
    const bad = { ...sealEntry(key, 'db', 'x-long-value', 0), iv: 'AAAA' };
    expect(() => parseEntry('db', JSON.stringify(bad))).toThrow(/malformed/);
  });
});

describe('Vault', () => {
  it('stores encrypted entries in meta, creates a 0600 key of 32 bytes on first write', async () => {
    const v = new Vault(store, keyFile, () => Date.parse('2025-06-01T12:00:00Z'));
    await v.check();
    expect(existsSync(keyFile)).toBe(false);
    await v.set('prod-db', 's3cr3t-password-value');
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'data')).mode & 0o777).toBe(0o700);
    expect(readFileSync(keyFile)).toHaveLength(32);
    const raw = await store.getMeta('vault:prod-db');
    expect(raw).toBeDefined();
    expect(raw).not.toContain('s3cr3t');
    expect(JSON.parse(raw ?? '')).toMatchObject({ v: 1, kid: keyId(readFileSync(keyFile)) });
    expect(await v.get('prod-db')).toBe('s3cr3t-password-value');
    expect(await v.get('missing')).toBeUndefined();
    expect(await v.list()).toEqual([{ name: 'prod-db', updatedAt: '2025-06-01T12:00:00.000Z' }]);
  });

  it('a second Vault (another replica, same store and key file) reads what the first wrote', async () => {
    await new Vault(store, keyFile).set('k', 'value-one');
    expect(await new Vault(store, keyFile).get('k')).toBe('value-one');
  });

  it('remove, overwrite, list in name order', async () => {
    const v = new Vault(store, keyFile);
    await v.set('b', 'bbbb-1');
    await v.set('a', 'aaaa-1');
    await v.set('b', 'bbbb-2');
    expect((await v.list()).map((s) => s.name)).toEqual(['a', 'b']);
    expect(await v.get('b')).toBe('bbbb-2');
    expect(await v.remove('a')).toBe(true);
    expect(await v.remove('a')).toBe(false);
    expect((await v.list()).map((s) => s.name)).toEqual(['b']);
  });

  it('refuses bad names and values without echoing the value', async () => {
    const v = new Vault(store, keyFile);
    for (const name of ['', '../x', 'a/b', '.hidden', 'x'.repeat(65), 'sp ace']) {
      expect(await code(v.set(name, 'value')), name).toBe('vault/invalid');
    }
    for (const value of ['', 'a\0b', 'x'.repeat(64 * 1024 + 1)]) {
      const err = await v.set('ok', value).catch((e: unknown) => e as Error);
      expect((err as BrokerError).code).toBe('vault/invalid');
      if (value.length > 0) expect((err as Error).message).not.toContain(value);
    }
  });

  it('another key (a replaced key file) fails with vault/wrong-key, naming the key, not the value', async () => {
    await new Vault(store, keyFile).set('k', 'value-one');
    writeKeyFile(keyFile, newKey().key);
    const err = await new Vault(store, keyFile).get('k').catch((e: unknown) => e as BrokerError);
    expect(err).toBeInstanceOf(BrokerError);
    expect((err as BrokerError).code).toBe('vault/wrong-key');
    expect((err as BrokerError).message).not.toContain('value-one');
  });

  it('a tampered entry in the store fails with vault/decrypt', async () => {
    const v = new Vault(store, keyFile);
    await v.set('k', 'value-one');
    const e = JSON.parse((await store.getMeta('vault:k')) ?? '') as { ct: string };
    const ct = Buffer.from(e.ct, 'base64');
    ct[2] = (ct[2] ?? 0) ^ 0xff;
    await store.setMeta('vault:k', JSON.stringify({ ...e, ct: ct.toString('base64') }));
    expect(await code(v.get('k'))).toBe('vault/decrypt');
    // An entry moved under another name does not open either (the name is authenticated).
    await store.setMeta('vault:other', (await store.getMeta('vault:k')) ?? '');
    expect(await code(v.get('other'))).toBe('vault/decrypt');
  });
});

describe('key file permissions', () => {
  it.each(['640', '604', '660', '644', '700'])('mode %s', async (text) => {
    const mode = parseInt(text, 8);
    writeKeyFile(keyFile, newKey().key);
    chmodSync(keyFile, mode);
    const v = new Vault(store, keyFile);
    const err = await v.check().catch((e: unknown) => e as BrokerError);
    // 0700 has no group/other bits: it is accepted (the execute bit on a data file is odd, not unsafe).
    if (mode === 0o700) expect(err).toBeUndefined();
    else {
      expect((err as BrokerError).code).toBe('vault/key-unsafe');
      expect((err as BrokerError).message).toContain('chmod 600');
      expect(await code(v.set('x', 'value'))).toBe('vault/key-unsafe');
    }
  });

  it('a key of the wrong size and a symbolic link are refused', async () => {
    writeKeyFile(keyFile, Buffer.alloc(16, 1));
    expect(await code(new Vault(store, keyFile).check())).toBe('vault/key-invalid');
    const real = join(dir, 'real.key');
    writeKeyFile(real, newKey().key);
    const link = join(dir, 'link.key');
    symlinkSync(real, link);
    expect(() => readKeyFile(link)).toThrow(/symbolic link/);
  });
});

describe('rotation', () => {
  it('re-encrypts every entry under a new key and removes the old key file', async () => {
    const v = new Vault(store, keyFile);
    await v.set('a', 'alpha-value');
    await v.set('b', 'beta-value');
    const before = readFileSync(keyFile);
    const { count, kid } = await v.rotate();
    expect(count).toBe(2);
    const after = readFileSync(keyFile);
    expect(after.equals(before)).toBe(false);
    expect(kid).toBe(keyId(after));
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(existsSync(`${keyFile}.old`)).toBe(false);
    for (const name of ['a', 'b']) {
      expect(JSON.parse((await store.getMeta(`vault:${name}`)) ?? '')).toMatchObject({ kid });
    }
    // A fresh gate with only the new key reads everything.
    const fresh = new Vault(store, keyFile);
    expect(await fresh.get('a')).toBe('alpha-value');
    expect(await fresh.get('b')).toBe('beta-value');
    // The old key no longer opens anything.
    writeKeyFile(keyFile, before);
    expect(await code(new Vault(store, keyFile).get('a'))).toBe('vault/wrong-key');
  });

  it('a rotation that stopped half-way still reads, and the next rotation finishes it', async () => {
    const v = new Vault(store, keyFile);
    await v.set('a', 'alpha-value');
    await v.set('b', 'beta-value');
    // Simulate the crash: old key saved, new key in place, only `a` re-encrypted.
    const old = readKeyFile(keyFile)!;
    const next = newKey();
    writeKeyFile(`${keyFile}.old`, old.key);
    writeKeyFile(keyFile, next.key);
    await store.setMeta('vault:a', JSON.stringify(sealEntry(next, 'a', 'alpha-value', 0)));
    const after = new Vault(store, keyFile);
    expect(await after.get('a')).toBe('alpha-value');
    expect(await after.get('b')).toBe('beta-value');
    const r = await after.rotate();
    expect(r.count).toBe(2);
    expect(existsSync(`${keyFile}.old`)).toBe(false);
    const fresh = new Vault(store, keyFile);
    expect(await fresh.get('a')).toBe('alpha-value');
    expect(await fresh.get('b')).toBe('beta-value');
  });

  it('rotating an empty vault makes a key and re-encrypts nothing', async () => {
    const r = await new Vault(store, keyFile).rotate();
    expect(r.count).toBe(0);
    expect(readFileSync(keyFile)).toHaveLength(32);
  });
});
