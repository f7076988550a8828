/**
 * Boot, clock, journal and sessions: timedatectl, hostnamectl, journalctl, loginctl, update-grub,
 * grub-install, efibootmgr, and the read-only inspectors (ps, lsof, top, free, uptime, sshd -t,
 * dmesg).
 */
import type { Action } from '../types.js';
import type { Invocation, ToolContext } from '../model.js';
import { has, parseArgs, value } from '../args.js';
import { finding, isHelp, readOnly } from './system-common.js';

/** timedatectl / hostnamectl: status is read-only, `set-*` is a recoverable change. */
export function ctl(inv: Invocation, ctx: ToolContext): Action[] {
  const tool = inv.name;
  const verb = inv.args.find((a) => !a.startsWith('-')) ?? 'status';
  if (
    isHelp(inv.args) ||
    /^(status|show|list-timezones|timesync-status|show-timesync|help)$/.test(verb) ||
    (tool === 'hostnamectl' &&
      /^(hostname|icon-name|chassis|deployment|location)$/.test(verb) &&
      inv.args.filter((a) => !a.startsWith('-')).length === 1)
  ) {
    return [readOnly(ctx, tool, verb, 'system/read')];
  }
  return [
    finding(ctx, tool, {
      verb,
      risk: 'low',
      rule: 'system/config-change',
      targets: inv.args.filter((a) => !a.startsWith('-')),
      reasons: [`${tool} ${verb}: a recoverable system setting`],
    }),
  ];
}

/** journalctl: reading logs; `--vacuum-*` deletes old journal files. */
export function journalctl(inv: Invocation, ctx: ToolContext): Action[] {
  const tool = 'journalctl';
  const vacuum = inv.args.find((a) => a.startsWith('--vacuum-'));
  if (vacuum) {
    return [
      finding(ctx, tool, {
        verb: vacuum.split('=')[0] ?? vacuum,
        risk: 'low',
        effect: 'delete',
        rule: 'system/journal-vacuum',
        targets: ['/var/log/journal'],
        reasons: ['deletes archived journal files (old logs)'],
      }),
    ];
  }
  const write = inv.args.find((a) =>
    /^--(rotate|flush|sync|relinquish-var|smart-relinquish-var|setup-keys|update-catalog)$/.test(a),
  );
  if (write) {
    return [
      finding(ctx, tool, {
        verb: write,
        risk: 'low',
        rule: 'system/journal-maintenance',
        targets: ['journal'],
        reasons: [`journalctl ${write}: journal maintenance`],
      }),
    ];
  }
  return [readOnly(ctx, tool, 'read logs', 'system/read')];
}

/**
 * loginctl: terminating or killing sessions and users logs people out and loses their unsaved work.
 */
export function loginctl(inv: Invocation, ctx: ToolContext): Action[] {
  const tool = 'loginctl';
  const [verb = 'list-sessions', ...rest] = inv.args.filter((a) => !a.startsWith('-'));
  if (/^(terminate|kill)-(session|user|seat)$/.test(verb)) {
    return [
      finding(ctx, tool, {
        verb,
        risk: 'high',
        effect: 'write',
        rule: 'system/kill-session',
        targets: rest,
        reasons: [
          `${verb} ends ${rest.join(' ')}: its processes are killed and unsaved work is lost`,
        ],
      }),
    ];
  }
  if (isHelp(inv.args) || /^(list-|show-|.*-status$|help)/.test(verb))
    return [readOnly(ctx, tool, verb, 'system/read')];
  return [
    finding(ctx, tool, {
      verb,
      risk: 'low',
      rule: 'system/config-change',
      targets: rest,
      reasons: [`loginctl ${verb}: a recoverable session change`],
    }),
  ];
}

