import { beforeAll, describe, expect, it } from 'vitest';
import type { Risk } from './types.js';
import { analyzeFileRequest } from './files.js';
import { initAnalyzer } from './index.js';
import { deciding } from './test-kit.js';

type Op = 'write' | 'edit' | 'delete' | 'read' | 'move';
/** [tool, op, paths, expected risk, expected rule, content?, cwd?] */
type Row = readonly [
  tool: string,
  op: Op,
  paths: string[],
  risk: Risk,
  rule: string,
  content?: string,
  cwd?: string,
];

const CWD = '/home/dev/project';

function run(tool: string, op: Op, paths: string[], content?: string, cwd = CWD) {
  return analyzeFileRequest({
    kind: 'file',
    agent: 'claude-code',
    cwd,
    tool,
    op,
    paths,
    ...(content === undefined ? {} : { content }),
  });
}

const rows: Row[] = [
  // The agent routing around its gate.
  ['Edit', 'edit', ['.claude/settings.json'], 'high', 'self/agent-config'],
  [
    'Write',
    'write',
    ['/home/dev/project/.claude/settings.local.json'],
    'high',
    'self/agent-config',
  ],
  ['Write', 'write', ['~/.claude/settings.json'], 'high', 'self/agent-config'],
  ['apply_patch', 'edit', ['src/app.ts', '.codex/hooks.json'], 'high', 'self/agent-config'],
  ['replace', 'edit', ['.gemini/settings.json'], 'high', 'self/agent-config'],
  ['Write', 'write', ['.cursor/hooks.json'], 'high', 'self/agent-config'],
  ['create', 'write', ['.github/hooks/allow-all.json'], 'high', 'self/agent-config'],
  ['fs_write', 'write', ['.kiro/agents/default.json'], 'high', 'self/agent-config'],
  ['edit', 'edit', ['opencode.json'], 'high', 'self/agent-config'],
  ['write', 'write', ['.opencode/plugins/noop.ts'], 'high', 'self/agent-config'],
  ['apply_patch', 'delete', ['.claude/hooks/portcullis.sh'], 'high', 'self/agent-config'],
  ['apply_patch', 'move', ['.claude/settings.json', 'settings.old'], 'high', 'self/agent-config'],
  ['Write', 'write', ['.portcullis.yaml'], 'high', 'self/portcullis'],
  ['Edit', 'edit', ['~/.config/portcullis/policy.yaml'], 'high', 'self/portcullis'],
  ['Write', 'write', ['node_modules/portcullis/dist/portcullis.mjs'], 'high', 'self/portcullis'],
  [
    'write_file',
    'write',
    ['settings.json'],
    'high',
    'self/agent-config',
    undefined,
    '/home/dev/project/.claude',
  ],
  [
    'Read',
    'read',
    ['~/.local/share/portcullis/keys/signing.key'],
    'high',
    'self/portcullis-secrets',
  ],
  // Code that runs later, and the machine.
  ['Write', 'write', ['.git/hooks/pre-commit'], 'high', 'files/git-hook'],
  ['Edit', 'edit', ['.git/config'], 'high', 'files/git-config'],
  ['Edit', 'edit', ['~/.bashrc'], 'high', 'files/startup'],
  ['Write', 'write', ['/home/dev/.zshrc'], 'high', 'files/startup'],
  ['Write', 'write', ['/etc/cron.d/cleanup'], 'high', 'files/cron'],
  ['Write', 'write', ['~/.config/systemd/user/agent.service'], 'high', 'files/autostart'],
  ['Edit', 'edit', ['~/.ssh/authorized_keys'], 'high', 'files/write-security'],
  ['Edit', 'edit', ['/etc/sudoers.d/agent'], 'high', 'files/write-security'],
  ['Edit', 'edit', ['/etc/nginx/nginx.conf'], 'high', 'files/system'],
  ['Write', 'write', ['/etc/apt/sources.list.d/extra.list'], 'high', 'files/system'],
  ['Write', 'write', ['/etc/fstab'], 'catastrophic', 'files/overwrite-system'],
  ['Write', 'write', ['/dev/sda'], 'catastrophic', 'files/write-device'],
  ['Write', 'write', ['.git/HEAD'], 'high', 'files/vcs'],
  ['Write', 'write', ['~/.aws/credentials'], 'high', 'files/overwrite-secret'],
  ['Write', 'write', ['data/app.sqlite3'], 'high', 'files/overwrite-data'],
  [
    'Write',
    'write',
    ['/var/lib/postgresql/16/main/PG_VERSION'],
    'catastrophic',
    'files/overwrite-live-data',
  ],
  // Deleting: as the fs model judges it.
  ['delete_file', 'delete', ['~/.ssh/id_ed25519'], 'high', 'files/rm-home-data'],
  ['delete_file', 'delete', ['/etc/passwd'], 'catastrophic', 'files/rm-system'],
  ['delete_file', 'delete', ['backups/'], 'high', 'files/rm-project-data'],
  ['delete_file', 'delete', ['/mnt/backup/2024'], 'high', 'files/rm-backup'],
  // Content that turns verification off for every later command.
  [
    'Write',
    'write',
    ['.npmrc'],
    'high',
    'files/tls-verify-off',
    'registry=https://r.example\nstrict-ssl=false\n',
  ],
  ['Edit', 'edit', ['.env'], 'high', 'files/tls-verify-off', 'NODE_TLS_REJECT_UNAUTHORIZED=0'],
  ['Write', 'write', ['~/.curlrc'], 'high', 'files/tls-verify-off', 'insecure\n'],
  // Content that runs later, judged as the command it is.
  [
    'Write',
    'write',
    ['.git/hooks/post-checkout'],
    'catastrophic',
    'fs/rm-home',
    '#!/bin/sh\nrm -rf ~\n',
  ],
  [
    'Write',
    'write',
    ['/etc/cron.d/wipe'],
    'catastrophic',
    'fs/rm-root',
    '0 3 * * * root rm -rf --no-preserve-root /\n',
  ],
  // Nothing to judge.
  ['Write', 'write', [], 'high', 'files/no-path'],
];

