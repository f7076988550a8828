import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { evaluate } from './evaluate.js';
import { PolicyError } from './errors.js';
import { limitFor } from './index.js';
import { findProjectPolicy, loadPolicy } from './load.js';
import { WEDNESDAY_NOON, act } from './test-kit.js';

const root = mkdtempSync(join(tmpdir(), 'portcullis-policy-'));
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

let n = 0;
let dirs: { home: string; etc: string; repo: string; cwd: string };
beforeEach(() => {
  const base = join(root, String(n++));
  dirs = {
    home: join(base, 'home'),
    etc: join(base, 'etc'),
    repo: join(base, 'home', 'src', 'shop'),
    cwd: join(base, 'home', 'src', 'shop', 'api'),
  };
  mkdirSync(dirs.cwd, { recursive: true });
  mkdirSync(dirs.etc, { recursive: true });
  mkdirSync(join(dirs.repo, '.git'));
});

function put(file: string, text: string): string {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
  return file;
}
const system = (text: string) => put(join(dirs.etc, 'policy.yaml'), text);
const user = (text: string) => put(join(dirs.home, '.config', 'portcullis', 'policy.yaml'), text);
const project = (text: string, dir = dirs.repo) => put(join(dir, '.portcullis.yaml'), text);
const load = () => loadPolicy({ cwd: dirs.cwd, home: dirs.home, etcDir: dirs.etc });
function refusal(): { code: string; lines: string[] } {
  try {
    load();
  } catch (err) {
    if (err instanceof PolicyError)
      return {
        code: err.code,
        lines: err.problems.map(
          (p) => `${p.file.slice(dirs.home.length)}:${p.line}:${p.col} ${p.message}`,
        ),
      };
    throw err;
  }
  throw new Error('the policy loaded');
}
const noon = { agent: 'claude', time: WEDNESDAY_NOON };

describe('where policy lives', () => {
  it('uses the built-in policy when there are no files', () => {
    expect(load().layers).toEqual([{ file: '<built-in>', kind: 'builtin' }]);
  });

  it('layers system, user and project in that order', () => {
    const s = system('version: 1\n');
    const u = user('version: 1\n');
    const p = project('version: 1\n');
    expect(load().layers.map((l) => [l.kind, l.file])).toEqual([
      ['builtin', '<built-in>'],
      ['system', s],
      ['user', u],
      ['project', p],
    ]);
  });

  it('finds the project file from cwd upward, stopping at the repository root', () => {
    expect(findProjectPolicy(dirs.cwd, dirs.home)).toBeUndefined();
    const above = project('version: 1\n', join(dirs.home, 'src'));
    expect(findProjectPolicy(dirs.cwd, dirs.home)).toBeUndefined(); // above the repo root: not this project's
    rmSync(join(dirs.repo, '.git'), { recursive: true });
    expect(findProjectPolicy(dirs.cwd, dirs.home)).toBe(above); // no repository: up to home
    const nearest = project('version: 1\n', dirs.cwd);
    expect(findProjectPolicy(dirs.cwd, dirs.home)).toBe(nearest);
  });

  it('an explicit file replaces the files in force, still on top of the built-in policy', () => {
    user('version: 1\nrules: [{ id: u, when: "true", verdict: deny }]\n');
    const f = put(join(dirs.home, 'team.yaml'), 'version: 1\n');
    const policy = loadPolicy({
      cwd: dirs.cwd,
      home: dirs.home,
      etcDir: dirs.etc,
      explicitFile: f,
    });
    expect(policy.layers.map((l) => l.kind)).toEqual(['builtin', 'file']);
  });

  it('an explicit .portcullis.yaml is still a project file (tighten only)', () => {
    const f = project('version: 1\nrules: [{ id: u, when: "true", verdict: allow }]\n');
    expect(() => loadPolicy({ cwd: dirs.cwd, home: dirs.home, explicitFile: f })).toThrow(
      /may only ask or deny/,
    );
  });

  it('fails closed on a missing explicit file, an unreadable file and an invalid one', () => {
    expect(() => loadPolicy({ cwd: dirs.cwd, home: dirs.home, explicitFile: 'nope.yaml' })).toThrow(
      /nope\.yaml: no such file/,
    );
    mkdirSync(join(dirs.etc, 'policy.yaml'));
    expect(refusal()).toMatchObject({ code: 'policy/unreadable' });
    rmSync(join(dirs.etc, 'policy.yaml'), { recursive: true });
    const u = user('version: 1\n');
    if (process.getuid?.() !== 0) {
      chmodSync(u, 0o000);
      expect(refusal()).toMatchObject({ code: 'policy/unreadable' });
      chmodSync(u, 0o600);
    }
    user('version: 1\nmode: loud\n');
    expect(refusal()).toEqual({
      code: 'policy/invalid',
      lines: [
        '/.config/portcullis/policy.yaml:2:7 Invalid option: expected one of "enforce"|"shadow"',
      ],
    });
  });
});

