import { describe, expect, it } from 'vitest';
import type { HookOutput } from './adapter.js';
import { CWD, TEXT, runAdapterSuite, type AgentReading } from './adapter-suite.js';
import { claudeCodeAdapter } from './claude-code.js';

/**
 * How Claude Code reads a PreToolUse answer (reference/agent-hooks.md §2.1): exit 2 blocks; any other
 * non-zero exit is a non-blocking error (the call proceeds); on exit 0 a JSON stdout of at most 10 000
 * characters with `hookSpecificOutput.permissionDecision` decides; anything else is no decision.
 */
function reads(out: HookOutput): AgentReading {
  if (out.exitCode === 2) return 'deny';
  if (out.exitCode !== 0) return 'proceeds';
  const text = out.stdout.trim();
  if (text === '') return 'proceeds';
  if (text.length > 10_000) return 'invalid';
  try {
    const json = JSON.parse(text) as {
      hookSpecificOutput?: { hookEventName?: unknown; permissionDecision?: unknown };
    };
    const hso = json.hookSpecificOutput;
    if (hso?.hookEventName !== 'PreToolUse') return 'invalid';
    const d = hso.permissionDecision;
    return d === 'allow' || d === 'ask' || d === 'deny' ? d : 'invalid';
  } catch {
    return 'invalid';
  }
}

const answer = (decision: string, reason?: string): HookOutput => ({
  stdout:
    reason === undefined
      ? `{"hookSpecificOutput":{"hookEventName":"PreToolUse","permissionDecision":"${decision}"}}\n`
      : `{"hookSpecificOutput":{"hookEventName":"PreToolUse","permissionDecision":"${decision}","permissionDecisionReason":"${reason}"}}\n`,
  stderr: '',
  exitCode: 0,
});

const call = (tool_name: string, tool_input: unknown, cwd = CWD): unknown => ({
  session_id: 's1',
  transcript_path: '/home/dev/.claude/projects/p/s1.jsonl',
  cwd,
  permission_mode: 'default',
  hook_event_name: 'PreToolUse',
  tool_name,
  tool_input,
  tool_use_id: 'toolu_01',
});
const base = { agent: 'claude-code', cwd: CWD, session: 's1' } as const;

