import type { HookOutput } from './adapter.js';
import { CWD, TEXT, runAdapterSuite, type AgentReading } from './adapter-suite.js';
import { geminiAdapter } from './gemini.js';

/**
 * How Gemini CLI reads a BeforeTool answer (`docs/hooks/reference.md`, `packages/core/src/hooks/types.ts`):
 * exit 2 blocks with stderr as the reason; another non-zero exit is a warning and the call proceeds; on exit 0
 * `decision` "deny"/"block" blocks, "allow"/"approve" lets it go on (to Gemini's own policy).
 */
function reads(out: HookOutput): AgentReading {
  if (out.exitCode === 2) return 'deny';
  if (out.exitCode !== 0) return 'proceeds';
  const text = out.stdout.trim();
  if (text === '') return 'proceeds';
  try {
    const json = JSON.parse(text) as { decision?: unknown; reason?: unknown };
    if (json.decision === 'deny' || json.decision === 'block') return 'deny';
    if (json.decision === 'allow' || json.decision === 'approve') return 'allow';
    if (json.decision === 'ask') return 'ask';
    return json.decision === undefined ? 'proceeds' : 'invalid';
  } catch {
    return 'invalid';
  }
}

const deny = (reason: string): HookOutput => ({
  stdout: `{"decision":"deny","reason":"${reason}"}\n`,
  stderr: '',
  exitCode: 0,
});

const call = (tool_name: string, tool_input: unknown, extra: object = {}, cwd = CWD): unknown => ({
  session_id: 'g-1',
  transcript_path: '/home/dev/.gemini/tmp/g-1.json',
  cwd,
  hook_event_name: 'BeforeTool',
  timestamp: '2026-11-26T10:00:00.000Z',
  tool_name,
  tool_input,
  ...extra,
});
const base = { agent: 'gemini', cwd: CWD, session: 'g-1' } as const;

runAdapterSuite({
  adapter: geminiAdapter,
  shell: (command, cwd) => call('run_shell_command', { command, description: 'run' }, {}, cwd),
  reads,
  pins: {
    allow: { stdout: '{"decision":"allow"}\n', stderr: '', exitCode: 0 },
    ask: deny(TEXT.askTicket),
    peer: deny(TEXT.peer),
    deny: deny(TEXT.deny),
    garbage: deny(TEXT.garbage('gemini')),
  },
  mapping: [
    [
      'run_shell_command → shell',
      call('run_shell_command', { command: 'git status' }),
      { ...base, kind: 'shell', command: 'git status' },
    ],
    [
      'run_shell_command in dir_path runs there',
      call('run_shell_command', { command: 'terraform plan', dir_path: 'infra/envs/prod' }),
      { ...base, cwd: `${CWD}/infra/envs/prod`, kind: 'shell', command: 'terraform plan' },
    ],
    [
      'run_shell_command in an absolute directory (older builds)',
      call('run_shell_command', { command: 'ls', directory: '/srv/app' }),
      { ...base, cwd: '/srv/app', kind: 'shell', command: 'ls' },
    ],
    [
      'write_file → write',
      call('write_file', { file_path: `${CWD}/a.txt`, content: 'hi' }),
      {
        ...base,
        kind: 'file',
        tool: 'write_file',
        op: 'write',
        paths: [`${CWD}/a.txt`],
        content: 'hi',
      },
    ],
    [
      'replace → edit',
      call('replace', {
        file_path: `${CWD}/a.txt`,
        old_string: 'hi',
        new_string: 'ho',
        instruction: 'x',
      }),
      {
        ...base,
        kind: 'file',
        tool: 'replace',
        op: 'edit',
        paths: [`${CWD}/a.txt`],
        content: 'ho',
      },
    ],
    [
      'an MCP tool → MCP, named by mcp_context',
      call(
        'mcp__db__execute_sql',
        { sql: 'DROP TABLE users' },
        {
          mcp_context: { server_name: 'db', tool_name: 'execute_sql', command: 'db-mcp', args: [] },
        },
      ),
      {
        ...base,
        kind: 'mcp',
        server: 'db',
        tool: 'execute_sql',
        args: { sql: 'DROP TABLE users' },
      },
    ],
    [
      'an MCP tool without mcp_context → MCP, by name',
      call('mcp__github__merge_pull_request', { number: 1 }),
      { ...base, kind: 'mcp', server: 'github', tool: 'merge_pull_request', args: { number: 1 } },
    ],
    [
      'read_file → other',
      call('read_file', { file_path: `${CWD}/a.txt` }),
      { ...base, kind: 'other', tool: 'read_file', input: { file_path: `${CWD}/a.txt` } },
    ],
    [
      'google_web_search → other',
      call('google_web_search', { query: 'x' }),
      { ...base, kind: 'other', tool: 'google_web_search', input: { query: 'x' } },
    ],
  ],
  wrongTypes: [
    ['tool_input is a string', call('run_shell_command', 'rm -rf /')],
    [
      'another event',
      { ...(call('run_shell_command', { command: 'ls' }) as object), hook_event_name: 'AfterTool' },
    ],
    ['run_shell_command without a command', call('run_shell_command', { description: 'x' })],
    ['write_file without a path', call('write_file', { content: 'x' })],
    ['mcp_context of the wrong shape', call('mcp__a__b', {}, { mcp_context: { server_name: 1 } })],
  ],
  unknownFields: {
    ...(call('run_shell_command', {
      command: 'git status',
      is_background: false,
      extra: 1,
    }) as object),
    future_field: { a: 1 },
  },
  protectedEdits: [
    [
      'write_file .gemini/settings.json',
      call('write_file', { file_path: `${CWD}/.gemini/settings.json`, content: '{}' }),
    ],
    [
      'replace in ~/.gemini/settings.json',
      call('replace', {
        file_path: '/home/dev/.gemini/settings.json',
        old_string: '"hooks"',
        new_string: '"x"',
      }),
    ],
    [
      'write_file the system settings',
      call('write_file', { file_path: '/etc/gemini-cli/settings.json', content: '{}' }),
    ],
    [
      'write_file opencode.json',
      call('write_file', { file_path: `${CWD}/opencode.json`, content: '{}' }),
    ],
  ],
});
