/** The error codes clients observe, pinned: change them on purpose, and in API.md. */
import { describe, expect, it } from 'vitest';
import { AccountError } from '../gate/accounts.js';
import { GateError, type GateErrorCode } from '../gate/types.js';
import { IdentityError } from '../identity/errors.js';
import { API_ERRORS, toApiError } from './errors.js';

describe('API_ERRORS', () => {
  it('is exactly this table', () => {
    expect(API_ERRORS).toEqual({
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
    });
  });
});

describe('toApiError', () => {
  const gate: [GateErrorCode, string, number][] = [
    ['not-found', 'approval/not-found', 404],
    ['not-pending', 'approval/not-pending', 409],
    ['expired', 'approval/expired', 409],
    ['duplicate-vote', 'approval/duplicate-vote', 409],
    ['self-approval', 'approval/self-approval', 403],
    ['not-in-group', 'approval/not-in-group', 403],
    ['totp-required', 'approval/totp-required', 401],
    ['totp-invalid', 'approval/totp-invalid', 401],
    ['comment-required', 'approval/comment-required', 400],
    ['forbidden', 'approval/forbidden', 403],
    ['invalid', 'approval/invalid', 400],
  ];
  it.each(gate)('GateError %s → %s %i', (code, api, status) => {
    const e = toApiError(new GateError(code, 'x'));
    expect([e?.code, e?.status]).toEqual([api, status]);
  });

  it('maps account and identity refusals, and leaves faults alone', () => {
    expect(toApiError(new AccountError('bad-login', 'x'))?.code).toBe('auth/bad-login');
    expect(toApiError(new AccountError('invalid-token', 'x'))?.code).toBe('auth/invalid-token');
    expect(toApiError(new AccountError('exists', 'x'))?.code).toBe('request/conflict');
    expect(toApiError(new IdentityError('identity/widens', 'x'))?.code).toBe('request/invalid');
    expect(toApiError(new IdentityError('identity/bad-key', 'x'))).toBeUndefined();
    expect(toApiError(new Error('disk full'))).toBeUndefined();
  });
});
