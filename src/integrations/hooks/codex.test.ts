import { describe, expect, it } from 'vitest';
import type { HookOutput } from './adapter.js';
import { CWD, DECISIONS, TEXT, runAdapterSuite, type AgentReading } from './adapter-suite.js';
import { codexAdapter } from './codex.js';
import { runHook } from './run.js';

const HSO_KEYS = new Set([
  'hookEventName',
  'permissionDecision',
  'permissionDecisionReason',
  'updatedInput',
  'additionalContext',
]);

/**
 * How Codex reads a PreToolUse answer (`codex-rs/hooks/src/engine/output_parser.rs`, reference §2.2): exit 2
 * blocks; another failure proceeds; empty stdout is no decision; a deny needs a non-empty reason; a bare allow,
 * any ask and any unknown field are invalid — the hook is marked failed and the call proceeds.
 */
function reads(out: HookOutput): AgentReading {
  if (out.exitCode === 2) return 'deny';
  if (out.exitCode !== 0) return 'proceeds';
  const text = out.stdout.trim();
  if (text === '') return 'proceeds';
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return 'invalid';
  }
  if (Object.keys(json).some((k) => k !== 'hookSpecificOutput' && k !== 'systemMessage'))
    return 'invalid';
  const hso = json.hookSpecificOutput as Record<string, unknown> | undefined;
  if (hso === undefined) return 'proceeds';
  if (Object.keys(hso).some((k) => !HSO_KEYS.has(k)) || hso.hookEventName !== 'PreToolUse')
    return 'invalid';
  switch (hso.permissionDecision) {
    case undefined:
      return 'proceeds';
    case 'deny':
      return typeof hso.permissionDecisionReason === 'string' &&
        hso.permissionDecisionReason.trim() !== ''
        ? 'deny'
        : 'invalid';
    case 'allow':
      return hso.updatedInput !== undefined ? 'allow' : 'invalid';
    default:
      return 'invalid';
  }
}

const deny = (reason: string): HookOutput => ({
  stdout: `{"hookSpecificOutput":{"hookEventName":"PreToolUse","permissionDecision":"deny","permissionDecisionReason":"${reason}"}}\n`,
  stderr: '',
  exitCode: 0,
});

const call = (tool_name: string, tool_input: unknown, cwd = CWD): unknown => ({
  session_id: 'sess-1',
  turn_id: 'turn-1',
  transcript_path: null,
  cwd,
  hook_event_name: 'PreToolUse',
  model: 'gpt-5-codex',
  permission_mode: 'default',
  tool_name,
  tool_input,
  tool_use_id: 'call_1',
});
const base = { agent: 'codex', cwd: CWD, session: 'sess-1' } as const;

const MULTI_PATCH = [
  '*** Begin Patch',
  '*** Add File: docs/new.md',
  '+hello',
  '*** Update File: src/app.ts',
  '@@',
  '-old',
  '+new',
  '*** Update File: src/a.ts',
  '*** Move to: src/b.ts',
  '*** Delete File: tmp/old.log',
  '*** End Patch',
].join('\n');
const UPDATE_PATCH = '*** Begin Patch\n*** Update File: src/app.ts\n@@\n-a\n+b\n*** End Patch\n';
const patch = (header: string): string => `*** Begin Patch\n${header}\n+x\n*** End Patch\n`;

