/**
 * GitOps and backup controllers: argocd, flux, velero. Deleting an Argo CD application or a Flux
 * Kustomization cascades to everything it deployed; `sync --prune` deletes what git no longer lists. Velero
 * backups are the recovery path: deleting them is destroying the safety net.
 */
import { has, parseArgs, value } from '../args.js';
import type { ActionInit, Invocation, ToolContext } from '../model.js';
import type { Action } from '../types.js';
import { asksForHelp, genericRisk, READ_VERBS, wordList } from './k8s-common.js';

type Init = Omit<ActionInit, 'tool' | 'env'>;

const ARGOCD_VALUE = wordList(`
  --server --auth-token --config --argocd-context --grpc-web-root-path -o --output --revision
  --resource -l --selector --project -p --parameter --propagation-policy -N --app-namespace
  --dest-namespace --dest-server --dest-name --repo --path --sync-policy --timeout
  --kube-context --name --kind --group --namespace --label --retry-limit --strategy --local
  --header
`);

/** argocd: app delete / delete-resource / sync --prune / --force are destructive; reads and syncs are not. */
export function analyzeArgocd(inv: Invocation, ctx: ToolContext): Action[] {
  const p = parseArgs(inv.args, { value: ARGOCD_VALUE });
  const [noun = '', verb = '', ...names] = p.positionals;
  const env = ctx.envOf(
    value(p, '--argocd-context', '--server', '--dest-namespace', '--kube-context'),
    ...names,
  );
  const act = (init: Init): Action => ctx.action({ tool: 'argocd', env, targets: names, ...init });
  const cascade = (value(p, '--cascade') ?? 'true') !== 'false';
  if (
    asksForHelp(inv.args) ||
    READ_VERBS.has(noun) ||
    READ_VERBS.has(verb) ||
    has(p, '--dry-run', '--preview-changes')
  ) {
    return [
      act({ verb: `${noun} ${verb}`.trim(), effect: 'read', risk: 'none', rule: 'argocd/read' }),
    ];
  }
  if (
    (noun === 'app' || noun === 'appset' || noun === 'applicationset') &&
    (verb === 'delete' || verb === 'rm')
  ) {
    if (!cascade) {
      return [
        act({
          verb: `${noun} delete --cascade=false`,
          effect: 'write',
          risk: 'low',
          rule: 'argocd/delete-orphan',
          reasons: ['removes the application object only; its resources stay'],
        }),
      ];
    }
    const many = noun !== 'app' || has(p, '-l', '--selector') || inv.words.some((w) => w.dynamic);
    return [
      act({
        verb: `${noun} delete`,
        effect: 'delete',
        risk: many && env === 'prod' ? 'catastrophic' : 'high',
        rule: 'argocd/app-delete',
        reasons: ['deletes the application and, by cascade, every resource it deployed'],
      }),
    ];
  }
  if (noun === 'app' && verb === 'delete-resource') {
    return [
      act({
        verb: 'app delete-resource',
        effect: 'delete',
        risk: 'high',
        rule: 'argocd/app-delete',
        reasons: ['deletes a live resource of the application'],
      }),
    ];
  }
  if (noun === 'app' && verb === 'sync' && has(p, '--prune', '--force', '--replace')) {
    return [
      act({
        verb: `app sync ${has(p, '--prune') ? '--prune' : '--force'}`,
        effect: 'delete',
        risk: 'high',
        rule: 'argocd/sync-prune',
        reasons: ['deletes (or recreates) live resources that differ from git'],
      }),
    ];
  }
  const risk = genericRisk([verb]);
  return [
    act({
      verb: `${noun} ${verb}`.trim(),
      effect: risk === 'high' ? 'delete' : 'write',
      risk,
      rule: risk === 'high' ? 'argocd/delete' : 'argocd/write',
      reasons: [
        risk === 'high'
          ? `${noun} ${verb} removes Argo CD configuration`
          : 'a reversible Argo CD change',
      ],
    }),
  ];
}

const FLUX_VALUE = wordList(`
  -n --namespace --context --kubeconfig --timeout -o --output --source --path --interval --url
  --branch --owner --repository --kind --name
`);

