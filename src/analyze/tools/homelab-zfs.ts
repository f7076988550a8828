/**
 * ZFS: zfs and zpool. A pool, a pool's root dataset, the root file system, a home or backup
 * dataset, or a recursive-with-clones destroy is catastrophic; one dataset or one snapshot is high;
 * `-n` is a dry run. Creating a pool (or a Ceph OSD) formats whole disks, which counts as losing a
 * disk.
 */
import type { Action } from '../types.js';
import type { Invocation, ToolContext } from '../model.js';
import { has, parseArgs } from '../args.js';
import { finding, isHelp, type Finding } from './system-common.js';

function isBackupSeg(seg: string): boolean {
  return /backup|^bak$|^snapshots?$|^dumps?$|^archive/i.test(seg);
}

/** Judge `zfs destroy [-rRfnpv] TARGET...`. */
function zfsDestroy(args: readonly string[], dynamic: boolean): Finding {
  const p = parseArgs(args);
  const targets = p.positionals;
  if (has(p, '-n'))
    return {
      verb: 'zfs destroy -n',
      risk: 'none',
      rule: 'homelab/dry-run',
      targets,
      reasons: ['dry run: nothing is destroyed'],
    };
  const recursive = has(p, '-r');
  const clones = has(p, '-R');
  let worst: Finding | undefined;
  for (const t of targets) {
    const [dataset = '', snap] = t.split('@');
    const segs = dataset.split('/');
    let f: Finding;
    if (t.includes('#')) {
      f = {
        verb: 'zfs destroy bookmark',
        risk: 'low',
        rule: 'homelab/zfs-bookmark',
        targets: [t],
        reasons: ['deletes a bookmark (no data)'],
      };
    } else if (snap === '%') {
      // Every snapshot of the dataset: all of its restore points at once.
      f = {
        verb: 'zfs destroy all snapshots',
        risk: 'catastrophic',
        rule: 'homelab/zfs-destroy-all-snapshots',
        targets: [t],
        reasons: [`destroys every snapshot of ${dataset}${recursive ? ' and its children' : ''}`],
      };
    } else if (snap !== undefined) {
      f = {
        verb: 'zfs destroy snapshot',
        risk: 'high',
        rule: 'homelab/zfs-destroy-snapshot',
        targets: [t],
        reasons: [
          `destroys the snapshot${snap.includes('%') || snap.includes(',') ? 's' : ''} ${t}${recursive ? ' in every child dataset' : ''}: restore points are gone`,
        ],
      };
    } else if (!dataset.includes('/') && !dynamic) {
      f = {
        verb: 'zfs destroy',
        risk: 'catastrophic',
        rule: 'homelab/zfs-destroy-pool',
        targets: [t],
        reasons: [`destroys ${t}, the root dataset of a pool, with everything under it`],
      };
    } else if (
      clones ||
      segs.some((s) => s === 'ROOT') ||
      segs.some((s) => /^(home|USERDATA|users)$/.test(s)) ||
      segs.some(isBackupSeg)
    ) {
      f = {
        verb: 'zfs destroy',
        risk: 'catastrophic',
        rule: 'homelab/zfs-destroy-critical',
        targets: [t],
        reasons: [
          clones
            ? `-R destroys ${t}, its children and every clone depending on them`
            : `destroys ${t}: a root file system, home directories or backups`,
        ],
      };
    } else {
      f = {
        verb: recursive ? 'zfs destroy -r' : 'zfs destroy',
        risk: 'high',
        rule: 'homelab/zfs-destroy',
        targets: [t],
        reasons: [`destroys the dataset ${t}${recursive ? ' and its children' : ''} and its data`],
      };
    }
    if (!worst || rank(f) > rank(worst)) worst = f;
  }
  return (
    worst ?? {
      verb: 'zfs destroy',
      risk: 'high',
      rule: 'homelab/zfs-destroy',
      targets,
      reasons: ['destroys datasets'],
    }
  );
}

function rank(f: Finding): number {
  return { none: 0, low: 1, high: 2, catastrophic: 3 }[f.risk];
}

const ZFS_READ =
  /^(list|get|holds|userspace|groupspace|projectspace|diff|version|wait|help|send|upgrade)$/;

