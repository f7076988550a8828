import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, describe, expect, it } from 'vitest';
import {
  policyCheck,
  policyShow,
  policyTest,
  registerPolicyCommand,
  type PolicyIo,
} from './policy.js';
import { policyFileEvaluator } from './check-policy.js';
import { PolicyError } from '../policy/index.js';

// `portcullis policy show | check | test`, driven through their runners with temp directories for home, /etc
// and the project. Commands in test tables are analysed, never run.
const root = mkdtempSync(join(tmpdir(), 'portcullis-policy-cli-'));
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});
const home = join(root, 'home');
const etc = join(root, 'etc');
const repo = join(root, 'repo');
mkdirSync(join(home, '.config', 'portcullis'), { recursive: true });
mkdirSync(etc);
mkdirSync(join(repo, '.git'), { recursive: true });

function io(): PolicyIo & { stdout: string; stderr: string } {
  const r = { stdout: '', stderr: '', cwd: repo, home, etcDir: etc } as PolicyIo & {
    stdout: string;
    stderr: string;
  };
  r.out = (s) => (r.stdout += s);
  r.err = (s) => (r.stderr += s);
  return r;
}
function file(name: string, text: string): string {
  const p = join(root, name);
  writeFileSync(p, text);
  return p;
}

describe('policy check', () => {
  it('exits 0 and summarises a valid file', () => {
    const f = file(
      'good.yaml',
      'version: 1\nrules: [{ id: a, when: "true", verdict: ask }]\ntests: [{ command: ls, expect: ask }]\n',
    );
    const r = io();
    expect(policyCheck(r, f)).toBe(0);
    expect(r.stdout).toBe(`ok: ${f} (1 rule, 0 protections, 0 environment matchers, 1 test)\n`);
  });

  it('exits 1 and lists every problem with file:line:col', () => {
    const f = file(
      'bad.yaml',
      'version: 1\nrules:\n  - { id: a, when: "action.tol == 1", verdict: ask }\n  - { id: b, verdict: nope }\n',
    );
    const r = io();
    expect(policyCheck(r, f)).toBe(1);
    expect(r.stderr).toBe(
      [
        `invalid policy (${f}):`,
        `  ${f}:4:23: rules[1].verdict: Invalid option: expected one of "allow"|"ask"|"deny"`,
        '',
      ].join('\n'),
    );
  });

  it('checks a .portcullis.yaml as a project file', () => {
    mkdirSync(join(root, 'proj'));
    const f = file('proj/.portcullis.yaml', 'version: 1\ndefaults: { catastrophic: allow }\n');
    const r = io();
    expect(policyCheck(r, f)).toBe(1);
    expect(r.stderr).toContain(
      `${f}:2:27: defaults.catastrophic: loosens "catastrophic" from ask (2 approvals, 900 s) (<built-in>) to allow`,
    );
  });
});

