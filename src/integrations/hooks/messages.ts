/**
 * What the agent (and its user) read when Portcullis blocks or asks. One wording for every agent, so a reason
 * never depends on the door the agent came through. Every text says what happened and what to do next, and is
 * clipped: Claude Code parses at most 10 000 characters of hook stdout, and a reason cut mid-JSON would turn a
 * deny into "no decision" (the call proceeds).
 */
import type { Decision } from '../../policy/types.js';

/** Longest reason we put in a hook answer (the whole answer stays far below Claude Code's 10 000-char cap). */
export const MAX_REASON_CHARS = 1500;

/** `text`, cut to `max` characters with an ellipsis. */
export function clip(text: string, max: number = MAX_REASON_CHARS): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** "why it was flagged [rule r, risk x]" — the analyzer's and the policy's reasons, in one line. */
export function summary(d: Decision): string {
  const reasons = d.reasons.map((r) => r.trim()).filter((r) => r !== '');
  const what = reasons.length > 0 ? reasons.join('; ') : 'matched a policy rule';
  return clip(`${what} [rule ${d.rule}, risk ${d.risk}]`, MAX_REASON_CHARS - 300);
}

/** The reason of a deny, addressed to the agent: not run, do not route around it. */
export function denyMessage(d: Decision): string {
  return clip(
    `Portcullis denied this action: ${summary(d)}. It was not run. Do not retry it or get the same ` +
      'effect another way (another tool, a script, a config change); if it is really needed, tell the user ' +
      'what you wanted to do and why.',
  );
}

/** What a gate adds to a Decision that waits for approval (see `remote.ts`); absent on in-process decisions. */
interface Ticket {
  approval?: { id: string; url: string; status?: string };
  /** No gate was running, so no approval could be opened. */
  offline?: boolean;
}

/**
 * The reason of a deny that stands in for an ask (deny-with-ticket, DESIGN.md §5): the agent cannot ask its
 * user natively, or the decision needs peer review that a local prompt cannot give. With a gate ticket it names
 * the approval, where to approve it, and that the identical retry (and only that) will then go through once.
 */
export function askInsteadMessage(d: Decision & Ticket): string {
  const n = d.approvals?.required ?? 1;
  const who =
    n >= 2
      ? `peer review by ${n} approvers (not the person running the agent)`
      : 'approval by a human';
  if (d.approval) {
    return clip(
      `Portcullis held this action for ${who}: ${summary(d)}. It was not run. Approval ${d.approval.id} is ` +
        `pending at ${d.approval.url}. Tell the user what you wanted to do and why; once it is approved, retry ` +
        'the identical command exactly once (any change needs a new approval). Do not work around it.',
    );
  }
  if (d.offline) {
    return clip(
      `Portcullis held this action for ${who}: ${summary(d)}. It was not run, and no approval could be ` +
        'requested because the Portcullis gate is not running (start it with `portcullis serve`). Tell the ' +
        'user what you wanted to do and why; do not retry it or work around it.',
    );
  }
  return clip(
    `Portcullis held this action for ${who}: ${summary(d)}. It was not run. Tell the user what you ` +
      'wanted to do and why, and wait for their decision; do not retry it or work around it.',
  );
}

/** The text of a native ask, shown to the user in the agent's own permission prompt. */
export function askLocalMessage(d: Decision): string {
  return clip(`Portcullis asks for confirmation: ${summary(d)}. Allow only if you expected this.`);
}

/** The reason of a fail-closed deny: Portcullis could not judge, so the answer is no. */
export function failClosedMessage(why: string): string {
  return clip(
    `Portcullis could not judge this action (${clip(why, 600)}), so it was denied to be safe. It was ` +
      'not run. If this keeps happening, tell the user that the Portcullis hook is failing.',
  );
}

interface Issue {
  path?: unknown;
  message?: unknown;
  code?: unknown;
  expected?: unknown;
  values?: unknown;
}

/** `tool_input.command: expected string` — zod/mini carries no message texts, so build one from the issue. */
function issueLine(issue: Issue): string {
  const path =
    Array.isArray(issue.path) && issue.path.length > 0 ? issue.path.join('.') : 'payload';
  let what: string;
  if (issue.code === 'invalid_type' && typeof issue.expected === 'string') {
    what = `expected ${issue.expected === 'record' ? 'object' : issue.expected}`;
  } else if (issue.code === 'invalid_value' && Array.isArray(issue.values)) {
    what = `expected ${issue.values.map((v) => JSON.stringify(v)).join(' or ')}`;
  } else if (issue.code === 'too_small') {
    what = 'must not be empty';
  } else {
    what = typeof issue.message === 'string' ? issue.message : 'invalid';
  }
  return `${path}: ${what}`;
}

/** One short line from any thrown value; for zod errors, the first issue's path and what was expected. */
export function errorLine(err: unknown): string {
  if (typeof err === 'object' && err !== null && 'issues' in err && Array.isArray(err.issues)) {
    const first: unknown = err.issues[0];
    if (typeof first === 'object' && first !== null) return clip(issueLine(first), 300);
  }
  // JSON.parse quotes the input in its message: say what is wrong without echoing the payload back.
  if (err instanceof SyntaxError) return 'not valid JSON';
  const text = err instanceof Error ? err.message : String(err);
  return clip(text.split('\n')[0] ?? 'unknown error', 300);
}
