/**
 * Tools that destroy a device's contents wholesale: mkfs and every mkfs.*, mke2fs, mkswap, wipefs,
 * blkdiscard and badblocks -w. Each honours its own dry-run flag (`mke2fs -n`, `mkfs.xfs -N`, `wipefs -n`).
 */
import type { Action } from '../types.js';
import type { Invocation, ToolContext } from '../model.js';
import { has, parseArgs, value } from '../args.js';
import { act, device, isHelp, readAction, wipeActions, words, wordsOf } from './disk-common.js';

/** File system makers claimed by the disk model. */
export const MKFS_NAMES: readonly string[] = [
  'mkfs',
  'mke2fs',
  'mkswap',
  ...words(`ext2 ext3 ext4 ext4dev xfs btrfs vfat fat msdos exfat ntfs f2fs minix bfs cramfs jfs
    reiserfs nilfs2 hfsplus hfs udf bcachefs erofs gfs2 ocfs2 zonefs squashfs`).map(
    (t) => `mkfs.${t}`,
  ),
];

/** Options taking a value, and the dry-run flags, per file system family. */
interface FsSpec {
  value: readonly string[];
  dryRun?: readonly string[];
}

const SPECS: Readonly<Record<string, FsSpec>> = {
  ext: {
    value: words('-b -C -d -e -E -g -G -i -I -J -l -L -m -M -N -o -O -r -t -T -U -z'),
    dryRun: ['-n'],
  },
  xfs: { value: words('-b -d -i -l -L -m -n -p -r -s -c'), dryRun: ['-N'] },
  btrfs: {
    value: words(`-d -m -L -n -s -O -R -U -b -r --data --metadata --label --nodesize --sectorsize
      --features --runtime-features --uuid --byte-count --rootdir --checksum --csum`),
  },
  // mkfs.vfat -n is the volume name, not a dry run.
  fat: {
    value: words(
      '-n -F -s -S -R -r -i -f -h -l -m -b -g -D -M -a --codepage --mbr --variant --offset',
    ),
  },
  ntfs: {
    value: words('-c -s -p -H -S -z -L --label --cluster-size --sector-size'),
    dryRun: ['-n', '--no-action'],
  },
  swap: {
    value: words('-L --label -U --uuid -p --pagesize -e --endianness -o --offset -s --size'),
  },
  other: { value: words('-L -l -O -o -b -c -s -n -t -U -d -m -N -i') },
};

function family(name: string, type: string | undefined): string {
  const dflt = name === 'mke2fs' ? 'ext4' : name === 'mkswap' ? 'swap' : 'ext2';
  const t = (name.startsWith('mkfs.') ? name.slice(5) : (type ?? dflt)).toLowerCase();
  if (/^ext[234]/.test(t)) return 'ext';
  if (t === 'vfat' || t === 'fat' || t === 'msdos' || t === 'exfat') return 'fat';
  return SPECS[t] ? t : 'other';
}

