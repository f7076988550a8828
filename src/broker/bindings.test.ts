/**
 * Which credentials a command gets: a literal table of commands (analysed by the real analyzer, never run) and
 * the bindings that match, over a homelab/ops gate.yaml.
 */
import { describe, expect, it } from 'vitest';
import { analyzeRequestReady } from '../analyze/request.js';
import type { Action } from '../analyze/types.js';
import { parseGateConfig } from '../gate/config.js';
import { compileBindings, matchBindings, secretNames } from './bindings.js';

const config = parseGateConfig({
  bindings: [
    { name: 'kube-prod', tool: 'kubectl', env: 'prod', files: { KUBECONFIG: 'prod-kubeconfig' } },
    {
      name: 'kube-dev',
      tool: '{kubectl,helm}',
      env: 'dev',
      files: { KUBECONFIG: 'dev-kubeconfig' },
    },
    {
      name: 'aws-prod',
      tool: 'aws',
      env: 'prod',
      vars: { AWS_ACCESS_KEY_ID: 'aws-prod-id', AWS_SECRET_ACCESS_KEY: 'aws-prod-key' },
    },
    { name: 'pg-prod', tool: 'psql', env: 'prod', vars: { PGPASSWORD: 'pg-prod-password' } },
    { name: 'ssh-prod', tool: 'ssh', target: 'prod-*', files: { SSH_KEY: 'prod-ssh-key' } },
  ],
});
const bindings = compileBindings(config.bindings);

async function actionsOf(command: string): Promise<Action[]> {
  return analyzeRequestReady({ kind: 'shell', command, cwd: '/srv/app', agent: 'test' });
}

// command → [binding names, secret names]
const TABLE: [string, string[], string[]][] = [
  ['kubectl --context prod delete deployment web', ['kube-prod'], ['prod-kubeconfig']],
  ['kubectl --context prod get pods', ['kube-prod'], ['prod-kubeconfig']],
  ['sudo kubectl --context prod get pods', ['kube-prod'], ['prod-kubeconfig']],
  ['kubectl --context dev delete pod x', ['kube-dev'], ['dev-kubeconfig']],
  ['kubectl get pods', [], []],
  ['aws --profile prod s3 rm s3://bucket/x', ['aws-prod'], ['aws-prod-id', 'aws-prod-key']],
  ['AWS_PROFILE=prod aws s3 ls', ['aws-prod'], ['aws-prod-id', 'aws-prod-key']],
  ['aws s3 ls --profile dev', [], []],
  ['psql -h db.prod.example.com -c "DROP TABLE users"', ['pg-prod'], ['pg-prod-password']],
  ['psql -h localhost -c "select 1"', [], []],
  ['ssh prod-1 uptime', ['ssh-prod'], ['prod-ssh-key']],
  ['ssh web-1 uptime', [], []],
  ['echo hello', [], []],
  ['git push origin main', [], []],
];

describe('matchBindings', () => {
  it.each(TABLE)('%s', async (command, names, secrets) => {
    const m = matchBindings(bindings, await actionsOf(command));
    expect(m.bindings).toEqual(names);
    expect(secretNames(m).sort()).toEqual([...secrets].sort());
    expect(m.conflicts).toEqual([]);
  });

  it('a command reaching prod and dev gets both, unless they set one variable to different secrets', async () => {
    const both = await actionsOf(
      'kubectl --context prod get pods && kubectl --context dev get pods',
    );
    const m = matchBindings(bindings, both);
    expect(m.bindings).toEqual(['kube-prod', 'kube-dev']);
    expect(m.conflicts).toEqual(['KUBECONFIG (bindings kube-prod and kube-dev)']);
    const mixed = await actionsOf('kubectl --context prod get pods && aws --profile prod s3 ls');
    const ok = matchBindings(bindings, mixed);
    expect(ok.conflicts).toEqual([]);
    expect(ok.files).toEqual({ KUBECONFIG: 'prod-kubeconfig' });
    expect(ok.vars).toEqual({
      AWS_ACCESS_KEY_ID: 'aws-prod-id',
      AWS_SECRET_ACCESS_KEY: 'aws-prod-key',
    });
  });

  it('unnamed bindings are named by position, tool and env', () => {
    const b = compileBindings(
      parseGateConfig({ bindings: [{ tool: 'pvesh', vars: { PVE_TOKEN: 'pve' } }] }).bindings,
    );
    expect(b[0]?.name).toBe('#1:pvesh@*');
  });
});

describe('bindings in gate.yaml', () => {
  const refused: [string, unknown][] = [
    ['LD_PRELOAD', { tool: 'x', vars: { LD_PRELOAD: 's' } }],
    ['ld_library_path (any case)', { tool: 'x', vars: { ld_library_path: 's' } }],
    ['BASH_ENV', { tool: 'x', files: { BASH_ENV: 's' } }],
    ['ENV', { tool: 'x', vars: { ENV: 's' } }],
    ['PROMPT_COMMAND', { tool: 'x', vars: { PROMPT_COMMAND: 's' } }],
    ['NODE_OPTIONS', { tool: 'x', vars: { NODE_OPTIONS: 's' } }],
    ['PATH', { tool: 'x', vars: { PATH: 's' } }],
    ['HOME', { tool: 'x', files: { HOME: 's' } }],
    ['BASH_FUNC_x%%', { tool: 'x', vars: { 'BASH_FUNC_x%%': 's' } }],
    ['DYLD_INSERT_LIBRARIES', { tool: 'x', vars: { DYLD_INSERT_LIBRARIES: 's' } }],
    ['a bad name', { tool: 'x', vars: { 'A-B': 's' } }],
    ['a bad secret name', { tool: 'x', vars: { A: '../x' } }],
    ['nothing bound', { tool: 'x' }],
    ['one variable in vars and files', { tool: 'x', vars: { A: 's' }, files: { A: 't' } }],
    ['an unknown field', { tool: 'x', vars: { A: 's' }, env_vars: {} }],
    ['an unknown env', { tool: 'x', env: 'production', vars: { A: 's' } }],
  ];
  it.each(refused)('refuses %s', (_what, binding) => {
    expect(() => parseGateConfig({ bindings: [binding] })).toThrow(
      /invalid gate config at bindings/,
    );
  });

  it('compileBindings refuses a forbidden name even when the schema was bypassed', () => {
    expect(() => compileBindings([{ tool: 'x', vars: { LD_PRELOAD: 's' } }] as never)).toThrow(
      /LD_PRELOAD may not be set/,
    );
  });
});
