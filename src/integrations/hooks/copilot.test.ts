import { describe, expect, it } from 'vitest';
import type { HookOutput } from './adapter.js';
import { CWD, DECISIONS, TEXT, runAdapterSuite, type AgentReading } from './adapter-suite.js';
import { copilotAdapter } from './copilot.js';
import { runHook } from './run.js';

/**
 * How Copilot CLI reads a preToolUse answer (`hooks-reference.md`, reference §2.5): exit 2 always denies; any
 * other non-zero exit denies too ("hook errored"; only timeouts proceed); on exit 0, after dropping progress
 * lines, one JSON object with `permissionDecision` decides (a deny needs its reason); empty or unparsable
 * output falls through to the normal permission flow.
 */
function reads(out: HookOutput): AgentReading {
  if (out.exitCode !== 0) return 'deny';
  const kept = out.stdout
    .split('\n')
    .filter((l) => !/^\{.*"type":\s*"progress".*\}$/.test(l.trim()))
    .join('\n')
    .trim();
  if (kept === '') return 'proceeds';
  try {
    const json = JSON.parse(kept) as {
      permissionDecision?: unknown;
      permissionDecisionReason?: unknown;
    };
    const d = json.permissionDecision;
    if (d === 'deny') return typeof json.permissionDecisionReason === 'string' ? 'deny' : 'invalid';
    if (d === 'allow' || d === 'ask') return d;
    return d === undefined ? 'proceeds' : 'invalid';
  } catch {
    return 'proceeds';
  }
}

const deny = (reason: string): HookOutput => ({
  stdout: `{"permissionDecision":"deny","permissionDecisionReason":"${reason}"}\n`,
  stderr: `${reason}\n`,
  exitCode: 2,
});

const call = (toolName: string, toolArgs: unknown, cwd = CWD): unknown => ({
  sessionId: 'cp-1',
  timestamp: 1764151200000,
  cwd,
  toolName,
  toolArgs,
});
const claudeFormat = (tool_name: string, tool_input: unknown): unknown => ({
  hook_event_name: 'PreToolUse',
  session_id: 'cp-1',
  timestamp: '2026-11-26T10:00:00.000Z',
  cwd: CWD,
  tool_name,
  tool_input,
});
const base = { agent: 'copilot', cwd: CWD, session: 'cp-1' } as const;
const PATCH = '*** Begin Patch\n*** Update File: src/a.ts\n@@\n-a\n+b\n*** End Patch';

