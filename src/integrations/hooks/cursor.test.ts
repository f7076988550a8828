import { describe, expect, it } from 'vitest';
import type { HookOutput } from './adapter.js';
import { CWD, DECISIONS, TEXT, runAdapterSuite, type AgentReading } from './adapter-suite.js';
import { cursorAdapter } from './cursor.js';
import { runHook } from './run.js';

/**
 * How Cursor reads a permission hook's answer (reference §2.4): exit 2 denies; on exit 0 `permission` decides;
 * a crash, a timeout or invalid JSON is no answer (the call proceeds unless the hook has `failClosed: true`).
 */
function reads(out: HookOutput): AgentReading {
  if (out.exitCode === 2) return 'deny';
  if (out.exitCode !== 0) return 'invalid';
  try {
    const json = JSON.parse(out.stdout) as { permission?: unknown };
    const p = json.permission;
    return p === 'allow' || p === 'ask' || p === 'deny' ? p : 'invalid';
  } catch {
    return 'invalid';
  }
}

const answer = (permission: string, user: string, agent: string): HookOutput => ({
  stdout: `{"permission":"${permission}","user_message":"${user}","agent_message":"${agent}"}\n`,
  stderr: '',
  exitCode: 0,
});

const common = {
  conversation_id: 'conv-1',
  generation_id: 'gen-1',
  workspace_roots: [CWD],
  model: 'claude-4.5-sonnet',
  cursor_version: '2.1.0',
  user_email: 'dev@example.com',
};
const event = (hook_event_name: string, fields: object): unknown => ({
  ...common,
  hook_event_name,
  ...fields,
});
const tool = (tool_name: string, tool_input: unknown): unknown =>
  event('preToolUse', { tool_name, tool_input, tool_use_id: 't1' });
const base = { agent: 'cursor', cwd: CWD, session: 'conv-1' } as const;
const GARBAGE = TEXT.garbage('cursor');

