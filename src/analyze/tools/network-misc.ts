/**
 * Traffic control (tc) and NetworkManager (nmcli). A qdisc that drops (nearly) every packet, a
 * disconnected uplink or networking switched off cuts the machine off; everything else is
 * recoverable.
 */
import type { Action } from '../types.js';
import type { Invocation, ToolContext } from '../model.js';
import { byPrefix, finding, isHelp, readOnly } from './system-common.js';
import { isUplink } from './network-ip.js';

/** `12%` / `12` → 12. */
function percent(text: string | undefined): number {
  return text ? Number.parseFloat(text.replace('%', '')) || 0 : 0;
}

/** tc time (`5s`, `5000ms`, `300us`, bare = µs) in seconds. */
function seconds(text: string | undefined): number {
  const m = /^([\d.]+)(s|sec|secs|ms|msec|msecs|us|usec|usecs)?$/.exec(text ?? '');
  if (!m) return 0;
  const n = Number.parseFloat(m[1] ?? '0');
  const unit = m[2] ?? 'us';
  return unit.startsWith('ms') ? n / 1000 : unit.startsWith('u') ? n / 1e6 : n;
}

/** tc rate (`1kbit`, `10mbit`, `1mbps`) in bits per second. */
function bitsPerSecond(text: string | undefined): number {
  const m = /^([\d.]+)([kmgt]?)(bit|bps)?$/i.exec(text ?? '');
  if (!m) return Number.POSITIVE_INFINITY;
  const scale: Record<string, number> = { '': 1, k: 1e3, m: 1e6, g: 1e9, t: 1e12 };
  const n = Number.parseFloat(m[1] ?? '0') * (scale[(m[2] ?? '').toLowerCase()] ?? 1);
  return (m[3] ?? '').toLowerCase() === 'bps' ? n * 8 : n;
}

/** Why a tc qdisc/filter black-holes traffic, if it does. */
function blackHole(w: readonly string[]): string | undefined {
  const after = (k: string): string | undefined => {
    const i = w.indexOf(k);
    if (i < 0) return undefined;
    const next = w[i + 1];
    return next === 'random' || next === 'state' || next === 'gemodel' ? w[i + 2] : next;
  };
  if (w.includes('blackhole')) return 'a blackhole qdisc drops every packet';
  if (percent(after('loss')) >= 50 || percent(after('drop')) >= 50)
    return `netem drops ${after('loss') ?? after('drop') ?? ''} of the packets`;
  if (percent(after('corrupt')) >= 50) return 'netem corrupts most packets';
  if (seconds(after('delay')) >= 5) return `netem delays every packet by ${after('delay') ?? ''}`;
  if (bitsPerSecond(after('rate')) < 64_000) return `throttles the link to ${after('rate') ?? ''}`;
  const matchAll = w.includes('matchall') || w.join(' ').includes('match u32 0 0');
  if (matchAll && (w.includes('drop') || w.includes('shot')))
    return 'a match-all filter drops every packet';
  return undefined;
}

/** `tc [opts] qdisc|class|filter|action add|change|replace|del|show dev IFACE ...`. */
export function tc(inv: Invocation, ctx: ToolContext): Action[] {
  const tool = 'tc';
  const words = inv.args.filter(
    (a, i) => !a.startsWith('-') && !/^-(n|netns|b|batch|cf|conf)$/.test(inv.args[i - 1] ?? ''),
  );
  const obj =
    byPrefix(words[0], ['qdisc', 'class', 'filter', 'action', 'monitor', 'exec', 'help']) ?? 'help';
  const verb =
    byPrefix(words[1], [
      'add',
      'delete',
      'del',
      'change',
      'replace',
      'link',
      'show',
      'list',
      'ls',
      'get',
    ]) ?? 'show';
  const dev = words.includes('dev') ? words[words.indexOf('dev') + 1] : undefined;
  const env = ctx.envOf();
  if (
    isHelp(inv.args) ||
    obj === 'monitor' ||
    obj === 'help' ||
    /^(show|list|ls|get)$/.test(verb)
  ) {
    return [readOnly(ctx, tool, `tc ${obj} show`, 'network/read')];
  }
  const why = /^(add|change|replace|link)$/.test(verb) ? blackHole(words) : undefined;
  if (why && isUplink(dev)) {
    return [
      finding(ctx, tool, {
        verb: `tc ${obj} ${verb}`,
        risk: 'high',
        effect: 'write',
        rule: 'network/traffic-blackhole',
        targets: [dev ?? ''],
        env,
        reasons: [
          why,
          `traffic on ${dev ?? 'the interface'} effectively stops: the machine is cut off`,
        ],
      }),
    ];
  }
  return [
    finding(ctx, tool, {
      verb: `tc ${obj} ${verb}`,
      risk: 'low',
      rule: 'network/traffic-control',
      targets: [dev ?? ''],
      env,
      reasons: [
        verb.startsWith('del') ? 'removes traffic shaping' : 'a recoverable traffic-control change',
      ],
    }),
  ];
}

