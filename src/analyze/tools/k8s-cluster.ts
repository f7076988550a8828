/**
 * Cluster lifecycle tools: local dev clusters (kind, minikube, k3d: regenerable, so deleting one is cheap),
 * managed and self-managed clusters (eksctl, kubeadm, k3s, talosctl: deleting or resetting one is a whole
 * cluster or node). Wrappers that run kubectl or a shell (`minikube kubectl --`, `k3s kubectl`, `minikube ssh`)
 * hand their payload back to the engine.
 */
import { parseArgs, value } from '../args.js';
import type { Invocation, ToolContext, Word } from '../model.js';
import type { Action, Env } from '../types.js';
import {
  asksForHelp,
  DESTRUCTIVE_VERBS,
  lookupVerb,
  READ_VERBS,
  spec,
  splitAtDashDash,
  type VerbSpec,
  wordList,
} from './k8s-common.js';

/** Judge `tool <positionals>` with a table, falling back on the verb's sound. */
export function judgeByTable(
  tool: string,
  table: Readonly<Record<string, VerbSpec>>,
  positionals: readonly string[],
  env: Env,
  ctx: ToolContext,
  targets: readonly string[] = positionals.slice(1),
): Action {
  const hit = lookupVerb(table, positionals);
  const verb = hit?.key ?? positionals.slice(0, 2).join(' ');
  const head = positionals[0] ?? '';
  const row =
    hit?.spec ??
    (positionals.slice(0, 2).some((v) => DESTRUCTIVE_VERBS.has(v))
      ? spec(
          'high',
          'delete',
          `${tool}/delete`,
          `${verb} sounds destructive and is not otherwise known`,
        )
      : READ_VERBS.has(head) || head === ''
        ? spec('none', 'read', `${tool}/read`, 'read-only')
        : spec('low', 'write', `${tool}/write`, 'a reversible change'));
  return ctx.action({
    tool,
    verb: verb || tool,
    effect: row.effect,
    risk: row.risk,
    rule: row.rule,
    targets,
    env,
    reasons: [row.reason],
  });
}

const LOCAL_DELETE = spec('low', 'delete', 'k8s/local-cluster', 'a local dev cluster: regenerable');

const KIND: Readonly<Record<string, VerbSpec>> = {
  'delete cluster': LOCAL_DELETE,
  'delete clusters': LOCAL_DELETE,
  delete: LOCAL_DELETE,
  create: spec('low', 'write', 'k8s/local-cluster', 'creates a local dev cluster'),
};

const MINIKUBE: Readonly<Record<string, VerbSpec>> = {
  delete: LOCAL_DELETE,
  stop: spec('low', 'write', 'k8s/local-cluster', 'stops the local cluster'),
  start: spec('low', 'write', 'k8s/local-cluster', 'starts the local cluster'),
};

const K3D: Readonly<Record<string, VerbSpec>> = {
  'cluster delete': LOCAL_DELETE,
  'cluster rm': LOCAL_DELETE,
  'node delete': LOCAL_DELETE,
  'registry delete': LOCAL_DELETE,
  delete: LOCAL_DELETE,
};

const K3S: Readonly<Record<string, VerbSpec>> = {
  'etcd-snapshot delete': spec(
    'high',
    'delete',
    'k8s/delete-snapshot',
    'deletes etcd snapshots: the cluster backups',
  ),
  'etcd-snapshot prune': spec(
    'high',
    'delete',
    'k8s/delete-snapshot',
    'deletes old etcd snapshots',
  ),
  'etcd-snapshot rm': spec('high', 'delete', 'k8s/delete-snapshot', 'deletes etcd snapshots'),
};

const EKSCTL: Readonly<Record<string, VerbSpec>> = {
  'delete cluster': spec(
    'catastrophic',
    'destroy',
    'k8s/cluster-delete',
    'deletes the whole EKS cluster and its workloads',
  ),
  'delete nodegroup': spec(
    'high',
    'delete',
    'eksctl/delete',
    'deletes a node group: its nodes and their pods go',
  ),
  'drain nodegroup': spec('high', 'destroy', 'k8s/drain', 'evicts every pod from the node group'),
  create: spec('low', 'write', 'eksctl/write', 'creates cluster resources'),
};

const KUBEADM: Readonly<Record<string, VerbSpec>> = {
  reset: spec(
    'catastrophic',
    'destroy',
    'k8s/kubeadm-reset',
    'tears down the node: control-plane state, etcd data and certificates',
  ),
  init: spec('low', 'write', 'kubeadm/write', 'bootstraps a control plane'),
  join: spec('low', 'write', 'kubeadm/write', 'joins a node'),
  'token delete': spec('low', 'write', 'kubeadm/write', 'revokes a bootstrap token'),
};

const TALOSCTL: Readonly<Record<string, VerbSpec>> = {
  reset: spec(
    'catastrophic',
    'destroy',
    'talos/reset',
    'wipes the node: its disks and cluster membership',
  ),
  'wipe disk': spec('catastrophic', 'destroy', 'talos/wipe-disk', 'wipes a disk'),
  wipe: spec('catastrophic', 'destroy', 'talos/wipe-disk', 'wipes a disk'),
  reboot: spec('high', 'destroy', 'talos/reboot', 'reboots the node'),
  shutdown: spec('high', 'destroy', 'talos/reboot', 'shuts the node down'),
  'etcd remove-member': spec(
    'high',
    'delete',
    'talos/etcd-member',
    'removes an etcd member: quorum may be lost',
  ),
  'etcd leave': spec('high', 'delete', 'talos/etcd-member', 'the node leaves etcd'),
  'cluster destroy': LOCAL_DELETE,
  'cluster create': spec('low', 'write', 'k8s/local-cluster', 'creates a local test cluster'),
  'etcd snapshot': spec('none', 'read', 'talos/read', 'takes an etcd snapshot'),
  'etcd members': spec('none', 'read', 'talos/read', 'read-only'),
  containers: spec('none', 'read', 'talos/read', 'read-only'),
  dmesg: spec('none', 'read', 'talos/read', 'read-only'),
  health: spec('none', 'read', 'talos/read', 'read-only'),
  services: spec('none', 'read', 'talos/read', 'read-only'),
  read: spec('none', 'read', 'talos/read', 'read-only'),
  kubeconfig: spec('low', 'write', 'talos/write', 'writes a kubeconfig'),
};

