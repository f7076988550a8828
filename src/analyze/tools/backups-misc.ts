/**
 * duplicity, rdiff-backup, rsnapshot, tarsnap, bup, timeshift, snapper. Removing backup sets,
 * increments, archives or snapshots is high; deleting all of them (`tarsnap --nuke`, `timeshift
 * --delete-all`, `snapper delete-config`) is catastrophic (a backup repository as a whole);
 * restoring a system snapshot overwrites the running system.
 */
import type { Action } from '../types.js';
import type { Invocation, ToolContext } from '../model.js';
import { finding, isHelp, optValue, type Finding } from './system-common.js';
import { makesBackup, preview, reads, remotePart, restoreInto } from './backups-common.js';

function words(args: readonly string[]): string[] {
  return args.filter((a) => !a.startsWith('-'));
}

function emit(ctx: ToolContext, tool: string, f: Finding): Action[] {
  return [finding(ctx, tool, { ...f, env: ctx.envOf(...(f.targets ?? [])) })];
}

/** `duplicity [ACTION] [opts] SRC DST`. */
export function duplicity(inv: Invocation, ctx: ToolContext): Action[] {
  const tool = 'duplicity';
  const w = words(inv.args);
  const [action = ''] = w;
  if (isHelp(inv.args) || inv.args.includes('--dry-run'))
    return emit(ctx, tool, preview(`duplicity ${action}`));
  if (/^remove-(older-than|all-but-n-full|all-inc-of-but-n-full)$/.test(action)) {
    return emit(ctx, tool, {
      verb: `duplicity ${action}`,
      risk: 'high',
      rule: 'backups/duplicity-remove',
      targets: w.slice(2),
      reasons: [
        'deletes backup sets from the backup location',
        ...(inv.args.includes('--force')
          ? []
          : ['(without --force duplicity only lists them; the intent is a deletion)']),
      ],
    });
  }
  if (action === 'cleanup')
    return emit(ctx, tool, {
      verb: 'duplicity cleanup',
      risk: 'low',
      rule: 'backups/change',
      targets: w.slice(1),
      reasons: ['deletes leftover files of failed backups'],
    });
  if (/^(verify|collection-status|list-current-files)$/.test(action))
    return emit(ctx, tool, reads(`duplicity ${action}`, w.slice(1)));
  const paths = /^(full|incremental|incr|backup|restore)$/.test(action) ? w.slice(1) : w;
  const [src = '', dst = ''] = paths;
  if (action === 'restore' || (remotePart(src) && !remotePart(dst)))
    return emit(ctx, tool, restoreInto(tool, dst, ctx, 'duplicity restore'));
  return emit(ctx, tool, makesBackup(`duplicity ${action || 'backup'}`, [dst]));
}

/** `rdiff-backup` (classic flags and the 2.2 sub-command CLI). */
export function rdiffBackup(inv: Invocation, ctx: ToolContext): Action[] {
  const tool = 'rdiff-backup';
  const w = words(inv.args);
  if (isHelp(inv.args) || inv.args.includes('--dry-run'))
    return emit(ctx, tool, preview('rdiff-backup'));
  const removing =
    inv.args.some((a) => a.startsWith('--remove-older-than')) ||
    (w[0] === 'remove' && w[1] === 'increments');
  if (removing) {
    return emit(ctx, tool, {
      verb: 'rdiff-backup remove increments',
      risk: 'high',
      rule: 'backups/rdiff-remove',
      targets: w.slice(-1),
      reasons: ['deletes older increments: those restore points are gone'],
    });
  }
  if (inv.args.some((a) => /^(-r|--restore-as-of|--restore)/.test(a)) || w[0] === 'restore') {
    return emit(ctx, tool, restoreInto(tool, w[w.length - 1], ctx, 'rdiff-backup restore'));
  }
  if (
    inv.args.some((a) =>
      /^(-l|--list-|--verify|--compare|--calculate-average|--check-destination-dir)/.test(a),
    ) ||
    /^(list|verify|compare|info|calculate|test)$/.test(w[0] ?? '')
  ) {
    return emit(ctx, tool, reads('rdiff-backup list', w));
  }
  if (w[0] === 'regress')
    return emit(ctx, tool, {
      verb: 'rdiff-backup regress',
      risk: 'low',
      rule: 'backups/change',
      targets: w.slice(1),
      reasons: ['rolls back a failed backup session'],
    });
  return emit(ctx, tool, makesBackup('rdiff-backup', w.slice(-1)));
}

