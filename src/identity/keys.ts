/**
 * The gate's Ed25519 signing key: it signs agent tokens (`tokens.ts`) and audit events (DESIGN.md §6). Keys are
 * kept as PEM (PKCS#8 private, SPKI public) so an operator can inspect and back them up with ordinary tools; the
 * key id is derived from the public key, so it needs no storage and changes exactly when the key does.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { IdentityError } from './errors.js';

/** A key pair as PEM text (what is written to disk). */
export interface SigningKeyPem {
  privatePem: string;
  publicPem: string;
}

/** A loaded signing key. */
export interface SigningKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** First 16 hex characters of sha256(SPKI DER of the public key). */
  kid: string;
}

/** A loaded verification key (for those who check signatures but never sign). */
export interface VerifyKey {
  publicKey: KeyObject;
  kid: string;
}

/** Generate a fresh Ed25519 key pair as PKCS#8 / SPKI PEM. */
export function generateSigningKey(): SigningKeyPem {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

/** The key id of a public key: stable, derived, short enough to read in a JWT header or a log line. */
export function keyId(publicKey: KeyObject): string {
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(der).digest('hex').slice(0, 16);
}

/**
 * Load a PKCS#8 PEM private key. Throws `IdentityError('identity/bad-key')` unless it is an Ed25519 key, so a
 * gate never starts signing with an RSA or EC key that the verifiers (pinned to EdDSA) would then reject.
 */
export function loadSigningKey(privatePem: string): SigningKey {
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey({ key: privatePem, format: 'pem' });
  } catch {
    // The parser's message may quote the key material: never pass it on.
    throw new IdentityError('identity/bad-key', 'the signing key is not a valid PEM private key');
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') {
    throw new IdentityError(
      'identity/bad-key',
      `the signing key must be Ed25519, not ${privateKey.asymmetricKeyType ?? 'unknown'}`,
    );
  }
  const publicKey = createPublicKey(privateKey);
  return { privateKey, publicKey, kid: keyId(publicKey) };
}

/** Load an SPKI PEM public key. Throws `IdentityError('identity/bad-key')` unless it is an Ed25519 key. */
export function loadVerifyKey(publicPem: string): VerifyKey {
  let publicKey: KeyObject;
  try {
    publicKey = createPublicKey({ key: publicPem, format: 'pem' });
  } catch {
    throw new IdentityError(
      'identity/bad-key',
      'the verification key is not a valid PEM public key',
    );
  }
  if (publicKey.type !== 'public' || publicKey.asymmetricKeyType !== 'ed25519') {
    throw new IdentityError(
      'identity/bad-key',
      'the verification key must be an Ed25519 public key',
    );
  }
  return { publicKey, kid: keyId(publicKey) };
}
