import { describe, expect, it } from 'vitest';
import { compilePolicy } from './build.js';
import { PolicyError, type PolicyProblem } from './errors.js';

/** The problems a user policy text is refused with, as `line:col field: message` strings. */
function problems(text: string, kind: 'user' | 'project' = 'user'): string[] {
  try {
    compilePolicy([{ file: 'p.yaml', kind, text }]);
  } catch (err) {
    if (!(err instanceof PolicyError)) throw err;
    return err.problems.map((p: PolicyProblem) => `${p.line}:${p.col} ${p.field}: ${p.message}`);
  }
  return [];
}

describe('a bad policy refuses to load, naming file, line, column and field', () => {
  it('lists every schema problem at once, in line order', () => {
    const text = [
      'version: 2', // 1
      'mode: enforced', // 2
      'defaults:', // 3
      '  high: { verdict: ask, approvals: 0 }', // 4
      '  medium: allow', // 5
      'rules:', // 6
      '  - id: ok-rule', // 7
      '    when: "true"', // 8
      '    verdict: maybe', // 9
      '  - id: no-condition', // 10
      '    verdict: deny', // 11
      '    colour: red', // 12
      'approvals: { ttl: 5 }', // 13
    ].join('\n');
    expect(problems(text)).toEqual([
      '1:10 version: the only policy version is 1',
      '2:7 mode: Invalid option: expected one of "enforce"|"shadow"',
      '4:36 defaults.high.approvals: Too small: expected number to be >=1',
      '5:3 defaults.medium: unknown field',
      '9:14 rules[0].verdict: Invalid option: expected one of "allow"|"ask"|"deny"',
      '10:5 rules[1]: a rule needs `when` or `match` (write `when: "true"` to match everything)',
      '12:5 rules[1].colour: unknown field',
      '13:19 approvals.ttl: at least 30 seconds',
    ]);
  });

  it('reports YAML syntax errors with their position', () => {
    const [first] = problems('version: 1\nrules:\n  - id: a\n    when: [unclosed\n');
    expect(first).toMatch(/^5:1 : /);
    expect(problems('version: 1\nversion: 1\n')).toEqual(['2:1 : Map keys must be unique']);
  });

  it('refuses an empty file and a file that is not a map', () => {
    expect(problems('')).toEqual(['0:0 : the file is empty; a policy starts with `version: 1`']);
    expect(problems('- version: 1\n')).toEqual(['1:1 : expected object, received array']);
  });

  it('type-checks CEL at load: syntax, unknown fields, non-boolean conditions', () => {
    const text = `version: 1
rules:
  - id: syntax
    when: 'action.tool =='
    verdict: deny
  - id: typo
    when: 'action.tol == "kubectl"'
    verdict: deny
  - id: not-bool
    when: 'action.targets'
    verdict: deny
  - id: fine
    when: 'action.tool == "kubectl" && time.weekday in [0, 6] && agent.name != "" && has(request.cwd)'
    verdict: deny
`;
    expect(problems(text)).toEqual([
      '4:11 rules[0].when: Unexpected token: EOF (at character 15 of the condition)',
      '7:11 rules[1].when: No such key: tol (at character 8 of the condition)',
      '10:11 rules[2].when: the condition must be true or false, but it is a list<string>',
    ]);
  });

  it('checks globs, protect patterns, time zones, ask-only fields and duplicate ids', () => {
    const text = `version: 1
timezone: Mars/Olympus_Mons
protect:
  - { match: 'tank/photos', verdict: deny }
  - { match: ['zfs:tank/[photos'], verdict: deny }
  - { id: agent-hooks, match: 'path:x', verdict: deny }
rules:
  - { id: a, match: { tool: 'kube{ctl' }, verdict: deny }
  - { id: a, match: { tool: kubectl }, verdict: allow, approvals: 2 }
`;
    expect(problems(text)).toEqual([
      '2:11 timezone: unknown time zone "Mars/Olympus_Mons" (use an IANA name such as "Europe/Berlin")',
      '4:14 protect[0].match: write "family:pattern" (e.g. "zfs:tank/photos*", "path:~/.ssh", "*:prod-db"), not "tank/photos"',
      '5:15 protect[1].match[0]: unclosed "[" in "tank/[photos"',
      '8:29 rules[0].match.tool: unclosed "{" in "kube{ctl"',
      '9:67 rules[1].approvals: only an "ask" takes approvals (this entry says "allow")',
    ]);
    // Ids are checked once everything compiles (they clash across files too).
    const ids = `version: 1
protect:
  - { id: agent-hooks, match: 'path:x', verdict: deny }
rules:
  - { id: a, when: 'true', verdict: deny }
  - { id: a, when: 'true', verdict: deny }
`;
    expect(problems(ids)).toEqual([
      '3:11 protect[0].id: protection id "agent-hooks" is already used in <built-in>',
      '6:11 rules[1].id: rule id "a" is already used in this file',
    ]);
  });

  it('accepts the documented forms', () => {
    const text = `version: 1
description: every form
mode: shadow
timezone: Europe/Berlin
defaults:
  catastrophic: deny
  high: { verdict: ask, approvals: 2, approverGroups: [sre], ttl: 2h }
  unknown: ask
environments:
  prod: { match: '*prod*' }
  staging: ['stg-*', 'host:*.stg', 'context:stg', 'target:x', 'cwd:/srv/stg/*']
protect:
  - { id: p, match: ['zfs:tank/*', 'path:~/.ssh', '*:prod-db'], verdict: ask, approvals: 2, effects: [destroy], reason: r }
rules:
  - { id: r1, match: { tool: [a, b], verb: x, env: prod, risk: [high], effect: write, rule: 'k8s/*', target: t, agent: '*' }, verdict: deny }
  - { id: r2, when: 'true', verdict: ask, ttl: 90s }
approvals: { required: 1, approverGroups: [ops], ttl: 900 }
limits:
  - { agent: '*', maxApprovedDestructivePerHour: 10 }
tests:
  - { name: n, command: ls, cwd: /tmp, agent: a, time: '2026-01-10T10:00:00Z', expect: allow, rule: defaults/none }
`;
    expect(problems(text)).toEqual([]);
  });

  it('formats the message with file:line:col for people and logs', () => {
    try {
      compilePolicy([
        { file: '/etc/portcullis/policy.yaml', kind: 'system', text: 'version: 1\nmode: off\n' },
      ]);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(PolicyError);
      expect((err as PolicyError).code).toBe('policy/invalid');
      expect((err as PolicyError).message).toBe(
        'invalid policy (/etc/portcullis/policy.yaml):\n  /etc/portcullis/policy.yaml:2:7: mode: Invalid option: expected one of "enforce"|"shadow"',
      );
    }
  });
});