/** `rsnapshot [-t] [-c cfg] INTERVAL|configtest|du|diff`. */
export function rsnapshot(inv: Invocation, ctx: ToolContext): Action[] {
  const tool = 'rsnapshot';
  const w = words(inv.args.filter((_, i) => inv.args[i - 1] !== '-c'));
  const action = w[0] ?? 'help';
  if (
    isHelp(inv.args) ||
    inv.args.includes('-t') ||
    /^(configtest|du|diff|help|version|version_only)$/.test(action)
  ) {
    return emit(ctx, tool, preview(`rsnapshot ${action}`));
  }
  return emit(ctx, tool, {
    verb: `rsnapshot ${action}`,
    risk: 'low',
    effect: 'write',
    rule: 'backups/create',
    targets: [action],
    reasons: ['takes a snapshot and rotates old ones out per the configured retention'],
  });
}

/** `tarsnap -c|-t|-x|-d|--nuke|--list-archives ...`. */
export function tarsnap(inv: Invocation, ctx: ToolContext): Action[] {
  const tool = 'tarsnap';
  const a = inv.args;
  const archives = a.flatMap((x, i) => (x === '-f' ? [a[i + 1] ?? ''] : []));
  if (isHelp(a) || a.includes('--dry-run')) return emit(ctx, tool, preview('tarsnap --dry-run'));
  if (a.includes('--nuke')) {
    return emit(ctx, tool, {
      verb: 'tarsnap --nuke',
      risk: 'catastrophic',
      rule: 'backups/tarsnap-nuke',
      targets: ['all archives'],
      reasons: ['deletes every archive stored for this machine key'],
    });
  }
  const mode = a.find((x) => /^-[a-zA-Z]*[cdtx][a-zA-Z]*$/.test(x)) ?? '';
  if (mode.includes('d')) {
    return emit(ctx, tool, {
      verb: 'tarsnap -d',
      risk: 'high',
      rule: 'backups/tarsnap-delete',
      targets: archives,
      reasons: [`deletes the archives ${archives.join(' ')}`],
    });
  }
  if (mode.includes('x'))
    return emit(ctx, tool, restoreInto(tool, optValue(a, '-C') ?? '.', ctx, 'tarsnap -x'));
  if (mode.includes('c')) return emit(ctx, tool, makesBackup('tarsnap -c', archives));
  if (a.some((x) => /^--(fsck|fsck-prune|recover|keygen|passwd|key-?file)/.test(x))) {
    return emit(ctx, tool, {
      verb: 'tarsnap maintenance',
      risk: 'low',
      rule: 'backups/change',
      targets: archives,
      reasons: ['tarsnap maintenance'],
    });
  }
  return emit(ctx, tool, reads('tarsnap list', archives));
}

/** `bup rm|prune-older|gc|save|index|ls|restore|...`. */
export function bup(inv: Invocation, ctx: ToolContext): Action[] {
  const tool = 'bup';
  const w = words(inv.args);
  const [cmd = 'help', ...rest] = w;
  if (isHelp(inv.args) || inv.args.includes('--pretend') || inv.args.includes('-n'))
    return emit(ctx, tool, preview(`bup ${cmd}`));
  if (cmd === 'rm' || cmd === 'prune-older') {
    return emit(ctx, tool, {
      verb: `bup ${cmd}`,
      risk: 'high',
      rule: 'backups/bup-remove',
      targets: rest,
      reasons: ['removes saved backups from the repository'],
    });
  }
  if (cmd === 'save' || cmd === 'split') return emit(ctx, tool, makesBackup(`bup ${cmd}`, rest));
  if (cmd === 'restore')
    return emit(
      ctx,
      tool,
      restoreInto(tool, optValue(inv.args, '-C', '--outdir') ?? '.', ctx, 'bup restore'),
    );
  if (
    /^(ls|fsck|join|web|fuse|ftp|margin|memtest|help|version|cat-file|meta|list-idx|show|server)$/.test(
      cmd,
    )
  )
    return emit(ctx, tool, reads(`bup ${cmd}`, rest));
  return emit(ctx, tool, {
    verb: `bup ${cmd}`,
    risk: 'low',
    rule: 'backups/change',
    targets: rest,
    reasons: [`bup ${cmd}: repository maintenance`],
  });
}

