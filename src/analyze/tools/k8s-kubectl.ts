/**
 * kubectl (and `oc`, and the `k` alias): sub-commands by what they change. Reads and dry runs are safe;
 * deletes and scales are judged by blast radius (`k8s-kubectl-delete.ts`); exec/debug/run payloads are handed
 * back to the engine to be judged as commands running inside the cluster.
 */
import { has, parseArgs, value, values } from '../args.js';
import type { ActionInit, Invocation, ToolContext } from '../model.js';
import type { Action } from '../types.js';
import {
  asksForHelp,
  genericRisk,
  isLocalContext,
  READ_VERBS,
  splitAtDashDash,
} from './k8s-common.js';
import { deleteAction, scaleAction, type KubectlScope } from './k8s-kubectl-delete.js';
import { patchAction } from './k8s-kubectl-patch.js';
import { create, KUBECTL_VALUE, podCommand, policy, replace, taint } from './k8s-kubectl-verbs.js';

/** Analyse one kubectl / oc invocation. */
export function analyzeKubectl(inv: Invocation, ctx: ToolContext): Action[] {
  const { head } = splitAtDashDash(inv.words);
  const args = head.map((w) => w.text);
  const p = parseArgs(args, { value: KUBECTL_VALUE });
  const namespace = value(p, '-n', '--namespace');
  const context = value(p, '--context', '--cluster');
  // A kind/k3d/minikube context is a cluster on this machine, whatever its name says.
  const env =
    isLocalContext(context) && ctx.hopEnv === 'unknown'
      ? 'local'
      : ctx.envOf(context, namespace, value(p, '--kubeconfig'), value(p, '-s', '--server'));
  const dynamic = new Set(inv.words.filter((w) => w.dynamic).map((w) => w.text));
  const scope: KubectlScope = {
    tool: inv.name,
    env,
    namespace,
    allNamespaces: has(p, '-A', '--all-namespaces'),
    dynamic,
  };
  const act = (init: Omit<ActionInit, 'tool' | 'env'>): Action =>
    ctx.action({ tool: inv.name, env, ...init });
  const pos = [...p.positionals];
  let sub = pos.shift() ?? '';
  let subPosition = 0;
  // OpenShift keeps node and policy commands under `oc adm`.
  if (sub === 'adm') {
    sub = pos.shift() ?? '';
    subPosition = 1;
  }
  const where = [context, namespace].filter((x): x is string => x !== undefined);

  if (asksForHelp(args) || sub === 'help' || sub === '') {
    return [act({ verb: sub || 'help', effect: 'read', risk: 'none', rule: 'k8s/read' })];
  }
  const dryRun = p.opts.has('--dry-run') && value(p, '--dry-run') !== 'none';
  if (dryRun || has(p, '--server-dry-run')) {
    return [
      act({
        verb: `${sub} --dry-run`,
        effect: 'read',
        risk: 'none',
        rule: 'k8s/dry-run',
        targets: where,
      }),
    ];
  }
  const low = (rule: string, reason: string, targets: readonly string[] = pos): Action =>
    act({ verb: sub, effect: 'write', risk: 'low', rule, targets, reasons: [reason] });

  switch (sub) {
    case 'delete':
      return [ctx.action({ ...deleteAction(p, pos, scope) })];
    case 'scale':
      return [ctx.action(scaleAction(p, pos, scope))];
    case 'patch':
      return [ctx.action(patchAction(p, pos, scope))];
    case 'replace':
      return [replace(p, act)];
    case 'apply':
      if (has(p, '--prune')) {
        return [
          act({
            verb: 'apply --prune',
            effect: 'delete',
            risk: 'high',
            rule: 'k8s/apply-prune',
            targets: values(p, '-f', '--filename', '-k'),
            reasons: ['deletes every matching object that is missing from the manifests'],
          }),
        ];
      }
      if (has(p, '--force')) {
        return [
          act({
            verb: 'apply --force',
            effect: 'destroy',
            risk: 'high',
            rule: 'k8s/apply-force',
            reasons: [
              'deletes and recreates objects it cannot patch (a recreated volume claim loses its data)',
            ],
          }),
        ];
      }
      return [
        low(
          'k8s/apply',
          'applies manifests: a reviewed, repeatable change',
          values(p, '-f', '--filename', '-k'),
        ),
      ];
    case 'drain':
      return [
        act({
          verb: 'drain',
          effect: 'destroy',
          risk: 'high',
          rule: 'k8s/drain',
          targets: pos,
          reversible: true,
          reasons: ['evicts every pod from the node (emptyDir data is lost, capacity drops)'],
        }),
      ];
    case 'taint':
      return [taint(pos, act)];
    case 'exec':
    case 'rsh':
    case 'debug':
    case 'run':
    case 'attach':
      return podCommand(inv, ctx, sub, subPosition, pos, scope, where, act);
    case 'create':
      return [create(p, pos, act)];
    case 'policy':
      return [policy(pos, act)];
    case 'rollout':
      return pos[0] === 'status' || pos[0] === 'history'
        ? [
            act({
              verb: `rollout ${pos[0]}`,
              effect: 'read',
              risk: 'none',
              rule: 'k8s/read',
              targets: pos.slice(1),
            }),
          ]
        : [low('k8s/rollout', `rollout ${pos[0] ?? ''}: a reversible deployment change`.trim())];
    case 'config':
      return READ_VERBS.has(pos[0] ?? '') ||
        ['get-contexts', 'current-context', 'get-clusters', 'get-users'].includes(pos[0] ?? '')
        ? [act({ verb: `config ${pos[0] ?? ''}`, effect: 'read', risk: 'none', rule: 'k8s/read' })]
        : [low('k8s/config', 'edits the local kubeconfig')];
    case 'auth':
      return pos[0] === 'reconcile'
        ? [low('k8s/apply', 'reconciles RBAC objects from manifests')]
        : [
            act({
              verb: `auth ${pos[0] ?? ''}`,
              effect: 'read',
              risk: 'none',
              rule: 'k8s/read',
              targets: pos,
            }),
          ];
    case 'get':
    case 'describe':
    case 'logs':
    case 'top':
    case 'explain':
    case 'version':
    case 'api-resources':
    case 'api-versions':
    case 'cluster-info':
    case 'diff':
    case 'events':
    case 'wait':
    case 'completion':
    case 'options':
    case 'kustomize':
    case 'whoami':
    case 'status':
      return [
        act({
          verb: sub,
          effect: 'read',
          risk: 'none',
          rule: 'k8s/read',
          targets: [...pos, ...where],
        }),
      ];
    case 'edit':
    case 'label':
    case 'annotate':
    case 'set':
    case 'expose':
    case 'autoscale':
    case 'cordon':
    case 'uncordon':
    case 'cp':
    case 'port-forward':
    case 'proxy':
    case 'certificate':
    case 'project':
    case 'new-project':
    case 'new-app':
    case 'login':
    case 'logout':
    case 'start-build':
    case 'plugin':
    case 'krew':
      return [low(`k8s/${sub === 'uncordon' ? 'cordon' : 'write'}`, `${sub}: a reversible change`)];
    default: {
      // Plugins such as node-shell pass what follows `--` to a shell on a node or in a pod.
      const { payload } = splitAtDashDash(inv.words);
      if (payload && payload.length > 0) {
        ctx.argv(payload, `${inv.name} ${sub} ${pos[0] ?? ''}`.trim(), { env, remote: true });
      }
      const risk = genericRisk([sub, ...pos.slice(0, 2)]);
      return [
        act({
          verb: sub,
          effect: risk === 'high' ? 'delete' : 'write',
          risk,
          rule: risk === 'high' ? 'k8s/delete' : 'k8s/other',
          targets: pos,
          reasons: [
            risk === 'high'
              ? `${sub} sounds destructive and is not otherwise known`
              : `${sub}: not a known destructive command`,
          ],
        }),
      ];
    }
  }
}
