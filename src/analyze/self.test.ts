import { describe, expect, it } from 'vitest';
import type { Action } from './types.js';
import { guardTargets, isPortcullisPackage, portcullisRemoval, protectedPath } from './self.js';

const CWD = '/home/dev/project';

// [path as written, cwd, expected rule or undefined]
const paths: ReadonlyArray<readonly [string, string, string | undefined]> = [
  ['.claude/settings.json', CWD, 'self/agent-config'],
  ['.claude/settings.local.json', CWD, 'self/agent-config'],
  ['./.claude/hooks/guard.sh', CWD, 'self/agent-config'],
  ['src/../.claude/agents/ops.md', CWD, 'self/agent-config'],
  ['~/.claude/settings.json', CWD, 'self/agent-config'],
  ['~/.claude/settings.json', '/srv', 'self/agent-config'],
  ['/home/dev/.claude.json', CWD, 'self/agent-config'],
  ['settings.json', '/home/dev/project/.claude', 'self/agent-config'],
  ['../settings.json', '/home/dev/project/.claude/hooks', 'self/agent-config'],
  ['.Claude/Settings.json', CWD, 'self/agent-config'],
  ['.mcp.json', CWD, 'self/agent-config'],
  ['/etc/claude-code/managed-settings.json', CWD, 'self/agent-config'],
  ['.codex/hooks.json', CWD, 'self/agent-config'],
  ['/root/.codex/config.toml', '/', 'self/agent-config'],
  ['/etc/codex/requirements.toml', CWD, 'self/agent-config'],
  ['.gemini/settings.json', CWD, 'self/agent-config'],
  ['/etc/gemini-cli/settings.json', CWD, 'self/agent-config'],
  ['.cursor/hooks.json', CWD, 'self/agent-config'],
  ['~/.cursor/hooks.json', CWD, 'self/agent-config'],
  ['.github/hooks/portcullis.json', CWD, 'self/agent-config'],
  ['.github/copilot/settings.local.json', CWD, 'self/agent-config'],
  ['~/.copilot/hooks/gate.json', CWD, 'self/agent-config'],
  ['/etc/github-copilot/policy.d/gate.json', CWD, 'self/agent-config'],
  ['.kiro/hooks/pre.kiro.hook', CWD, 'self/agent-config'],
  ['~/.aws/amazonq/cli-agents/default.json', CWD, 'self/agent-config'],
  ['opencode.json', CWD, 'self/agent-config'],
  ['.opencode/plugins/portcullis.ts', CWD, 'self/agent-config'],
  ['~/.config/opencode/opencode.json', CWD, 'self/agent-config'],
  ['.c*', CWD, 'self/agent-config'],
  ['.portcullis.yaml', CWD, 'self/portcullis'],
  ['~/.config/portcullis/policy.yaml', CWD, 'self/portcullis'],
  ['/home/dev/.local/share/portcullis/portcullis.db', CWD, 'self/portcullis'],
  ['/etc/portcullis/policy.yaml', CWD, 'self/portcullis'],
  ['node_modules/portcullis/dist/portcullis.mjs', CWD, 'self/portcullis'],
  ['/usr/local/lib/node_modules/portcullis', CWD, 'self/portcullis'],
  ['/usr/local/bin/portcullis', CWD, 'self/portcullis'],
  ['node_modules/.bin/portcullis', CWD, 'self/portcullis'],
  ['/opt/tools/portcullis/dist/portcullis.mjs', CWD, 'self/portcullis'],
  ['~/.config/systemd/user/portcullis.service', CWD, 'self/portcullis'],
  // Lookalikes.
  ['src/claude/settings.json', CWD, undefined],
  ['.claude-notes.md', CWD, undefined],
  ['CLAUDE.md', CWD, undefined],
  ['AGENTS.md', CWD, undefined],
  ['.github/workflows/ci.yml', CWD, undefined],
  ['.github/copilot-instructions.md', CWD, undefined],
  ['~/.cursor-server/data/x', CWD, undefined],
  ['node_modules/portcullis-lite/index.js', CWD, undefined],
  ['docs/portcullis.md', CWD, undefined],
  ['dist/portcullis.mjs', '/home/dev/gate', undefined],
  ['*', CWD, undefined],
  ['.*', CWD, undefined],
  ['*.json', CWD, undefined],
  ['node_modules/*', CWD, undefined],
  ['https://example.com/.claude/settings.json', CWD, undefined],
  ['', CWD, undefined],
];

