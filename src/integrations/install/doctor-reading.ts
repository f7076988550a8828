/**
 * How each agent reads what its hook process did (reference/agent-hooks.md §2.1–§2.7): the exit code, the
 * stdout JSON, a crash, a timeout, and the agent's fail-closed switch. `doctor` uses it to tell whether a
 * deny would really stop the agent — the bytes Portcullis printed matter less than what the agent makes of them.
 */
import type { AgentName } from '../hooks/adapter.js';

/** What happened when a hook command ran. */
export interface HookRun {
  /** null when the process did not exit on its own (timeout, signal, spawn failure). */
  exitCode: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  /** The process could not be started at all. */
  spawnError?: string;
  ms: number;
}

/** What the agent does with the tool call after reading the hook. */
export interface Reading {
  effect: 'block' | 'ask' | 'proceed';
  /** The agent reads the answer without a hook error (an invalid answer may still let the call proceed). */
  clean: boolean;
  why: string;
}

const block = (why: string): Reading => ({ effect: 'block', clean: true, why });
const ask = (why: string): Reading => ({ effect: 'ask', clean: true, why });
const proceed = (why: string, clean = true): Reading => ({ effect: 'proceed', clean, why });

function firstLine(s: string): string {
  const line = s.trim().split('\n')[0] ?? '';
  return line.length > 160 ? `${line.slice(0, 157)}...` : line;
}