/** flux: delete cascades through prune; uninstall removes the controllers (the workloads stay). */
export function analyzeFlux(inv: Invocation, ctx: ToolContext): Action[] {
  const p = parseArgs(inv.args, { value: FLUX_VALUE });
  const [verb = '', ...rest] = p.positionals;
  const env = ctx.envOf(value(p, '--context'), value(p, '-n', '--namespace'), ...rest);
  const act = (init: Init): Action => ctx.action({ tool: 'flux', env, targets: rest, ...init });
  if (
    asksForHelp(inv.args) ||
    READ_VERBS.has(verb) ||
    verb === 'reconcile' ||
    has(p, '--dry-run')
  ) {
    const writes = verb === 'reconcile';
    return [
      act({
        verb,
        effect: writes ? 'write' : 'read',
        risk: writes ? 'low' : 'none',
        rule: writes ? 'flux/write' : 'flux/read',
      }),
    ];
  }
  if (verb === 'delete') {
    return [
      act({
        verb: `delete ${rest[0] ?? ''}`.trim(),
        effect: 'delete',
        risk: 'high',
        rule: 'flux/delete',
        reasons: ['deleting a Flux object garbage-collects what it deployed'],
      }),
    ];
  }
  if (verb === 'uninstall') {
    return [
      act({
        verb: 'uninstall',
        effect: 'delete',
        risk: 'high',
        rule: 'flux/uninstall',
        reasons: ['removes the Flux controllers and their custom resources'],
      }),
    ];
  }
  const risk = genericRisk([verb]);
  return [
    act({
      verb,
      effect: risk === 'high' ? 'delete' : 'write',
      risk,
      rule: risk === 'high' ? 'flux/delete' : 'flux/write',
      reasons: ['a reversible GitOps change'],
    }),
  ];
}

const VELERO_VALUE = wordList(`
  -n --namespace --kubecontext --kubeconfig --include-namespaces --exclude-namespaces
  --from-backup --from-schedule -l --selector --namespace-mappings --ttl --storage-location
  --snapshot-locations -o --output --existing-resource-policy --schedule --include-resources
  --exclude-resources --restore-volumes --features --provider --bucket --secret-file
`);

/** velero: backups are the recovery path; deleting them is high, restoring over live prod state too. */
export function analyzeVelero(inv: Invocation, ctx: ToolContext): Action[] {
  const p = parseArgs(inv.args, { value: VELERO_VALUE });
  const [noun = '', verb = '', ...names] = p.positionals;
  const env = ctx.envOf(
    value(p, '--kubecontext'),
    value(p, '--include-namespaces', '--namespace-mappings'),
    ...names,
  );
  const act = (init: Init): Action => ctx.action({ tool: 'velero', env, targets: names, ...init });
  if (asksForHelp(inv.args) || READ_VERBS.has(noun) || READ_VERBS.has(verb)) {
    return [
      act({ verb: `${noun} ${verb}`.trim(), effect: 'read', risk: 'none', rule: 'velero/read' }),
    ];
  }
  if (noun === 'uninstall') {
    return [
      act({
        verb: 'uninstall',
        effect: 'delete',
        risk: 'high',
        rule: 'velero/uninstall',
        reasons: ['removes Velero and its backup records from the cluster'],
      }),
    ];
  }
  if (
    verb === 'delete' &&
    (noun === 'backup' || noun === 'schedule' || noun.endsWith('-location') || noun === 'snapshot')
  ) {
    return [
      act({
        verb: `${noun} delete`,
        effect: 'delete',
        risk: 'high',
        rule: 'velero/delete-backups',
        targets: has(p, '--all') ? ['--all'] : names,
        reasons: [
          noun === 'schedule'
            ? 'stops future backups'
            : 'deletes backups and their volume snapshots: the way back is gone',
        ],
      }),
    ];
  }
  if (noun === 'restore' && verb === 'create') {
    const overwrite = value(p, '--existing-resource-policy') === 'update';
    if (overwrite || env === 'prod') {
      return [
        act({
          verb: 'restore create',
          effect: 'write',
          risk: 'high',
          rule: 'velero/restore',
          reasons: ['restores old state over a live environment'],
        }),
      ];
    }
    return [
      act({
        verb: 'restore create',
        effect: 'write',
        risk: 'low',
        rule: 'velero/write',
        reasons: ['restores objects that do not exist yet'],
      }),
    ];
  }
  // Deleting a restore record touches nothing restored.
  const risk = noun === 'restore' ? 'low' : genericRisk([verb]);
  return [
    act({
      verb: `${noun} ${verb}`.trim(),
      effect: risk === 'high' ? 'delete' : 'write',
      risk,
      rule: risk === 'high' ? 'velero/delete' : 'velero/write',
    }),
  ];
}
