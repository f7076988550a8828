import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { describeBinding, exampleEnv, familiesOf, readBindings } from './bindings.js';

describe('readBindings', () => {
  it('keeps tool, env, target and name; tolerates the fields it does not need', () => {
    const doc = parse(`
listen: {port: 7421}
bindings:
  - tool: kubectl
    env: prod
    files: {KUBECONFIG: kube-prod}
  - name: db
    tool: psql
    target: db1.lan
    vars: {PGPASSWORD: pg-prod}
    someFutureField: 1
`) as unknown;
    expect(readBindings(doc)).toEqual([
      { tool: 'kubectl', env: 'prod' },
      { name: 'db', tool: 'psql', target: 'db1.lan' },
    ]);
  });

  const none: [string, unknown][] = [
    ['an empty file', null],
    ['no bindings key', { listen: { port: 7421 } }],
    ['bindings: (null)', { bindings: null }],
    ['bindings: []', { bindings: [] }],
  ];
  it.each(none)('%s → no bindings', (_name, doc) => {
    expect(readBindings(doc)).toEqual([]);
  });

  const bad: [string, unknown, string][] = [
    [
      'a binding without a tool',
      { bindings: [{ env: 'prod' }] },
      'invalid gate config at bindings.0.tool',
    ],
    ['an empty tool', { bindings: [{ tool: '' }] }, 'invalid gate config at bindings.0.tool'],
    ['bindings as a map', { bindings: { kubectl: 'x' } }, 'invalid gate config at bindings'],
    ['a string item', { bindings: ['kubectl'] }, 'invalid gate config at bindings.0'],
    ['a list document', ['kubectl'], 'invalid gate config at config'],
  ];
  it.each(bad)('%s is an error, not an empty plan', (_name, doc, message) => {
    expect(() => readBindings(doc)).toThrow(message);
  });
});

describe('familiesOf: the tool is a glob, as the broker matches it', () => {
  const cases: [string, string[]][] = [
    ['kubectl', ['kubernetes']],
    ['helm', ['kubernetes']],
    ['aws', ['aws']],
    ['docker', ['docker']],
    ['psql', ['postgres']],
    ['pg_dump', ['postgres']],
    ['ssh', ['ssh']],
    ['rsync', ['ssh']],
    ['KUBECTL', ['kubernetes']],
    ['kube*', ['kubernetes']],
    ['p*', ['postgres']],
    ['*', ['kubernetes', 'aws', 'docker', 'postgres', 'ssh']],
    ['proxmox', []],
    ['terraform', []],
    ['constructor', []],
    ['__proto__', []],
  ];
  it.each(cases)('%s → %j', (tool, families) => {
    expect(familiesOf(tool)).toEqual(families);
  });
});

describe('exampleEnv: only an environment gate.yaml accepts', () => {
  const cases: [string[], string][] = [
    [[], 'prod'],
    [['staging', 'prod'], 'staging'],
    [['homelab', 'dev'], 'dev'],
    [['homelab'], 'prod'],
  ];
  it.each(cases)('%j → %s', (envs, env) => {
    expect(exampleEnv(envs)).toBe(env);
  });
});

describe('describeBinding', () => {
  it('names the tool with its env and target', () => {
    expect(describeBinding({ name: 'prod', tool: 'kubectl', env: 'prod', target: 'k3s' })).toBe(
      'prod: kubectl (env prod, target k3s)',
    );
    expect(describeBinding({ tool: 'aws' })).toBe('aws');
  });
});
