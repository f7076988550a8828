import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { parse, parseAllDocuments } from 'yaml';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { registerIdentityCommand } from './identity.js';

// `portcullis identity plan` in-process against gate.yaml files in a scratch directory. It only prints.
let tmp: string;
beforeEach(() => {
  tmp = mkdtempSync(join(tmpdir(), 'portcullis-identity-'));
});
afterEach(() => {
  rmSync(tmp, { recursive: true, force: true });
});

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let code = -1;
  let out = '';
  let err = '';
  const program = new Command().exitOverride();
  registerIdentityCommand(program, {
    setExitCode: (c) => {
      code = c;
    },
    out: (s) => {
      out += s;
    },
    err: (s) => {
      err += s;
    },
    // No real ~/.config or /etc is ever read by these tests.
    defaultConfigs: () => Promise.resolve([join(tmp, 'absent.yaml')]),
  });
  await program.parseAsync(['identity', 'plan', ...argv], { from: 'user' });
  return { code, out, err };
}

function config(text: string): string {
  const path = join(tmp, 'gate.yaml');
  writeFileSync(path, text);
  return path;
}

describe('portcullis identity plan', () => {
  it('plans only the families the bindings cover', async () => {
    const path = config(
      'bindings:\n  - {tool: kubectl, env: prod, files: {KUBECONFIG: kube-prod}}\n  - {tool: psql, env: prod, vars: {PGPASSWORD: pg}}\n',
    );
    const r = await run(['--config', path]);
    expect([r.code, r.err]).toEqual([0, '']);
    expect(r.out.split('\n').filter((l) => l.startsWith('## '))).toEqual([
      '## Kubernetes: a read-only service account for the agent, deletes only through the gate',
      '## PostgreSQL: a read-only role for the agent',
    ]);
    expect(r.out).toContain('For: kubectl (env prod)\n');
  });

  it('with no config at all: every family, and says why', async () => {
    const r = await run([]);
    expect(r.code).toBe(0);
    expect(r.out.split('\n')[0]).toMatch(/^Note: The gate config binds no credentials yet/);
    expect(r.out.split('\n').filter((l) => l.startsWith('## ')).length).toBe(5);
  });

  it('--format yaml is one document; --format k8s is manifests for kubectl apply', async () => {
    const path = config('bindings: [{tool: helm}]\n');
    const y = await run(['--config', path, '--format', 'yaml']);
    expect(
      (parse(y.out) as { recipes: { family: string }[] }).recipes.map((r) => r.family),
    ).toEqual(['kubernetes']);
    const k = await run(['--config', path, '--format', 'k8s', '--namespace', 'ops']);
    const docs = parseAllDocuments(k.out).map((d) => d.toJS() as { kind: string });
    expect(docs.map((d) => d.kind)).toEqual([
      'Namespace',
      'ServiceAccount',
      'ClusterRole',
      'ClusterRoleBinding',
      'ServiceAccount',
      'ClusterRoleBinding',
      'ValidatingAdmissionPolicy',
      'ValidatingAdmissionPolicyBinding',
    ]);
    expect(k.out).toContain(
      "request.userInfo.username == 'system:serviceaccount:ops:portcullis-gate'",
    );
  });

  const failures: [string, string[], string | undefined, number, RegExp][] = [
    ['an unknown format', ['--format', 'json'], undefined, 2, /--format must be text, yaml or k8s/],
    ['a bad namespace', ['--namespace', 'Ops_1'], undefined, 2, /--namespace/],
    [
      'an explicit config that does not exist',
      ['--config', '/nonexistent/gate.yaml'],
      undefined,
      2,
      /no gate config at/,
    ],
    ['bindings without a tool', [], 'bindings: [{env: prod}]\n', 2, /bindings\.0\.tool/],
    ['a config that is not YAML', [], 'bindings: [\n', 2, /gate\.yaml/],
    [
      'k8s format with no Kubernetes binding',
      ['--format', 'k8s'],
      'bindings: [{tool: aws}]\n',
      1,
      /no Kubernetes tool/,
    ],
  ];
  it.each(failures)('%s', async (_name, flags, text, code, message) => {
    const extra = text !== undefined ? ['--config', config(text)] : [];
    const r = await run([...flags, ...extra]);
    expect([r.code, r.out]).toEqual([code, '']);
    expect(r.err).toMatch(message);
  });
});