/** Describe a run that failed to produce an answer. */
function failure(run: HookRun): string {
  if (run.spawnError !== undefined) return `the hook could not start (${run.spawnError})`;
  if (run.timedOut) return `the hook timed out after ${String(Math.round(run.ms))} ms`;
  const err = firstLine(run.stderr);
  return `the hook failed with exit ${String(run.exitCode)}${err === '' ? '' : `: ${err}`}`;
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === 'object' && v !== null && !Array.isArray(v)
      ? (v as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

const CODEX_TOP = new Set([
  'continue',
  'stopReason',
  'suppressOutput',
  'systemMessage',
  'decision',
  'reason',
  'hookSpecificOutput',
]);
const CODEX_HSO = new Set([
  'hookEventName',
  'permissionDecision',
  'permissionDecisionReason',
  'updatedInput',
  'additionalContext',
]);

function readClaude(run: HookRun, failClosed: boolean): Reading {
  if (run.exitCode === 2) return block('exit 2');
  if (run.exitCode !== 0) {
    const why = failure(run);
    return failClosed
      ? block(`${why}; onFailure "block" blocks the call`)
      : proceed(`${why}; Claude Code lets the call through`, false);
  }
  const out = run.stdout.trim();
  if (!out.startsWith('{')) return proceed('no decision');
  const j = parseObject(out);
  if (!j) return proceed('stdout is not valid JSON', false);
  const hso = j.hookSpecificOutput as Record<string, unknown> | undefined;
  const d = hso?.permissionDecision;
  if (d === 'deny') return block('permissionDecision "deny"');
  if (d === 'ask') return ask('permissionDecision "ask"');
  if (j.decision === 'block') return block('decision "block"');
  return proceed(d === 'allow' ? 'permissionDecision "allow"' : 'no decision');
}

function readCodex(run: HookRun): Reading {
  if (run.exitCode === 2) return block('exit 2');
  if (run.exitCode !== 0)
    return proceed(`${failure(run)}; Codex marks the hook failed and runs the call`, false);
  const out = run.stdout.trim();
  if (out === '') return proceed('no output (allow)');
  const j = parseObject(out);
  if (!j)
    return proceed(
      'stdout is not valid JSON: Codex marks the hook failed and runs the call',
      false,
    );
  const hso = (j.hookSpecificOutput ?? {}) as Record<string, unknown>;
  const unknown = [
    ...Object.keys(j).filter((k) => !CODEX_TOP.has(k)),
    ...Object.keys(hso).filter((k) => !CODEX_HSO.has(k)),
  ];
  if (unknown.length > 0)
    return proceed(`unknown field ${unknown.join(', ')}: Codex runs the call`, false);
  const d = hso.permissionDecision;
  const reason = hso.permissionDecisionReason;
  if (d === 'deny')
    return typeof reason === 'string' && reason.trim() !== ''
      ? block('permissionDecision "deny" with a reason')
      : proceed('deny without a reason is invalid: Codex runs the call', false);
  if (j.decision === 'block' && typeof j.reason === 'string' && j.reason !== '')
    return block('decision "block"');
  if (d === 'allow' && hso.updatedInput === undefined)
    return proceed('a bare "allow" is invalid: Codex marks the hook failed', false);
  if (d === 'ask') return proceed('"ask" is invalid for Codex: it runs the call', false);
  return proceed('no decision');
}

function readGemini(run: HookRun): Reading {
  if (run.exitCode === 2) return block('exit 2');
  if (run.exitCode !== 0) return proceed(`${failure(run)}; Gemini warns and runs the call`, false);
  const out = run.stdout.trim();
  if (out === '') return proceed('no output');
  const j = parseObject(out);
  if (!j) return proceed('stdout is not JSON: Gemini warns and runs the call', false);
  if (j.decision === 'deny' || j.decision === 'block') return block(`decision "${j.decision}"`);
  if (j.continue === false) return block('continue: false');
  return proceed(j.decision === 'allow' ? 'decision "allow"' : 'no decision');
}

function readCursor(run: HookRun, failClosed: boolean, event: string): Reading {
  if (run.exitCode === 2) return block('exit 2');
  // beforeMCPExecution (and beforeReadFile) are fail-closed in Cursor whatever the switch says.
  const closed = failClosed || event === 'beforeMCPExecution';
  const broken = (why: string): Reading =>
    closed
      ? block(`${why}; Cursor blocks (fail-closed)`)
      : proceed(`${why}; Cursor lets the call through`, false);
  if (run.exitCode !== 0) return broken(failure(run));
  const j = parseObject(run.stdout.trim());
  if (!j) return broken('stdout is not valid JSON');
  const p = j.permission ?? j.decision;
  if (p === 'deny') return block(`permission "deny"`);
  if (p === 'ask') return ask('permission "ask"');
  return proceed(p === 'allow' ? 'permission "allow"' : 'no decision');
}

function readCopilot(run: HookRun): Reading {
  if (run.exitCode === 2) return block('exit 2');
  if (run.timedOut) return proceed(`${failure(run)}; Copilot lets a timed-out hook through`, false);
  if (run.exitCode !== 0) return block(`${failure(run)}; Copilot denies when a hook errors`);
  // Progress lines may precede the answer: the last JSON line counts.
  const lines = run.stdout
    .trim()
    .split('\n')
    .filter((l) => l.trim() !== '');
  const j = lines.length === 0 ? {} : parseObject(lines[lines.length - 1] ?? '');
  if (!j) return proceed('the last stdout line is not JSON', false);
  const d = j.permissionDecision;
  if (d === 'deny') return block('permissionDecision "deny"');
  if (d === 'ask') return ask('permissionDecision "ask"');
  return proceed(d === 'allow' ? 'permissionDecision "allow"' : 'no decision');
}

function readKiro(run: HookRun): Reading {
  if (run.exitCode === 2) return block('exit 2');
  if (run.exitCode === 0) return proceed('exit 0');
  return proceed(`${failure(run)}; Kiro warns and runs the call`, false);
}

/** The OpenCode probe exits 0 (the hook returned), 2 (it threw), 3 (the file did not load), 4 (bad exports). */
function readOpenCode(run: HookRun): Reading {
  if (run.exitCode === 0) return proceed('the plugin returned');
  if (run.exitCode === 2) return block(`the plugin threw: ${firstLine(run.stderr)}`);
  if (run.exitCode === 3)
    return proceed(
      `the plugin file does not load (${firstLine(run.stderr)}); OpenCode skips it`,
      false,
    );
  if (run.exitCode === 4) return proceed(firstLine(run.stderr), false);
  return proceed(failure(run), false);
}

/**
 * What `agent` does after its hook on `event` produced `run`. `failClosed`: the agent's fail-closed switch is
 * set on this hook (Claude Code `onFailure: "block"`, Cursor `failClosed: true`).
 */
export function agentReads(
  agent: AgentName,
  event: string,
  run: HookRun,
  failClosed: boolean,
): Reading {
  switch (agent) {
    case 'claude-code':
      return readClaude(run, failClosed);
    case 'codex':
      return readCodex(run);
    case 'gemini':
      return readGemini(run);
    case 'cursor':
      return readCursor(run, failClosed, event);
    case 'copilot':
      return readCopilot(run);
    case 'kiro':
      return readKiro(run);
    case 'opencode':
      return readOpenCode(run);
  }
}