/** `minikube kubectl -- ...`, `k3s kubectl ...`: re-dispatch the payload as its own command. */
function nested(
  program: string,
  words: readonly Word[],
  hop: string,
  ctx: ToolContext,
  env: Env,
): Action[] {
  const argv: Word[] = [{ text: program, dynamic: false }, ...words];
  ctx.argv(argv, hop, { env });
  return [
    ctx.action({
      tool: hop.split(' ')[0] ?? hop,
      verb: program,
      effect: 'exec',
      risk: 'none',
      rule: 'k8s/exec',
      env,
      reasons: [`runs ${program}`],
    }),
  ];
}

/** kind, minikube, k3d, k3s, eksctl, kubeadm, talosctl. */
export function analyzeCluster(inv: Invocation, ctx: ToolContext): Action[] {
  const name = inv.name;
  const args = inv.args;
  const valueOpts = wordList(`
    -n --name -p --profile --region -r --cluster --nodes -e --endpoints --context --talosconfig
    --kubeconfig --config -c --cri-socket --image --node-image
  `);
  const p = parseArgs(
    splitAtDashDash(inv.words).head.map((w) => w.text),
    { value: valueOpts },
  );
  const pos = p.positionals;
  const env =
    name === 'kind' || name === 'minikube' || name === 'k3d'
      ? 'local'
      : ctx.envOf(
          value(
            p,
            '-n',
            '--name',
            '--cluster',
            '--nodes',
            '-e',
            '--endpoints',
            '--context',
            '-p',
            '--profile',
          ),
          pos[2],
        );
  const read = (): Action[] => [
    ctx.action({
      tool: name,
      verb: pos[0] ?? name,
      effect: 'read',
      risk: 'none',
      rule: `${name}/read`,
      env,
      reasons: ['help or dry run'],
    }),
  ];
  if (asksForHelp(args) || p.opts.has('--dry-run')) return read();
  switch (name) {
    case 'kind':
      return [judgeByTable('kind', KIND, pos, env, ctx)];
    case 'minikube': {
      const { payload } = splitAtDashDash(inv.words);
      if (pos[0] === 'kubectl')
        return nested('kubectl', payload ?? [], 'minikube kubectl', ctx, env);
      if (pos[0] === 'ssh') {
        const cmd =
          payload ??
          inv.words
            .slice(inv.words.findIndex((w) => w.text === 'ssh') + 1)
            .filter((w) => !w.text.startsWith('-'));
        if (cmd.length > 0)
          ctx.script(cmd.map((w) => w.text).join(' '), 'minikube ssh', { env, remote: true });
        return [
          ctx.action({
            tool: name,
            verb: 'ssh',
            effect: 'exec',
            risk: 'none',
            rule: 'k8s/exec',
            env,
            reasons: ['runs a command in the minikube VM'],
          }),
        ];
      }
      return [judgeByTable('minikube', MINIKUBE, pos, env, ctx)];
    }
    case 'k3d':
      return [judgeByTable('k3d', K3D, pos, env, ctx)];
    case 'k3s': {
      const first = inv.words[0]?.text ?? '';
      if (first === 'kubectl' || first === 'crictl' || first === 'ctr')
        return nested(first, inv.words.slice(1), `k3s ${first}`, ctx, env);
      if (pos[0] === 'server' && p.opts.has('--cluster-reset')) {
        return [
          ctx.action({
            tool: name,
            verb: 'server --cluster-reset',
            effect: 'destroy',
            risk: 'high',
            rule: 'k8s/cluster-reset',
            env,
            reasons: ['resets etcd to a single member'],
          }),
        ];
      }
      return [judgeByTable('k3s', K3S, pos, env, ctx)];
    }
    case 'eksctl': {
      const nodes = value(p, '--nodes', '-N');
      if (pos[0] === 'scale' && nodes === '0') {
        return [
          ctx.action({
            tool: name,
            verb: 'scale nodegroup --nodes 0',
            effect: 'destroy',
            risk: 'high',
            rule: 'k8s/scale-zero',
            env,
            reasons: ['removes every node of the group'],
          }),
        ];
      }
      return [
        judgeByTable('eksctl', EKSCTL, pos, env, ctx, [
          value(p, '-n', '--name', '--cluster') ?? '',
          ...pos.slice(2),
        ]),
      ];
    }
    case 'kubeadm':
      return [judgeByTable('kubeadm', KUBEADM, pos, env, ctx)];
    default:
      return [judgeByTable('talosctl', TALOSCTL, pos, env, ctx, talosTargets(p))];
  }
}

/** Nodes and arguments a talosctl command acts on. */
function talosTargets(p: ReturnType<typeof parseArgs>): string[] {
  return [value(p, '-n', '--nodes') ?? '', ...p.positionals.slice(1)].filter((x) => x.length > 0);
}
