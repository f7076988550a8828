/**
 * Links, addresses and routes with ip (iproute2); ifconfig/ifdown/route live in network-links.
 * Taking the uplink down, flushing its addresses or deleting the default route cuts the machine off
 * the network (and you with it when you are remote); the same on a virtual interface (veth, docker,
 * wg, tap) is a local, recoverable change. Show/list is read-only.
 */
import type { Action } from '../types.js';
import type { Invocation, ToolContext, Word } from '../model.js';
import { byPrefix, finding, readOnly, type Finding } from './system-common.js';

/** Interfaces that are software plumbing rather than the machine's link to the network. */
const VIRTUAL =
  /^(veth|docker\d|br-[0-9a-f]|virbr|tap|tun|wg|dummy|vnet|cali|flannel|cni|kube-|weave|vxlan|tailscale|zt|utun|fwbr|fwln|fwpr|lxcbr|lxdbr|incusbr|podman|cilium|genev|gre|ipip|sit|ifb|nlmon|macvtap|virbr|vboxnet|vmnet)/;

/** True when taking `name` down could cut the machine off (unknown and dynamic names count). */
export function isUplink(name: string | undefined): boolean {
  return !name || !VIRTUAL.test(name);
}

const OBJECTS = [
  'address',
  'addrlabel',
  'maddress',
  'route',
  'rule',
  'neighbor',
  'neighbour',
  'ntable',
  'ntbl',
  'link',
  'l2tp',
  'fou',
  'ila',
  'macsec',
  'tunnel',
  'tuntap',
  'tap',
  'token',
  'tcpmetrics',
  'tcp_metrics',
  'monitor',
  'xfrm',
  'mroute',
  'mrule',
  'netns',
  'netconf',
  'vrf',
  'sr',
  'nexthop',
  'mptcp',
  'ioam',
  'stats',
  'help',
];

const VERBS: Readonly<Record<string, readonly string[]>> = {
  link: [
    'add',
    'set',
    'change',
    'replace',
    'delete',
    'show',
    'list',
    'lst',
    'help',
    'xstats',
    'afstats',
    'property',
  ],
  address: [
    'add',
    'change',
    'chg',
    'replace',
    'delete',
    'list',
    'show',
    'lst',
    'flush',
    'save',
    'showdump',
    'restore',
    'help',
  ],
  route: [
    'add',
    'change',
    'chg',
    'replace',
    'prepend',
    'append',
    'test',
    'delete',
    'list',
    'show',
    'lst',
    'get',
    'flush',
    'save',
    'restore',
    'showdump',
    'help',
  ],
  rule: ['add', 'delete', 'flush', 'list', 'show', 'lst', 'save', 'restore', 'help'],
  netns: [
    'list',
    'add',
    'attach',
    'delete',
    'set',
    'identify',
    'pids',
    'exec',
    'monitor',
    'list-id',
    'help',
  ],
};
const GENERIC = [
  'add',
  'change',
  'replace',
  'delete',
  'del',
  'list',
  'show',
  'lst',
  'get',
  'flush',
  'set',
  'help',
  'monitor',
  'save',
  'restore',
];

const IP_VALUE = new Set([
  '-n',
  '-netns',
  '-b',
  '-batch',
  '-rc',
  '-rcvbuf',
  '-l',
  '-loops',
  '-f',
  '-family',
]);

/** The device a command names: after `dev`, else the first plain word. */
function deviceOf(words: readonly string[]): string | undefined {
  const at = words.indexOf('dev');
  if (at >= 0) return words[at + 1];
  return words.find((w) => !w.startsWith('-'));
}