const NMCLI_VALUE = new Set([
  '-m',
  '--mode',
  '-c',
  '--colors',
  '-f',
  '--fields',
  '-g',
  '--get-values',
  '-e',
  '--escape',
  '-w',
  '--wait',
]);
const VPN = /vpn|wg|wireguard|tun|tailscale|openvpn|zerotier/i;

/** `nmcli [opts] OBJECT [COMMAND] [ARGS]` (objects and commands may be abbreviated). */
export function nmcli(inv: Invocation, ctx: ToolContext): Action[] {
  const tool = 'nmcli';
  const words: string[] = [];
  for (let i = 0; i < inv.args.length; i++) {
    const a = inv.args[i] ?? '';
    if (NMCLI_VALUE.has(a)) i++;
    else if (!a.startsWith('-')) words.push(a);
  }
  if (isHelp(inv.args) || inv.args.includes('-h') || inv.args.includes('-v'))
    return [readOnly(ctx, tool, 'help', 'network/read')];
  const obj =
    byPrefix(words[0], [
      'general',
      'networking',
      'radio',
      'connection',
      'device',
      'agent',
      'monitor',
      'help',
    ]) ?? 'general';
  const rest = words.slice(1);
  const env = ctx.envOf();
  const cut = (verb: string, rule: string, target: string, why: string): Action[] => [
    finding(ctx, tool, {
      verb,
      risk: 'high',
      effect: 'write',
      rule,
      targets: [target],
      env,
      reasons: [why, 'on a remote machine this cuts off your own access'],
    }),
  ];
  const low = (verb: string, why: string): Action[] => [
    finding(ctx, tool, {
      verb,
      risk: 'low',
      rule: 'network/config',
      targets: rest.slice(1, 3),
      env,
      reasons: [why],
    }),
  ];
  if (obj === 'networking' && rest[0] === 'off')
    return cut('nmcli networking off', 'network/link-down', 'all', 'turns networking off');
  if (obj === 'radio' && rest.includes('off'))
    return cut(
      `nmcli radio ${rest.join(' ')}`,
      'network/link-down',
      rest[0] ?? 'radio',
      'switches wireless radios off',
    );
  if (obj === 'connection') {
    const verb =
      byPrefix(rest[0], [
        'show',
        'up',
        'down',
        'add',
        'modify',
        'clone',
        'edit',
        'delete',
        'monitor',
        'reload',
        'load',
        'import',
        'export',
        'migrate',
      ]) ?? 'show';
    const ids = rest.slice(1).filter((w) => !/^(id|uuid|path|apath)$/.test(w));
    const name = ids.join(' ');
    if ((verb === 'down' || verb === 'delete') && !VPN.test(name)) {
      return cut(
        `nmcli connection ${verb}`,
        verb === 'down' ? 'network/link-down' : 'network/connection-delete',
        name,
        verb === 'down'
          ? `takes the connection ${name} down`
          : `deletes the connection profile ${name}`,
      );
    }
    if (/^(show|monitor|export)$/.test(verb))
      return [readOnly(ctx, tool, `connection ${verb}`, 'network/read')];
    return low(`nmcli connection ${verb}`, 'a recoverable connection change');
  }
  if (obj === 'device') {
    const verb =
      byPrefix(rest[0], [
        'status',
        'show',
        'set',
        'connect',
        'reapply',
        'modify',
        'disconnect',
        'delete',
        'monitor',
        'wifi',
        'lldp',
        'up',
        'down',
        'checkpoint',
      ]) ?? 'status';
    const dev = rest[1];
    if ((verb === 'disconnect' || verb === 'down') && isUplink(dev))
      return cut(
        `nmcli device ${verb}`,
        'network/link-down',
        dev ?? '',
        `disconnects ${dev ?? 'the device'}`,
      );
    if (
      /^(status|show|monitor|lldp)$/.test(verb) ||
      (verb === 'wifi' && /^(list|rescan|show-password)?$/.test(rest[1] ?? ''))
    ) {
      return [readOnly(ctx, tool, `device ${verb}`, 'network/read')];
    }
    return low(`nmcli device ${verb}`, 'a recoverable device change');
  }
  if (obj === 'general' && rest.length >= 2)
    return low(`nmcli general ${rest[0] ?? ''}`, 'changes a NetworkManager setting');
  if (obj === 'general' && rest[0] === 'reload')
    return low('nmcli general reload', 'reloads NetworkManager');
  return [readOnly(ctx, tool, obj, 'network/read')];
}
