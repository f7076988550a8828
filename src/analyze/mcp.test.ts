import { beforeAll, describe, expect, it } from 'vitest';
import type { Risk } from './types.js';
import { analyzeMcpRequest } from './mcp.js';
import { initAnalyzer } from './index.js';
import { deciding } from './test-kit.js';
import { decideBuiltin } from '../policy/builtin.js';

/** [server, tool, args, expected risk, expected rule, annotations?] */
type Row = readonly [
  server: string,
  tool: string,
  args: unknown,
  risk: Risk,
  rule: string,
  ann?: Record<string, unknown>,
];
/** [server, tool, args, annotations?] */
type Ok = readonly [server: string, tool: string, args: unknown, ann?: Record<string, unknown>];

function run(server: string, tool: string, args: unknown, annotations?: Record<string, unknown>) {
  return analyzeMcpRequest({
    kind: 'mcp',
    agent: 'claude-code',
    cwd: '/home/dev/project',
    server,
    tool,
    args,
    ...(annotations ? { annotations } : {}),
  });
}

const flagged: Row[] = [
  // Verb × scope from the tool name.
  ['github', 'delete_repository', { owner: 'acme', repo: 'api' }, 'high', 'mcp/delete'],
  ['postgres', 'drop_database', { database: 'analytics' }, 'catastrophic', 'mcp/destroy'],
  ['postgres', 'drop_database', { database: 'app_dev' }, 'high', 'mcp/destroy'],
  ['neon', 'delete_project', { projectId: 'billing-prod' }, 'catastrophic', 'mcp/delete'],
  ['k8s', 'delete_namespace', { namespace: 'payments' }, 'catastrophic', 'mcp/delete'],
  ['k8s', 'deleteNamespace', { namespace: 'test' }, 'high', 'mcp/delete'],
  ['redis', 'flushall', {}, 'catastrophic', 'mcp/destroy'],
  ['aws', 'terminate_instances', { instanceIds: ['i-0abc'] }, 'high', 'mcp/delete'],
  ['aws', 'stop_instances', { instanceIds: ['i-0abc'] }, 'high', 'mcp/stop'],
  ['github', 'bulk_delete_comments', { owner: 'acme', repo: 'api' }, 'high', 'mcp/delete'],
  ['git', 'force_push', { branch: 'main' }, 'high', 'mcp/force-push'],
  [
    'github',
    'merge_pull_request',
    { owner: 'acme', repo: 'api', pullNumber: 7 },
    'high',
    'mcp/merge',
  ],
  [
    'github',
    'approve_pull_request',
    { owner: 'acme', repo: 'api', pullNumber: 7 },
    'high',
    'mcp/approve',
  ],
  ['gmail', 'send_email', { to: 'all@acme.com', subject: 'x' }, 'high', 'mcp/send'],
  ['stripe', 'create_refund', { payment_intent: 'pi_1' }, 'high', 'mcp/payment'],
  ['vercel', 'deploy_to_production', { project: 'web-prod' }, 'high', 'mcp/deploy'],
  // Arguments the analyzer knows: a shell command, SQL, local paths, an HTTP method.
  ['desktop-commander', 'execute_command', { command: 'rm -rf ~' }, 'catastrophic', 'fs/rm-home'],
  [
    'shell',
    'run',
    { cmd: 'git', args: ['push', '--force', 'origin', 'main'] },
    'high',
    'git/force-push',
  ],
  [
    'shell',
    'exec',
    { command: ['terraform', 'destroy', '-auto-approve'] },
    'catastrophic',
    'iac/destroy',
  ],
  [
    'supabase',
    'execute_sql',
    { project_id: 'abc', query: 'DROP TABLE users' },
    'high',
    'db/sql-drop-table',
  ],
  ['postgres', 'query', { sql: 'DROP DATABASE billing' }, 'catastrophic', 'db/sql-drop-database'],
  [
    'filesystem',
    'write_file',
    { path: '.claude/settings.json', content: '{}' },
    'high',
    'self/agent-config',
  ],
  [
    'filesystem',
    'move_file',
    { source: '.codex/hooks.json', destination: '/tmp/h.json' },
    'high',
    'self/agent-config',
  ],
  ['filesystem', 'edit_file', { path: '/etc/hosts', edits: [] }, 'high', 'files/system'],
  [
    'filesystem',
    'write_file',
    { path: '.git/hooks/pre-commit', content: 'rm -rf ~' },
    'catastrophic',
    'fs/rm-home',
  ],
  [
    'github',
    'create_or_update_file',
    { owner: 'acme', repo: 'api', path: '.claude/settings.json', content: '{}' },
    'high',
    'self/agent-config',
  ],
  [
    'http',
    'http_request',
    { url: 'https://api.acme.com/v1/users/7', method: 'delete' },
    'high',
    'http/delete',
  ],
  [
    'github',
    'push_files',
    {
      owner: 'acme',
      repo: 'api',
      branch: 'main',
      files: [
        { path: 'src/a.ts', content: '' },
        { path: '.github/hooks/gate.json', content: '{}' },
      ],
    },
    'high',
    'self/agent-config',
  ],
  ['filesystem', 'create_directory', { path: '.claude/hooks' }, 'high', 'self/agent-config'],
  // Unknown stays unknown, whatever the server says; a declared destructive tool is raised.
  ['acme', 'frobnicate', { id: 1 }, 'high', 'mcp/unknown'],
  ['acme', 'frobnicate', { id: 1 }, 'high', 'mcp/unknown', { readOnlyHint: true }],
  ['acme', 'run_job', { job: 'nightly' }, 'high', 'mcp/exec'],
  [
    'notes',
    'create_note',
    { title: 'x' },
    'high',
    'mcp/declared-destructive',
    { destructiveHint: true },
  ],
  ['acme', 'frobnicate', { path: 'src/app.ts' }, 'high', 'mcp/unknown'],
  // Portcullis' own server: deciding approvals is never the agent's.
  ['portcullis', 'approve_request', { id: 'a1' }, 'high', 'self/portcullis-mcp'],
  ['portcullis', 'set_policy', { yaml: 'mode: shadow' }, 'high', 'self/portcullis-mcp'],
];