runAdapterSuite({
  adapter: cursorAdapter,
  shell: (command, cwd = CWD) => event('beforeShellExecution', { command, cwd }),
  reads,
  pins: {
    allow: { stdout: '{"permission":"allow"}\n', stderr: '', exitCode: 0 },
    ask: answer('ask', TEXT.ask, TEXT.ask),
    peer: answer(
      'deny',
      'Portcullis held this for approval: terraform destroy deletes every resource of the prod stack [rule iac/destroy, risk catastrophic]',
      TEXT.peer,
    ),
    deny: answer(
      'deny',
      'Portcullis denied this: rm -rf / deletes the whole file system [rule fs/rm-root, risk catastrophic]',
      TEXT.deny,
    ),
    garbage: answer('deny', GARBAGE, GARBAGE),
  },
  mapping: [
    [
      'beforeShellExecution → shell, in its cwd',
      event('beforeShellExecution', { command: 'npm test', cwd: '/srv/app' }),
      { ...base, cwd: '/srv/app', kind: 'shell', command: 'npm test' },
    ],
    [
      'beforeShellExecution without cwd → the first workspace root',
      event('beforeShellExecution', { command: 'ls' }),
      { ...base, kind: 'shell', command: 'ls' },
    ],
    [
      'beforeMCPExecution with tool_input as a JSON string → MCP with parsed args',
      event('beforeMCPExecution', {
        tool_name: 'query',
        tool_input: '{"sql":"select 1"}',
        command: 'npx -y @acme/db-mcp',
      }),
      {
        ...base,
        kind: 'mcp',
        server: 'npx -y @acme/db-mcp',
        tool: 'query',
        args: { sql: 'select 1' },
      },
    ],
    [
      'beforeMCPExecution with tool_input as an object, server by URL',
      event('beforeMCPExecution', {
        tool_name: 'delete_page',
        tool_input: { id: 7 },
        url: 'https://mcp.notion.com/mcp',
      }),
      {
        ...base,
        kind: 'mcp',
        server: 'https://mcp.notion.com/mcp',
        tool: 'delete_page',
        args: { id: 7 },
      },
    ],
    [
      'beforeReadFile → other (Read)',
      event('beforeReadFile', { file_path: `${CWD}/.env`, content: 'A=1', attachments: [] }),
      { ...base, kind: 'other', tool: 'Read', input: { file_path: `${CWD}/.env` } },
    ],
    [
      'preToolUse Shell → shell',
      tool('Shell', { command: 'git status' }),
      { ...base, kind: 'shell', command: 'git status' },
    ],
    [
      'preToolUse Write → write',
      tool('Write', { file_path: `${CWD}/a.ts`, contents: 'x' }),
      { ...base, kind: 'file', tool: 'Write', op: 'write', paths: [`${CWD}/a.ts`], content: 'x' },
    ],
    [
      'preToolUse StrReplace → edit',
      tool('StrReplace', { path: `${CWD}/a.ts`, old_string: 'x', new_string: 'y' }),
      {
        ...base,
        kind: 'file',
        tool: 'StrReplace',
        op: 'edit',
        paths: [`${CWD}/a.ts`],
        content: 'y',
      },
    ],
    [
      'preToolUse Delete → delete',
      tool('Delete', { path: `${CWD}/a.ts` }),
      { ...base, kind: 'file', tool: 'Delete', op: 'delete', paths: [`${CWD}/a.ts`] },
    ],
    [
      'preToolUse MCP:<tool> → MCP',
      tool('MCP:create_issue', { title: 't' }),
      { ...base, kind: 'mcp', server: 'unknown', tool: 'create_issue', args: { title: 't' } },
    ],
    [
      'preToolUse Grep → other',
      tool('Grep', { pattern: 'x' }),
      { ...base, kind: 'other', tool: 'Grep', input: { pattern: 'x' } },
    ],
  ],
  wrongTypes: [
    ['no hook_event_name', { ...common, command: 'ls' }],
    ['an unknown event', event('beforeEverything', { command: 'ls' })],
    ['beforeShellExecution without a command', event('beforeShellExecution', { cwd: CWD })],
    [
      'beforeShellExecution command is an array',
      event('beforeShellExecution', { command: ['rm', '-rf', '/'] }),
    ],
    ['beforeMCPExecution without tool_name', event('beforeMCPExecution', { tool_input: {} })],
    ['beforeReadFile without a path', event('beforeReadFile', { content: 'x' })],
    ['preToolUse Write without a path', tool('Write', { contents: 'x' })],
    [
      'workspace_roots is a string',
      { ...(event('beforeShellExecution', { command: 'ls' }) as object), workspace_roots: CWD },
    ],
  ],
  unknownFields: {
    ...(event('beforeShellExecution', { command: 'git status', cwd: CWD }) as object),
    sandbox: true,
    future: [1],
  },
  protectedEdits: [
    [
      'Write .cursor/hooks.json',
      tool('Write', {
        file_path: `${CWD}/.cursor/hooks.json`,
        contents: '{"version":1,"hooks":{}}',
      }),
    ],
    [
      'StrReplace in ~/.cursor/hooks.json',
      tool('StrReplace', {
        path: '/home/dev/.cursor/hooks.json',
        old_string: 'failClosed',
        new_string: 'x',
      }),
    ],
    ['Delete .cursor/hooks.json', tool('Delete', { path: `${CWD}/.cursor/hooks.json` })],
    [
      'Write .claude/settings.json (Cursor reads Claude hooks too)',
      tool('Write', { file_path: `${CWD}/.claude/settings.json`, contents: '{}' }),
    ],
  ],
});

describe('cursor specifics', () => {
  const read = event('beforeReadFile', { file_path: `${CWD}/.env`, content: '' });
  it('answers beforeReadFile with permission only, and cannot ask there', async () => {
    const run = (d: (typeof DECISIONS)[keyof typeof DECISIONS]): Promise<HookOutput> =>
      runHook(cursorAdapter, JSON.stringify(read), () => d, { cwd: CWD });
    expect(await run(DECISIONS.allow)).toEqual({
      stdout: '{"permission":"allow"}\n',
      stderr: '',
      exitCode: 0,
    });
    expect(await run(DECISIONS.ask)).toEqual({
      stdout: '{"permission":"deny"}\n',
      stderr: '',
      exitCode: 0,
    });
    expect(await run(DECISIONS.deny)).toEqual({
      stdout: '{"permission":"deny"}\n',
      stderr: '',
      exitCode: 0,
    });
  });
  it('passes events it does not gate with {}', async () => {
    const stop = event('stop', { status: 'completed', loop_count: 0 });
    expect(
      await runHook(cursorAdapter, JSON.stringify(stop), () => DECISIONS.deny, { cwd: CWD }),
    ).toEqual({
      stdout: '{}\n',
      stderr: '',
      exitCode: 0,
    });
  });
});
