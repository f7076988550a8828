/**
 * Mesh and networking add-ons (istioctl, linkerd, cilium), node-level container runtimes (crictl, ctr) and
 * the small helpers around kubectl (stern, kubectx, kubens, k9s). Uninstalling a mesh or a CNI takes down
 * traffic (and mTLS) for the whole cluster; linkerd only renders manifests, so its output is judged where it
 * is applied.
 */
import { has, parseArgs, value } from '../args.js';
import type { Invocation, ToolContext, Word } from '../model.js';
import type { Action } from '../types.js';
import { asksForHelp, spec, splitAtDashDash, type VerbSpec, wordList } from './k8s-common.js';
import { judgeByTable } from './k8s-cluster.js';

const ISTIOCTL: Readonly<Record<string, VerbSpec>> = {
  uninstall: spec(
    'high',
    'delete',
    'k8s/mesh-uninstall',
    'removes the service mesh: traffic policy and mTLS go with it',
  ),
  'x uninstall': spec(
    'high',
    'delete',
    'k8s/mesh-uninstall',
    'removes the service mesh: traffic policy and mTLS go with it',
  ),
  'experimental uninstall': spec(
    'high',
    'delete',
    'k8s/mesh-uninstall',
    'removes the service mesh',
  ),
  analyze: spec('none', 'read', 'istioctl/read', 'read-only'),
  'proxy-status': spec('none', 'read', 'istioctl/read', 'read-only'),
  'proxy-config': spec('none', 'read', 'istioctl/read', 'read-only'),
  'verify-install': spec('none', 'read', 'istioctl/read', 'read-only'),
  'kube-inject': spec('none', 'read', 'istioctl/read', 'renders manifests'),
  'manifest generate': spec('none', 'read', 'istioctl/read', 'renders manifests'),
  'x precheck': spec('none', 'read', 'istioctl/read', 'read-only'),
  precheck: spec('none', 'read', 'istioctl/read', 'read-only'),
};

const CILIUM: Readonly<Record<string, VerbSpec>> = {
  uninstall: spec(
    'high',
    'delete',
    'k8s/mesh-uninstall',
    'removes the CNI: pod networking stops cluster-wide',
  ),
  connectivity: spec('none', 'read', 'cilium/read', 'runs connectivity checks'),
  sysdump: spec('none', 'read', 'cilium/read', 'collects diagnostics'),
  'config view': spec('none', 'read', 'cilium/read', 'read-only'),
};

// Runtime commands on one node: kubelet recreates what it manages, so one container is cheap; all of them is
// an outage of the node.
const CRICTL: Readonly<Record<string, VerbSpec>> = {
  rmi: spec('low', 'delete', 'crictl/rmi', 'images are re-pulled'),
  pull: spec('low', 'write', 'crictl/write', 'pulls an image'),
  ps: spec('none', 'read', 'crictl/read', 'read-only'),
  pods: spec('none', 'read', 'crictl/read', 'read-only'),
  images: spec('none', 'read', 'crictl/read', 'read-only'),
  img: spec('none', 'read', 'crictl/read', 'read-only'),
  stats: spec('none', 'read', 'crictl/read', 'read-only'),
  statsp: spec('none', 'read', 'crictl/read', 'read-only'),
  imagefsinfo: spec('none', 'read', 'crictl/read', 'read-only'),
  inspectp: spec('none', 'read', 'crictl/read', 'read-only'),
  inspecti: spec('none', 'read', 'crictl/read', 'read-only'),
};

const CTR: Readonly<Record<string, VerbSpec>> = {
  '* rm': spec('high', 'delete', 'ctr/delete', 'deletes containerd state'),
  '* del': spec('high', 'delete', 'ctr/delete', 'deletes containerd state'),
  '* delete': spec('high', 'delete', 'ctr/delete', 'deletes containerd state'),
  '* remove': spec('high', 'delete', 'ctr/delete', 'deletes containerd state'),
  '* kill': spec('high', 'destroy', 'ctr/kill', 'kills a running task'),
  '* prune': spec('low', 'delete', 'ctr/prune', 'prunes unreferenced images or content'),
  '* ls': spec('none', 'read', 'ctr/read', 'read-only'),
  '* list': spec('none', 'read', 'ctr/read', 'read-only'),
  '* info': spec('none', 'read', 'ctr/read', 'read-only'),
};

// Images and content are re-pulled: deleting them is housekeeping.
const REGENERABLE_CTR_NOUNS = new Set(['images', 'image', 'i', 'content', 'leases']);

