/**
 * Kernel and system state: mount/umount, swap, sysctl, kernel modules, SELinux (boot loader,
 * journal, sessions and inspectors are in system-boot).
 */
import type { Action } from '../types.js';
import type { Invocation, ToolContext } from '../model.js';
import { has, parseArgs, value, values } from '../args.js';
import { classifyPath } from '../paths.js';
import { finding, isHelp, readOnly } from './system-common.js';

/**
 * Mount points the running system cannot lose (unmounting or remounting them read-only breaks it).
 */
function systemMount(target: string, cwd: string): boolean {
  const kind = classifyPath(target, cwd).kind;
  if (/^\/(proc|sys|dev|run|boot(\/efi)?|var\/lib\/[^/]+)$/.test(target)) return true;
  return ['root', 'system-top', 'live-data', 'home', 'home-all'].includes(kind);
}

const MOUNT_VALUE = [
  '-o',
  '--options',
  '-t',
  '--types',
  '-L',
  '--label',
  '-U',
  '--uuid',
  '-O',
  '--test-opts',
  '-N',
  '--namespace',
  '--target',
  '--source',
  '-T',
  '--fstab',
  '--target-prefix',
  '--map-users',
  '--map-groups',
];

/** `mount`: listing, mounting, and `-o remount,ro` of a system file system. */
export function mount(inv: Invocation, ctx: ToolContext): Action[] {
  const tool = 'mount';
  if (isHelp(inv.args)) return [readOnly(ctx, tool, 'help', 'system/read')];
  const p = parseArgs(inv.args, { value: MOUNT_VALUE });
  const opts = values(p, '-o', '--options').join(',').split(',');
  const targets = p.positionals;
  if (targets.length === 0 && !has(p, '-a', '--all', '--target', '--source')) {
    return [readOnly(ctx, tool, 'list', 'system/read', 'lists mounted file systems')];
  }
  if (has(p, '-f', '--fake'))
    return [readOnly(ctx, tool, 'fake', 'system/dry-run', 'dry run: nothing is mounted', targets)];
  const mountPoint = targets[targets.length - 1] ?? value(p, '--target') ?? '';
  if (opts.includes('remount') && opts.includes('ro') && systemMount(mountPoint, ctx.cwd)) {
    return [
      finding(ctx, tool, {
        verb: 'remount read-only',
        risk: 'high',
        effect: 'write',
        rule: 'system/remount-ro',
        targets: [mountPoint],
        reasons: [`remounts ${mountPoint} read-only: services writing to it fail`],
      }),
    ];
  }
  return [
    finding(ctx, tool, {
      verb: 'mount',
      risk: 'low',
      rule: 'system/mount',
      targets,
      reasons: ['mounts a file system (undone by unmounting it)'],
    }),
  ];
}

/** `umount`: unmounting everything or a file system the system runs from takes things down. */
export function umount(inv: Invocation, ctx: ToolContext): Action[] {
  const tool = 'umount';
  if (isHelp(inv.args)) return [readOnly(ctx, tool, 'help', 'system/read')];
  const p = parseArgs(inv.args, {
    value: ['-t', '--types', '-O', '--test-opts', '-N', '--namespace'],
  });
  const targets = p.positionals;
  if (has(p, '--fake')) return [readOnly(ctx, tool, 'fake', 'system/dry-run', 'dry run', targets)];
  const forced = has(p, '-f', '--force', '-l', '--lazy');
  const vital = targets.filter((t) => systemMount(t, ctx.cwd));
  if (has(p, '-a', '--all') || vital.length > 0) {
    return [
      finding(ctx, tool, {
        verb: 'umount',
        risk: 'high',
        effect: 'write',
        rule: 'system/umount-system',
        targets: vital.length > 0 ? vital : ['every mounted file system'],
        reasons: ['unmounts file systems the running system and its services use'],
      }),
    ];
  }
  return [
    finding(ctx, tool, {
      verb: 'umount',
      risk: 'low',
      rule: 'system/mount',
      targets,
      reasons: [
        forced
          ? 'force/lazy unmount: programs using it lose access (data stays on disk)'
          : 'unmounts a file system (undone by mounting it)',
      ],
    }),
  ];
}

/** swapon/swapoff. */
export function swap(inv: Invocation, ctx: ToolContext): Action[] {
  const tool = inv.name;
  if (
    isHelp(inv.args) ||
    inv.args.length === 0 ||
    inv.args.some((a) => a === '-s' || a === '--summary' || a === '--show')
  ) {
    return [readOnly(ctx, tool, 'show', 'system/read')];
  }
  return [
    finding(ctx, tool, {
      verb: tool,
      risk: 'low',
      rule: 'system/swap',
      targets: inv.args.filter((a) => !a.startsWith('-')),
      reasons: [`${tool} changes the active swap space (recoverable)`],
    }),
  ];
}

