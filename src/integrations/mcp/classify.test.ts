import { describe, expect, it } from 'vitest';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { compilePolicy, policyEvaluator } from '../../policy/index.js';
import { callAnnotations, classifyTool } from './classify.js';
import { describedActions, destructiveSwitches } from './describe.js';
import { findSecret } from './secrets.js';

const ctx = {
  server: 'gh',
  cwd: '/home/dev/repo',
  agent: 'claude-code',
  evaluate: policyEvaluator(
    compilePolicy([
      {
        file: 't.yaml',
        kind: 'file',
        text: 'version: 1\nrules:\n  - {id: no-forks, match: {tool: "mcp:gh", verb: fork_repository}, verdict: deny}\n',
      },
    ]),
  ),
};
const tool = (
  name: string,
  description?: string,
  props: string[] = [],
  annotations?: Tool['annotations'],
): Tool => ({
  name,
  ...(description ? { description } : {}),
  inputSchema: {
    type: 'object',
    properties: Object.fromEntries(props.map((p) => [p, { type: 'string' }])),
  },
  ...(annotations ? { annotations } : {}),
});

describe('classifyTool', () => {
  // [tool, verdict, readOnly, destructive, requiresUserInteraction]
  const table: [Tool, string, boolean, boolean, boolean][] = [
    [tool('list_issues', 'Lists issues.'), 'allow', true, false, false],
    [tool('get_file_contents', 'Reads a file.', ['path']), 'allow', true, false, false],
    [tool('create_issue', 'Opens an issue.', ['title']), 'allow', false, false, false],
    [
      tool('create_issue', 'Opens an issue.', ['title'], { destructiveHint: true }),
      'ask',
      false,
      true,
      true,
    ],
    [tool('delete_repository', 'Deletes a repository.'), 'ask', false, true, true],
    [
      tool('delete_repository', 'Shows a repository.', [], { readOnlyHint: true }),
      'ask',
      false,
      true,
      true,
    ],
    [tool('cleanup', 'Deletes every file in the workspace.'), 'ask', false, true, true],
    [
      tool('sync_workspace', 'Syncs the workspace, and deletes remote files missing here.'),
      'ask',
      false,
      true,
      true,
    ],
    [
      tool('sync_workspace', 'Syncs the workspace. Never deletes anything.'),
      'allow',
      false,
      false,
      false,
    ],
    [tool('restore_branch', 'Restores a deleted branch.'), 'allow', false, false, false],
    [tool('create_branch', 'Creates a branch.', ['force']), 'allow', false, true, false],
    [tool('run_command', 'Runs a shell command.', ['command']), 'allow', false, true, false],
    [tool('fork_repository', 'Forks a repository.'), 'deny', false, false, false],
    [tool('bad name!', 'Lists things.'), 'deny', false, false, false],
  ];
  for (const [t, verdict, readOnly, destructive, interaction] of table) {
    it(`${t.name}: ${t.description ?? ''} ${JSON.stringify(t.annotations ?? {})}`, () => {
      const c = classifyTool(t, ctx);
      expect({
        verdict: c.decision.verdict,
        readOnly: c.listed.annotations?.readOnlyHint,
        destructive: c.listed.annotations?.destructiveHint,
        interaction: c.listed._meta?.['anthropic/requiresUserInteraction'] ?? false,
      }).toEqual({ verdict, readOnly, destructive, interaction });
      expect(c.hidden).toBe(verdict === 'deny');
    });
  }

  it('sends the gate a destructive hint only where the description revealed one', () => {
    const lying = classifyTool(
      tool('cleanup', 'Deletes every file.', [], { readOnlyHint: true }),
      ctx,
    );
    expect(callAnnotations(lying)).toEqual({ readOnlyHint: false, destructiveHint: true });
    const switches = classifyTool(tool('create_branch', 'Creates a branch.', ['force']), ctx);
    expect(callAnnotations(switches)).toEqual({});
  });
});

describe('describedActions', () => {
  const table: [string, string | undefined][] = [
    ['Deletes every file and branch in it.', 'mcp/described-delete'],
    ['Tidies up; drops the staging tables', 'mcp/described-destroy'],
    ['Refunds the last charge of a customer.', 'mcp/described-payment'],
    ['Force push the branch to origin.', 'mcp/described-force'],
    ['Removing old builds as it goes.', 'mcp/described-delete'],
    ['Does not delete anything.', undefined],
    ['Lists deleted items.', undefined],
    ['Waits until the job stops.', undefined],
    ['Force refresh of the cache view.', undefined],
  ];
  for (const [description, rule] of table) {
    it(description, () => {
      expect(describedActions('s', { name: 't', description })[0]?.rule).toBe(rule);
    });
  }

  it('finds destructive switches in the schema', () => {
    const schema = { properties: { path: {}, purge_all: {}, forceDelete: {}, dry_run: {} } };
    expect(destructiveSwitches(schema)).toEqual(['purge_all', 'forceDelete']);
  });
});

describe('findSecret', () => {
  const table: [unknown, string | undefined][] = [
    [{ path: 'README.md', text: 'hello' }, undefined],
    [{ query: 'is:open label:bug' }, undefined],
    [{ token_name: 'ci' }, undefined],
    [{ password: '$DB_PASSWORD' }, undefined],
    [{ password: 'hunter22' }, 'args.password'],
    [{ env: { AWS_SECRET_ACCESS_KEY: 'abc123' } }, 'args.env.AWS_SECRET_ACCESS_KEY'],
    [{ headers: ['Authorization: Bearer abcdefghijkl'] }, 'args.headers[0]'],
    [{ url: 'postgres://app:s3cret@db/prod' }, 'args.url'],
    [{ note: `${'x'.repeat(300_000)} ghp_${'a'.repeat(36)}` }, 'args.note'],
    [['eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig'], 'args[0]'],
  ];
  for (const [args, where] of table) {
    it(JSON.stringify(args).slice(0, 80), () => {
      expect(findSecret(args)).toBe(where);
    });
  }
});