const allowed: Ok[] = [
  ['github', 'list_issues', { owner: 'acme', repo: 'api' }],
  ['github', 'get_file_contents', { owner: 'acme', repo: 'api', path: 'README.md' }],
  ['github', 'search_code', { query: 'is:open label:bug' }],
  ['github', 'create_issue', { owner: 'acme', repo: 'api', title: 'x' }],
  ['github', 'create_pull_request', { owner: 'acme', repo: 'api', head: 'fix', base: 'main' }],
  ['github', 'get_workflow_run', { owner: 'acme', repo: 'api', run_id: 1 }],
  ['github', 'cancel_workflow_run', { owner: 'acme', repo: 'api', run_id: 1 }],
  ['github', 'delete_issue_comment', { owner: 'acme', repo: 'api', comment_id: 1 }],
  ['github', 'remove_label_from_issue', { owner: 'acme', repo: 'api', label: 'bug' }],
  [
    'github',
    'create_or_update_file',
    { owner: 'acme', repo: 'api', path: 'src/app.ts', content: 'x' },
  ],
  ['filesystem', 'read_file', { path: '.claude/settings.json' }],
  ['filesystem', 'write_file', { path: 'src/app.ts', content: 'export {}' }],
  ['filesystem', 'list_directory', { path: '.' }],
  ['filesystem', 'create_directory', { path: 'src/new' }],
  ['postgres', 'query', { sql: 'SELECT count(*) FROM users' }],
  ['supabase', 'execute_sql', { project_id: 'abc', query: 'select * from orders limit 5' }],
  ['desktop-commander', 'execute_command', { command: 'npm test' }],
  ['desktop-commander', 'execute_command', { command: 'ls -la' }],
  ['context7', 'resolve-library-id', { libraryName: 'react' }],
  ['context7', 'get-library-docs', { context7CompatibleLibraryID: '/facebook/react' }],
  ['playwright', 'browser_navigate', { url: 'https://example.com' }],
  ['playwright', 'browser_click', { element: 'Submit', ref: 'e1' }],
  ['playwright', 'browser_take_screenshot', {}],
  ['slack', 'slack_post_message', { channel_id: 'C1', text: 'done' }],
  ['fetch', 'fetch', { url: 'https://example.com/docs' }],
  ['http', 'http_request', { url: 'https://example.com/api', method: 'GET' }],
  ['sequential-thinking', 'sequentialthinking', { thought: 'x' }],
  ['memory', 'create_entities', { entities: [] }],
  ['notion', 'API-patch-block-children', { block_id: 'x' }],
  ['stripe', 'list_payment_intents', {}],
  ['linear', 'update_issue', { id: 'x', title: 'y' }],
  ['acme', 'get_status', {}, { readOnlyHint: true }],
  ['filesystem', 'write_file', { path: 'notes.md', content: 'x' }, { destructiveHint: true }],
  ['portcullis', 'run_command', { command: 'terraform destroy -auto-approve' }],
  ['portcullis', 'request_approval', { command: 'x' }],
  ['github', 'list_issues', '{"owner":"acme","repo":"api"}'],
];

