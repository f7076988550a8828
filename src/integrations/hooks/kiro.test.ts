import { beforeAll, describe, expect, it } from 'vitest';
import { initAnalyzer } from '../../analyze/index.js';
import type { HookOutput } from './adapter.js';
import { CWD, TEXT, runAdapterSuite, type AgentReading } from './adapter-suite.js';
import { builtinJudge } from './judge.js';
import { kiroAdapter, useAwsCommand } from './kiro.js';
import { runHook } from './run.js';

/**
 * How Kiro CLI reads a preToolUse hook (`docs/hooks.md`, reference §2.6): exit codes only. 0 proceeds; 2 blocks
 * and stderr goes to the model; anything else is a warning and the call proceeds.
 */
function reads(out: HookOutput): AgentReading {
  if (out.exitCode === 0) return 'proceeds';
  if (out.exitCode === 2) return 'deny';
  return 'proceeds';
}

const block = (reason: string): HookOutput => ({ stdout: '', stderr: `${reason}\n`, exitCode: 2 });

const call = (tool_name: string, tool_input: unknown, cwd = CWD): unknown => ({
  hook_event_name: 'preToolUse',
  cwd,
  tool_name,
  tool_input,
});
const base = { agent: 'kiro', cwd: CWD } as const;

runAdapterSuite({
  adapter: kiroAdapter,
  shell: (command, cwd) => call('execute_bash', { command, summary: 'run' }, cwd),
  reads,
  pins: {
    allow: { stdout: '', stderr: '', exitCode: 0 },
    ask: block(TEXT.askTicket),
    peer: block(TEXT.peer),
    deny: block(TEXT.deny),
    garbage: block(TEXT.garbage('kiro')),
  },
  mapping: [
    [
      'execute_bash → shell',
      call('execute_bash', { command: 'git status' }),
      { ...base, kind: 'shell', command: 'git status' },
    ],
    [
      'shell (Kiro CLI 2+) → shell',
      call('shell', { command: 'ls' }),
      { ...base, kind: 'shell', command: 'ls' },
    ],
    [
      'fs_write create → write',
      call('fs_write', { command: 'create', path: `${CWD}/a.py`, file_text: 'print(1)' }),
      {
        ...base,
        kind: 'file',
        tool: 'fs_write',
        op: 'write',
        paths: [`${CWD}/a.py`],
        content: 'print(1)',
      },
    ],
    [
      'fs_write str_replace → edit',
      call('fs_write', { command: 'str_replace', path: 'a.py', old_str: '1', new_str: '2' }),
      { ...base, kind: 'file', tool: 'fs_write', op: 'edit', paths: ['a.py'], content: '2' },
    ],
    [
      'write append (Kiro CLI 2+) → edit',
      call('write', { command: 'append', path: 'log.txt', new_str: 'x' }),
      { ...base, kind: 'file', tool: 'write', op: 'edit', paths: ['log.txt'], content: 'x' },
    ],
    [
      'use_aws → the equivalent aws command',
      call('use_aws', {
        service_name: 'cloudformation',
        operation_name: 'delete-stack',
        parameters: { StackName: 'cost-explorer-prod' },
        region: 'us-east-1',
        profile_name: 'prod',
        label: 'Delete the stack',
      }),
      {
        ...base,
        kind: 'shell',
        command:
          'aws cloudformation delete-stack --stack-name cost-explorer-prod --region us-east-1 --profile prod',
      },
    ],
    [
      '@server/tool → MCP',
      call('@git/git_push', { force: true }),
      { ...base, kind: 'mcp', server: 'git', tool: 'git_push', args: { force: true } },
    ],
    [
      'fs_read → other',
      call('fs_read', { operations: [{ mode: 'Line', path: 'a.py' }] }),
      {
        ...base,
        kind: 'other',
        tool: 'fs_read',
        input: { operations: [{ mode: 'Line', path: 'a.py' }] },
      },
    ],
  ],
  wrongTypes: [
    ['tool_input is a string', call('execute_bash', 'rm -rf /')],
    [
      'another event',
      { ...(call('execute_bash', { command: 'ls' }) as object), hook_event_name: 'postToolUse' },
    ],
    ['execute_bash without a command', call('execute_bash', { summary: 'x' })],
    ['fs_write without a path', call('fs_write', { command: 'create', file_text: 'x' })],
    ['use_aws without an operation', call('use_aws', { service_name: 's3', region: 'us-east-1' })],
    [
      'use_aws parameters of the wrong type',
      call('use_aws', { service_name: 's3', operation_name: 'rb', region: 'r', parameters: 'x' }),
    ],
  ],
  unknownFields: {
    ...(call('execute_bash', { command: 'git status', summary: 's', future: 1 }) as object),
    tool_use_id: 'x',
    other: [1],
  },
  protectedEdits: [
    [
      'fs_write the Kiro agent config',
      call('fs_write', {
        command: 'str_replace',
        path: `${CWD}/.kiro/agents/default.json`,
        old_str: '"hooks"',
        new_str: '"x"',
      }),
    ],
    [
      'fs_write ~/.kiro/agents/ops.json',
      call('fs_write', {
        command: 'create',
        path: '/home/dev/.kiro/agents/ops.json',
        file_text: '{}',
      }),
    ],
    [
      'write a .kiro/hooks file',
      call('write', { command: 'create', path: '.kiro/hooks/guard.kiro.hook', file_text: '{}' }),
    ],
    [
      'fs_write the Portcullis database',
      call('fs_write', {
        command: 'create',
        path: '/home/dev/.local/share/portcullis/portcullis.db',
        file_text: '',
      }),
    ],
  ],
});

describe('kiro use_aws', () => {
  beforeAll(async () => {
    await initAnalyzer();
  });

  it('builds the aws command use_aws.rs would run (kebab-case flags, JSON values, flag-only empties)', () => {
    expect(
      useAwsCommand({
        service_name: 'dynamodb',
        operation_name: 'query',
        parameters: {
          TableName: 't',
          KeyConditionExpression: 'pk = :v',
          ConsistentRead: '',
          Limit: 5,
        },
        region: 'eu-west-1',
        label: '',
      }),
    ).toBe(
      "aws dynamodb query --table-name t --key-condition-expression 'pk = :v' --consistent-read --limit 5 --region eu-west-1",
    );
  });

  it('is judged by the aws model: deleting a prod stack is denied, a describe passes', async () => {
    const del = call('use_aws', {
      service_name: 'cloudformation',
      operation_name: 'delete-stack',
      parameters: { StackName: 'cost-explorer-prod' },
      region: 'us-east-1',
      profile_name: 'prod',
    });
    expect(reads(await runHook(kiroAdapter, JSON.stringify(del), builtinJudge, { cwd: CWD }))).toBe(
      'deny',
    );
    const describeStacks = call('use_aws', {
      service_name: 'cloudformation',
      operation_name: 'describe-stacks',
      region: 'us-east-1',
    });
    expect(
      await runHook(kiroAdapter, JSON.stringify(describeStacks), builtinJudge, { cwd: CWD }),
    ).toEqual({
      stdout: '',
      stderr: '',
      exitCode: 0,
    });
  });
});