runAdapterSuite({
  adapter: codexAdapter,
  shell: (command, cwd) => call('Bash', { command }, cwd),
  reads,
  pins: {
    allow: { stdout: '', stderr: '', exitCode: 0 },
    ask: deny(TEXT.askTicket),
    peer: deny(TEXT.peer),
    deny: deny(TEXT.deny),
    garbage: deny(TEXT.garbage('codex')),
  },
  mapping: [
    [
      'Bash → shell',
      call('Bash', { command: 'git status' }),
      { ...base, kind: 'shell', command: 'git status' },
    ],
    [
      'an argv command (older builds) → one quoted command line',
      call('shell', { command: ['bash', '-lc', 'ls -la'] }),
      { ...base, kind: 'shell', command: "bash -lc 'ls -la'" },
    ],
    [
      'apply_patch → every file the patch touches, judged as its most destructive op',
      call('apply_patch', { command: MULTI_PATCH }),
      {
        ...base,
        kind: 'file',
        tool: 'apply_patch',
        op: 'delete',
        paths: ['docs/new.md', 'src/app.ts', 'src/a.ts', 'src/b.ts', 'tmp/old.log'],
        content: MULTI_PATCH,
      },
    ],
    [
      'apply_patch updating one file → edit',
      call('apply_patch', { command: UPDATE_PATCH }),
      {
        ...base,
        kind: 'file',
        tool: 'apply_patch',
        op: 'edit',
        paths: ['src/app.ts'],
        content: UPDATE_PATCH,
      },
    ],
    [
      'apply_patch adding a file → write',
      call('apply_patch', { command: patch('*** Add File: src/new.ts') }),
      {
        ...base,
        kind: 'file',
        tool: 'apply_patch',
        op: 'write',
        paths: ['src/new.ts'],
        content: patch('*** Add File: src/new.ts'),
      },
    ],
    [
      'apply_patch with the patch as the whole input',
      call('apply_patch', patch('*** Add File: a.txt')),
      {
        ...base,
        kind: 'file',
        tool: 'apply_patch',
        op: 'write',
        paths: ['a.txt'],
        content: patch('*** Add File: a.txt'),
      },
    ],
    [
      'mcp__server__tool → MCP',
      call('mcp__linear__delete_issue', { id: 'LIN-1' }),
      { ...base, kind: 'mcp', server: 'linear', tool: 'delete_issue', args: { id: 'LIN-1' } },
    ],
    [
      'anything else → other',
      call('web_search', { query: 'x' }),
      { ...base, kind: 'other', tool: 'web_search', input: { query: 'x' } },
    ],
  ],
  wrongTypes: [
    ['Bash without a command', call('Bash', {})],
    ['Bash command is a number', call('Bash', { command: 1 })],
    ['apply_patch without a patch', call('apply_patch', {})],
    ['apply_patch naming no file', call('apply_patch', { command: 'just some text' })],
    [
      'another event',
      { ...(call('Bash', { command: 'ls' }) as object), hook_event_name: 'PostToolUse' },
    ],
    ['no tool_name', { hook_event_name: 'PreToolUse', tool_input: { command: 'ls' } }],
  ],
  unknownFields: {
    ...(call('Bash', { command: 'git status' }) as object),
    agent_id: 'a',
    future: { x: [1] },
  },
  protectedEdits: [
    [
      'apply_patch hiding a .codex/config.toml change in its second file',
      call('apply_patch', {
        command: `*** Begin Patch\n*** Update File: README.md\n@@\n-a\n+b\n*** Update File: .codex/config.toml\n@@\n-[features]\n+[features]\n*** End Patch\n`,
      }),
    ],
    [
      'apply_patch adding .codex/hooks.json',
      call('apply_patch', { command: patch('*** Add File: .codex/hooks.json') }),
    ],
    [
      'apply_patch deleting .claude/settings.json',
      call('apply_patch', {
        command: '*** Begin Patch\n*** Delete File: .claude/settings.json\n*** End Patch\n',
      }),
    ],
    [
      'apply_patch moving a file into .github/hooks/',
      call('apply_patch', {
        command:
          '*** Begin Patch\n*** Update File: x.json\n*** Move to: .github/hooks/x.json\n*** End Patch\n',
      }),
    ],
    [
      'apply_patch writing .portcullis.yaml',
      call('apply_patch', { command: patch('*** Add File: .portcullis.yaml') }),
    ],
  ],
});

describe('codex specifics', () => {
  it('never answers allow or ask (invalid in Codex: the call would proceed with a failed hook)', async () => {
    for (const d of Object.values(DECISIONS)) {
      const out = await runHook(
        codexAdapter,
        JSON.stringify(call('Bash', { command: 'ls' })),
        () => d,
        { cwd: CWD },
      );
      expect(reads(out)).not.toBe('invalid');
      expect(out.stdout).not.toContain('"allow"');
      expect(out.stdout).not.toContain('"ask"');
    }
  });
});