function runtimeExec(
  name: string,
  words: readonly Word[],
  skip: number,
  valueOpts: ReadonlySet<string>,
  ctx: ToolContext,
): Action[] {
  // The first `skip` positionals are the sub-command and the container (or image and id); then the payload.
  const { payload } = splitAtDashDash(words);
  let cmd = payload;
  if (!cmd) {
    let seen = 0;
    for (let i = 0; i < words.length; i++) {
      const t = words[i]?.text ?? '';
      if (t.startsWith('-')) {
        if (valueOpts.has(t)) i++;
        continue;
      }
      seen++;
      if (seen > skip) {
        cmd = words.slice(i);
        break;
      }
    }
  }
  const env = ctx.envOf();
  if (cmd && cmd.length > 0) ctx.argv(cmd, `${name} exec`, { env, remote: true });
  return [
    ctx.action({
      tool: name,
      verb: 'exec',
      effect: 'exec',
      risk: 'none',
      rule: 'k8s/exec',
      env,
      reasons: ['runs a command in a container'],
    }),
  ];
}

/** istioctl, linkerd, cilium, crictl, ctr, stern, kubectx, kubens, k9s. */
export function analyzeNodeTools(inv: Invocation, ctx: ToolContext): Action[] {
  const name = inv.name;
  const p = parseArgs(
    splitAtDashDash(inv.words).head.map((w) => w.text),
    {
      value: wordList(`
        -n --namespace --context --kubeconfig -a --address -r --runtime-endpoint
        --image-endpoint --timeout -f --filename --set -o --output --revision --exec-id
      `),
    },
  );
  const pos = p.positionals;
  const env = ctx.envOf(value(p, '--context'), value(p, '-n', '--namespace'));
  const read = (why: string): Action[] => [
    ctx.action({
      tool: name,
      verb: pos[0] ?? name,
      effect: 'read',
      risk: 'none',
      rule: 'k8s/read',
      env,
      reasons: [why],
    }),
  ];
  if (asksForHelp(inv.args)) return read('prints help');
  switch (name) {
    case 'istioctl':
      if (has(p, '--dry-run', '-d')) return read('dry run');
      return [judgeByTable(name, ISTIOCTL, pos, env, ctx)];
    case 'linkerd':
      return read('renders manifests or checks the mesh: nothing is applied by linkerd itself');
    case 'cilium':
      return [judgeByTable(name, CILIUM, pos, env, ctx)];
    case 'crictl': {
      const verb = pos[0] ?? '';
      if (verb === 'exec') {
        return runtimeExec(
          name,
          inv.words,
          2,
          new Set(['--timeout', '-r', '--runtime-endpoint', '--image-endpoint', '-e', '--env']),
          ctx,
        );
      }
      if (['rm', 'rmp', 'stop', 'stopp'].includes(verb)) {
        const all = has(p, '-a', '--all') || inv.words.some((w) => w.dynamic);
        return [
          ctx.action({
            tool: name,
            verb,
            effect: 'destroy',
            risk: all ? 'high' : 'low',
            rule: all ? 'crictl/remove-all' : 'crictl/remove',
            targets: pos.slice(1),
            env,
            reasons: [
              all
                ? 'removes every container or pod on the node: an outage of the node'
                : 'kubelet recreates what it manages',
            ],
          }),
        ];
      }
      return [judgeByTable(name, CRICTL, pos, env, ctx)];
    }
    case 'ctr': {
      const [noun = '', verb = ''] = pos;
      if (noun === 'run')
        return runtimeExec(
          name,
          inv.words,
          3,
          new Set(
            wordList(`
            -n --namespace -a --address --mount --env --label --runtime --snapshotter --cwd
            --user -u --env-file
          `),
          ),
          ctx,
        );
      if ((noun === 'tasks' || noun === 'task' || noun === 't') && verb === 'exec') {
        return runtimeExec(
          name,
          inv.words,
          3,
          new Set(['--exec-id', '-n', '--namespace', '-a', '--address', '--cwd', '--user', '-u']),
          ctx,
        );
      }
      if (REGENERABLE_CTR_NOUNS.has(noun)) {
        return [
          ctx.action({
            tool: name,
            verb: `${noun} ${verb}`,
            effect: 'write',
            risk: verb === 'ls' || verb === 'list' ? 'none' : 'low',
            rule: 'ctr/images',
            env,
            reasons: ['images and content are re-pulled'],
          }),
        ];
      }
      return [judgeByTable(name, CTR, pos, env, ctx)];
    }
    case 'kubectx':
    case 'kubens':
      return pos.length === 0 && !has(p, '-d')
        ? read('lists contexts')
        : [
            ctx.action({
              tool: name,
              verb: has(p, '-d') ? 'delete' : 'switch',
              effect: 'write',
              risk: 'low',
              rule: 'k8s/config',
              targets: pos,
              env: ctx.envOf(...pos),
              reasons: ['edits the local kubeconfig'],
            }),
          ];
    default:
      // stern tails logs; k9s is an interactive UI (what the human does there is theirs).
      return read(name === 'k9s' ? 'an interactive UI' : 'tails logs');
  }
}