/** `zfs VERB ...`. */
export function zfs(inv: Invocation, ctx: ToolContext): Action[] {
  const tool = 'zfs';
  const [verb = 'help', ...rest] = inv.args;
  const dynamic = inv.words.slice(1).some((w) => w.dynamic);
  const out = (f: Finding): Action[] => [
    finding(ctx, tool, { ...f, env: ctx.envOf(...rest.filter((a) => !a.startsWith('-'))) }),
  ];
  const targets = rest.filter((a) => !a.startsWith('-'));
  if (isHelp(inv.args) || (ZFS_READ.test(verb) && !(verb === 'upgrade' && rest.length > 0))) {
    return out({
      verb: `zfs ${verb}`,
      risk: 'none',
      rule: 'homelab/read',
      targets,
      reasons: ['read-only'],
    });
  }
  if (verb === 'destroy') return out(zfsDestroy(rest, dynamic));
  if (verb === 'rollback') {
    return out({
      verb: 'zfs rollback',
      risk: 'high',
      rule: 'homelab/zfs-rollback',
      targets,
      reasons: [
        'rolls the dataset back to a snapshot: every change since is lost',
        ...(rest.some((a) => /^-[a-zA-Z]*[rR]/.test(a))
          ? ['-r/-R also destroys the later snapshots (and clones)']
          : []),
      ],
    });
  }
  if (verb === 'receive' || verb === 'recv') {
    const p = parseArgs(rest, { value: ['-o', '-x', '-d', '-e'] });
    if (has(p, '-n'))
      return out({
        verb: 'zfs receive -n',
        risk: 'none',
        rule: 'homelab/dry-run',
        targets,
        reasons: ['dry run'],
      });
    if (has(p, '-F')) {
      return out({
        verb: 'zfs receive -F',
        risk: 'high',
        rule: 'homelab/zfs-receive-force',
        targets: p.positionals,
        reasons: [
          '-F rolls the target back and destroys its snapshots (and datasets) that the stream does not have',
        ],
      });
    }
  }
  if (verb === 'snapshot' || verb === 'snap' || verb === 'bookmark') {
    return out({
      verb: `zfs ${verb}`,
      risk: 'none',
      effect: 'write',
      rule: 'homelab/snapshot-create',
      targets,
      reasons: ['creates a snapshot: destroys nothing'],
    });
  }
  return out({
    verb: `zfs ${verb}`,
    risk: 'low',
    rule: 'homelab/zfs-change',
    targets,
    reasons: [`zfs ${verb}: a recoverable change`],
  });
}

const VDEV_WORDS = /^(mirror|raidz[123]?|draid[123]?(:.*)?|spare|log|cache|special|dedup)$/;

/** `zpool VERB ...`. */
export function zpool(inv: Invocation, ctx: ToolContext): Action[] {
  const tool = 'zpool';
  const [verb = 'help', ...rest] = inv.args;
  const p = parseArgs(rest, { value: ['-o', '-O', '-m', '-R', '-t', '-d', '-c', '-T', '-s'] });
  const [pool = '', ...devs] = p.positionals;
  const out = (f: Finding): Action[] => [finding(ctx, tool, { ...f, env: ctx.envOf(pool) })];
  const high = (rule: string, why: string): Action[] =>
    out({ verb: `zpool ${verb}`, risk: 'high', rule, targets: [pool, ...devs], reasons: [why] });
  if (
    isHelp(inv.args) ||
    /^(status|list|iostat|history|get|version|help|wait|scrub|sync)$/.test(verb) ||
    (verb === 'events' && !has(p, '-c')) ||
    (verb === 'import' && pool === '')
  ) {
    return out({
      verb: `zpool ${verb}`,
      risk: 'none',
      rule: 'homelab/read',
      targets: pool ? [pool] : [],
      reasons: ['read-only'],
    });
  }
  if (has(p, '-n') && /^(create|add|remove|split|attach|replace)$/.test(verb)) {
    return out({
      verb: `zpool ${verb} -n`,
      risk: 'none',
      rule: 'homelab/dry-run',
      targets: [pool],
      reasons: ['dry run: shows the layout only'],
    });
  }
  switch (verb) {
    case 'destroy':
      return out({
        verb: 'zpool destroy',
        risk: 'catastrophic',
        rule: 'homelab/zpool-destroy',
        targets: [pool],
        reasons: [`destroys the pool ${pool} and every dataset, volume and snapshot in it`],
      });
    case 'labelclear':
      return out({
        verb: 'zpool labelclear',
        risk: 'catastrophic',
        rule: 'homelab/zpool-labelclear',
        targets: [pool],
        reasons: [`wipes the ZFS labels of ${pool}: the pool member can no longer be imported`],
      });
    case 'create':
      return out({
        verb: 'zpool create',
        risk: 'catastrophic',
        rule: 'homelab/disk-format',
        targets: devs.filter((d) => !VDEV_WORDS.test(d)),
        reasons: ['creates a pool on whole disks: whatever was on them is destroyed'],
      });
    case 'add':
      return high(
        'homelab/zpool-add',
        'adds vdevs permanently (the disks are overwritten; a wrong layout cannot be undone)',
      );
    case 'offline':
    case 'detach':
    case 'remove':
    case 'split':
      return high(
        'homelab/zpool-degrade',
        `${verb} takes disks out of the pool: redundancy is reduced or data is moved`,
      );
    case 'export':
      if (has(p, '-f', '-a'))
        return high(
          'homelab/zpool-export',
          'force-exports the pool: every dataset on it disappears from under its users',
        );
      break;
    case 'import':
      if (has(p, '-F', '-X') || rest.includes('--rewind-to-checkpoint')) {
        return high(
          'homelab/zpool-rewind',
          'imports by rewinding: the most recent transactions are discarded',
        );
      }
      break;
    case 'checkpoint':
      if (!has(p, '-d', '--discard'))
        return out({
          verb: 'zpool checkpoint',
          risk: 'none',
          effect: 'write',
          rule: 'homelab/snapshot-create',
          targets: [pool],
          reasons: ['creates a checkpoint'],
        });
      break;
    default:
      break;
  }
  return out({
    verb: `zpool ${verb}`,
    risk: 'low',
    rule: 'homelab/zpool-change',
    targets: [pool, ...devs],
    reasons: [`zpool ${verb}: a recoverable change`],
  });
}
