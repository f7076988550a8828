/**
 * The identity layer's internal faults: a key that is not an Ed25519 key, a duration or scope that does not
 * parse, a narrowing that would widen. Token verification failures have their own family (`TokenError` in
 * `tokens.ts`) because their codes are observed by agents and API clients.
 */

export type IdentityErrorCode =
  /** A key that is not a PEM-encoded Ed25519 key. */
  | 'identity/bad-key'
  /** A duration that does not parse or is out of range (`parseDuration`). */
  | 'identity/bad-duration'
  /** A scope that does not parse or does not validate. */
  | 'identity/bad-scope'
  /** A requested scope that is not inside the scope it is narrowed from. */
  | 'identity/widens';

/** An internal fault of the identity layer. Never a verdict. */
export class IdentityError extends Error {
  override readonly name = 'IdentityError';
  readonly code: IdentityErrorCode;

  constructor(code: IdentityErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}