/** sysctl keys whose values disable a kernel hardening: setting them is a security weakening. */
const WEAKENING: ReadonlyArray<readonly [RegExp, RegExp]> = [
  [/^kernel\.randomize_va_space$/, /^0$/],
  [/^kernel\.(kptr_restrict|dmesg_restrict|unprivileged_bpf_disabled)$/, /^0$/],
  [/^kernel\.yama\.ptrace_scope$/, /^0$/],
  [/^fs\.protected_(symlinks|hardlinks|regular|fifos)$/, /^0$/],
  [/^fs\.suid_dumpable$/, /^1$/],
  [/^net\.ipv4\.tcp_syncookies$/, /^0$/],
];

/** `sysctl`: reads unless a `key=value` is given; some keys switch off kernel protections. */
export function sysctl(inv: Invocation, ctx: ToolContext): Action[] {
  const tool = 'sysctl';
  if (isHelp(inv.args)) return [readOnly(ctx, tool, 'help', 'system/read')];
  const p = parseArgs(inv.args, { value: ['-r', '--pattern'] });
  const writes = p.positionals.filter((a) => a.includes('='));
  if (writes.length === 0 && !has(p, '-p', '--load', '--system')) {
    return [readOnly(ctx, tool, 'read', 'system/read', 'reads kernel parameters', p.positionals)];
  }
  const weak = writes.filter((w) => {
    const [k = '', v = ''] = w.split('=').map((s) => s.trim());
    const key = k.replace(/\//g, '.');
    return WEAKENING.some(([kre, vre]) => kre.test(key) && vre.test(v));
  });
  if (weak.length > 0) {
    return [
      finding(ctx, tool, {
        verb: 'sysctl -w',
        risk: 'high',
        effect: 'write',
        rule: 'system/sysctl-weaken',
        targets: weak,
        reasons: [`switches off a kernel protection: ${weak.join(' ')}`],
      }),
    ];
  }
  return [
    finding(ctx, tool, {
      verb: 'sysctl -w',
      risk: 'low',
      rule: 'system/sysctl',
      targets: writes,
      reasons: ['changes kernel parameters until the next boot (or as the config file says)'],
    }),
  ];
}

/** Network card drivers: unloading one takes its interfaces (and a remote session) away. */
const NIC_DRIVERS =
  /^(e1000e?|igbv?f?|igc|ixgbev?f?|i40e|iavf|ice|r8169|r8168|r8125|tg3|bnx2x?|bnxt_en|mlx[45]_core|virtio_net|vmxnet3|hv_netvsc|ena|atlantic|alx|sfc|iwlwifi|ath\d*k|rtw\d+.*|brcmfmac|mt76.*)$/;

/** modprobe / rmmod / insmod. */
export function modules(inv: Invocation, ctx: ToolContext): Action[] {
  const tool = inv.name;
  const p = parseArgs(inv.args, {
    value: ['-C', '--config', '-d', '--dirname', '-S', '--set-version', '-o'],
  });
  if (
    isHelp(inv.args) ||
    has(
      p,
      '-n',
      '--dry-run',
      '--show',
      '-c',
      '--showconfig',
      '--show-config',
      '-D',
      '--show-depends',
      '--show-modversions',
      '--dump-modversions',
    )
  ) {
    return [
      readOnly(
        ctx,
        tool,
        'show',
        'system/read',
        'shows or simulates: nothing is loaded or removed',
      ),
    ];
  }
  const mods = p.positionals;
  if (tool === 'rmmod' && has(p, '-f', '--force')) {
    return [
      finding(ctx, tool, {
        verb: 'rmmod -f',
        risk: 'high',
        effect: 'write',
        rule: 'system/module-force-unload',
        targets: mods,
        reasons: ['force-unloads a kernel module still in use: the kernel can crash'],
      }),
    ];
  }
  const unload = tool === 'rmmod' || has(p, '-r', '--remove');
  const nic = mods.filter((m) => NIC_DRIVERS.test(m));
  if (unload && nic.length > 0) {
    return [
      finding(ctx, tool, {
        verb: 'unload network driver',
        risk: 'high',
        effect: 'write',
        rule: 'system/module-unload-nic',
        targets: nic,
        reasons: [
          `unloads ${nic.join(' ')}, a network driver: its interfaces vanish and remote access is cut`,
        ],
      }),
    ];
  }
  return [
    finding(ctx, tool, {
      verb: unload ? 'unload module' : 'load module',
      risk: 'low',
      rule: unload ? 'system/module-unload' : 'system/module-load',
      targets: mods,
      reasons: [
        unload ? 'unloads a kernel module (load it again to undo)' : 'loads a kernel module',
      ],
    }),
  ];
}

/** setenforce 0 switches SELinux to permissive: a security boundary off. */
export function setenforce(inv: Invocation, ctx: ToolContext): Action[] {
  const mode = (inv.args[0] ?? '').toLowerCase();
  if (mode === '0' || mode === 'permissive') {
    return [
      finding(ctx, 'setenforce', {
        verb: 'setenforce 0',
        risk: 'high',
        effect: 'write',
        rule: 'system/selinux-off',
        targets: ['SELinux'],
        reasons: ['switches SELinux to permissive: its protections stop being enforced'],
      }),
    ];
  }
  return [
    finding(ctx, 'setenforce', {
      verb: `setenforce ${mode}`,
      risk: 'low',
      rule: 'system/selinux',
      targets: ['SELinux'],
      reasons: ['switches SELinux to enforcing'],
    }),
  ];
}