function judgeIp(obj: string, verb: string, rest: readonly string[]): Finding {
  const read: Finding = {
    verb: `ip ${obj} ${verb}`,
    risk: 'none',
    rule: 'network/read',
    reasons: ['read-only'],
  };
  const low = (why: string): Finding => ({
    verb: `ip ${obj} ${verb}`,
    risk: 'low',
    rule: 'network/config',
    targets: [...rest.slice(0, 3)],
    reasons: [why],
  });
  const cut = (rule: string, why: string, target: string): Finding => ({
    verb: `ip ${obj} ${verb}`,
    risk: 'high',
    effect: 'write',
    rule,
    targets: [target],
    reasons: [why, 'on a remote machine this cuts off your own access'],
  });
  if (
    /^(show|list|lst|get|help|xstats|afstats|showdump|save|monitor|pids|identify|list-id|test)$/.test(
      verb,
    )
  )
    return read;
  const dev = deviceOf(rest);
  if (obj === 'link') {
    if (verb === 'set' && rest.includes('down') && isUplink(dev))
      return cut('network/link-down', `takes ${dev ?? 'the interface'} down`, dev ?? '');
    if (verb === 'delete' && isUplink(dev))
      return cut('network/link-delete', `deletes the interface ${dev ?? ''}`, dev ?? '');
    return low('a recoverable link change');
  }
  if (obj === 'address' && (verb === 'flush' || verb === 'delete')) {
    if (isUplink(dev) || (verb === 'flush' && !rest.includes('dev'))) {
      return cut(
        'network/addr-flush',
        `removes the addresses of ${dev ?? 'every interface'}`,
        dev ?? 'all',
      );
    }
    return low('removes an address from a virtual interface');
  }
  if (obj === 'route' && (verb === 'delete' || verb === 'flush')) {
    if (rest.includes('cache')) return low('flushes the route cache');
    const all =
      verb === 'flush' &&
      (rest.length === 0 ||
        rest.includes('all') ||
        (rest.includes('table') &&
          /^(main|all|default|254)$/.test(rest[rest.indexOf('table') + 1] ?? '')));
    const defaultRoute = rest.some((w) => /^(default|0\.0\.0\.0\/0|0\/0|::\/0)$/.test(w));
    const uplink = verb === 'flush' && rest.includes('dev') && isUplink(dev);
    if (all || defaultRoute || uplink) {
      return cut(
        'network/route-delete-default',
        defaultRoute ? 'deletes the default route' : 'flushes the routing table',
        defaultRoute ? 'default' : (dev ?? 'main'),
      );
    }
    return low('removes one route');
  }
  if (obj === 'rule' && verb === 'flush')
    return cut(
      'network/route-delete-default',
      'flushes the routing policy rules (including the main table lookup)',
      'rules',
    );
  return low(`ip ${obj} ${verb}: a recoverable network change`);
}

/**
 * `ip [opts] OBJECT [COMMAND [ARGS]]`, with `ip netns exec NS CMD` analysed as a nested command.
 */
export function ip(inv: Invocation, ctx: ToolContext): Action[] {
  const tool = 'ip';
  let i = 0;
  let allNs = false;
  for (; i < inv.args.length; i++) {
    const a = inv.args[i] ?? '';
    if (!a.startsWith('-')) break;
    if (a === '-V' || a === '-Version' || a === '-h' || a === '-help')
      return [readOnly(ctx, tool, 'version', 'network/read')];
    if (a === '-all' || a === '-a') allNs = true;
    if (IP_VALUE.has(a)) {
      if (a === '-b' || a === '-batch') {
        return [
          finding(ctx, tool, {
            verb: 'ip -batch',
            risk: 'low',
            rule: 'network/config',
            targets: [inv.args[i + 1] ?? ''],
            env: ctx.envOf(),
            reasons: ['runs the ip commands in a batch file'],
          }),
        ];
      }
      i++;
    }
  }
  const obj = byPrefix(inv.args[i], OBJECTS) ?? 'help';
  const norm = obj === 'neighbour' ? 'neighbor' : obj;
  const verb =
    byPrefix(inv.args[i + 1], VERBS[norm] ?? GENERIC) ??
    (inv.args[i + 1] === undefined ? 'show' : (inv.args[i + 1] ?? ''));
  const rest = inv.args.slice(i + 2);
  if (norm === 'netns' && verb === 'exec') {
    const payload: readonly Word[] = inv.words.slice(i + (allNs ? 2 : 3));
    const ns = allNs ? 'all' : (rest[0] ?? '');
    if (payload.length > 0) ctx.argv(payload, `ip netns exec ${ns}`);
    return [
      readOnly(
        ctx,
        tool,
        'netns exec',
        'network/read',
        `runs a command in the network namespace ${ns}`,
        [ns],
      ),
    ];
  }
  if (norm === 'netns' && verb === 'delete' && allNs) {
    return [
      finding(ctx, tool, {
        verb: 'ip -all netns delete',
        risk: 'high',
        effect: 'delete',
        rule: 'network/netns-delete',
        targets: ['all'],
        env: ctx.envOf(),
        reasons: [
          'deletes every network namespace: containers and VPNs in them lose their network',
        ],
      }),
    ];
  }
  return [finding(ctx, tool, { ...judgeIp(norm, verb, rest), env: ctx.envOf() })];
}