/** update-grub, grub-install, efibootmgr. */
export function boot(inv: Invocation, ctx: ToolContext): Action[] {
  const tool = inv.name;
  if (isHelp(inv.args)) return [readOnly(ctx, tool, 'help', 'system/read')];
  if (tool === 'update-grub') {
    return [
      finding(ctx, tool, {
        verb: 'update-grub',
        risk: 'low',
        rule: 'system/bootloader-config',
        targets: ['/boot/grub/grub.cfg'],
        reasons: [
          'regenerates the GRUB menu from its configuration (routine after kernel updates)',
        ],
      }),
    ];
  }
  if (tool === 'grub-install') {
    const p = parseArgs(inv.args, {
      value: [
        '--target',
        '--efi-directory',
        '--boot-directory',
        '--bootloader-id',
        '-d',
        '--directory',
        '--modules',
        '--locales',
        '--fonts',
        '--themes',
        '--core-compress',
        '--disk-module',
      ],
    });
    return [
      finding(ctx, tool, {
        verb: 'grub-install',
        risk: 'high',
        effect: 'write',
        rule: 'system/bootloader-install',
        targets: p.positionals,
        reasons: ['rewrites the boot loader: a mistake leaves the machine unable to boot'],
      }),
    ];
  }
  const p = parseArgs(inv.args, {
    value: [
      '-b',
      '--bootnum',
      '-d',
      '--disk',
      '-p',
      '--part',
      '-L',
      '--label',
      '-l',
      '--loader',
      '-o',
      '--bootorder',
      '-n',
      '--bootnext',
      '-t',
      '--timeout',
      '-e',
      '--edd',
      '-E',
      '--device',
    ],
  });
  const num = value(p, '-b', '--bootnum');
  if (has(p, '-B', '--delete-bootnum', '-O', '--delete-bootorder')) {
    return [
      finding(ctx, tool, {
        verb: 'efibootmgr --delete',
        risk: 'high',
        effect: 'delete',
        rule: 'system/boot-entry-delete',
        targets: num ? [`Boot${num}`] : ['boot order'],
        reasons: [
          'deletes a firmware boot entry: the machine may not find its OS at the next boot',
        ],
      }),
    ];
  }
  if (
    has(
      p,
      '-c',
      '--create',
      '-o',
      '--bootorder',
      '-n',
      '--bootnext',
      '-N',
      '--delete-bootnext',
      '-a',
      '--active',
      '-A',
      '--inactive',
      '-t',
      '--timeout',
      '-T',
      '--delete-timeout',
    )
  ) {
    return [
      finding(ctx, tool, {
        verb: 'efibootmgr',
        risk: 'low',
        rule: 'system/boot-entry',
        targets: num ? [`Boot${num}`] : [],
        reasons: ['changes firmware boot entries or their order'],
      }),
    ];
  }
  return [readOnly(ctx, tool, 'list', 'system/read')];
}

/**
 * Inspectors: ps, lsof, top, htop, free, uptime, sshd -t, dmesg (clearing the ring buffer is low).
 */
export function inspect(inv: Invocation, ctx: ToolContext): Action[] {
  const tool = inv.name;
  if (
    tool === 'dmesg' &&
    inv.args.some((a) =>
      /^(-[a-zA-Z]*[cC][a-zA-Z]*|--clear|--read-clear|-D|-E|--console-off|--console-on|-n|--console-level)$/.test(
        a,
      ),
    )
  ) {
    return [
      finding(ctx, tool, {
        verb: 'dmesg --clear',
        risk: 'low',
        rule: 'system/dmesg-clear',
        targets: ['kernel ring buffer'],
        reasons: ['clears the kernel ring buffer or changes console logging'],
      }),
    ];
  }
  if (tool === 'sshd' && !inv.args.some((a) => /^-[a-zA-Z]*[tTG]/.test(a)) && !isHelp(inv.args)) {
    return [
      finding(ctx, tool, {
        verb: 'sshd',
        risk: 'low',
        rule: 'system/service-change',
        targets: ['sshd'],
        reasons: ['starts an SSH daemon'],
      }),
    ];
  }
  return [readOnly(ctx, tool, tool, 'system/read')];
}
