/**
 * The clock as a policy sees it. Evaluation never reads the clock: callers pass the instant, and each policy
 * file's rules see it in that file's `timezone` (default UTC) as `time.hour`, `time.minute`, `time.weekday`
 * (0 = Sunday), `time.date` ("2026-12-24") and `time.iso` (UTC).
 */
import { TimeView } from './cel.js';
import type { TimeZone } from './model.js';

/** A time zone with its formatter built once, or undefined when the name is not an IANA zone. */
export function compileTimeZone(name: string): TimeZone | undefined {
  if (name === 'UTC') return { name };
  try {
    const format = new Intl.DateTimeFormat('en-US', {
      timeZone: name,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      weekday: 'short',
    });
    return { name, format };
  } catch {
    return undefined;
  }
}

const WEEKDAYS: Readonly<Record<string, bigint>> = {
  Sun: 0n,
  Mon: 1n,
  Tue: 2n,
  Wed: 3n,
  Thu: 4n,
  Fri: 5n,
  Sat: 6n,
};

/** `time` for one instant in one zone. Throws on an invalid Date (evaluation then fails closed). */
export function timeView(time: Date, tz: TimeZone): TimeView {
  const iso = time.toISOString(); // throws on an invalid Date: evaluation fails closed
  if (!tz.format) {
    return new TimeView(
      BigInt(time.getUTCHours()),
      BigInt(time.getUTCMinutes()),
      BigInt(time.getUTCDay()),
      iso.slice(0, 10),
      iso,
    );
  }
  const parts: Record<string, string> = {};
  for (const p of tz.format.formatToParts(time)) parts[p.type] = p.value;
  const weekday = WEEKDAYS[parts.weekday ?? ''];
  if (weekday === undefined) throw new Error(`cannot read the weekday in ${tz.name}`);
  return new TimeView(
    BigInt(Number(parts.hour)),
    BigInt(Number(parts.minute)),
    weekday,
    `${parts.year}-${parts.month}-${parts.day}`,
    iso,
  );
}
