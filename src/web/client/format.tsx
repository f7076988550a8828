/** Words and small badges shared by the pages: times, risk, status, and the blast radius of a request. */
import type { Action, ApprovalView } from './types.js';

const UNITS: [number, string][] = [
  [86_400_000, 'd'],
  [3_600_000, 'h'],
  [60_000, 'm'],
  [1000, 's'],
];

/** `3m 20s`, `2h 5m`, `45s`: the two largest units. */
export function duration(ms: number): string {
  const abs = Math.max(0, Math.round(ms));
  const parts: string[] = [];
  let rest = abs;
  for (const [size, unit] of UNITS) {
    if (rest >= size || (unit === 's' && parts.length === 0)) {
      parts.push(`${Math.floor(rest / size)}${unit}`);
      rest %= size;
    }
    if (parts.length === 2) break;
  }
  return parts.join(' ');
}

/** A timestamp as local date and time, to the second. */
export function when(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString(undefined, { hour12: false });
}

/** What the queue shows for an approval: expired when the server says so or the clock has run out. */
export function effectiveStatus(a: ApprovalView, now: number): ApprovalView['status'] {
  if (a.status === 'pending' && Date.parse(a.expiresAt) <= now) return 'expired';
  return a.status;
}

export function timeLeft(a: ApprovalView, now: number): string {
  const left = Date.parse(a.expiresAt) - now;
  return effectiveStatus(a, now) === 'expired' || left <= 0 ? 'expired' : `${duration(left)} left`;
}

export function RiskBadge({ risk }: { risk: string }) {
  return (
    <span class={`badge risk-${risk}`} title={`risk: ${risk}`}>
      {risk}
    </span>
  );
}

export function StatusBadge({ status }: { status: string }) {
  return <span class={`badge status-${status}`}>{status}</span>;
}

export function EnvChip({ env }: { env: string }) {
  return <span class={`chip env-${env}`}>{env}</span>;
}

const EFFECT_WORDS: Record<string, string> = {
  destroy: 'destroys',
  delete: 'deletes',
  write: 'changes',
  exec: 'runs code on',
  read: 'reads',
  unknown: 'does something Portcullis could not fully understand to',
};

function targetsPhrase(a: Action, cwd: string | undefined): string {
  const n = a.targets.length;
  if (n === 0) {
    if (a.effect !== 'destroy') return 'its target';
    return `everything ${a.tool} manages${cwd ? ` from ${cwd}` : ''}`;
  }
  if (n <= 3) return a.targets.join(', ');
  return `${a.targets.slice(0, 3).join(', ')} and ${n - 3} more`;
}

/**
 * The blast radius in plain words, one sentence per action that matters (risk above none): what it does, to
 * what, where, and whether it can be undone. Derived only from the analyzer's facts, never guessed.
 */
export function blastRadius(actions: readonly Action[], cwd?: string): string[] {
  const out: string[] = [];
  for (const a of actions) {
    if (a.risk === 'none') continue;
    const verb = EFFECT_WORDS[a.effect] ?? 'touches';
    const where = a.env === 'unknown' ? 'in an unknown environment' : `in ${a.env}`;
    const undo = a.reversible ? 'It can be undone.' : 'It cannot be undone.';
    const through = a.via.length > 0 ? ` (through ${a.via.join(' → ')})` : '';
    out.push(`${a.tool} ${a.verb}: ${verb} ${targetsPhrase(a, cwd)}, ${where}${through}. ${undo}`);
  }
  if (out.length === 0) out.push('Nothing this request does was judged risky.');
  return out;
}
