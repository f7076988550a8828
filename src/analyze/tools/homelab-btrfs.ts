/**
 * btrfs (btrfs-progs). Groups and commands may be abbreviated (`btrfs sub del`, `btrfs fi show`).
 * Deleting a subvolume or snapshot, removing a device, and the repair tools the manual warns about
 * are high; show/list/ usage and a plain `check` (read-only) are safe.
 */
import type { Action } from '../types.js';
import type { Invocation, ToolContext } from '../model.js';
import { byPrefix, finding, isHelp, type Finding } from './system-common.js';

const GROUPS = [
  'subvolume',
  'filesystem',
  'device',
  'balance',
  'scrub',
  'check',
  'rescue',
  'restore',
  'inspect-internal',
  'property',
  'quota',
  'qgroup',
  'replace',
  'send',
  'receive',
  'help',
  'version',
];

const COMMANDS: Readonly<Record<string, readonly string[]>> = {
  subvolume: [
    'create',
    'delete',
    'list',
    'snapshot',
    'get-default',
    'set-default',
    'find-new',
    'show',
    'sync',
  ],
  filesystem: [
    'df',
    'du',
    'show',
    'sync',
    'defragment',
    'resize',
    'label',
    'usage',
    'mkswapfile',
    'commit-stats',
  ],
  device: ['add', 'delete', 'remove', 'scan', 'ready', 'stats', 'usage'],
  balance: ['start', 'pause', 'cancel', 'resume', 'status'],
  scrub: ['start', 'cancel', 'resume', 'status', 'limit'],
  rescue: [
    'chunk-recover',
    'super-recover',
    'zero-log',
    'fix-device-size',
    'create-control-device',
    'clear-uuid-tree',
    'clear-ino-cache',
    'clear-space-cache',
  ],
  property: ['get', 'set', 'list'],
  quota: ['enable', 'disable', 'rescan', 'status'],
  qgroup: ['assign', 'remove', 'create', 'destroy', 'show', 'limit', 'clear-stale'],
  replace: ['start', 'status', 'cancel'],
};

const READ =
  /^(list|show|get-default|find-new|df|du|usage|scan|ready|stats|status|get|help|version|send|inspect-internal.*|label)$/;

/** `btrfs GROUP COMMAND ...`. */
export function btrfs(inv: Invocation, ctx: ToolContext): Action[] {
  const tool = 'btrfs';
  const words = inv.args.filter((a) => !a.startsWith('-'));
  const group = byPrefix(words[0], GROUPS) ?? 'help';
  const cmd = COMMANDS[group] ? (byPrefix(words[1], COMMANDS[group] ?? []) ?? '') : '';
  const targets = words.slice(COMMANDS[group] ? 2 : 1);
  const verb = `btrfs ${group}${cmd ? ` ${cmd}` : ''}`;
  const out = (f: Finding): Action[] => [finding(ctx, tool, { ...f, env: ctx.envOf() })];
  const high = (rule: string, why: string): Action[] =>
    out({ verb, risk: 'high', rule, targets, reasons: [why] });
  if (isHelp(inv.args) || group === 'help' || group === 'version')
    return out({ verb, risk: 'none', rule: 'homelab/read', reasons: ['help'] });
  if (group === 'subvolume' && cmd === 'delete') {
    return high(
      'homelab/subvolume-delete',
      `deletes the subvolume(s) ${targets.join(' ')} and everything in them`,
    );
  }
  if (group === 'device' && (cmd === 'delete' || cmd === 'remove')) {
    return high(
      'homelab/btrfs-device-remove',
      'removes a device from the file system (its data is moved; a missing device loses redundancy)',
    );
  }
  if (group === 'device' && cmd === 'add') {
    return high(
      'homelab/btrfs-device-add',
      'adds a disk to the file system: its previous contents are overwritten',
    );
  }
  if (
    group === 'check' &&
    inv.args.some((a) => /^--(repair|init-csum-tree|init-extent-tree|clear-space-cache)/.test(a))
  ) {
    return high(
      'homelab/btrfs-check-repair',
      'btrfs check --repair can make a damaged file system worse (the manual warns against it)',
    );
  }
  if (group === 'rescue' && cmd !== 'create-control-device') {
    return high('homelab/btrfs-rescue', `btrfs rescue ${cmd} rewrites file system metadata`);
  }
  if (group === 'qgroup' && cmd === 'destroy')
    return out({
      verb,
      risk: 'low',
      rule: 'homelab/btrfs-change',
      targets,
      reasons: ['removes a quota group (no data)'],
    });
  if (group === 'check' || READ.test(cmd) || (group === 'property' && cmd === 'get')) {
    return out({ verb, risk: 'none', rule: 'homelab/read', targets, reasons: ['read-only'] });
  }
  if (group === 'subvolume' && (cmd === 'snapshot' || cmd === 'create')) {
    return out({
      verb,
      risk: 'none',
      effect: 'write',
      rule: 'homelab/snapshot-create',
      targets,
      reasons: ['creates a subvolume or snapshot: destroys nothing'],
    });
  }
  return out({
    verb,
    risk: 'low',
    rule: 'homelab/btrfs-change',
    targets,
    reasons: [`${verb}: a recoverable change`],
  });
}
