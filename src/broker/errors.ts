/**
 * The broker's fault family: vault and run failures with a stable code. None of them is ever an allow: a secret
 * that cannot be read or a binding that conflicts stops the run before anything starts. Messages name secrets,
 * files and bindings, never a secret's value.
 */

export type BrokerErrorCode =
  | 'vault/key-unsafe'
  | 'vault/key-invalid'
  | 'vault/wrong-key'
  | 'vault/decrypt'
  | 'vault/corrupt'
  | 'vault/invalid'
  | 'vault/not-found'
  | 'broker/no-vault'
  | 'broker/missing-secret'
  | 'broker/binding-conflict'
  | 'broker/spawn';

export class BrokerError extends Error {
  override readonly name = 'BrokerError';

  constructor(
    readonly code: BrokerErrorCode,
    message: string,
  ) {
    super(message);
  }
}
