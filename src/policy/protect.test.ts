import { describe, expect, it } from 'vitest';
import { defaultPolicy } from './build.js';
import { evaluate } from './evaluate.js';
import { WEDNESDAY_NOON, act, userPolicy } from './test-kit.js';

const noon = { agent: 'claude', time: WEDNESDAY_NOON };

describe('protect', () => {
  const policy = userPolicy(`
version: 1
protect:
  - { id: photos, match: 'zfs:tank/photos*', verdict: deny, reason: irreplaceable }
  - { match: ['path:/srv/data', 'homelab:tank/vm-*'], verdict: ask, approvals: 2, effects: [delete, destroy] }
rules:
  - { id: zfs-free, match: { tool: zfs }, verdict: allow }
`);
  const cases = [
    [
      'dataset itself',
      act({ tool: 'zfs', effect: 'destroy', risk: 'high', targets: ['tank/photos'] }),
      'deny',
      'protect/photos',
    ],
    [
      'child dataset',
      act({ tool: 'zfs', effect: 'destroy', risk: 'high', targets: ['tank/photos/2019'] }),
      'deny',
      'protect/photos',
    ],
    [
      'snapshot of it (a write)',
      act({ tool: 'zfs', effect: 'write', targets: ['tank/photos@daily'] }),
      'deny',
      'protect/photos',
    ],
    [
      'a parent, destroyed',
      act({ tool: 'zfs', effect: 'destroy', risk: 'high', targets: ['tank'] }),
      'deny',
      'protect/photos',
    ],
    [
      'a parent, written',
      act({ tool: 'zfs', effect: 'write', targets: ['tank'] }),
      'allow',
      'rules/zfs-free',
    ],
    [
      'reading it',
      act({ tool: 'zfs', effect: 'read', targets: ['tank/photos'] }),
      'allow',
      'rules/zfs-free',
    ],
    [
      'another tool on the same name',
      act({ tool: 'rclone', effect: 'delete', targets: ['tank/photos'] }),
      'allow',
      'defaults/none',
    ],
    [
      'a path under it',
      act({
        tool: 'rm',
        rule: 'fs/rm-data',
        effect: 'delete',
        risk: 'high',
        targets: ['/srv/data/x'],
      }),
      'ask',
      'protect/3',
    ],
    [
      'a path next to it',
      act({
        tool: 'rm',
        rule: 'fs/rm-data',
        effect: 'delete',
        risk: 'low',
        targets: ['/srv/database'],
      }),
      'allow',
      'defaults/low',
    ],
    [
      'by rule family',
      act({
        tool: 'qm',
        rule: 'homelab/vm-destroy',
        effect: 'destroy',
        risk: 'high',
        targets: ['tank/vm-101-disk-0'],
      }),
      'ask',
      'protect/3',
    ],
  ] as const;
  it.each(cases)('%s', (_name, action, verdict, rule) => {
    const d = evaluate([action], policy, noon);
    expect([d.verdict, d.rule]).toEqual([verdict, rule]);
  });

  it('an entry without an id is named by its position in the merged list (after the 2 built-in ones)', () => {
    expect(policy.protect.map((p) => p.name)).toEqual([
      'protect/agent-hooks',
      'protect/portcullis-self',
      'protect/photos',
      'protect/3',
    ]);
  });

  it('an allow rule cannot lift a protection; a protection ask carries its approvals', () => {
    const d = evaluate(
      [
        act({
          tool: 'rm',
          rule: 'fs/rm-data',
          effect: 'delete',
          risk: 'low',
          targets: ['/srv/data'],
        }),
      ],
      policy,
      noon,
    );
    expect(d.approvals).toEqual({ required: 2, ttlSeconds: 900 });
  });

  const builtin = defaultPolicy();
  const paths = [
    ['/home/dev/project/.claude/settings.json', 'write', 'deny'],
    ['/home/dev/project/.Claude/settings.json', 'write', 'deny'],
    ['/home/dev/.codex/config.toml', 'write', 'deny'],
    ['/home/dev/project/.github/hooks/pre.json', 'write', 'deny'],
    ['/home/dev/project/.github/workflows/ci.yml', 'write', 'allow'],
    ['/home/dev/project/opencode.json', 'write', 'deny'],
    ['/home/dev/project/.claude/settings.json', 'read', 'allow'],
    ['/home/dev/.config/portcullis/policy.yaml', 'write', 'deny'],
    ['/root/.local/share/portcullis/portcullis.db', 'delete', 'deny'],
    ['/home/dev/.config', 'delete', 'deny'],
    ['/home/dev/.config/git', 'delete', 'allow'],
    ['/etc', 'destroy', 'deny'],
    ['/etc/portcullis/policy.yaml', 'write', 'deny'],
    ['/home/dev/project/.portcullis.yaml', 'delete', 'deny'],
    ['/home/dev/project', 'delete', 'allow'],
    ['/usr/local/lib/node_modules/portcullis/dist/portcullis.mjs', 'write', 'deny'],
  ] as const;
  it.each(paths)('built-in: %s (%s) → %s', (target, effect, verdict) => {
    const d = evaluate(
      [act({ tool: 'file', effect, risk: 'low', rule: 'files/write', targets: [target] })],
      builtin,
      noon,
    );
    expect(d.verdict).toBe(verdict);
  });
});

describe('environments', () => {
  const policy = userPolicy(`
version: 1
environments:
  prod: { match: ['*prod*', 'host:*.prod.internal', 'cwd:/srv/live/*'] }
  staging: ['stg-*']
  local: ['*']
rules:
  - { id: prod-writes, match: { env: prod, effect: [write, delete] }, verdict: ask, approvals: 2 }
  - { id: staging-free, match: { env: staging }, verdict: allow }
`);
  it.each([
    [
      'a target',
      act({ tool: 'kubectl', effect: 'delete', targets: ['deploy', 'billing-prod'] }),
      undefined,
      'prod',
    ],
    [
      'a hop',
      act({ tool: 'systemctl', effect: 'write', via: ['ssh db1.prod.internal', 'sudo'] }),
      undefined,
      'prod',
    ],
    ['the cwd', act({ tool: 'rm', effect: 'delete' }), '/srv/live/app', 'prod'],
    [
      'a staging target',
      act({ tool: 'helm', effect: 'delete', targets: ['stg-shop'] }),
      undefined,
      'staging',
    ],
    [
      'only raising: dev stays dev against local',
      act({ tool: 'helm', effect: 'delete', env: 'dev', targets: ['x'] }),
      undefined,
      'dev',
    ],
    [
      'only raising: prod stays prod',
      act({ tool: 'helm', effect: 'delete', env: 'prod', targets: ['stg-x'] }),
      undefined,
      'prod',
    ],
  ] as const)('raises env from %s', (_name, action, cwd, env) => {
    const request =
      cwd === undefined
        ? undefined
        : { kind: 'shell' as const, agent: 'claude', cwd, command: 'x' };
    const d = evaluate([action], policy, { ...noon, ...(request ? { request } : {}) });
    expect(d.actions[0]?.env).toBe(env);
  });

  it('rules see the raised env, and the decision says why', () => {
    const d = evaluate(
      [act({ tool: 'kubectl', effect: 'delete', risk: 'low', targets: ['billing-prod'] })],
      policy,
      noon,
    );
    expect([d.verdict, d.rule, d.approvals?.required]).toEqual(['ask', 'rules/prod-writes', 2]);
    expect(d.actions[0]?.reasons).toEqual([
      'environment prod: the policy\'s "*prod*" matches (user.yaml:4)',
    ]);
  });
});