describe('system and user files have full power', () => {
  it('the user overrides system defaults, mode and approvals; rules run built-in, system, user', () => {
    system(
      'version: 1\ndefaults: { high: deny }\nrules: [{ id: sys, match: { tool: psql }, verdict: deny }]\napprovals: { ttl: 600 }\n',
    );
    user(
      'version: 1\nmode: shadow\ndefaults: { high: allow }\nrules: [{ id: mine, match: { tool: psql }, verdict: allow }]\n',
    );
    const policy = load();
    expect(policy.mode).toBe('shadow');
    expect(policy.defaults.high.outcome).toEqual({ verdict: 'allow' });
    expect(policy.approvals.ttlSeconds).toBe(600);
    expect(policy.rules.map((r) => r.name)).toEqual([
      'rules/self-protection',
      'rules/sys',
      'rules/mine',
    ]);
  });

  it('rule ids may not clash across files', () => {
    system('version: 1\nrules: [{ id: same, when: "true", verdict: deny }]\n');
    user('version: 1\nrules: [{ id: same, when: "true", verdict: deny }]\n');
    expect(refusal().lines[0]).toMatch(
      /policy\.yaml:2:15 rule id "same" is already used in .*etc\/policy\.yaml$/,
    );
  });
});

describe('a project file can only tighten', () => {
  it('refuses every loosening, each with its line', () => {
    user('version: 1\napprovals: { required: 2, ttl: 600 }\n');
    project(`version: 1
mode: shadow
defaults:
  catastrophic: { verdict: ask, approvals: 1 }
  high: allow
  low: allow
approvals: { required: 1, ttl: 3600, approverGroups: [devs] }
rules:
  - { id: let-me, match: { tool: terraform }, verdict: allow }
  - { id: my-approvers, match: { tool: kubectl }, verdict: ask, approverGroups: [me] }
`);
    expect(refusal()).toEqual({
      code: 'policy/loosens',
      lines: [
        '/src/shop/.portcullis.yaml:2:7 a project file cannot switch the gate to shadow mode',
        '/src/shop/.portcullis.yaml:4:17 loosens "catastrophic" from ask (2 approvals, 600 s) (<built-in>) to ask (1 approval, 600 s)',
        '/src/shop/.portcullis.yaml:5:9 loosens "high" from ask (1 approval, 600 s) (<built-in>) to allow',
        '/src/shop/.portcullis.yaml:7:24 lowers the approvals an ask needs from 2 to 1',
        '/src/shop/.portcullis.yaml:7:32 lengthens approval validity from 600 s to 3600 s',
        '/src/shop/.portcullis.yaml:7:54 a project file cannot choose who approves',
        '/src/shop/.portcullis.yaml:9:56 rule "let-me" allows; a project rule may only ask or deny',
        '/src/shop/.portcullis.yaml:10:81 a project file cannot choose who approves',
      ],
    });
  });

  it('may raise defaults and approvals, shorten TTLs, add protections, environments and limits', () => {
    user('version: 1\nlimits: [{ agent: "*", maxApprovedDestructivePerHour: 10 }]\n');
    project(`version: 1
defaults: { low: ask, catastrophic: deny }
approvals: { required: 2, ttl: 300 }
protect: [{ id: fixtures, match: 'path:/data/fixtures', verdict: deny }]
environments: { prod: ['shop-db'] }
limits: [{ agent: claude, maxApprovedDestructivePerHour: 2 }]
`);
    const policy = load();
    expect(policy.defaults.low.outcome).toEqual({
      verdict: 'ask',
      approvals: { required: 2, ttlSeconds: 300 },
    });
    expect(policy.defaults.catastrophic.outcome).toEqual({ verdict: 'deny' });
    expect(
      evaluate(
        [act({ tool: 'rm', effect: 'delete', targets: ['/data/fixtures/a.json'] })],
        policy,
        noon,
      ).rule,
    ).toBe('protect/fixtures');
    expect(evaluate([act({ targets: ['shop-db'] })], policy, noon).actions[0]?.env).toBe('prod');
    expect([limitFor(policy, 'claude'), limitFor(policy, 'codex')]).toEqual([2, 10]);
  });

  it("a project's deny is not shadowed by an earlier allow rule, and it cannot lift the user's deny", () => {
    user(
      'version: 1\nrules:\n  - { id: tf-ok, match: { tool: terraform }, verdict: allow }\n  - { id: no-psql, match: { tool: psql }, verdict: deny }\n',
    );
    project(
      'version: 1\nrules:\n  - { id: no-tf-here, match: { tool: terraform }, verdict: deny, reason: state is shared }\n  - { id: psql-ask, match: { tool: psql }, verdict: ask }\n',
    );
    const policy = load();
    const tf = evaluate([act({ tool: 'terraform', effect: 'write', risk: 'low' })], policy, noon);
    expect([tf.verdict, tf.rule, tf.reasons[0]]).toEqual([
      'deny',
      'rules/no-tf-here',
      'state is shared',
    ]);
    const psql = evaluate([act({ tool: 'psql' })], policy, noon);
    expect([psql.verdict, psql.rule]).toEqual(['deny', 'rules/no-psql']);
  });

  it('may set enforce over a shadow-mode user policy', () => {
    user('version: 1\nmode: shadow\n');
    project('version: 1\nmode: enforce\n');
    expect(load().mode).toBe('enforce');
  });
});
