/**
 * The API's error family (API.md "Errors"): every refusal is `{"error": {"code", "message"}}` with a stable code
 * and a fixed HTTP status. Gate and account refusals are translated here, in one table, so a route never picks a
 * status by hand; anything else is a fault and becomes `500 internal` (never an allow).
 */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { AccountError, type AccountErrorCode } from '../gate/accounts.js';
import { GateError, type GateErrorCode } from '../gate/types.js';
import { IdentityError } from '../identity/errors.js';

/** Every code a client may see, with its status. Pinned by the tests: change on purpose, and in API.md. */
export const API_ERRORS = {
  'auth/required': 401,
  'auth/invalid-token': 401,
  'auth/bad-login': 401,
  'auth/totp-required': 401,
  'auth/forbidden': 403,
  'auth/csrf': 403,
  'auth/password-change-required': 403,
  'request/invalid': 400,
  'request/not-found': 404,
  'request/conflict': 409,
  'request/too-large': 413,
  'request/unsupported-media-type': 415,
  'request/rate-limited': 429,
  'approval/not-found': 404,
  'approval/not-pending': 409,
  'approval/expired': 409,
  'approval/duplicate-vote': 409,
  'approval/self-approval': 403,
  'approval/not-in-group': 403,
  'approval/totp-required': 401,
  'approval/totp-invalid': 401,
  'approval/comment-required': 400,
  'approval/forbidden': 403,
  'approval/invalid': 400,
  'link/invalid': 401,
  'link/expired': 410,
  'link/used': 409,
  'link/not-inline': 403,
  'gate/unavailable': 503,
  internal: 500,
} as const satisfies Record<string, ContentfulStatusCode>;

export type ApiErrorCode = keyof typeof API_ERRORS;

/** A refusal with a documented code; thrown by routes and middleware, rendered by {@link errorResponse}. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly status: ContentfulStatusCode;

  constructor(
    readonly code: ApiErrorCode,
    message: string,
    /** Extra response headers (`retry-after`). */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.status = API_ERRORS[code];
  }
}

const ACCOUNT_CODES: Readonly<Record<AccountErrorCode, ApiErrorCode>> = {
  'bad-login': 'auth/bad-login',
  'totp-required': 'auth/totp-required',
  'invalid-token': 'auth/invalid-token',
  forbidden: 'auth/forbidden',
  invalid: 'request/invalid',
  'not-found': 'request/not-found',
  exists: 'request/conflict',
};

/** The API error for a gate refusal: `approval/<code>`. */
export function fromGateError(err: GateError): ApiError {
  const code: ApiErrorCode = `approval/${err.code satisfies GateErrorCode}`;
  return new ApiError(code, err.message);
}

/** Translate a known refusal into an ApiError; undefined for a fault. */
export function toApiError(err: unknown): ApiError | undefined {
  if (err instanceof ApiError) return err;
  if (err instanceof GateError) return fromGateError(err);
  if (err instanceof AccountError) return new ApiError(ACCOUNT_CODES[err.code], err.message);
  // A scope, duration or narrowing from the client that does not hold; a bad signing key is a fault.
  if (err instanceof IdentityError && err.code !== 'identity/bad-key') {
    return new ApiError('request/invalid', err.message);
  }
  return undefined;
}

/** The JSON body of an error. */
export function errorBody(
  code: ApiErrorCode,
  message: string,
): {
  error: { code: ApiErrorCode; message: string };
} {
  return { error: { code, message } };
}

/**
 * Render any thrown value. Faults are reported through `onFault` (the CLI logs them) and answered with a generic
 * message: their text may hold paths or SQL that a client has no business seeing.
 */
export function errorResponse(
  c: Context,
  err: unknown,
  onFault?: (err: unknown, where: string) => void,
): Response {
  const api = toApiError(err);
  if (api) {
    for (const [k, v] of Object.entries(api.headers)) c.header(k, v);
    return c.json(errorBody(api.code, api.message), api.status);
  }
  onFault?.(err, `${c.req.method} ${c.req.path}`);
  return c.json(errorBody('internal', 'internal error; nothing was allowed'), 500);
}
