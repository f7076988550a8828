import { evaluate, parse as parseCel } from '@marcbachmann/cel-js';
import { parse, parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { BindingRef } from './bindings.js';
import {
  buildIdentityPlan,
  parsedBlocks,
  renderKubernetesManifests,
  renderPlanText,
  renderPlanYaml,
} from './identity-plan.js';
import { DEFAULT_NAMES, type IdentityPlan } from './plan-types.js';
import { admissionCel, READ_ONLY_RULES } from './recipes-k8s.js';
import { sshForcedCommand } from './recipes-hosts.js';

type Doc = Record<string, unknown> & { kind?: string; metadata?: { name?: string } };

const everything = buildIdentityPlan([]);
const docsOf = (plan: IdentityPlan): Doc[] => parsedBlocks(plan).flatMap((b) => b.docs as Doc[]);
const byKind = (plan: IdentityPlan, kind: string): Doc[] =>
  docsOf(plan).filter((d) => d.kind === kind);

describe('which recipes a config gets', () => {
  const cases: [string, BindingRef[], string[], string[]][] = [
    [
      'kubectl and helm: one Kubernetes recipe',
      [{ tool: 'kubectl', env: 'prod' }, { tool: 'helm' }],
      ['kubernetes'],
      [],
    ],
    [
      'psql and ssh',
      [
        { tool: 'ssh', target: 'db1' },
        { tool: 'psql', env: 'prod' },
      ],
      ['postgres', 'ssh'],
      [],
    ],
    ['aws and docker', [{ tool: 'docker' }, { tool: 'aws', env: 'prod' }], ['aws', 'docker'], []],
    [
      'an unknown tool is named, not skipped',
      [{ name: 'pve', tool: 'proxmox' }],
      [],
      ['pve: proxmox'],
    ],
  ];
  it.each(cases)('%s', (_name, bindings, families, unknown) => {
    const plan = buildIdentityPlan(bindings);
    expect([plan.recipes.map((r) => r.family), plan.unknown, plan.note]).toEqual([
      families,
      unknown,
      undefined,
    ]);
  });

  it('no bindings: every family, with a note', () => {
    expect(everything.recipes.map((r) => r.family)).toEqual([
      'kubernetes',
      'aws',
      'docker',
      'postgres',
      'ssh',
    ]);
    expect(everything.note).toMatch(/binds no credentials/);
  });

  it('a recipe says which bindings it answers, and uses their environment', () => {
    const plan = buildIdentityPlan([{ tool: 'kubectl', env: 'staging', target: 'k3s' }]);
    expect(plan.recipes[0]?.covers).toEqual(['kubectl (env staging, target k3s)']);
    const binding = docsOf(plan).find((d) => 'bindings' in d);
    expect(binding).toEqual({
      bindings: [{ tool: 'kubectl', env: 'staging', files: { KUBECONFIG: 'kube-staging' } }],
    });
  });
});

describe('every YAML and JSON block parses', () => {
  it('in the plan, in the text rendering, as one YAML document and as kubectl manifests', () => {
    expect(parsedBlocks(everything).length).toBe(11);
    const text = renderPlanText(everything);
    const fenced = [...text.matchAll(/```(yaml|json)\n([\s\S]*?)\n```/g)];
    expect(fenced.length).toBe(11);
    for (const [, , body] of fenced)
      for (const d of parseAllDocuments(body ?? '')) expect(d.errors).toEqual([]);
    const whole = parse(renderPlanYaml(everything)) as IdentityPlan;
    expect(whole.recipes.map((r) => r.blocks.length)).toEqual([7, 6, 2, 3, 3]);
    const manifests = parseAllDocuments(renderKubernetesManifests(everything));
    expect(
      manifests.map((d) => `${String(d.get('kind'))}/${String(d.getIn(['metadata', 'name']))}`),
    ).toEqual([
      'Namespace/portcullis',
      'ServiceAccount/portcullis-agent',
      'ClusterRole/portcullis-agent-readonly',
      'ClusterRoleBinding/portcullis-agent-readonly',
      'ServiceAccount/portcullis-gate',
      'ClusterRoleBinding/portcullis-gate-admin',
      'ValidatingAdmissionPolicy/portcullis-protected',
      'ValidatingAdmissionPolicyBinding/portcullis-protected',
    ]);
  });

  it('no Kubernetes binding: no manifests', () => {
    expect(renderKubernetesManifests(buildIdentityPlan([{ tool: 'aws' }]))).toBe('');
  });
});

describe('Kubernetes', () => {
  it('the agent may only get, list and watch, and never Secrets', () => {
    const [role] = byKind(everything, 'ClusterRole');
    const rules = role?.rules as { apiGroups: string[]; resources: string[]; verbs: string[] }[];
    expect(rules).toEqual(READ_ONLY_RULES);
    expect([...new Set(rules.flatMap((r) => r.verbs))]).toEqual(['get', 'list', 'watch']);
    const resources = rules.flatMap((r) => r.resources);
    expect(
      resources.filter((r) => r === 'secrets' || r.includes('*') || r === 'pods/exec'),
    ).toEqual([]);
    expect(rules.flatMap((r) => r.apiGroups).includes('*')).toBe(false);
  });

  it('pins the admission policy and its binding', () => {
    const [vap] = byKind(everything, 'ValidatingAdmissionPolicy');
    const [binding] = byKind(everything, 'ValidatingAdmissionPolicyBinding');
    expect(vap?.apiVersion).toBe('admissionregistration.k8s.io/v1');
    const spec = vap?.spec as Record<string, unknown>;
    expect(spec.failurePolicy).toBe('Fail');
    expect(spec.matchConstraints).toEqual({
      resourceRules: [
        {
          apiGroups: ['*'],
          apiVersions: ['*'],
          operations: ['DELETE', 'UPDATE'],
          resources: ['*'],
        },
      ],
      objectSelector: { matchLabels: { 'portcullis.dev/protected': 'true' } },
    });
    expect((spec.validations as { reason: string }[]).map((v) => v.reason)).toEqual([
      'Forbidden',
      'Forbidden',
    ]);
    expect(binding?.apiVersion).toBe('admissionregistration.k8s.io/v1');
    expect(binding?.spec).toEqual({
      policyName: 'portcullis-protected',
      validationActions: ['Deny'],
    });
  });

  // The API server evaluates the same CEL: variables first, then each validation (true = allowed).
  const cel = admissionCel(DEFAULT_NAMES);
  const gate = 'system:serviceaccount:portcullis:portcullis-gate';
  const labelled = { metadata: { name: 'data', labels: { 'portcullis.dev/protected': 'true' } } };
  const unlabelled = { metadata: { name: 'data', labels: { app: 'db' } } };
  const allowed = (operation: string, user: string, object: unknown): boolean => {
    const request = { operation, userInfo: { username: user } };
    const variables = {
      fromGate: evaluate(cel.fromGate, { request }) as boolean,
      // Lazy in Kubernetes: only an UPDATE has a new object to look at.
      keepsLabel:
        operation === 'UPDATE' ? (evaluate(cel.keepsLabel, { object }) as boolean) : false,
    };
    return [cel.noDelete, cel.noUnlabel].every(
      (e) => evaluate(e, { request, object, variables }) === true,
    );
  };
  const cases: [string, boolean, string, string, unknown][] = [
    [
      'the agent deletes',
      false,
      'DELETE',
      'system:serviceaccount:portcullis:portcullis-agent',
      null,
    ],
    ['an admin kubeconfig deletes', false, 'DELETE', 'kubernetes-admin', null],
    ['the gate deletes', true, 'DELETE', gate, null],
    ['an admin edits, keeping the label', true, 'UPDATE', 'kubernetes-admin', labelled],
    ['an admin removes the label', false, 'UPDATE', 'kubernetes-admin', unlabelled],
    [
      'an admin empties the labels',
      false,
      'UPDATE',
      'kubernetes-admin',
      { metadata: { name: 'x' } },
    ],
    ['the gate removes the label', true, 'UPDATE', gate, unlabelled],
  ];
  it.each(cases)('%s → allowed: %s', (_name, expected, op, user, object) => {
    expect(allowed(op, user, object)).toBe(expected);
  });

  it('every CEL expression in the printed policy parses', () => {
    const [vap] = byKind(everything, 'ValidatingAdmissionPolicy');
    const spec = vap?.spec as {
      variables: { expression: string }[];
      validations: { expression: string }[];
    };
    const exprs = [...spec.variables, ...spec.validations].map((v) => v.expression);
    expect(exprs).toEqual([cel.fromGate, cel.keepsLabel, cel.noDelete, cel.noUnlabel]);
    for (const e of exprs) expect(() => parseCel(e)).not.toThrow();
  });

  it('another namespace moves both service accounts and the exemption', () => {
    const names = { ...DEFAULT_NAMES, namespace: 'ops' };
    const docs = parseAllDocuments(renderKubernetesManifests(everything, names)).map(
      (d) => d.toJS() as Doc,
    );
    expect(
      docs
        .filter((d) => d.kind === 'ServiceAccount')
        .map((d) => (d.metadata as { namespace: string }).namespace),
    ).toEqual(['ops', 'ops']);
    expect(admissionCel(names).fromGate).toBe(
      "request.userInfo.username == 'system:serviceaccount:ops:portcullis-gate'",
    );
  });
});

describe('AWS, Docker, PostgreSQL, SSH', () => {
  const block = (family: string, title: RegExp): string =>
    everything.recipes.find((r) => r.family === family)?.blocks.find((b) => title.test(b.title))
      ?.body ?? '';

  it('AWS: the role trusts the agent user only, and secret values are denied', () => {
    const deny = JSON.parse(block('aws', /Deny secret/)) as {
      Statement: { Effect: string; Action: string[] }[];
    };
    expect(deny.Statement[0]?.Effect).toBe('Deny');
    expect(deny.Statement[0]?.Action).toEqual(
      expect.arrayContaining([
        'secretsmanager:GetSecretValue',
        'ssm:GetParameter',
        'ssm:GetParametersByPath',
      ]),
    );
    const trust = JSON.parse(block('aws', /Trust/)) as {
      Statement: { Principal: unknown; Action: string }[];
    };
    expect(trust.Statement).toEqual([
      {
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::ACCOUNT_ID:user/portcullis-agent' },
        Action: 'sts:AssumeRole',
      },
    ]);
    expect(block('aws', /Create them/)).toContain('arn:aws:iam::aws:policy/ReadOnlyAccess');
  });

  it('Docker: the proxy refuses every method but GET and HEAD, and sits on loopback', () => {
    const compose = parse(block('docker', /docker-compose/)) as {
      services: Record<
        string,
        { image: string; environment: Record<string, string>; ports: string[] }
      >;
    };
    const proxy = compose.services['docker-ro'];
    expect(proxy?.image).toMatch(/^tecnativa\/docker-socket-proxy:/);
    expect([proxy?.environment.POST, proxy?.environment.EXEC, proxy?.environment.BUILD]).toEqual([
      '0',
      '0',
      '0',
    ]);
    expect(proxy?.ports).toEqual(['127.0.0.1:2375:2375']);
  });

  it('PostgreSQL: a login role with pg_read_all_data and read-only transactions', () => {
    const sql = block('postgres', /agent_ro\.sql/);
    expect(sql.split('\n').filter((l) => !l.startsWith('--'))).toEqual([
      'CREATE ROLE agent_ro LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS CONNECTION LIMIT 5;',
      'GRANT pg_read_all_data TO agent_ro;',
      'ALTER ROLE agent_ro SET default_transaction_read_only = on;',
      "ALTER ROLE agent_ro SET statement_timeout = '60s';",
      'REVOKE CREATE ON SCHEMA public FROM PUBLIC;',
      '\\password agent_ro',
      '',
    ]);
  });

  it('SSH: the forced command, pinned', () => {
    expect(sshForcedCommand('ssh-ed25519 AAAAkey agent@ws')).toBe(
      'command="portcullis shell -c \\"$SSH_ORIGINAL_COMMAND\\"",no-port-forwarding,no-X11-forwarding,no-agent-forwarding,no-pty,no-user-rc ssh-ed25519 AAAAkey agent@ws',
    );
  });
});
