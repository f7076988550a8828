/**
 * `kubectl delete` and `kubectl scale`: severity by blast radius. One pod is recreated by its controller; one
 * deployment or volume is an outage or lost data; a namespace, a CRD, `--all` across namespaces or every
 * workload of a production namespace is a whole environment.
 */
import { has, value, type ParsedArgs } from '../args.js';
import type { ActionInit } from '../model.js';
import { RISK_ORDER, type Env, type Risk } from '../types.js';
import { isNonProd, isThrowaway } from './k8s-common.js';
import { classOf, kindsAndNames, kindsFromListing, type KindClass } from './k8s-kinds.js';

/** What the kubectl model knows about one invocation, shared by its sub-command handlers. */
export interface KubectlScope {
  tool: string;
  env: Env;
  namespace: string | undefined;
  allNamespaces: boolean;
  /** Texts of arguments whose value is not known statically. */
  dynamic: ReadonlySet<string>;
}

interface Verdict {
  risk: Risk;
  rule: string;
  reason: string;
}

const WHERE = (s: KubectlScope): string =>
  s.allNamespaces ? 'in every namespace' : s.namespace ? `in namespace ${s.namespace}` : '';

// Field selectors that only pick finished pods or jobs: routine cleanup.
function isCleanupSelector(sel: string | undefined): boolean {
  if (!sel) return false;
  return /status\.phase[!=]=?(Failed|Succeeded|Evicted)|status\.successful=1/i.test(sel);
}

/**
 * Severity of deleting objects of one kind class. `many`: --all, a selector or names only known at run time;
 * `everything`: --all or run-time names (not a label selector, which usually picks one application).
 */
function deleteVerdict(
  cls: KindClass,
  many: boolean,
  everything: boolean,
  s: KubectlScope,
  cleanup: boolean,
): Verdict {
  const env = s.env;
  const wipe = (rule: string, reason: string): Verdict => ({
    risk: isNonProd(env) ? 'high' : 'catastrophic',
    rule,
    reason,
  });
  switch (cls) {
    case 'namespace':
      return {
        risk: isThrowaway(env) ? 'high' : 'catastrophic',
        rule: 'k8s/delete-namespace',
        reason: 'deleting a namespace deletes every workload, volume claim and secret in it',
      };
    case 'crd':
      return {
        risk: 'catastrophic',
        rule: 'k8s/delete-crd',
        reason: 'deleting a CRD deletes every custom resource of that type in the cluster',
      };
    case 'cluster':
      return wipe(
        'k8s/delete-cluster',
        'deletes a cluster resource: the operator tears down the whole cluster',
      );
    case 'trivial':
      return {
        risk: 'low',
        rule: 'k8s/delete-trivial',
        reason: 'events and leases are bookkeeping',
      };
    case 'node':
      return everything
        ? {
            risk: 'catastrophic',
            rule: 'k8s/delete-nodes',
            reason: 'removes the nodes of the cluster',
          }
        : {
            risk: 'high',
            rule: 'k8s/delete-node',
            reason: 'removes a node and its pods from the cluster',
          };
    case 'all':
      if (everything && s.allNamespaces) return allEverywhere();
      return everything
        ? wipe('k8s/delete-all', `deletes every workload ${WHERE(s)}`.trim())
        : {
            risk: isThrowaway(env) ? 'low' : 'high',
            rule: 'k8s/delete-workload',
            reason: 'deletes the workloads of an application',
          };
    case 'database':
      if (everything || env === 'prod') {
        return wipe('k8s/delete-database', 'deletes operator-managed databases and their storage');
      }
      return {
        risk: 'high',
        rule: 'k8s/delete-database',
        reason: 'deletes an operator-managed database',
      };
    case 'data':
      if (everything && s.allNamespaces) return allEverywhere();
      if (everything && env === 'prod') {
        return wipe(
          'k8s/delete-volumes',
          'deletes every volume or stateful set of a production namespace',
        );
      }
      return {
        risk: 'high',
        rule: 'k8s/delete-volume',
        reason: 'deletes persistent storage or a stateful workload: the data may be gone for good',
      };
    case 'workload':
      if (everything && s.allNamespaces) return allEverywhere();
      if (everything && env === 'prod')
        return wipe('k8s/delete-all', 'deletes every workload of that kind in production');
      if (isThrowaway(env)) {
        return {
          risk: 'low',
          rule: 'k8s/delete-workload',
          reason: 'a workload on a local cluster',
        };
      }
      return {
        risk: 'high',
        rule: 'k8s/delete-workload',
        reason: 'deletes a running workload or its configuration: an outage until it is re-applied',
      };
    case 'ephemeral':
      if (cleanup || !many || (isNonProd(env) && !s.allNamespaces)) {
        return {
          risk: 'low',
          rule: 'k8s/delete-pod',
          reason: 'pods are recreated by their controllers',
        };
      }
      return {
        risk: 'high',
        rule: 'k8s/delete-pods',
        reason: `restarts every pod ${WHERE(s)} at once: an outage`,
      };
  }
}

