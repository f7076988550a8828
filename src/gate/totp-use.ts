/**
 * Spending a TOTP code: right for this human's secret now, and not used before in the same space. A code is
 * single-use per 30-second step: replaying one seen on a shoulder or in a log fails. Login and approvals keep
 * separate spaces, so logging in with a code does not spend it for the approval that follows.
 */
import { verifyTotp } from '../identity/totp.js';
import type { Store } from '../store/store.js';

/** `ok`, `invalid` (wrong or too old) or `reused` (already spent in this space). */
export async function spendTotpCode(
  store: Store,
  space: 'login-totp' | 'totp',
  human: string,
  secret: string,
  code: string,
  now: number,
): Promise<'ok' | 'invalid' | 'reused'> {
  const check = verifyTotp(secret, code, now);
  if (!check.ok || check.step === undefined) return 'invalid';
  const fresh = await store.useNonce(`${space}:${human}:${check.step}`, now + 120_000);
  return fresh ? 'ok' : 'reused';
}