runAdapterSuite({
  adapter: claudeCodeAdapter,
  shell: (command, cwd) => call('Bash', { command, description: 'run it' }, cwd),
  reads,
  pins: {
    allow: {
      stdout:
        '{"hookSpecificOutput":{"hookEventName":"PreToolUse","permissionDecision":"allow"}}\n',
      stderr: '',
      exitCode: 0,
    },
    ask: answer('ask', TEXT.ask),
    peer: answer('deny', TEXT.peer),
    deny: answer('deny', TEXT.deny),
    garbage: answer('deny', TEXT.garbage('claude-code')),
  },
  mapping: [
    [
      'Bash → shell',
      call('Bash', { command: 'git status' }),
      { ...base, kind: 'shell', command: 'git status' },
    ],
    [
      'PowerShell → shell',
      call('PowerShell', { command: 'Get-ChildItem' }),
      { ...base, kind: 'shell', command: 'Get-ChildItem' },
    ],
    [
      'Write → file write',
      call('Write', { file_path: `${CWD}/src/app.ts`, content: 'export {};\n' }),
      {
        ...base,
        kind: 'file',
        tool: 'Write',
        op: 'write',
        paths: [`${CWD}/src/app.ts`],
        content: 'export {};\n',
      },
    ],
    [
      'Edit → file edit',
      call('Edit', {
        file_path: `${CWD}/src/app.ts`,
        old_string: 'a',
        new_string: 'b',
        replace_all: false,
      }),
      {
        ...base,
        kind: 'file',
        tool: 'Edit',
        op: 'edit',
        paths: [`${CWD}/src/app.ts`],
        content: 'b',
      },
    ],
    [
      'MultiEdit → file edit with every new string',
      call('MultiEdit', {
        file_path: `${CWD}/src/app.ts`,
        edits: [
          { old_string: 'a', new_string: 'b' },
          { old_string: 'c', new_string: 'd' },
        ],
      }),
      {
        ...base,
        kind: 'file',
        tool: 'MultiEdit',
        op: 'edit',
        paths: [`${CWD}/src/app.ts`],
        content: 'b\nd',
      },
    ],
    [
      'NotebookEdit → file edit',
      call('NotebookEdit', {
        notebook_path: `${CWD}/nb.ipynb`,
        cell_id: 'c1',
        new_source: 'print(1)',
      }),
      {
        ...base,
        kind: 'file',
        tool: 'NotebookEdit',
        op: 'edit',
        paths: [`${CWD}/nb.ipynb`],
        content: 'print(1)',
      },
    ],
    [
      'mcp__server__tool → MCP',
      call('mcp__github__delete_repository', { owner: 'acme', repo: 'api' }),
      {
        ...base,
        kind: 'mcp',
        server: 'github',
        tool: 'delete_repository',
        args: { owner: 'acme', repo: 'api' },
      },
    ],
    [
      'plugin MCP server → MCP',
      call('mcp__plugin_acme_db__query', { sql: 'select 1' }),
      { ...base, kind: 'mcp', server: 'plugin_acme_db', tool: 'query', args: { sql: 'select 1' } },
    ],
    [
      'Read → other',
      call('Read', { file_path: `${CWD}/README.md` }),
      { ...base, kind: 'other', tool: 'Read', input: { file_path: `${CWD}/README.md` } },
    ],
    [
      'WebFetch → other',
      call('WebFetch', { url: 'https://example.com', prompt: 'summarise' }),
      {
        ...base,
        kind: 'other',
        tool: 'WebFetch',
        input: { url: 'https://example.com', prompt: 'summarise' },
      },
    ],
    [
      'the payload cwd is the request cwd',
      call('Bash', { command: 'ls' }, '/srv/app'),
      { ...base, cwd: '/srv/app', kind: 'shell', command: 'ls' },
    ],
  ],
  wrongTypes: [
    ['tool_input is a string', call('Bash', 'rm -rf /')],
    ['tool_input is missing', { hook_event_name: 'PreToolUse', tool_name: 'Bash' }],
    ['tool_name is a number', call(7 as unknown as string, { command: 'ls' })],
    ['tool_name is empty', call('', { command: 'ls' })],
    [
      'another event',
      { ...(call('Bash', { command: 'ls' }) as object), hook_event_name: 'PostToolUse' },
    ],
    ['Bash command is a number', call('Bash', { command: 42 })],
    ['Bash without a command', call('Bash', { description: 'nothing' })],
    ['Write without a path', call('Write', { content: 'x' })],
    ['cwd is a number', { ...(call('Bash', { command: 'ls' }) as object), cwd: 3 }],
  ],
  unknownFields: {
    ...(call('Bash', {
      command: 'git status',
      timeout: 1000,
      run_in_background: false,
      future: { a: 1 },
    }) as object),
    prompt_id: 'p1',
    effort: { level: 'high' },
    agent_id: 'a1',
    agent_type: 'Explore',
    some_new_field: [1, 2],
  },
  protectedEdits: [
    [
      'Edit .claude/settings.json (removing the hook)',
      call('Edit', {
        file_path: `${CWD}/.claude/settings.json`,
        old_string: '"hooks"',
        new_string: '"x"',
      }),
    ],
    [
      'Write ~/.claude/settings.json',
      call('Write', { file_path: '/home/dev/.claude/settings.json', content: '{}' }),
    ],
    [
      'Write .claude/settings.local.json',
      call('Write', { file_path: `${CWD}/.claude/settings.local.json`, content: '{}' }),
    ],
    [
      'Write the managed settings',
      call('Write', { file_path: '/etc/claude-code/managed-settings.json', content: '{}' }),
    ],
    [
      'Edit .cursor/hooks.json',
      call('Edit', { file_path: `${CWD}/.cursor/hooks.json`, old_string: 'a', new_string: 'b' }),
    ],
    [
      'Write the Portcullis policy',
      call('Write', {
        file_path: '/home/dev/.config/portcullis/policy.yaml',
        content: 'mode: shadow',
      }),
    ],
  ],
});

describe('claude-code specifics', () => {
  it('never emits more than Claude Code parses (10 000 chars), even for huge reasons', () => {
    const out = claudeCodeAdapter.render(
      { verdict: 'deny', risk: 'high', rule: 'r', reasons: ['x'.repeat(50_000)], actions: [] },
      undefined as never,
      { askLocally: false, askInstead: '' },
    );
    expect(out.stdout.length).toBeLessThan(10_000);
    expect(reads(out)).toBe('deny');
  });
});
