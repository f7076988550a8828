/**
 * helm and kustomize. `helm uninstall` removes a release and every object it created (a stateful chart takes
 * its volume claims' owners with it); `upgrade --force` replaces objects by deleting and recreating them.
 * Installs, upgrades and rollbacks are ordinary, reversible deploys; template/lint/diff only render.
 */
import { has, parseArgs, value } from '../args.js';
import type { Invocation, ToolContext } from '../model.js';
import type { Action } from '../types.js';
import { anyDynamic, asksForHelp, genericRisk, wordList } from './k8s-common.js';

const HELM_VALUE = wordList(`
  -n --namespace --kube-context --kubeconfig -f --values --set --set-string --set-file
  --set-json --set-literal --version --repo --timeout --description -o --output --post-renderer
  --post-renderer-args --registry-config --repository-config --repository-cache --burst-limit
  --kube-apiserver --kube-token --kube-as-user --kube-as-group --kube-ca-file
  --kube-tls-server-name --max --revision --cascade --username --password --ca-file --cert-file
  --key-file --history-max --name-template --deletion-propagation --label -l --selector
  --api-versions --kube-version --destination -d --keyring --wait-for
`);

const READS = new Set(
  wordList(`
  template lint diff show inspect get list ls status history search version env verify help
  completion
`),
);
const LOCAL = new Set(
  wordList(`
  repo dependency dep pull fetch package plugin create registry push
`),
);

/** Analyse one helm invocation. */
export function analyzeHelm(inv: Invocation, ctx: ToolContext): Action[] {
  const p = parseArgs(inv.args, { value: HELM_VALUE });
  const pos = p.positionals;
  const sub = pos[0] ?? '';
  const namespace = value(p, '-n', '--namespace');
  const env = ctx.envOf(value(p, '--kube-context'), namespace, value(p, '--kubeconfig'));
  const releases = pos.slice(1);
  const act = (init: Omit<Parameters<ToolContext['action']>[0], 'tool' | 'env'>): Action =>
    ctx.action({ tool: 'helm', env, targets: releases, ...init });
  if (asksForHelp(inv.args) || sub === '' || READS.has(sub)) {
    return [act({ verb: sub || 'help', effect: 'read', risk: 'none', rule: 'helm/read' })];
  }
  if (has(p, '--dry-run')) {
    return [act({ verb: `${sub} --dry-run`, effect: 'read', risk: 'none', rule: 'helm/dry-run' })];
  }
  switch (sub) {
    case 'uninstall':
    case 'delete':
    case 'del':
    case 'un': {
      // Every release of a production namespace at once is the whole environment.
      const all = anyDynamic(inv.words.slice(1)) && env === 'prod';
      return [
        act({
          verb: 'uninstall',
          effect: 'delete',
          risk: all ? 'catastrophic' : 'high',
          rule: 'helm/uninstall',
          reasons: [
            all
              ? 'uninstalls releases chosen at run time in production'
              : 'uninstalls the release: its workloads, services and configuration are deleted',
          ],
        }),
      ];
    }
    case 'reset':
      return [
        act({
          verb: 'reset',
          effect: 'delete',
          risk: 'high',
          rule: 'helm/uninstall',
          reasons: ['removes Tiller'],
        }),
      ];
    case 'install':
    case 'upgrade':
      if (has(p, '--force')) {
        return [
          act({
            verb: `${sub} --force`,
            effect: 'destroy',
            risk: 'high',
            rule: 'helm/upgrade-force',
            reasons: [
              '--force replaces objects by deleting and recreating them (volume claims included)',
            ],
          }),
        ];
      }
      return [
        act({
          verb: sub,
          effect: 'write',
          risk: 'low',
          rule: 'helm/deploy',
          reasons: ['deploys a chart: a reversible release'],
        }),
      ];
    case 'rollback':
      return [
        act({
          verb: 'rollback',
          effect: 'write',
          risk: 'low',
          rule: 'helm/deploy',
          reasons: ['redeploys an earlier revision'],
        }),
      ];
    case 'test':
      return [
        act({
          verb: 'test',
          effect: 'exec',
          risk: 'low',
          rule: 'helm/deploy',
          reasons: ['runs the chart test pods'],
        }),
      ];
    default: {
      if (LOCAL.has(sub)) {
        return [
          act({
            verb: `${sub} ${pos[1] ?? ''}`.trim(),
            effect: 'write',
            risk: 'low',
            rule: 'helm/local',
            reasons: ['local chart and repository bookkeeping'],
          }),
        ];
      }
      const risk = genericRisk([sub]);
      return [
        act({
          verb: sub,
          effect: risk === 'high' ? 'delete' : 'write',
          risk,
          rule: risk === 'high' ? 'helm/delete' : 'helm/other',
        }),
      ];
    }
  }
}

/** kustomize renders manifests (`build`) or edits kustomization.yaml (`edit`): nothing reaches a cluster. */
export function analyzeKustomize(inv: Invocation, ctx: ToolContext): Action[] {
  const sub = inv.args.find((a) => !a.startsWith('-')) ?? 'build';
  const writes = sub === 'edit' || sub === 'create' || sub === 'init';
  return [
    ctx.action({
      tool: 'kustomize',
      verb: sub,
      effect: writes ? 'write' : 'read',
      risk: writes ? 'low' : 'none',
      rule: writes ? 'k8s/kustomize-edit' : 'k8s/read',
      reasons: [writes ? 'edits kustomization files' : 'renders manifests to stdout'],
    }),
  ];
}
