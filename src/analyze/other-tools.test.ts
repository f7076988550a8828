import { beforeAll, describe, expect, it } from 'vitest';
import type { Risk } from './types.js';
import { analyzeOtherTool } from './other-tools.js';
import { initAnalyzer } from './index.js';
import { deciding } from './test-kit.js';

function run(tool: string, input: unknown) {
  return analyzeOtherTool({
    kind: 'other',
    agent: 'claude-code',
    cwd: '/home/dev/project',
    tool,
    input,
  });
}

/** [tool, input, expected risk, expected rule] */
const flagged: ReadonlyArray<readonly [string, unknown, Risk, string]> = [
  ['Frobnicate', {}, 'high', 'other/unknown-tool'],
  ['deploy_everything', { target: 'prod' }, 'high', 'other/unknown-tool'],
  ['', {}, 'high', 'other/unknown-tool'],
  // Tools that change things but reached this door: judged by what they are.
  ['Write', { file_path: '.claude/settings.json', content: '{}' }, 'high', 'self/agent-config'],
  [
    'NotebookEdit',
    { notebook_path: '/home/dev/.codex/x.ipynb', new_source: '' },
    'high',
    'self/agent-config',
  ],
  ['Bash', { command: 'rm -rf ~' }, 'catastrophic', 'fs/rm-home'],
  ['run_shell_command', { command: 'git push -f origin main' }, 'high', 'git/force-push'],
  ['mcp__github__delete_repository', { owner: 'acme', repo: 'api' }, 'high', 'mcp/delete'],
  ['@postgres/drop_database', { database: 'billing' }, 'catastrophic', 'mcp/destroy'],
  [
    'use_aws',
    {
      service_name: 'cloudformation',
      operation_name: 'delete-stack',
      parameters: { 'stack-name': 'cost-explorer-prod' },
      region: 'us-east-1',
      profile_name: 'prod',
    },
    'catastrophic',
    'aws/delete-stack',
  ],
  ['use_aws', { service_name: 's3' }, 'high', 'other/unknown-tool'],
];

const allowed: ReadonlyArray<readonly [string, unknown]> = [
  ['Read', { file_path: '/home/dev/project/src/app.ts' }],
  ['Glob', { pattern: '**/*.ts' }],
  ['Grep', { pattern: 'TODO', path: 'src' }],
  ['LS', { path: '.' }],
  ['WebSearch', { query: 'vitest each' }],
  ['WebFetch', { url: 'https://example.com', prompt: 'summarise' }],
  ['TodoWrite', { todos: [] }],
  ['Task', { description: 'review', prompt: 'review the diff', subagent_type: 'general-purpose' }],
  ['Agent', { prompt: 'x' }],
  ['AskUserQuestion', { questions: [] }],
  ['ExitPlanMode', { plan: 'x' }],
  ['NotebookRead', { notebook_path: 'a.ipynb' }],
  ['view', { path: 'src' }],
  ['glob', { pattern: '*.md' }],
  ['grep', { pattern: 'x' }],
  ['fs_read', { operations: [] }],
  ['read_file', { absolute_path: '/home/dev/project/a.ts' }],
  ['list_directory', { path: '.' }],
  ['search_file_content', { pattern: 'x' }],
  ['google_web_search', { query: 'x' }],
  ['web_fetch', { prompt: 'x' }],
  ['save_memory', { fact: 'prefers tabs' }],
  ['Write', { file_path: 'src/app.ts', content: 'export {}' }],
  ['Bash', { command: 'git status' }],
  [
    'use_aws',
    { service_name: 's3', operation_name: 'list-buckets', parameters: {}, region: 'us-east-1' },
  ],
  ['mcp__github__list_issues', { owner: 'acme', repo: 'api' }],
];

describe('other agent tools', () => {
  beforeAll(async () => {
    await initAnalyzer();
  });
  describe('flagged', () => {
    it.each(flagged.map((r) => [r[0] || '(empty name)', r] as const))(
      '%s',
      (_n, [tool, input, risk, rule]) => {
        const actions = run(tool, input);
        const top = deciding(actions);
        expect({ risk: top?.risk, rule: top?.rule }, JSON.stringify(actions, null, 1)).toEqual({
          risk,
          rule,
        });
      },
    );
  });
  describe('allowed', () => {
    it.each(allowed.map((r) => [r[0], r] as const))('%s', (_n, [tool, input]) => {
      const actions = run(tool, input);
      for (const a of actions) {
        expect({ rule: a.rule, risk: a.risk, effect: a.effect }).toMatchObject({
          risk: expect.stringMatching(/^(none|low)$/) as unknown,
          effect: expect.not.stringMatching(/^unknown$/) as unknown,
        });
      }
    });
  });
  it('names the unknown tool in its reason', () => {
    expect(run('Frobnicate', {})[0]?.reasons).toEqual([
      'unknown tool named Frobnicate: what it does is not known to Portcullis',
    ]);
  });
});