describe('policy test', () => {
  it('exits 0 when every inline test passes', async () => {
    const f = file(
      'pass.yaml',
      'version: 1\ntests:\n  - { command: git status, expect: allow }\n  - { command: rm -rf .claude, expect: deny, rule: protect/agent-hooks }\n',
    );
    const r = io();
    expect(await policyTest(r, f, {})).toBe(0);
    expect(r.stdout).toBe(
      'ok    git status  → allow\nok    rm -rf .claude  → deny\n2 passed, 0 failed\n',
    );
  });

  it('exits 1 on a mismatch, printing the actual verdict and rule', async () => {
    const f = file(
      'fail.yaml',
      'version: 1\ntests:\n  - { command: git status, expect: deny }\n  - { command: rm -rf .claude, expect: deny, rule: rules/nope }\n',
    );
    const r = io();
    expect(await policyTest(r, f, {})).toBe(1);
    expect(r.stdout).toContain(
      `FAIL  git status\n      ${f}:3: expected deny, got allow by defaults/none (risk none)\n`,
    );
    expect(r.stdout).toContain(
      `FAIL  rm -rf .claude\n      ${f}:4: expected deny by rules/nope, got deny by protect/agent-hooks (risk high)\n`,
    );
    expect(r.stdout).toMatch(/0 passed, 2 failed\n$/);
  });

  it('without FILE runs the tests of every file in force', async () => {
    const user = join(home, '.config', 'portcullis', 'policy.yaml');
    writeFileSync(user, 'version: 1\ntests: [{ command: git status, expect: allow }]\n');
    writeFileSync(
      join(repo, '.portcullis.yaml'),
      'version: 1\ntests: [{ command: rm -rf .claude, expect: deny }]\n',
    );
    const r = io();
    expect(await policyTest(r, undefined, {})).toBe(0);
    expect(r.stdout).toBe(
      'ok    git status  → allow\nok    rm -rf .claude  → deny\n2 passed, 0 failed\n',
    );
    rmSync(join(repo, '.portcullis.yaml'));
    rmSync(user);
  });

  it('exits 1 when the policy does not load', async () => {
    const r = io();
    expect(await policyTest(r, file('broken.yaml', 'version: 1\nmode: x\n'), {})).toBe(1);
    expect(r.stderr).toMatch(/broken\.yaml:2:7: mode:/);
  });
});

describe('policy show', () => {
  it('prints the merged policy with the origin of each entry', () => {
    writeFileSync(
      join(etc, 'policy.yaml'),
      'version: 1\nrules: [{ id: sys, match: { tool: psql }, verdict: deny }]\n',
    );
    writeFileSync(
      join(repo, '.portcullis.yaml'),
      'version: 1\nrules: [{ id: proj, match: { tool: terraform }, verdict: ask }]\n',
    );
    const r = io();
    expect(policyShow(r, {})).toBe(0);
    expect(r.stdout).toContain(
      `#   system   ${join(etc, 'policy.yaml')}\n#   project  ${join(repo, '.portcullis.yaml')}\n`,
    );
    expect(r.stdout).toContain(
      `  - id: sys\n    match:\n      tool: psql\n    verdict: deny\n    origin: ${join(etc, 'policy.yaml')}:2\n`,
    );
    expect(r.stdout).toContain(`projectRules:\n  - id: proj\n`);
    expect(r.stdout).toContain('    origin: <built-in>\n');
    rmSync(join(etc, 'policy.yaml'));
    rmSync(join(repo, '.portcullis.yaml'));
  });
});

describe('wiring', () => {
  it('registerPolicyCommand adds show, check and test and reports the exit code', async () => {
    const program = new Command().exitOverride();
    let code = -1;
    registerPolicyCommand(program, (c) => (code = c));
    const f = file('wired.yaml', 'version: 1\n');
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = () => true;
    try {
      await program.parseAsync(['policy', 'check', f], { from: 'user' });
    } finally {
      process.stdout.write = write;
    }
    expect(code).toBe(0);
    expect(
      program.commands.find((c) => c.name() === 'policy')?.commands.map((c) => c.name()),
    ).toEqual(['show', 'check', 'test']);
  });

  it('policyFileEvaluator loads a file into an evaluator, and refuses a bad one', () => {
    const f = file(
      'eval.yaml',
      'version: 1\nrules: [{ id: no-kubectl, match: { tool: kubectl }, verdict: deny }]\n',
    );
    const evaluator = policyFileEvaluator(f, { now: () => new Date('2026-01-07T12:00:00Z') });
    const action = {
      tool: 'kubectl',
      verb: 'get',
      effect: 'read',
      risk: 'none',
      targets: [],
      env: 'unknown',
      reversible: true,
      reasons: [],
      rule: 'k8s/read',
      via: [],
    } as const;
    expect(evaluator([{ ...action, targets: [], reasons: [], via: [] }]).rule).toBe(
      'rules/no-kubectl',
    );
    expect(() => policyFileEvaluator(file('bad-eval.yaml', 'version: 3\n'))).toThrow(PolicyError);
  });
});