const allowed: ReadonlyArray<readonly [tool: string, op: Op, paths: string[], content?: string]> = [
  ['Write', 'write', ['src/app.ts'], 'export const x = 1;\n'],
  ['Edit', 'edit', ['README.md']],
  ['MultiEdit', 'edit', ['src/a.ts', 'src/b.ts']],
  ['apply_patch', 'edit', ['src/a.ts', 'test/a.test.ts', 'docs/a.md']],
  ['Write', 'write', ['CLAUDE.md'], '# Notes\n'],
  ['Write', 'write', ['AGENTS.md']],
  ['Write', 'write', ['.github/workflows/ci.yml']],
  ['Write', 'write', ['.env'], 'DATABASE_URL=postgres://localhost/dev\n'],
  ['Write', 'write', ['.npmrc'], 'registry=https://registry.npmjs.org/\n'],
  ['Write', 'write', ['/tmp/scratch.json']],
  ['Write', 'write', ['dist/bundle.js']],
  ['Write', 'write', ['.husky/pre-commit'], 'npm test\n'],
  ['delete_file', 'delete', ['src/old.ts']],
  ['apply_patch', 'move', ['src/old.ts', 'src/new.ts']],
  ['Read', 'read', ['.claude/settings.json']],
  ['Read', 'read', ['~/.config/portcullis/policy.yaml']],
  ['view', 'read', ['/etc/passwd']],
];

describe('file requests', () => {
  beforeAll(async () => {
    await initAnalyzer();
  });
  describe('flagged', () => {
    it.each(rows.map((r) => [`${r[0]} ${r[1]} ${r[2].join(' ')}`, r] as const))(
      '%s',
      (_n, [tool, op, paths, risk, rule, content, cwd]) => {
        const actions = run(tool, op, paths, content, cwd);
        const top = deciding(actions);
        expect({ risk: top?.risk, rule: top?.rule }, JSON.stringify(actions, null, 1)).toEqual({
          risk,
          rule,
        });
      },
    );
  });
  describe('allowed', () => {
    it.each(allowed.map((r) => [`${r[0]} ${r[1]} ${r[2].join(' ')}`, r] as const))(
      '%s',
      (_n, [tool, op, paths, content]) => {
        const actions = run(tool, op, paths, content);
        expect(actions.length).toBeGreaterThan(0);
        for (const a of actions) {
          expect({ rule: a.rule, risk: a.risk, effect: a.effect }).toMatchObject({
            risk: expect.stringMatching(/^(none|low)$/) as unknown,
            effect: expect.not.stringMatching(/^unknown$/) as unknown,
          });
        }
      },
    );
  });
  it('names the tool, the file and the reason', () => {
    const [a] = run('Edit', 'edit', ['.claude/settings.json']);
    expect(a).toMatchObject({
      tool: 'file',
      verb: 'edit',
      effect: 'write',
      targets: ['/home/dev/project/.claude/settings.json'],
      reversible: false,
    });
    expect(a?.reasons[0]).toMatch(/Claude Code/);
  });
  it('records the file a hook script is written to as the path of its commands', () => {
    const actions = run(
      'Write',
      'write',
      ['.git/hooks/pre-push'],
      '#!/bin/bash\ngit push --force origin main\n',
    );
    expect(actions.find((a) => a.rule === 'git/force-push')?.via).toEqual([
      'write /home/dev/project/.git/hooks/pre-push',
    ]);
  });
  it('does not judge a hook in another language as shell', () => {
    const actions = run(
      'Write',
      'write',
      ['.git/hooks/pre-commit'],
      '#!/usr/bin/env python3\nimport sys\n',
    );
    expect(actions.map((a) => a.rule)).toEqual(['files/git-hook']);
  });
});
