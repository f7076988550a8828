/**
 * File system maintenance: fsck/e2fsck, xfs_repair, resize2fs, tune2fs. Checks without repair (`-n`) and
 * reports are safe; automatic repair can drop what it cannot fix, zeroing the XFS log loses recent changes,
 * shrinking a file system or removing its features can lose it.
 */
import type { Action } from '../types.js';
import type { Invocation, ToolContext } from '../model.js';
import { has, parseArgs } from '../args.js';
import { act, isHelp, readAction, words } from './disk-common.js';

/** `fsck [-N] [-n|-y|-p|-a] DEVICE`, `e2fsck`. */
export function analyzeFsck(inv: Invocation, ctx: ToolContext): Action[] {
  const tool = inv.name;
  if (isHelp(inv)) return [readAction(ctx, tool, `${tool} --help`, 'only prints help')];
  const p = parseArgs(inv.args, { value: words('-t -C -b -B -j -l -L -E -z -r') });
  const targets = p.positionals;
  if (has(p, '-n', '-N'))
    return [readAction(ctx, tool, `${tool} -n`, 'checks only: no change is made', targets)];
  if (has(p, '-y', '-p', '-a')) {
    const why =
      'repairs without asking: damaged files may be deleted, a mounted file system is corrupted';
    return [act(ctx, tool, `${tool} -y`, 'high', 'disk/fsck-repair', why, targets)];
  }
  return [
    act(
      ctx,
      tool,
      tool,
      'low',
      'disk/fsck',
      'checks the file system, asking before each repair',
      targets,
    ),
  ];
}

/** `xfs_repair [-n] [-L] DEVICE`: -L zeroes the log, losing the latest metadata changes. */
export function analyzeXfsRepair(inv: Invocation, ctx: ToolContext): Action[] {
  if (isHelp(inv)) return [readAction(ctx, 'xfs_repair', 'xfs_repair --help', 'only prints help')];
  const p = parseArgs(inv.args, { value: words('-m -l -r -c -o -t') });
  const targets = p.positionals;
  if (has(p, '-n'))
    return [
      readAction(ctx, 'xfs_repair', 'xfs_repair -n', 'checks only: no change is made', targets),
    ];
  if (has(p, '-L')) {
    const why = 'zeroes the metadata log: recent changes are lost';
    return [act(ctx, 'xfs_repair', 'xfs_repair -L', 'high', 'disk/fsck-repair', why, targets)];
  }
  return [
    act(ctx, 'xfs_repair', 'xfs_repair', 'low', 'disk/fsck', 'repairs the file system', targets),
  ];
}

/** `resize2fs [-P|-M] DEVICE [SIZE]`: growing to fill the device is safe; a size or -M may shrink. */
export function analyzeResize2fs(inv: Invocation, ctx: ToolContext): Action[] {
  if (isHelp(inv)) return [readAction(ctx, 'resize2fs', 'resize2fs --help', 'only prints help')];
  const p = parseArgs(inv.args, { value: words('-d -S -b -z') });
  const [dev = '', size] = p.positionals;
  if (has(p, '-P'))
    return [readAction(ctx, 'resize2fs', 'resize2fs -P', 'prints the minimum size', [dev])];
  if (has(p, '-M') || size !== undefined) {
    const why = `sets the size of the file system on ${dev} to ${size ?? 'its minimum'}: shrinking can lose data`;
    return [act(ctx, 'resize2fs', 'resize2fs', 'high', 'disk/resize-shrink', why, [dev])];
  }
  return [
    act(
      ctx,
      'resize2fs',
      'resize2fs',
      'low',
      'disk/resize-grow',
      'grows the file system to fill its device',
      [dev],
    ),
  ];
}

/** `tune2fs [-l] [-O FEATURES] ... DEVICE`. */
export function analyzeTune2fs(inv: Invocation, ctx: ToolContext): Action[] {
  if (isHelp(inv)) return [readAction(ctx, 'tune2fs', 'tune2fs --help', 'only prints help')];
  const p = parseArgs(inv.args, {
    value: words('-c -C -e -E -g -i -I -j -J -L -M -m -o -O -Q -r -T -u -U'),
  });
  const targets = p.positionals.slice(-1);
  const changes = [...p.opts.keys()].filter((k) => k !== '-l' && k !== '-f');
  if (changes.length === 0)
    return [readAction(ctx, 'tune2fs', 'tune2fs -l', 'prints the superblock', targets)];
  if ((p.opts.get('-O') ?? []).some((f) => f.includes('^')) || has(p, '-I')) {
    const why =
      'removes file system features or rewrites inodes: an interrupted change corrupts the file system';
    return [act(ctx, 'tune2fs', 'tune2fs -O', 'high', 'disk/tune2fs-features', why, targets)];
  }
  return [
    act(ctx, 'tune2fs', 'tune2fs', 'low', 'disk/tune2fs', 'changes file system settings', targets),
  ];
}
