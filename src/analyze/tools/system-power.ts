/**
 * Power: shutdown/reboot/halt/poweroff and init/telinit run levels. Taking the machine down is high
 * (a reboot counts as a service outage); cancelling, warning or reloading is not.
 */
import type { Action } from '../types.js';
import type { Invocation, ToolContext } from '../model.js';
import { has, parseArgs } from '../args.js';
import { finding, isHelp, readOnly } from './system-common.js';
import { POWER_TARGETS } from './system-services.js';

/** shutdown / reboot / halt / poweroff: take the machine down unless cancelling or only warning. */
export function power(inv: Invocation, ctx: ToolContext): Action[] {
  const tool = inv.name;
  if (isHelp(inv.args)) return [readOnly(ctx, tool, 'help', 'system/read')];
  const p = parseArgs(inv.args, { value: ['-t'] });
  if (tool === 'shutdown' && has(p, '-c', '--cancel')) {
    return [readOnly(ctx, tool, 'cancel', 'system/read', 'cancels a pending shutdown')];
  }
  if (tool === 'shutdown' && has(p, '-k')) {
    return [
      readOnly(ctx, tool, 'warn', 'system/read', 'only sends the shutdown warning, nothing stops'),
    ];
  }
  if (tool === 'shutdown' && has(p, '--show')) return [readOnly(ctx, tool, 'show', 'system/read')];
  if (has(p, '-w', '--wtmp-only')) {
    return [readOnly(ctx, tool, 'wtmp', 'system/read', 'only writes the wtmp record')];
  }
  const reboot = tool === 'reboot' || has(p, '-r', '--reboot');
  return [
    finding(ctx, tool, {
      verb: reboot ? 'reboot' : 'shutdown',
      risk: 'high',
      effect: 'write',
      rule: 'system/power',
      targets: ['this machine'],
      reasons: [
        reboot ? 'reboots the machine: every service on it goes down' : 'takes the machine down',
      ],
    }),
  ];
}

/** init/telinit RUNLEVEL: 0, 6 and single-user take the machine down; q/u only reload. */
export function runlevel(inv: Invocation, ctx: ToolContext): Action[] {
  const tool = inv.name;
  const level = inv.args.find((a) => !a.startsWith('-')) ?? '';
  if (isHelp(inv.args) || level === '') return [readOnly(ctx, tool, 'help', 'system/read')];
  if (/^[016sS]$/.test(level) || POWER_TARGETS.test(level)) {
    const what =
      level === '6' ? 'reboots' : level === '0' ? 'halts' : 'drops to single-user mode on';
    return [
      finding(ctx, tool, {
        verb: `${tool} ${level}`,
        risk: 'high',
        effect: 'write',
        rule: 'system/power',
        targets: ['this machine'],
        reasons: [`${tool} ${level} ${what} the machine`],
      }),
    ];
  }
  return [
    finding(ctx, tool, {
      verb: `${tool} ${level}`,
      risk: 'low',
      rule: 'system/service-change',
      targets: [level],
      reasons: [`${tool} ${level}: reloads or switches between multi-user run levels`],
    }),
  ];
}