runAdapterSuite({
  adapter: copilotAdapter,
  shell: (command, cwd) => call('bash', { command, description: 'run' }, cwd),
  reads,
  pins: {
    allow: { stdout: '{"permissionDecision":"allow"}\n', stderr: '', exitCode: 0 },
    ask: {
      stdout: `{"permissionDecision":"ask","permissionDecisionReason":"${TEXT.ask}"}\n`,
      stderr: '',
      exitCode: 0,
    },
    peer: deny(TEXT.peer),
    deny: deny(TEXT.deny),
    garbage: deny(TEXT.garbage('copilot')),
  },
  mapping: [
    [
      'bash → shell',
      call('bash', { command: 'git status' }),
      { ...base, kind: 'shell', command: 'git status' },
    ],
    [
      'toolArgs as a JSON string (older builds) is parsed',
      call('bash', '{"command":"npm test","description":"tests"}'),
      { ...base, kind: 'shell', command: 'npm test' },
    ],
    [
      'powershell → shell',
      call('powershell', { command: 'Get-Date' }),
      { ...base, kind: 'shell', command: 'Get-Date' },
    ],
    [
      'write_bash (typing into a running shell) → shell of the typed text',
      call('write_bash', { sessionId: 'sh1', input: 'make clean{enter}' }),
      { ...base, kind: 'shell', command: 'make clean\n' },
    ],
    [
      'create → write',
      call('create', { path: `${CWD}/new.ts`, file_text: 'x' }),
      {
        ...base,
        kind: 'file',
        tool: 'create',
        op: 'write',
        paths: [`${CWD}/new.ts`],
        content: 'x',
      },
    ],
    [
      'edit → edit',
      call('edit', { path: `${CWD}/a.ts`, old_str: 'a', new_str: 'b' }),
      { ...base, kind: 'file', tool: 'edit', op: 'edit', paths: [`${CWD}/a.ts`], content: 'b' },
    ],
    [
      'str_replace_editor create → write',
      call('str_replace_editor', { command: 'create', path: `${CWD}/b.ts`, file_text: 'y' }),
      {
        ...base,
        kind: 'file',
        tool: 'str_replace_editor',
        op: 'write',
        paths: [`${CWD}/b.ts`],
        content: 'y',
      },
    ],
    [
      'str_replace_editor view → other',
      call('str_replace_editor', { command: 'view', path: `${CWD}/b.ts` }),
      {
        ...base,
        kind: 'other',
        tool: 'str_replace_editor',
        input: { command: 'view', path: `${CWD}/b.ts` },
      },
    ],
    [
      'apply_patch → the files the patch touches',
      call('apply_patch', PATCH),
      {
        ...base,
        kind: 'file',
        tool: 'apply_patch',
        op: 'edit',
        paths: ['src/a.ts'],
        content: PATCH,
      },
    ],
    [
      'mcp__server__tool → MCP',
      call('mcp__github__create_issue', { title: 't' }),
      { ...base, kind: 'mcp', server: 'github', tool: 'create_issue', args: { title: 't' } },
    ],
    [
      'view → other',
      call('view', { path: `${CWD}/a.ts` }),
      { ...base, kind: 'other', tool: 'view', input: { path: `${CWD}/a.ts` } },
    ],
    [
      'Claude format: Bash → shell',
      claudeFormat('Bash', { command: 'git log' }),
      { ...base, kind: 'shell', command: 'git log' },
    ],
    [
      'Claude format: Edit (the runtime edit tool) → edit',
      claudeFormat('Edit', { path: `${CWD}/a.ts`, old_str: 'a', new_str: 'c' }),
      { ...base, kind: 'file', tool: 'Edit', op: 'edit', paths: [`${CWD}/a.ts`], content: 'c' },
    ],
    [
      'Claude format: Write (the runtime create tool) → write',
      claudeFormat('Write', { path: `${CWD}/n.ts`, file_text: 'n' }),
      { ...base, kind: 'file', tool: 'Write', op: 'write', paths: [`${CWD}/n.ts`], content: 'n' },
    ],
  ],
  wrongTypes: [
    ['toolArgs is a plain string for bash', call('bash', 'rm -rf /')],
    ['toolArgs is missing for bash', { sessionId: 'cp-1', cwd: CWD, toolName: 'bash' }],
    ['toolName is a number', call(5 as unknown as string, { command: 'ls' })],
    ['create without a path', call('create', { file_text: 'x' })],
    ['write_bash without input', call('write_bash', { sessionId: 'sh1' })],
    [
      'Claude format, another event',
      { ...(claudeFormat('Bash', { command: 'ls' }) as object), hook_event_name: 'PostToolUse' },
    ],
  ],
  unknownFields: {
    ...(call('bash', { command: 'git status', mode: 'sync', initial_wait: 10 }) as object),
    future: { a: 1 },
  },
  protectedEdits: [
    [
      'create .github/hooks/portcullis.json',
      call('create', { path: `${CWD}/.github/hooks/portcullis.json`, file_text: '{}' }),
    ],
    [
      'edit ~/.copilot/hooks/guard.json',
      call('edit', { path: '/home/dev/.copilot/hooks/guard.json', old_str: 'a', new_str: 'b' }),
    ],
    [
      'apply_patch deleting .github/hooks/guard.json',
      call(
        'apply_patch',
        '*** Begin Patch\n*** Delete File: .github/hooks/guard.json\n*** End Patch',
      ),
    ],
    [
      'create .claude/settings.json (Copilot reads Claude hooks too)',
      call('create', { path: `${CWD}/.claude/settings.json`, file_text: '{}' }),
    ],
  ],
});

describe('copilot specifics', () => {
  const payload = JSON.stringify(claudeFormat('Bash', { command: 'ls' }));
  it('answers a Claude-format payload in both shapes, deny still exiting 2', async () => {
    expect(await runHook(copilotAdapter, payload, () => DECISIONS.allow, { cwd: CWD })).toEqual({
      stdout:
        '{"permissionDecision":"allow","hookSpecificOutput":{"hookEventName":"PreToolUse","permissionDecision":"allow"}}\n',
      stderr: '',
      exitCode: 0,
    });
    const out = await runHook(copilotAdapter, payload, () => DECISIONS.deny, { cwd: CWD });
    expect(out.exitCode).toBe(2);
    expect(JSON.parse(out.stdout)).toEqual({
      permissionDecision: 'deny',
      permissionDecisionReason: TEXT.deny,
      hookSpecificOutput: {
        hookEventName: 'PreToolUse',
        permissionDecision: 'deny',
        permissionDecisionReason: TEXT.deny,
      },
    });
  });
});