function allEverywhere(): Verdict {
  return {
    risk: 'catastrophic',
    rule: 'k8s/delete-all',
    reason: 'deletes live workloads in every namespace of the cluster',
  };
}

/** `kubectl delete ...` after the sub-command: positionals are `TYPE NAME...` or `TYPE/NAME...`. */
export function deleteAction(
  p: ParsedArgs,
  positionals: readonly string[],
  s: KubectlScope,
): ActionInit {
  const base = { tool: s.tool, effect: 'delete' as const, env: s.env, reversible: false };
  if (has(p, '--raw')) {
    const raw = value(p, '--raw') ?? '';
    return {
      ...base,
      verb: 'delete --raw',
      risk: 'high',
      rule: 'k8s/delete-raw',
      targets: [raw],
      reasons: ['deletes whatever the raw API path names'],
    };
  }
  if (has(p, '-f', '--filename', '-k', '--kustomize')) {
    const files = [...(p.opts.get('-f') ?? []), ...(p.opts.get('--filename') ?? [])];
    const dirs = [...(p.opts.get('-k') ?? []), ...(p.opts.get('--kustomize') ?? [])];
    return {
      ...base,
      verb: 'delete -f',
      risk: 'high',
      rule: 'k8s/delete-manifest',
      targets: [...files, ...dirs],
      reasons: ['deletes every object described by the manifests, whatever they are'],
    };
  }
  const first = positionals[0] ?? '';
  const listed = s.dynamic.has(first) ? kindsFromListing(first) : undefined;
  if (s.dynamic.has(first) && !listed) {
    return {
      ...base,
      verb: 'delete',
      risk: 'high',
      rule: 'k8s/delete-dynamic',
      targets: positionals,
      reasons: ['what is deleted is only known at run time'],
    };
  }
  const { kinds, names } = listed
    ? { kinds: listed, names: positionals }
    : kindsAndNames(positionals);
  const everything = has(p, '--all') || positionals.some((n) => s.dynamic.has(n));
  const many = everything || has(p, '-l', '--selector', '--field-selector');
  const cleanup = isCleanupSelector(value(p, '--field-selector'));
  let best: Verdict | undefined;
  for (const kind of kinds.length > 0 ? kinds : ['unknown']) {
    const v = deleteVerdict(classOf(kind), many, everything, s, cleanup);
    if (!best || RISK_ORDER[v.risk] > RISK_ORDER[best.risk]) best = v;
  }
  const verdict = best ?? deleteVerdict('workload', many, everything, s, cleanup);
  const scope = many ? (has(p, '--all') ? ['--all'] : ['(selected)']) : names;
  return {
    ...base,
    verb: `delete ${kinds.join(',')}`.trim(),
    risk: verdict.risk,
    rule: verdict.rule,
    targets: [...kinds.map((k) => k), ...scope, ...(s.allNamespaces ? ['--all-namespaces'] : [])],
    reasons: [verdict.reason],
    reversible: verdict.risk === 'low',
  };
}

/** `kubectl scale`: to zero is an outage; every workload of a production namespace to zero is a blackout. */
export function scaleAction(
  p: ParsedArgs,
  positionals: readonly string[],
  s: KubectlScope,
): ActionInit {
  const replicas = value(p, '--replicas') ?? '';
  const { kinds, names } = kindsAndNames(positionals);
  const everything = has(p, '--all') || positionals.some((n) => s.dynamic.has(n));
  const many = everything || has(p, '-l', '--selector');
  const base = { tool: s.tool, verb: 'scale', env: s.env, targets: [...kinds, ...names] };
  if (replicas !== '0') {
    return {
      ...base,
      effect: 'write',
      risk: 'low',
      rule: 'k8s/scale',
      reasons: [`scales to ${replicas} replicas`],
    };
  }
  if (everything && (s.allNamespaces || s.env === 'prod')) {
    return {
      ...base,
      effect: 'destroy',
      risk: 'catastrophic',
      rule: 'k8s/scale-all-zero',
      reasons: [
        `scales every selected workload ${WHERE(s)} to zero: the whole environment goes down`.trim(),
      ],
    };
  }
  return {
    ...base,
    effect: 'destroy',
    risk: 'high',
    rule: 'k8s/scale-zero',
    reversible: true,
    reasons: [
      many
        ? `scales several workloads to zero: an outage`
        : 'scales the workload to zero: an outage',
    ],
  };
}
