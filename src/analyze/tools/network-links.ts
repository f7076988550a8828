/**
 * Legacy link and route tools: ifconfig, ifdown/ifup, route (net-tools and BSD/macOS). Same
 * judgement as ip: the uplink down or the default route deleted cuts the machine off.
 */
import type { Action } from '../types.js';
import type { Invocation, ToolContext } from '../model.js';
import { finding, isHelp, readOnly } from './system-common.js';
import { isUplink } from './network-ip.js';

/** `ifconfig [IFACE [ADDR|up|down|...]]`. */
export function ifconfig(inv: Invocation, ctx: ToolContext): Action[] {
  const tool = 'ifconfig';
  const words = inv.args.filter((a) => !/^-[aslvLmdu]$/.test(a));
  const [dev, ...rest] = words;
  if (isHelp(inv.args) || rest.length === 0)
    return [readOnly(ctx, tool, 'show', 'network/read', 'read-only', dev ? [dev] : [])];
  if (rest.includes('down') && isUplink(dev)) {
    return [
      finding(ctx, tool, {
        verb: 'ifconfig down',
        risk: 'high',
        effect: 'write',
        rule: 'network/link-down',
        targets: [dev ?? ''],
        env: ctx.envOf(),
        reasons: [`takes ${dev ?? ''} down`, 'on a remote machine this cuts off your own access'],
      }),
    ];
  }
  return [
    finding(ctx, tool, {
      verb: `ifconfig ${rest.join(' ')}`,
      risk: 'low',
      rule: 'network/config',
      targets: [dev ?? ''],
      env: ctx.envOf(),
      reasons: ['a recoverable interface change'],
    }),
  ];
}

/** `ifdown IFACE|-a` and `ifup`. */
export function ifupdown(inv: Invocation, ctx: ToolContext): Action[] {
  const tool = inv.name;
  if (
    isHelp(inv.args) ||
    inv.args.some((a) => a === '-n' || a === '--no-act' || a === '-h' || a === '-V')
  ) {
    return [readOnly(ctx, tool, 'simulate', 'network/dry-run', 'dry run: nothing changes')];
  }
  const ifaces: string[] = [];
  for (let i = 0; i < inv.args.length; i++) {
    const a = inv.args[i] ?? '';
    if (/^(-i|--interfaces|-X|--exclude|-o|--option|--state-dir)$/.test(a)) i++;
    else if (!a.startsWith('-')) ifaces.push(a);
  }
  const all = inv.args.includes('-a') || inv.args.includes('--all');
  if (tool === 'ifdown' && (all || ifaces.some((n) => isUplink(n)))) {
    return [
      finding(ctx, tool, {
        verb: 'ifdown',
        risk: 'high',
        effect: 'write',
        rule: 'network/link-down',
        targets: all ? ['all'] : ifaces,
        env: ctx.envOf(),
        reasons: [
          `takes ${all ? 'every interface' : ifaces.join(' ')} down`,
          'on a remote machine this cuts off your own access',
        ],
      }),
    ];
  }
  return [
    finding(ctx, tool, {
      verb: tool,
      risk: 'low',
      rule: 'network/config',
      targets: ifaces,
      env: ctx.envOf(),
      reasons: [`${tool} ${ifaces.join(' ')}: a recoverable interface change`],
    }),
  ];
}

/** `route` (net-tools and BSD/macOS). */
export function route(inv: Invocation, ctx: ToolContext): Action[] {
  const tool = 'route';
  const words = inv.args.filter((a) => !a.startsWith('-') || a === '-net' || a === '-host');
  const verb = words[0] ?? 'show';
  if (
    isHelp(inv.args) ||
    /^(show|get|monitor|print)$/.test(verb) ||
    !/^(add|del|delete|change|flush)$/.test(verb)
  ) {
    return [readOnly(ctx, tool, verb, 'network/read')];
  }
  const defaultRoute = words.some((w) => /^(default|0\.0\.0\.0(\/0)?|0\/0)$/.test(w));
  if (verb === 'flush' || (verb !== 'add' && verb !== 'change' && defaultRoute)) {
    return [
      finding(ctx, tool, {
        verb: `route ${verb}`,
        risk: 'high',
        effect: 'write',
        rule: 'network/route-delete-default',
        targets: ['default'],
        env: ctx.envOf(),
        reasons: [
          verb === 'flush' ? 'flushes the routing table' : 'deletes the default route',
          'on a remote machine this cuts off your own access',
        ],
      }),
    ];
  }
  return [
    finding(ctx, tool, {
      verb: `route ${verb}`,
      risk: 'low',
      rule: 'network/config',
      targets: words.slice(1, 3),
      env: ctx.envOf(),
      reasons: ['a recoverable routing change'],
    }),
  ];
}
