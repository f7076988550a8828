/**
 * What every notification channel renders (DESIGN.md §5, §10): one approval notice, turned into short,
 * phone-friendly text. The gate builds the notice, including its signed, single-use, expiring links to its own
 * server; channels only render it. Nothing here does I/O or reads the clock.
 */
import type { Env, Risk } from '../analyze/types.js';

/** Why a notice is sent: a new request, a reminder to the next stage, or `portcullis notify test`. */
export type NoticeKind = 'request' | 'escalation' | 'test';

/** One approval request, as channels see it. */
export interface ApprovalNotice {
  kind: NoticeKind;
  approvalId: string;
  agent: string;
  /** The command or tool call, already redacted by the gate. */
  summary: string;
  risk: Risk;
  env: Env;
  /** How many distinct approvals are needed. */
  required: number;
  reasons: readonly string[];
  /** Epoch milliseconds. */
  expiresAt: number;
  /**
   * Signed links to the gate's own server. `approve`/`deny` are absent when inline approval isn't allowed (the
   * policy says so, or the risk is catastrophic): then channels render only View.
   */
  links: { view: string; approve?: string; deny?: string };
}

/** How long a command may be in a notification before it is clipped. */
export const SUMMARY_MAX = 300;
const REASON_MAX = 200;
const REASONS_SHOWN = 4;

// Control characters would let a command forge extra lines ("\nApproved by admin"), and bidirectional overrides
// would let it display in an order other than the one that runs (Trojan Source); neither belongs in a notice.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g;
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * One line of untrusted text, at most `max` characters (code points, so an emoji is never cut in half), with
 * control characters turned into spaces and bidi overrides made visible. Used on everything the agent supplied.
 */
export function clip(text: string, max: number): string {
  const flat = text.replace(CONTROL, ' ').replace(BIDI, '\ufffd').trim();
  const chars = Array.from(flat);
  return chars.length <= max ? flat : `${chars.slice(0, max - 1).join('')}…`;
}

/**
 * The approve and deny links a channel may put on a button, or undefined when it must show View only. The gate
 * omits them when inline approval isn't allowed; this refuses them for catastrophic risk and test notices too, so
 * that a mistake upstream still sends a catastrophic approval to the authenticated page.
 */
export function inlineLinks(n: ApprovalNotice): { approve: string; deny: string } | undefined {
  const { approve, deny } = n.links;
  if (approve === undefined || deny === undefined) return undefined;
  if (n.risk === 'catastrophic' || n.kind === 'test') return undefined;
  return { approve, deny };
}

/** `14:05 UTC`: the same for every approver whatever their phone's time zone. */
export function formatExpiry(expiresAt: number): string {
  const d = new Date(expiresAt);
  const hh = String(d.getUTCHours()).padStart(2, '0');
  const mm = String(d.getUTCMinutes()).padStart(2, '0');
  return `${hh}:${mm} UTC`;
}

const KIND_TAG: Readonly<Record<NoticeKind, string>> = {
  request: '',
  escalation: 'Still pending: ',
  test: 'Test: ',
};

/** `CATASTROPHIC in prod`, or just `HIGH` when the environment is unknown. */
export function riskLabel(n: ApprovalNotice): string {
  const risk = n.risk.toUpperCase();
  return n.env === 'unknown' ? risk : `${risk} in ${n.env}`;
}

/** `CATASTROPHIC in prod: approval needed`: for titles and subjects, where the command does not fit. */
export function title(n: ApprovalNotice): string {
  return `${KIND_TAG[n.kind]}${riskLabel(n)}: approval needed`;
}

/**
 * The one line that says it all: `[Portcullis] CATASTROPHIC in prod: terraform destroy … — agent claude-code
 * needs 2 approvals (expires 14:05 UTC)`.
 */
export function headline(n: ApprovalNotice): string {
  const approvals = n.required === 1 ? '1 approval' : `${n.required} approvals`;
  return (
    `[Portcullis] ${KIND_TAG[n.kind]}${riskLabel(n)}: ${clip(n.summary, SUMMARY_MAX)} — ` +
    `agent ${clip(n.agent, 64)} needs ${approvals} (expires ${formatExpiry(n.expiresAt)})`
  );
}

/** What to do next, worded for whether the buttons can approve. */
export function callToAction(n: ApprovalNotice): string {
  if (n.kind === 'test') return 'This is a test notification: nothing is waiting for approval.';
  return inlineLinks(n) === undefined
    ? 'Open the console to approve or deny.'
    : 'Approve or deny here, or open the console to see the details.';
}

/** The reasons, clipped, one per entry (at most four, then "+N more"). */
export function reasonLines(n: ApprovalNotice): string[] {
  const shown = n.reasons.slice(0, REASONS_SHOWN).map((r) => clip(r, REASON_MAX));
  const rest = n.reasons.length - shown.length;
  return rest > 0 ? [...shown, `+${rest} more`] : shown;
}

/** The lines under the headline: why, which approval, what to do. Plain text; each format escapes its own. */
export function detailLines(n: ApprovalNotice): string[] {
  return [
    ...reasonLines(n).map((r) => `• ${r}`),
    `Approval ${clip(n.approvalId, 64)}`,
    callToAction(n),
  ];
}

/** Headline and details as plain text, for channels without markup (ntfy, Gotify, Telegram, email). */
export function plainText(n: ApprovalNotice): string {
  return [headline(n), '', ...detailLines(n)].join('\n');
}

/**
 * The notice `portcullis notify test CHANNEL` sends: harmless, clearly marked, with no approve or deny link.
 * `now` and `viewUrl` come from the caller so this stays free of the clock and of the server's address.
 */
export function testNotice(now: number, viewUrl: string): ApprovalNotice {
  return {
    kind: 'test',
    approvalId: 'test',
    agent: 'portcullis',
    summary: 'echo "notification test"',
    risk: 'high',
    env: 'unknown',
    required: 1,
    reasons: ['a test sent by `portcullis notify test`'],
    expiresAt: now + 15 * 60_000,
    links: { view: viewUrl },
  };
}

/** Slack mrkdwn: only `&`, `<` and `>` are special (they make links and mentions). */
export function escapeSlack(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Discord markdown: a backslash before any punctuation shows it literally, so escape the characters that format
 * (emphasis, code, spoilers, quotes, links, headings, the angle brackets of mentions). Pings are switched off
 * separately, with `allowed_mentions`.
 */
export function escapeDiscord(text: string): string {
  return text.replace(/[\\*_~`|>#[\]()<]/g, (c) => `\\${c}`);
}