/** `timeshift --list|--create|--restore|--delete|--delete-all`. */
export function timeshift(inv: Invocation, ctx: ToolContext): Action[] {
  const tool = 'timeshift';
  const a = inv.args;
  const snap = optValue(a, '--snapshot') ?? '';
  if (
    isHelp(a) ||
    a.includes('--list') ||
    a.includes('--list-snapshots') ||
    a.includes('--list-devices')
  )
    return emit(ctx, tool, reads('timeshift --list'));
  if (a.includes('--delete-all')) {
    return emit(ctx, tool, {
      verb: 'timeshift --delete-all',
      risk: 'catastrophic',
      rule: 'backups/snapshots-delete-all',
      targets: ['all snapshots'],
      reasons: ['deletes every system snapshot: no restore point is left'],
    });
  }
  if (a.includes('--delete'))
    return emit(ctx, tool, {
      verb: 'timeshift --delete',
      risk: 'high',
      rule: 'backups/snapshot-delete',
      targets: [snap],
      reasons: [`deletes the snapshot ${snap}`],
    });
  if (a.includes('--restore')) {
    return emit(ctx, tool, {
      verb: 'timeshift --restore',
      risk: 'high',
      effect: 'write',
      rule: 'backups/system-restore',
      targets: [snap || 'a snapshot'],
      reasons: [
        'restores the system from a snapshot: everything changed since is overwritten and the machine reboots',
      ],
    });
  }
  if (a.includes('--create') || a.includes('--check'))
    return emit(ctx, tool, makesBackup('timeshift --create'));
  return emit(ctx, tool, {
    verb: 'timeshift',
    risk: 'low',
    rule: 'backups/change',
    reasons: ['timeshift settings'],
  });
}

const SNAPPER_VALUE = new Set([
  '-c',
  '--config',
  '-t',
  '--table-style',
  '-r',
  '--root',
  '-a',
  '--ambit',
  '--machine-readable',
  '--separator',
]);

/** `snapper [-c CONFIG] COMMAND ...`. */
export function snapper(inv: Invocation, ctx: ToolContext): Action[] {
  const tool = 'snapper';
  const w: string[] = [];
  for (let i = 0; i < inv.args.length; i++) {
    const x = inv.args[i] ?? '';
    if (SNAPPER_VALUE.has(x)) i++;
    else if (!x.startsWith('-')) w.push(x);
  }
  const [cmd = 'list', ...rest] = w;
  const config = optValue(inv.args, '-c', '--config') ?? 'root';
  const targets = [config, ...rest];
  if (isHelp(inv.args) || /^(list|ls|status|diff|xadiff|list-configs|get-config|help)$/.test(cmd))
    return emit(ctx, tool, reads(`snapper ${cmd}`, targets));
  if (/^(delete|remove|rm)$/.test(cmd))
    return emit(ctx, tool, {
      verb: 'snapper delete',
      risk: 'high',
      rule: 'backups/snapshot-delete',
      targets,
      reasons: [`deletes the snapshots ${rest.join(' ')}`],
    });
  if (cmd === 'delete-config') {
    return emit(ctx, tool, {
      verb: 'snapper delete-config',
      risk: 'catastrophic',
      rule: 'backups/snapshots-delete-all',
      targets: [config],
      reasons: [`deletes the ${config} configuration with all of its snapshots`],
    });
  }
  if (cmd === 'undochange' || cmd === 'rollback') {
    return emit(ctx, tool, {
      verb: `snapper ${cmd}`,
      risk: 'high',
      effect: 'write',
      rule: 'backups/system-restore',
      targets,
      reasons: [
        cmd === 'rollback'
          ? 'makes an old snapshot the running system at the next boot'
          : 'reverts files to a snapshot: later changes are lost',
      ],
    });
  }
  if (cmd === 'create') return emit(ctx, tool, makesBackup('snapper create', targets));
  return emit(ctx, tool, {
    verb: `snapper ${cmd}`,
    risk: 'low',
    rule: 'backups/change',
    targets,
    reasons: [`snapper ${cmd}: a recoverable change`],
  });
}
