import { describe, expect, it } from 'vitest';
import { compilePolicy, defaultPolicy } from './build.js';
import { evaluate } from './evaluate.js';
import { WEDNESDAY_NOON, act, userPolicy } from './test-kit.js';

const at = (iso: string) => ({ agent: 'claude', time: new Date(iso) });
const noon = { agent: 'claude', time: WEDNESDAY_NOON };

describe('defaults (built-in policy)', () => {
  const policy = defaultPolicy();
  const cases = [
    ['none', 'read', 'allow', 'defaults/none'],
    ['low', 'write', 'allow', 'defaults/low'],
    ['high', 'delete', 'ask', 'defaults/high'],
    ['catastrophic', 'destroy', 'ask', 'defaults/catastrophic'],
    ['high', 'unknown', 'ask', 'defaults/unknown'],
    ['catastrophic', 'unknown', 'ask', 'defaults/catastrophic'],
  ] as const;
  it.each(cases)('risk %s, effect %s → %s by %s', (risk, effect, verdict, rule) => {
    const d = evaluate([act({ risk, effect })], policy, noon);
    expect([d.verdict, d.rule]).toEqual([verdict, rule]);
  });

  it('asks for peer review (2) on catastrophic and one approval on high, 900 s', () => {
    expect(
      evaluate([act({ risk: 'catastrophic', effect: 'destroy' })], policy, noon).approvals,
    ).toEqual({ required: 2, ttlSeconds: 900 });
    expect(evaluate([act({ risk: 'high', effect: 'delete' })], policy, noon).approvals).toEqual({
      required: 1,
      ttlSeconds: 900,
    });
    expect(evaluate([act({ risk: 'low' })], policy, noon).approvals).toBeUndefined();
  });

  it('allows an empty action list (nothing to do)', () => {
    expect(evaluate([], policy, noon)).toEqual({
      verdict: 'allow',
      risk: 'none',
      rule: 'policy/nothing-to-do',
      reasons: ['the request does nothing to judge'],
      actions: [],
    });
  });

  it('denies self/* analyzer rules whatever their risk', () => {
    const d = evaluate(
      [
        act({
          tool: 'portcullis',
          verb: 'uninstall',
          effect: 'write',
          risk: 'high',
          rule: 'self/portcullis-cli',
        }),
      ],
      policy,
      noon,
    );
    expect([d.verdict, d.rule]).toEqual(['deny', 'rules/self-protection']);
  });
});

describe('strictest over all actions', () => {
  const policy = defaultPolicy();
  it('deny beats ask beats allow; the deciding entry and its reasons are reported', () => {
    const d = evaluate(
      [
        act({ risk: 'none', reasons: ['reads'] }),
        act({ risk: 'high', effect: 'delete', reasons: ['deletes a namespace'] }),
        act({
          tool: 'rm',
          effect: 'delete',
          risk: 'high',
          targets: ['/home/dev/project/.claude'],
          reasons: ['removes .claude'],
        }),
      ],
      policy,
      noon,
    );
    expect(d.verdict).toBe('deny');
    expect(d.rule).toBe('protect/agent-hooks');
    expect(d.risk).toBe('high');
    expect(d.reasons).toEqual([
      'protected: agent hook configuration; an agent must not change its own leash',
      'removes .claude',
    ]);
    expect(d.approvals).toBeUndefined();
  });

  it('an ask carries the most approvals any action needs, the shortest TTL and every group', () => {
    const policy = userPolicy(`
version: 1
rules:
  - { id: a, match: { tool: kubectl }, verdict: ask, approvals: 1, ttl: 600, approverGroups: [k8s] }
  - { id: b, match: { tool: psql }, verdict: ask, approvals: 3, ttl: 1200, approverGroups: [dba] }
`);
    const d = evaluate([act({ tool: 'kubectl' }), act({ tool: 'psql' })], policy, noon);
    expect([d.verdict, d.rule]).toEqual(['ask', 'rules/b']);
    expect(d.approvals).toEqual({ required: 3, approverGroups: ['k8s', 'dba'], ttlSeconds: 600 });
  });
});

