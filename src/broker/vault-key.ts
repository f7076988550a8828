/**
 * The vault's key file: 32 random bytes, readable by the gate's user alone. The file is checked on the open
 * descriptor (no window between the check and the read): a key that group or others can read, that another user
 * owns, or that is not exactly 32 bytes stops the vault. A new key is written to a temporary file and renamed over
 * the old one, so a crash leaves either the old key or the new one, never half of one.
 */
import { createHash, randomBytes } from 'node:crypto';
import {
  closeSync,
  constants,
  fstatSync,
  fsyncSync,
  linkSync,
  mkdirSync,
  openSync,
  readSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { BrokerError } from './errors.js';

/** AES-256: the key is 32 bytes. */
export const KEY_BYTES = 32;

export interface VaultKey {
  /** A short id stored with each entry, so the right key is picked (and a wrong one named) without trying. */
  kid: string;
  key: Buffer;
}

/** The key id: a hash of the key under a fixed label (it says which key, and nothing usable about it). */
export function keyId(key: Buffer): string {
  return `k${createHash('sha256').update('portcullis-vault-kid.v1\0').update(key).digest('hex').slice(0, 16)}`;
}

/** A fresh random key. */
export function newKey(): VaultKey {
  const key = randomBytes(KEY_BYTES);
  return { kid: keyId(key), key };
}

/** Read a key file; undefined when it does not exist. Throws `vault/key-unsafe` or `vault/key-invalid`. */
export function readKeyFile(path: string): VaultKey | undefined {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    if (code === 'ELOOP') {
      throw new BrokerError(
        'vault/key-unsafe',
        `${path} is a symbolic link; point keyFile at the file itself`,
      );
    }
    throw new BrokerError(
      'vault/key-invalid',
      `cannot open the vault key ${path} (${code ?? 'error'})`,
    );
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new BrokerError('vault/key-invalid', `${path} is not a regular file`);
    if ((st.mode & 0o077) !== 0) {
      throw new BrokerError(
        'vault/key-unsafe',
        `${path} is readable or writable by group or others (mode ${(st.mode & 0o777).toString(8)}): chmod 600 it; the vault will not start until then`,
      );
    }
    const uid = process.getuid?.();
    if (uid !== undefined && st.uid !== uid) {
      throw new BrokerError('vault/key-unsafe', `${path} belongs to another user (uid ${st.uid})`);
    }
    if (st.size !== KEY_BYTES) {
      throw new BrokerError(
        'vault/key-invalid',
        `${path} must hold exactly ${KEY_BYTES} bytes (head -c ${KEY_BYTES} /dev/urandom), not ${st.size}`,
      );
    }
    const key = Buffer.alloc(KEY_BYTES);
    if (readSync(fd, key, 0, KEY_BYTES, 0) !== KEY_BYTES) {
      throw new BrokerError('vault/key-invalid', `${path} could not be read whole`);
    }
    return { kid: keyId(key), key };
  } finally {
    closeSync(fd);
  }
}

/** Write `key` to `path` atomically (temporary file 0600, fsync, rename, fsync the directory). */
export function writeKeyFile(path: string, key: Buffer): void {
  const dir = dirname(path);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const tmp = join(dir, `.${randomBytes(6).toString('hex')}.vault-key.tmp`);
  const fd = openSync(tmp, 'wx', 0o600);
  try {
    writeSync(fd, key);
    fsyncSync(fd);
  } catch (err) {
    closeSync(fd);
    rmSync(tmp, { force: true });
    throw err;
  }
  closeSync(fd);
  renameSync(tmp, path);
  try {
    const dfd = openSync(dir, 'r');
    try {
      fsyncSync(dfd);
    } finally {
      closeSync(dfd);
    }
  } catch {
    // Some file systems cannot fsync a directory; the rename itself is still atomic.
  }
}

/**
 * The key at `path`, created (32 random bytes, 0600, parent directories 0700) when there is none. The new key is
 * written whole to a temporary file and hard-linked into place, which fails if the name exists: two gates racing
 * to create it both end with the one that landed, and neither ever reads a half-written key.
 */
export function loadOrCreateKeyFile(path: string): VaultKey {
  const have = readKeyFile(path);
  if (have) return have;
  const dir = dirname(path);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const tmp = join(dir, `.${randomBytes(6).toString('hex')}.vault-key.tmp`);
  try {
    const fd = openSync(tmp, 'wx', 0o600);
    try {
      writeSync(fd, newKey().key);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    linkSync(tmp, path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  } finally {
    rmSync(tmp, { force: true });
  }
  const landed = readKeyFile(path);
  if (!landed) throw new BrokerError('vault/key-invalid', `${path} vanished while it was created`);
  return landed;
}
