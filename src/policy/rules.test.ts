import { describe, expect, it } from 'vitest';
import { evaluate } from './evaluate.js';
import { WEDNESDAY_NOON, act, userPolicy } from './test-kit.js';

const noon = { agent: 'claude', time: WEDNESDAY_NOON };

describe('CEL rules', () => {
  const policy = userPolicy(`
version: 1
rules:
  - id: dev-cluster-free
    when: 'action.tool == "kubectl" && action.env == "dev" && action.risk != "catastrophic"'
    verdict: allow
  - id: no-prod-db-writes
    when: 'action.tool == "psql" && action.env == "prod" && action.effect in ["write", "delete"]'
    verdict: deny
    reason: use a migration
  - id: bot-reads-only
    when: 'agent.name == "release-bot" && action.effect != "read"'
    verdict: ask
    approvals: 2
  - id: scripts-dir
    when: 'has(request.cwd) && request.cwd.startsWith("/srv/scripts") && action.risk == "high"'
    verdict: deny
  - id: scratch-datasets
    when: 'action.tool == "zfs" && action.targets.all(t, t.glob("tank/scratch/*"))'
    verdict: allow
`);
  const cases = [
    [
      'kubectl high in dev',
      act({ tool: 'kubectl', effect: 'delete', risk: 'high', env: 'dev' }),
      noon,
      'allow',
      'rules/dev-cluster-free',
    ],
    [
      'kubectl catastrophic in dev',
      act({ tool: 'kubectl', effect: 'delete', risk: 'catastrophic', env: 'dev' }),
      noon,
      'ask',
      'defaults/catastrophic',
    ],
    [
      'kubectl high in prod',
      act({ tool: 'kubectl', effect: 'delete', risk: 'high', env: 'prod' }),
      noon,
      'ask',
      'defaults/high',
    ],
    [
      'psql write in prod',
      act({ tool: 'psql', effect: 'write', risk: 'low', env: 'prod' }),
      noon,
      'deny',
      'rules/no-prod-db-writes',
    ],
    [
      'psql read in prod',
      act({ tool: 'psql', effect: 'read', risk: 'none', env: 'prod' }),
      noon,
      'allow',
      'defaults/none',
    ],
    [
      'release-bot writes',
      act({ tool: 'git', effect: 'write', risk: 'low' }),
      { agent: 'release-bot', time: WEDNESDAY_NOON },
      'ask',
      'rules/bot-reads-only',
    ],
    [
      'someone else writes',
      act({ tool: 'git', effect: 'write', risk: 'low' }),
      noon,
      'allow',
      'defaults/low',
    ],
    [
      'high in /srv/scripts',
      act({ tool: 'rm', effect: 'delete', risk: 'high' }),
      {
        ...noon,
        request: { kind: 'shell', agent: 'claude', cwd: '/srv/scripts/x', command: 'rm -rf build' },
      },
      'deny',
      'rules/scripts-dir',
    ],
    [
      'high elsewhere',
      act({ tool: 'rm', effect: 'delete', risk: 'high' }),
      {
        ...noon,
        request: { kind: 'shell', agent: 'claude', cwd: '/home/dev', command: 'rm -rf build' },
      },
      'ask',
      'defaults/high',
    ],
    [
      'zfs scratch',
      act({
        tool: 'zfs',
        effect: 'destroy',
        risk: 'high',
        targets: ['tank/scratch/a', 'tank/scratch/b'],
      }),
      noon,
      'allow',
      'rules/scratch-datasets',
    ],
    [
      'zfs mixed',
      act({
        tool: 'zfs',
        effect: 'destroy',
        risk: 'high',
        targets: ['tank/scratch/a', 'tank/media'],
      }),
      noon,
      'ask',
      'defaults/high',
    ],
  ] as const;
  it.each(cases)('%s', (_name, action, ctx, verdict, rule) => {
    const d = evaluate([action], policy, ctx);
    expect([d.verdict, d.rule]).toEqual([verdict, rule]);
  });

  it('first match wins', () => {
    const p = userPolicy(`
version: 1
rules:
  - { id: first, match: { tool: kubectl }, verdict: deny }
  - { id: second, match: { tool: kubectl }, verdict: allow }
`);
    expect(evaluate([act({ tool: 'kubectl' })], p, noon).rule).toBe('rules/first');
  });

  it('a condition that fails at run time denies with policy/error, naming the rule', () => {
    const p = userPolicy(`
version: 1
rules:
  - { id: needs-command, when: 'request.command.contains("x")', verdict: allow }
`);
    const d = evaluate([act({})], p, noon);
    expect([d.verdict, d.rule]).toEqual(['deny', 'policy/error']);
    expect(d.reasons[0]).toMatch(/rules\/needs-command \(user\.yaml:4\): No such key: command/);
  });

  it('an invalid instant denies with policy/error (no clock fallback)', () => {
    const p = userPolicy(`
version: 1
rules:
  - { id: night, when: 'time.hour < 6', verdict: deny }
`);
    expect(evaluate([act({})], p, { agent: 'a', time: new Date(Number.NaN) }).rule).toBe(
      'policy/error',
    );
  });
});

describe('match shorthand', () => {
  const policy = userPolicy(`
version: 1
rules:
  - id: vm-infra
    match: { tool: [qm, pct], verb: '* destroy', target: ['VM 1[0-9][0-9]', 'CT 1[0-9][0-9]'] }
    verdict: deny
  - id: k8s-deletes-staging
    match: { rule: 'k8s/delete-*', env: [staging, test] }
    verdict: allow
  - id: bots
    match: { agent: '*-bot', risk: [high, catastrophic] }
    verdict: deny
`);
  const cases = [
    [
      'qm destroy VM 150',
      act({ tool: 'qm', verb: 'qm destroy', targets: ['VM 150'], risk: 'high', effect: 'destroy' }),
      'claude',
      'deny',
      'rules/vm-infra',
    ],
    [
      'qm destroy VM 950',
      act({ tool: 'qm', verb: 'qm destroy', targets: ['VM 950'], risk: 'high', effect: 'destroy' }),
      'claude',
      'ask',
      'defaults/high',
    ],
    [
      'qm stop VM 150',
      act({ tool: 'qm', verb: 'qm stop', targets: ['VM 150'], risk: 'high', effect: 'write' }),
      'claude',
      'ask',
      'defaults/high',
    ],
    [
      'k8s delete in staging',
      act({ tool: 'kubectl', rule: 'k8s/delete-workload', env: 'staging', risk: 'high' }),
      'claude',
      'allow',
      'rules/k8s-deletes-staging',
    ],
    [
      'k8s delete in prod',
      act({ tool: 'kubectl', rule: 'k8s/delete-workload', env: 'prod', risk: 'high' }),
      'claude',
      'ask',
      'defaults/high',
    ],
    [
      'a bot, high risk',
      act({ tool: 'git', risk: 'high', effect: 'write' }),
      'release-bot',
      'deny',
      'rules/bots',
    ],
  ] as const;
  it.each(cases)('%s', (_name, action, agent, verdict, rule) => {
    const d = evaluate([action], policy, { agent, time: WEDNESDAY_NOON });
    expect([d.verdict, d.rule]).toEqual([verdict, rule]);
  });
});
