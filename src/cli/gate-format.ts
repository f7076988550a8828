/**
 * Plain-text helpers shared by the gate commands: aligned tables, short durations ("4m", "2h"), clipping to the
 * terminal width, and the one JSON style every `--json` prints (the API's answer, indented).
 */
import { formatScopeItems } from '../identity/scope.js';
import type { Scope } from '../store/store.js';

/** The API answer as `--json` prints it: indented, one trailing newline. */
export function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** Epoch milliseconds of an ISO string or epoch-ms number; NaN when neither. */
export function toMs(t: string | number): number {
  return typeof t === 'number' ? t : Date.parse(t);
}

/** A duration the way a human reads a queue: "45s", "12m", "3h", "2d". */
export function shortDuration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${String(s)}s`;
  if (s < 3600) return `${String(Math.floor(s / 60))}m`;
  if (s < 86_400) return `${String(Math.floor(s / 3600))}h`;
  return `${String(Math.floor(s / 86_400))}d`;
}

/** How long ago `t` was, from `now`; "?" when `t` is not a time. */
export function age(t: string | number, now: number): string {
  const ms = toMs(t);
  return Number.isNaN(ms) ? '?' : shortDuration(now - ms);
}

/** How long until `t`, or "expired" once passed. */
export function until(t: string | number, now: number): string {
  const ms = toMs(t);
  if (Number.isNaN(ms)) return '?';
  return ms <= now ? 'expired' : shortDuration(ms - now);
}

/** An ISO time for a record's time field, or "-" when absent. */
export function when(t: string | number | undefined): string {
  if (t === undefined) return '-';
  const ms = toMs(t);
  return Number.isNaN(ms) ? String(t) : new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** `s` on one line, at most `width` characters, ending with "…" when cut. */
export function clip(s: string, width: number): string {
  const one = s.replace(/\s*\n\s*/g, ' ⏎ ');
  if (width <= 1 || one.length <= width) return one;
  return `${one.slice(0, width - 1)}…`;
}

/**
 * Left-aligned columns separated by two spaces. The last column takes what is left of `width` and is clipped, so
 * a row never wraps on the terminal.
 */
export function table(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
  width: number,
): string {
  const all = [headers, ...rows];
  const last = headers.length - 1;
  const widths = headers.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  const lead = widths.slice(0, last).reduce((a, w) => a + w + 2, 0);
  const room = Math.max(20, width - lead);
  return all
    .map((r) =>
      r
        .map((cell, i) => (i === last ? clip(cell, room) : cell.padEnd(widths[i] ?? 0)))
        .join('  ')
        .trimEnd(),
    )
    .map((l) => `${l}\n`)
    .join('');
}

/** A scope as CLI items (`formatScopeItems`), "any" when unrestricted. */
export function scopeText(scope: Scope): string {
  const items = formatScopeItems(scope);
  return items.length === 0 ? 'any' : items.join(' ');
}
