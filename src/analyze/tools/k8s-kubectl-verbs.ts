/**
 * kubectl sub-commands that need more than a table row: forced replacement and finalize, NoExecute taints,
 * RBAC grants that hand out cluster-admin, and exec/debug/run whose payload runs inside the cluster.
 */
import { has, value, values, type ParsedArgs } from '../args.js';
import type { ActionInit, Invocation, ToolContext, Word } from '../model.js';
import type { Action } from '../types.js';
import { codeFromStdin, splitAtDashDash, wordList } from './k8s-common.js';
import type { KubectlScope } from './k8s-kubectl-delete.js';

/** kubectl options that take a value (global and per sub-command); the rest are flags. */
export const KUBECTL_VALUE = wordList(`
  --context --cluster --kubeconfig -n --namespace -s --server --user --token --as --as-group
  --as-uid -l --selector -f --filename -k --kustomize -o --output -c --container
  --field-selector --type -p --patch --patch-file --grace-period --timeout --replicas
  --current-replicas --image --overrides --sort-by -L --label-columns --tail --since
  --since-time --raw --for --resource-version --chunk-size --request-timeout
  --certificate-authority --client-key --client-certificate --tls-server-name --address
  --to-revision --field-manager --prune-allowlist --prune-whitelist --template --profile
  --target --from-literal --from-file --from-env-file --clusterrole --role --group
  --serviceaccount --port --target-port --protocol --name --min --max --cpu-percent --env
  --labels --limits --requests --restart --schedule --subresource --copy-to --from
  --pod-running-timeout -v --max-log-requests --limit-bytes --docker-server --docker-username
  --docker-password --docker-email --cert --key --image-pull-policy --attach --custom
`);

// Grants that hand out the keys to the cluster.
const ADMIN_ROLES = new Set(['cluster-admin', 'admin', 'system:masters']);
const OPEN_GROUPS = new Set(['system:anonymous', 'system:unauthenticated', 'system:authenticated']);
const PRIVILEGED_SCC = new Set([
  'privileged',
  'anyuid',
  'hostaccess',
  'hostmount-anyuid',
  'hostnetwork',
]);

/** Indices of positional words (stops at `--`), honouring options that take a value. */
function positionalIndices(words: readonly Word[]): number[] {
  const takes = new Set(KUBECTL_VALUE);
  const out: number[] = [];
  for (let i = 0; i < words.length; i++) {
    const a = words[i]?.text ?? '';
    if (a === '--') break;
    if (a.startsWith('-') && a.length > 1) {
      if (!a.includes('=') && takes.has(a)) i++;
      continue;
    }
    out.push(i);
  }
  return out;
}

/** The command a pod runs: after `--`, or (old syntax) the words after the pod name. */
function payloadOf(words: readonly Word[], podPosition: number): readonly Word[] {
  const { head, payload } = splitAtDashDash(words);
  if (payload) return payload;
  const idx = positionalIndices(head)[podPosition + 1];
  return idx === undefined ? [] : head.slice(idx);
}

/** Builds an action with the invocation's tool and environment filled in. */
export type Act = (init: Omit<ActionInit, 'tool' | 'env'>) => Action;

/** `kubectl replace`: `--raw .../finalize` and `--force` destroy. */
export function replace(p: ParsedArgs, act: Act): Action {
  const raw = value(p, '--raw') ?? '';
  if (raw.endsWith('/finalize')) {
    return act({
      verb: 'replace --raw .../finalize',
      effect: 'destroy',
      risk: 'high',
      rule: 'k8s/force-finalize',
      targets: [raw],
      reasons: [
        'forces a namespace deletion through, orphaning whatever its finalizers were protecting',
      ],
    });
  }
  if (has(p, '--force')) {
    return act({
      verb: 'replace --force',
      effect: 'destroy',
      risk: 'high',
      rule: 'k8s/replace-force',
      targets: values(p, '-f', '--filename'),
      reasons: ['deletes and recreates the objects (a recreated volume claim loses its data)'],
    });
  }
  return act({
    verb: 'replace',
    effect: 'write',
    risk: 'low',
    rule: 'k8s/apply',
    reasons: ['replaces objects from manifests'],
  });
}

