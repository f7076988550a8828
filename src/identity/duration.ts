/** Human durations for token lifetimes (`8h`, `15m`, `90s`, `2d`, `1h30m`). */
import { IdentityError } from './errors.js';

const UNIT: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600, d: 86400 };

/** The longest lifetime any token may have: a leaked token must die on its own within a month. */
export const MAX_TOKEN_SECONDS = 30 * 86400;

/**
 * Parse a duration into whole seconds: one or more `<integer><unit>` parts with units s, m, h, d (`90s`,
 * `1h30m`). Between 1 second and 30 days. Throws `IdentityError('identity/bad-duration')` saying what is wrong.
 */
export function parseDuration(text: string): number {
  const t = text.trim();
  const bad = (why: string): never => {
    throw new IdentityError('identity/bad-duration', `duration "${text}": ${why}`);
  };
  if (/^\d+$/.test(t)) bad('add a unit: s, m, h or d (e.g. 8h)');
  if (!/^(\d{1,7}[smhd])+$/.test(t))
    bad('expected a number and a unit s, m, h or d (e.g. 15m, 8h, 2d)');
  let seconds = 0;
  for (const m of t.matchAll(/(\d+)([smhd])/g)) seconds += Number(m[1]) * (UNIT[m[2] ?? ''] ?? 0);
  if (seconds < 1) bad('must be at least 1s');
  if (seconds > MAX_TOKEN_SECONDS) bad('at most 30d');
  return seconds;
}
