import { describe, expect, it } from 'vitest';
import type { AgentName } from '../hooks/adapter.js';
import { agentReads, type HookRun } from './doctor-reading.js';

// How each agent reads a hook's answer (reference/agent-hooks.md §2.1–§2.7), case by case.
const ran = (exitCode: number | null, stdout = '', extra: Partial<HookRun> = {}): HookRun => ({
  exitCode,
  stdout,
  stderr: '',
  timedOut: false,
  ms: 5,
  ...extra,
});
const timedOut = ran(null, '', { timedOut: true });
const notFound = ran(127, '', { stderr: 'sh: 1: /opt/x: not found' });
const claudeDeny =
  '{"hookSpecificOutput":{"hookEventName":"PreToolUse","permissionDecision":"deny","permissionDecisionReason":"no"}}';
const claudeAsk =
  '{"hookSpecificOutput":{"hookEventName":"PreToolUse","permissionDecision":"ask"}}';
const claudeAllow =
  '{"hookSpecificOutput":{"hookEventName":"PreToolUse","permissionDecision":"allow"}}';
const codexEmptyReason =
  '{"hookSpecificOutput":{"hookEventName":"PreToolUse","permissionDecision":"deny","permissionDecisionReason":""}}';
const codexExtra =
  '{"hookSpecificOutput":{"hookEventName":"PreToolUse","permissionDecision":"deny","permissionDecisionReason":"no"},"note":1}';

// [agent, event, run, fail-closed switch set, effect, clean]
const TABLE: readonly (readonly [AgentName, string, HookRun, boolean, string, boolean])[] = [
  ['claude-code', 'PreToolUse', ran(0, claudeDeny), true, 'block', true],
  ['claude-code', 'PreToolUse', ran(0, claudeAsk), true, 'ask', true],
  ['claude-code', 'PreToolUse', ran(0, claudeAllow), true, 'proceed', true],
  ['claude-code', 'PreToolUse', ran(0, ''), true, 'proceed', true],
  ['claude-code', 'PreToolUse', ran(2), false, 'block', true],
  ['claude-code', 'PreToolUse', notFound, false, 'proceed', false],
  ['claude-code', 'PreToolUse', notFound, true, 'block', true],
  ['claude-code', 'PreToolUse', timedOut, false, 'proceed', false],
  ['claude-code', 'PreToolUse', timedOut, true, 'block', true],
  ['codex', 'PreToolUse', ran(0, claudeDeny), false, 'block', true],
  ['codex', 'PreToolUse', ran(0, ''), false, 'proceed', true],
  ['codex', 'PreToolUse', ran(0, claudeAllow), false, 'proceed', false],
  ['codex', 'PreToolUse', ran(0, claudeAsk), false, 'proceed', false],
  ['codex', 'PreToolUse', ran(0, codexEmptyReason), false, 'proceed', false],
  ['codex', 'PreToolUse', ran(0, codexExtra), false, 'proceed', false],
  ['codex', 'PreToolUse', ran(0, '{"decision":"block","reason":"no"}'), false, 'block', true],
  ['codex', 'PreToolUse', ran(2), false, 'block', true],
  ['codex', 'PreToolUse', notFound, false, 'proceed', false],
  ['gemini', 'BeforeTool', ran(0, '{"decision":"deny","reason":"no"}'), false, 'block', true],
  ['gemini', 'BeforeTool', ran(0, '{"decision":"allow"}'), false, 'proceed', true],
  ['gemini', 'BeforeTool', ran(0, 'denied!'), false, 'proceed', false],
  ['gemini', 'BeforeTool', ran(1), false, 'proceed', false],
  ['cursor', 'beforeShellExecution', ran(0, '{"permission":"deny"}'), true, 'block', true],
  ['cursor', 'beforeShellExecution', ran(0, '{"permission":"ask"}'), true, 'ask', true],
  ['cursor', 'beforeShellExecution', ran(0, '{"permission":"allow"}'), true, 'proceed', true],
  ['cursor', 'preToolUse', ran(0, '{"decision":"deny","reason":"no"}'), true, 'block', true],
  ['cursor', 'beforeShellExecution', notFound, false, 'proceed', false],
  ['cursor', 'beforeShellExecution', notFound, true, 'block', true],
  ['cursor', 'beforeMCPExecution', notFound, false, 'block', true],
  ['copilot', 'preToolUse', ran(2, '{"permissionDecision":"deny"}'), false, 'block', true],
  [
    'copilot',
    'preToolUse',
    ran(0, '{"type":"progress","message":"…"}\n{"permissionDecision":"deny"}'),
    false,
    'block',
    true,
  ],
  ['copilot', 'preToolUse', ran(0, '{"permissionDecision":"allow"}'), false, 'proceed', true],
  ['copilot', 'preToolUse', notFound, false, 'block', true],
  ['copilot', 'preToolUse', timedOut, false, 'proceed', false],
  ['kiro', 'preToolUse', ran(2), false, 'block', true],
  ['kiro', 'preToolUse', ran(0), false, 'proceed', true],
  ['kiro', 'preToolUse', ran(1), false, 'proceed', false],
  ['opencode', 'plugin', ran(2, '', { stderr: 'Portcullis denied this' }), false, 'block', true],
  ['opencode', 'plugin', ran(0), false, 'proceed', true],
  ['opencode', 'plugin', ran(3, '', { stderr: 'Cannot find module' }), false, 'proceed', false],
  [
    'opencode',
    'plugin',
    ran(4, '', { stderr: 'exports that are not plugins: x' }),
    false,
    'proceed',
    false,
  ],
];

describe('agentReads', () => {
  it.each(TABLE)('%s %s (row %#)', (agent, event, run, failClosed, effect, clean) => {
    const r = agentReads(agent, event, run, failClosed);
    expect([r.effect, r.clean]).toEqual([effect, clean]);
  });

  it('says why, in the agent’s terms', () => {
    expect(agentReads('codex', 'PreToolUse', notFound, false).why).toBe(
      'the hook failed with exit 127: sh: 1: /opt/x: not found; Codex marks the hook failed and runs the call',
    );
    expect(agentReads('claude-code', 'PreToolUse', timedOut, true).why).toBe(
      'the hook timed out after 5 ms; onFailure "block" blocks the call',
    );
  });
});
