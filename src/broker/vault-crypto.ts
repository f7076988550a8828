/**
 * One vault entry (stored in the meta table as `vault:<name>`): AES-256-GCM with a fresh 12-byte IV per write and
 * the secret's name as additional authenticated data, so an entry copied under another name does not decrypt.
 * The JSON shape `{v: 1, kid, iv, tag, ct, updatedAt}` is what replicas share; binary fields are base64.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { BrokerError } from './errors.js';
import type { VaultKey } from './vault-key.js';

const IV_BYTES = 12;
const TAG_BYTES = 16;

const b64 = (bytes?: number) =>
  z
    .string()
    .regex(/^[A-Za-z0-9+/]*={0,2}$/)
    .refine((s) => bytes === undefined || Buffer.from(s, 'base64').length === bytes);

const entrySchema = z.strictObject({
  v: z.literal(1),
  kid: z.string().min(1).max(64),
  iv: b64(IV_BYTES),
  tag: b64(TAG_BYTES),
  ct: b64(),
  updatedAt: z.string().min(1).max(64),
});

export type VaultEntry = z.infer<typeof entrySchema>;

/** Seal `plaintext` under `key`, bound to `name`. */
export function sealEntry(key: VaultKey, name: string, plaintext: string, now: number): VaultEntry {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key.key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(name, 'utf8'));
  const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return {
    v: 1,
    kid: key.kid,
    iv: iv.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
    ct: ct.toString('base64'),
    updatedAt: new Date(now).toISOString(),
  };
}

/** Open an entry sealed for `name`. Throws `vault/decrypt` for a wrong key, a changed byte or another name. */
export function openEntry(key: VaultKey, name: string, entry: VaultEntry): string {
  try {
    const decipher = createDecipheriv('aes-256-gcm', key.key, Buffer.from(entry.iv, 'base64'), {
      authTagLength: TAG_BYTES,
    });
    decipher.setAAD(Buffer.from(name, 'utf8'));
    decipher.setAuthTag(Buffer.from(entry.tag, 'base64'));
    const pt = Buffer.concat([decipher.update(Buffer.from(entry.ct, 'base64')), decipher.final()]);
    return pt.toString('utf8');
  } catch {
    throw new BrokerError(
      'vault/decrypt',
      `secret ${name} does not decrypt: a wrong key, or the entry was altered`,
    );
  }
}

/** Parse a stored entry. Throws `vault/corrupt` (naming the secret, not the content). */
export function parseEntry(name: string, text: string): VaultEntry {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    doc = undefined;
  }
  const r = entrySchema.safeParse(doc);
  if (!r.success)
    throw new BrokerError('vault/corrupt', `the vault entry for ${name} is malformed`);
  return r.data;
}