describe('MCP tool calls', () => {
  beforeAll(async () => {
    await initAnalyzer();
  });
  describe('flagged', () => {
    it.each(flagged.map((r) => [`${r[0]}/${r[1]} ${JSON.stringify(r[2])}`, r] as const))(
      '%s',
      (_n, [server, tool, args, risk, rule, ann]) => {
        const actions = run(server, tool, args, ann);
        const top = deciding(actions);
        expect({ risk: top?.risk, rule: top?.rule }, JSON.stringify(actions, null, 1)).toEqual({
          risk,
          rule,
        });
      },
    );
  });
  describe('allowed', () => {
    it.each(allowed.map((r) => [`${r[0]}/${r[1]} ${JSON.stringify(r[2])}`, r] as const))(
      '%s',
      (_n, [server, tool, args, ann]) => {
        const actions = run(server, tool, args, ann);
        expect(actions.length).toBeGreaterThan(0);
        expect(decideBuiltin(actions), JSON.stringify(actions, null, 1)).toMatchObject({
          verdict: 'allow',
        });
      },
    );
  });
  it('records the server as the tool and the call in the path of nested actions', () => {
    const actions = run('desktop-commander', 'execute_command', {
      command: 'git push --force origin main',
    });
    expect(actions.find((a) => a.rule === 'git/force-push')?.via).toEqual([
      'mcp:desktop-commander/execute_command',
    ]);
    const [del] = run('github', 'delete_repository', { owner: 'acme', repo: 'api' });
    expect(del).toMatchObject({
      tool: 'mcp:github',
      verb: 'delete_repository',
      effect: 'delete',
      targets: ['api'],
    });
  });
  it('says why a read-only hint did not make an unknown tool safe', () => {
    const [a] = run('acme', 'frobnicate', {}, { readOnlyHint: true });
    expect(a?.effect).toBe('unknown');
    expect(a?.reasons.join(' ')).toMatch(/not trusted/);
  });
  it('takes the environment from identifier arguments and the server name', () => {
    expect(run('k8s', 'scale_deployment', { namespace: 'prod', replicas: 0 })[0]?.env).toBe('prod');
    expect(run('postgres-staging', 'list_tables', {})[0]?.env).toBe('staging');
  });
  it('survives arguments of any shape', () => {
    for (const args of [
      null,
      undefined,
      42,
      'not json',
      [1, 2],
      { a: { b: { c: { d: { e: 'x' } } } } },
    ]) {
      expect(run('acme', 'get_thing', args).length).toBeGreaterThan(0);
    }
  });
});
