/**
 * The credential vault (DESIGN.md §9): secrets encrypted at rest (`vault-crypto.ts`) in the store's meta table,
 * so PostgreSQL replicas share them, under a key that lives only in a file on the gate's machine
 * (`vault-key.ts`). Replicas must be given the same key file. The key is read on first use and checked every time
 * it is read; `check()` reads it at boot so an unsafe key file stops the gate from starting.
 *
 * Rotation writes the old key to `vault.key.old`, the new key over `vault.key` (atomically), re-encrypts every
 * entry and then removes the old key. Entries name their key (`kid`), so a crash half-way leaves a vault that still
 * opens (both files are read) and the next rotation finishes the job first. Operations of one gate are serialised.
 */
import { rmSync } from 'node:fs';
import { SECRET_NAME } from '../gate/config.js';
import type { Store } from '../store/store.js';
import { BrokerError } from './errors.js';
import { openEntry, parseEntry, sealEntry } from './vault-crypto.js';
import {
  loadOrCreateKeyFile,
  newKey,
  readKeyFile,
  writeKeyFile,
  type VaultKey,
} from './vault-key.js';

const PREFIX = 'vault:';
/** The largest secret value (a kubeconfig or a key file fits many times over). */
export const MAX_SECRET_BYTES = 64 * 1024;

export interface SecretInfo {
  name: string;
  /** ISO time of the last `set` (or rotation). */
  updatedAt: string;
}

/** Throws `vault/invalid` unless `name` is a valid secret name. */
export function checkSecretName(name: string): void {
  if (!SECRET_NAME.test(name)) {
    throw new BrokerError(
      'vault/invalid',
      'a secret name is letters, digits, ".", "_" or "-" (at most 64, starting with a letter or digit)',
    );
  }
}

/** Throws `vault/invalid` unless `value` can be stored (never echoing it). */
export function checkSecretValue(value: string): void {
  if (value.length === 0) throw new BrokerError('vault/invalid', 'a secret value is not empty');
  if (Buffer.byteLength(value, 'utf8') > MAX_SECRET_BYTES) {
    throw new BrokerError('vault/invalid', `a secret value is at most ${MAX_SECRET_BYTES} bytes`);
  }
  if (value.includes('\0')) {
    throw new BrokerError('vault/invalid', 'a secret value has no NUL characters');
  }
}

export class Vault {
  private current: VaultKey | undefined;
  private old: VaultKey | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  /** `keyFile` is created on the first write; nothing touches the disk until a method is called. */
  constructor(
    private readonly store: Store,
    readonly keyFile: string,
    private readonly now: () => number = Date.now,
  ) {}

  private get oldFile(): string {
    return `${this.keyFile}.old`;
  }

  /** Run `fn` after every earlier operation of this vault (a rotation must not interleave with a write). */
  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** (Re)read the key files. With `create`, a missing key is created. */
  private loadKeys(create: boolean): VaultKey | undefined {
    this.current = create ? loadOrCreateKeyFile(this.keyFile) : readKeyFile(this.keyFile);
    this.old = readKeyFile(this.oldFile);
    return this.current;
  }

  private keyFor(name: string, kid: string): VaultKey {
    for (const attempt of [false, true]) {
      // A key this gate has not seen yet (rotated by an operator or another process): read the files once more.
      if (attempt || this.current === undefined) this.loadKeys(false);
      if (this.current?.kid === kid) return this.current;
      if (this.old?.kid === kid) return this.old;
    }
    throw new BrokerError(
      'vault/wrong-key',
      `secret ${name} was sealed with key ${kid}, which is not in ${this.keyFile}`,
    );
  }

  /** Read the key file if there is one, so an unsafe or malformed key stops the gate at start. */
  check(): Promise<void> {
    return this.exclusive(() => {
      this.loadKeys(false);
      return Promise.resolve();
    });
  }

  /** Store (or replace) a secret. */
  async set(name: string, value: string): Promise<void> {
    checkSecretName(name);
    checkSecretValue(value);
    await this.exclusive(async () => {
      const key = this.current ?? this.loadKeys(true);
      if (!key) throw new BrokerError('vault/key-invalid', `no key at ${this.keyFile}`);
      await this.store.setMeta(
        PREFIX + name,
        JSON.stringify(sealEntry(key, name, value, this.now())),
      );
    });
  }

  /** A secret's value; undefined when there is no such secret. */
  async get(name: string): Promise<string | undefined> {
    checkSecretName(name);
    return this.exclusive(async () => {
      const text = await this.store.getMeta(PREFIX + name);
      if (text === undefined) return undefined;
      const entry = parseEntry(name, text);
      return openEntry(this.keyFor(name, entry.kid), name, entry);
    });
  }

  /** Names and update times, never values. */
  async list(): Promise<SecretInfo[]> {
    const rows = await this.store.listMeta(PREFIX);
    return rows.map(({ key, value }) => {
      const name = key.slice(PREFIX.length);
      let updatedAt = 'unknown';
      try {
        updatedAt = parseEntry(name, value).updatedAt;
      } catch {
        // still listed, so an admin can see it and remove it
      }
      return { name, updatedAt };
    });
  }

  /** Remove a secret; false when there was none. */
  async remove(name: string): Promise<boolean> {
    checkSecretName(name);
    return this.exclusive(() => this.store.deleteMeta(PREFIX + name));
  }

  /** Re-encrypt every entry not under the current key; returns how many. */
  private async reseal(to: VaultKey): Promise<number> {
    let count = 0;
    for (const { key, value } of await this.store.listMeta(PREFIX)) {
      const name = key.slice(PREFIX.length);
      const entry = parseEntry(name, value);
      if (entry.kid === to.kid) continue;
      const plain = openEntry(this.keyFor(name, entry.kid), name, entry);
      await this.store.setMeta(key, JSON.stringify(sealEntry(to, name, plain, this.now())));
      count++;
    }
    return count;
  }

  /** Replace the key and re-encrypt every secret under the new one. Returns the count and the new key id. */
  rotate(): Promise<{ count: number; kid: string }> {
    return this.exclusive(async () => {
      const before = this.loadKeys(true);
      if (!before) throw new BrokerError('vault/key-invalid', `no key at ${this.keyFile}`);
      if (this.old) {
        // An earlier rotation stopped half-way: finish it before the old key file is reused.
        await this.reseal(before);
        rmSync(this.oldFile, { force: true });
        this.old = undefined;
      }
      const next = newKey();
      writeKeyFile(this.oldFile, before.key);
      writeKeyFile(this.keyFile, next.key);
      this.old = before;
      this.current = next;
      const count = await this.reseal(next);
      rmSync(this.oldFile, { force: true });
      this.old = undefined;
      return { count, kid: next.kid };
    });
  }
}