describe('protectedPath', () => {
  it.each(paths.map((row) => [`${row[0]} in ${row[1]}`, row] as const))(
    '%s',
    (_n, [path, cwd, rule]) => {
      expect(protectedPath(path, cwd)?.rule).toBe(rule);
    },
  );
});

function act(init: Partial<Action>): Action {
  return {
    tool: 'sed',
    verb: 'sed -i',
    effect: 'write',
    risk: 'low',
    targets: [],
    env: 'unknown',
    reversible: true,
    reasons: [],
    rule: 'fs/sed-edit',
    via: [],
    ...init,
  };
}

describe('guardTargets', () => {
  it('adds a self action for a write to a protected path', () => {
    const extra = guardTargets(
      act({ targets: ['/home/dev/project/.claude/settings.json'], via: ['bash -c'] }),
    );
    expect(extra).toMatchObject({
      tool: 'sed',
      effect: 'write',
      risk: 'high',
      rule: 'self/agent-config',
      reversible: false,
      via: ['bash -c'],
      targets: ['/home/dev/project/.claude/settings.json'],
    });
  });
  it('keeps the effect of a delete', () => {
    const extra = guardTargets(
      act({ tool: 'rm', effect: 'delete', targets: ['/home/dev/.config/portcullis'] }),
    );
    expect(extra).toMatchObject({ effect: 'delete', rule: 'self/portcullis' });
  });
  it('resolves relative targets against cwd', () => {
    expect(guardTargets(act({ targets: ['hooks.json'] }), '/home/dev/project/.cursor')?.rule).toBe(
      'self/agent-config',
    );
  });
  it('ignores reads, other paths and its own actions', () => {
    expect(
      guardTargets(act({ effect: 'read', targets: ['.claude/settings.json'] })),
    ).toBeUndefined();
    expect(guardTargets(act({ targets: ['/home/dev/project/src/app.ts'] }))).toBeUndefined();
    expect(guardTargets(act({ rule: 'self/agent-config', targets: ['.claude'] }))).toBeUndefined();
  });
});

describe('Portcullis packages', () => {
  const yes = [
    'portcullis',
    'portcullis@0.1.0',
    'portcullis@latest',
    '@acme/portcullis',
    '@portcullis/cli',
    'npm:portcullis',
  ];
  const no = ['portcullis-lite', 'my-portcullis', 'react', '@portcullis', ''];
  it.each(yes)('%s is Portcullis', (name) => {
    expect(isPortcullisPackage(name)).toBe(true);
  });
  it.each(no)('%s is not', (name) => {
    expect(isPortcullisPackage(name)).toBe(false);
  });

  const removals: ReadonlyArray<readonly [string[], string | undefined]> = [
    [['uninstall', '-g', 'portcullis'], 'portcullis'],
    [['rm', 'portcullis@0.1.0'], 'portcullis@0.1.0'],
    [['global', 'remove', 'portcullis'], 'portcullis'],
    [['remove', 'react', 'portcullis'], 'portcullis'],
    [['install', 'portcullis'], undefined],
    [['uninstall', 'react'], undefined],
    [['run', 'portcullis', 'remove'], undefined],
  ];
  it.each(removals.map((r) => [r[0].join(' '), r] as const))('%s', (_n, [args, pkg]) => {
    expect(portcullisRemoval(args)).toBe(pkg);
  });
});