/** `kubectl taint`. */
export function taint(pos: readonly string[], act: Act): Action {
  // `key=value:NoExecute` evicts every pod that does not tolerate it; a trailing `-` removes the taint.
  const evicts = pos.some((t) => t.endsWith(':NoExecute'));
  return evicts
    ? act({
        verb: 'taint NoExecute',
        effect: 'destroy',
        risk: 'high',
        rule: 'k8s/taint-evict',
        targets: pos,
        reversible: true,
        reasons: ['a NoExecute taint evicts every pod on the node that does not tolerate it'],
      })
    : act({
        verb: 'taint',
        effect: 'write',
        risk: 'low',
        rule: 'k8s/taint',
        targets: pos,
        reasons: ['steers scheduling only'],
      });
}

/** `kubectl create`: bindings to cluster-admin or to anonymous users weaken security. */
export function create(p: ParsedArgs, pos: readonly string[], act: Act): Action {
  const kind = pos[0] ?? '';
  const role = value(p, '--clusterrole', '--role') ?? '';
  const groups = values(p, '--group');
  if (
    (kind === 'clusterrolebinding' || kind === 'rolebinding') &&
    (ADMIN_ROLES.has(role) || groups.some((g) => OPEN_GROUPS.has(g)))
  ) {
    return act({
      verb: `create ${kind}`,
      effect: 'write',
      risk: 'high',
      rule: 'k8s/grant-admin',
      targets: [...pos.slice(1), role, ...groups, ...values(p, '--user', '--serviceaccount')],
      reversible: true,
      reasons: [
        `grants ${role || 'a role'} to ${groups.join(', ') || 'a subject'}: a security boundary weakened`,
      ],
    });
  }
  return act({
    verb: `create ${kind}`.trim(),
    effect: 'write',
    risk: 'low',
    rule: 'k8s/create',
    targets: pos.slice(1),
    reasons: ['creates objects'],
  });
}

/** `oc adm policy add-cluster-role-to-user cluster-admin bob`, `add-scc-to-user privileged -z sa`. */
export function policy(pos: readonly string[], act: Act): Action {
  const verb = pos[0] ?? '';
  const role = pos[1] ?? '';
  const grants =
    (verb.startsWith('add-cluster-role-to') && ADMIN_ROLES.has(role)) ||
    (verb.startsWith('add-scc-to') && PRIVILEGED_SCC.has(role)) ||
    (verb.startsWith('add-') && pos.some((x) => OPEN_GROUPS.has(x)));
  return grants
    ? act({
        verb: `policy ${verb}`,
        effect: 'write',
        risk: 'high',
        rule: 'k8s/grant-admin',
        targets: pos.slice(1),
        reversible: true,
        reasons: [`${verb} ${role}: grants cluster-wide privileges`],
      })
    : act({
        verb: `policy ${verb}`,
        effect: 'write',
        risk: 'low',
        rule: 'k8s/write',
        targets: pos.slice(1),
        reasons: ['an RBAC change'],
      });
}

/** exec / rsh / debug / run / attach: the payload runs inside the cluster and is judged there. */
export function podCommand(
  inv: Invocation,
  ctx: ToolContext,
  sub: string,
  subPosition: number,
  pos: readonly string[],
  scope: KubectlScope,
  where: readonly string[],
  act: Act,
): Action[] {
  const target = pos[0] ?? '';
  const payload = sub === 'attach' ? [] : payloadOf(inv.words, subPosition + 1);
  const ns = scope.namespace ? `-n ${scope.namespace} ` : '';
  const hop = `${inv.name} ${sub} ${ns}${target}`.trim();
  const opts = { env: scope.env, remote: true };
  if (payload.length > 0) ctx.argv(payload, hop, opts);
  const fed = codeFromStdin(payload, inv.stdin, ctx, hop, opts, 'k8s/stdin-code');
  const interactive =
    payload.length === 0 || inv.args.some((a) => /^-[a-z]*i/.test(a) || a === '--stdin');
  return [
    ...(fed ? [fed] : []),
    act({
      verb: sub,
      effect: 'exec',
      risk: sub === 'run' || sub === 'debug' ? 'low' : 'none',
      rule: sub === 'run' || sub === 'debug' ? 'k8s/run' : 'k8s/exec',
      targets: [target, ...where],
      reasons: [
        payload.length > 0
          ? `runs ${payload.map((w) => w.text).join(' ')} in ${target}: judged as a command on the far side`
          : interactive
            ? `opens an interactive session in ${target}`
            : `starts ${target}`,
      ],
    }),
  ];
}
