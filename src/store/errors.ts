/**
 * The store's error family: internal faults, never verdicts. Callers fail closed on any of them (no audit write,
 * no allow). Driver errors (a lost connection, a full disk) are passed through unchanged.
 */

export type StoreErrorCode =
  /** The record to update does not exist. */
  | 'store/not-found'
  /** The sealer returned an event that does not extend the chain head (wrong seq or prev). */
  | 'store/chain'
  /** The database was migrated by a newer Portcullis than this one: refuse rather than guess. */
  | 'store/schema-too-new'
  /** A configuration value the store cannot use safely (a malformed schema name). */
  | 'store/config';

/** An internal fault of the store layer. */
export class StoreError extends Error {
  override readonly name = 'StoreError';
  readonly code: StoreErrorCode;

  constructor(code: StoreErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}