/** `mkfs[.TYPE] [opts] DEVICE [SIZE]`, `mke2fs`, `mkswap`. */
export function analyzeMkfs(inv: Invocation, ctx: ToolContext): Action[] {
  if (isHelp(inv)) return [readAction(ctx, inv.name, `${inv.name} --help`, 'only prints help')];
  // The mkfs front end takes -t TYPE and passes the other options to mkfs.TYPE.
  const front = parseArgs(inv.args, { value: ['-t', '--type'] });
  const type = inv.name === 'mkfs' ? value(front, '-t', '--type') : undefined;
  const spec = SPECS[family(inv.name, type)] ?? { value: [] };
  const p = parseArgs(inv.args, { value: [...spec.value, '-t', '--type'] });
  const verb = inv.name === 'mkfs' && type ? `mkfs -t ${type}` : inv.name;
  if (spec.dryRun && has(p, ...spec.dryRun)) {
    const dry = `${verb} ${spec.dryRun[0] ?? ''}`;
    return [
      readAction(
        ctx,
        inv.name,
        dry,
        'dry run: only shows what would be done',
        p.positionals.slice(0, 1),
      ),
    ];
  }
  const devs = p.positionals.filter((t) => t.startsWith('/dev/') || /\$|`/.test(t));
  const targets = wordsOf(inv, devs.length > 0 ? devs : p.positionals.slice(0, 1));
  const swap = inv.name === 'mkswap';
  const what = swap ? 'writes a swap signature over' : 'creates a new file system over';
  const rule = swap ? 'disk/mkswap' : 'disk/mkfs';
  return wipeActions(
    ctx,
    inv.name,
    verb,
    rule,
    what,
    targets.map((w) => device(w, ctx.cwd)),
  );
}

/** `wipefs [-a | -o OFFSET] [-n] DEVICE...`: without -a or -o it only lists signatures. */
export function analyzeWipefs(inv: Invocation, ctx: ToolContext): Action[] {
  if (isHelp(inv)) return [readAction(ctx, 'wipefs', 'wipefs --help', 'only prints help')];
  const p = parseArgs(inv.args, { value: words('-o --offset -t --types -O --output --lock') });
  if (!has(p, '-a', '--all', '-o', '--offset')) {
    return [
      readAction(ctx, 'wipefs', 'wipefs', 'lists the signatures on the device', p.positionals),
    ];
  }
  if (has(p, '-n', '--no-act')) {
    return [
      readAction(
        ctx,
        'wipefs',
        'wipefs -n',
        'dry run: only shows what would be erased',
        p.positionals,
      ),
    ];
  }
  const devs = wordsOf(inv, p.positionals).map((w) => device(w, ctx.cwd));
  const verb = has(p, '-a', '--all') ? 'wipefs -a' : 'wipefs -o';
  const what = 'erases the file system, RAID and partition-table signatures of';
  return wipeActions(ctx, 'wipefs', verb, 'disk/wipefs', what, devs);
}

/** `blkdiscard [-o OFF] [-l LEN] [-s] [-z] DEVICE`: discards (TRIMs) every block: the data is gone. */
export function analyzeBlkdiscard(inv: Invocation, ctx: ToolContext): Action[] {
  if (isHelp(inv)) return [readAction(ctx, 'blkdiscard', 'blkdiscard --help', 'only prints help')];
  const p = parseArgs(inv.args, { value: words('-o --offset -l --length -p --step') });
  const devs = wordsOf(inv, p.positionals).map((w) => device(w, ctx.cwd));
  const actions = wipeActions(
    ctx,
    'blkdiscard',
    'blkdiscard',
    'disk/blkdiscard',
    'discards every block of',
    devs,
  );
  if (!has(p, '-l', '--length', '-o', '--offset')) return actions;
  // A range: part of the device, still unrecoverable.
  return actions.map((a) =>
    a.risk === 'catastrophic'
      ? { ...a, risk: 'high', reasons: [`discards a range of blocks on ${a.targets[0] ?? ''}`] }
      : a,
  );
}

/** `badblocks [-w|-n] DEVICE`: read-only by default; -w overwrites the whole device with test patterns. */
export function analyzeBadblocks(inv: Invocation, ctx: ToolContext): Action[] {
  if (isHelp(inv)) return [readAction(ctx, 'badblocks', 'badblocks --help', 'only prints help')];
  const p = parseArgs(inv.args, { value: words('-b -c -d -e -i -o -p -t') });
  const devs = wordsOf(inv, p.positionals.slice(0, 1)).map((w) => device(w, ctx.cwd));
  const paths = devs.map((d) => d.path);
  if (has(p, '-w')) {
    return wipeActions(
      ctx,
      'badblocks',
      'badblocks -w',
      'disk/badblocks-write',
      'overwrites with test patterns',
      devs,
    );
  }
  if (has(p, '-n')) {
    const why = 'non-destructive read-write test: each block is restored';
    return [act(ctx, 'badblocks', 'badblocks -n', 'low', 'disk/badblocks', why, paths)];
  }
  return [readAction(ctx, 'badblocks', 'badblocks', 'read-only surface scan', paths)];
}