describe('time-based rules (change freeze), with the instant injected', () => {
  const policy = userPolicy(`
version: 1
timezone: Europe/London
rules:
  - id: freeze
    when: 'action.env == "prod" && action.effect != "read" && time.weekday in [0, 6]'
    verdict: deny
    reason: change freeze at weekends
  - id: office-hours
    when: 'action.env == "prod" && (time.hour < 9 || time.hour >= 18)'
    verdict: ask
  - id: christmas
    when: 'time.date == "2026-12-25"'
    verdict: deny
`);
  const prodWrite = act({ tool: 'kubectl', effect: 'write', risk: 'low', env: 'prod' });
  it.each([
    ['Wednesday noon', '2026-01-07T12:00:00Z', 'allow', 'defaults/low'],
    ['Saturday morning', '2026-01-10T10:00:00Z', 'deny', 'rules/freeze'],
    ['Sunday night', '2026-01-11T23:59:00Z', 'deny', 'rules/freeze'],
    ['Friday 23:30 UTC is Friday in London', '2026-01-09T23:30:00Z', 'ask', 'rules/office-hours'],
    [
      'Friday 23:30 UTC in summer is Saturday 00:30 in London',
      '2026-07-10T23:30:00Z',
      'deny',
      'rules/freeze',
    ],
    ['Monday 08:59 London', '2026-01-12T08:59:00Z', 'ask', 'rules/office-hours'],
    ['Christmas Day', '2026-12-25T12:00:00Z', 'deny', 'rules/christmas'],
  ] as const)('%s', (_name, iso, verdict, rule) => {
    const d = evaluate([prodWrite], policy, at(iso));
    expect([d.verdict, d.rule]).toEqual([verdict, rule]);
  });
});

describe('shadow mode', () => {
  const policy = userPolicy(`
version: 1
mode: shadow
rules:
  - { id: no-psql, match: { tool: psql }, verdict: deny, reason: use the API }
`);
  it('allows but records the would-be verdict and rule', () => {
    const d = evaluate([act({ tool: 'psql' })], policy, noon);
    expect(d).toMatchObject({ verdict: 'allow', shadowVerdict: 'deny', rule: 'rules/no-psql' });
    expect(d.reasons[0]).toBe('shadow mode: would have been deny');
  });
  it('moves approvals to shadowApprovals', () => {
    const d = evaluate([act({ risk: 'catastrophic', effect: 'destroy' })], policy, noon);
    expect(d.verdict).toBe('allow');
    expect(d.approvals).toBeUndefined();
    expect(d.shadowApprovals).toEqual({ required: 2, ttlSeconds: 900 });
  });
  it('records allow too, and still denies on an evaluation error', () => {
    expect(evaluate([act({})], policy, noon).shadowVerdict).toBe('allow');
    const broken = userPolicy(`
version: 1
mode: shadow
rules: [{ id: x, when: 'request.command == "y"', verdict: deny }]
`);
    expect(evaluate([act({})], broken, noon)).toMatchObject({
      verdict: 'deny',
      rule: 'policy/error',
    });
  });
});

describe('approvals section', () => {
  it('fills asks that do not say, from the merged approvals', () => {
    const p = compilePolicy([
      {
        file: 'user.yaml',
        kind: 'user',
        text: 'version: 1\napprovals: { required: 2, approverGroups: [sre], ttl: 10m }\nrules: [{ id: k, match: { tool: kubectl }, verdict: ask }]\n',
      },
    ]);
    expect(evaluate([act({ tool: 'kubectl' })], p, noon).approvals).toEqual({
      required: 2,
      approverGroups: ['sre'],
      ttlSeconds: 600,
    });
    // The built-in defaults name their counts; the TTL and groups come from the approvals section.
    expect(evaluate([act({ risk: 'high', effect: 'delete' })], p, noon).approvals).toEqual({
      required: 1,
      approverGroups: ['sre'],
      ttlSeconds: 600,
    });
  });
});
