/**
 * LVM: pvcreate/pvremove/vgcreate wipe whole devices, vgremove and a bare-VG lvremove lose every volume in
 * a group, lvremove/lvreduce lose one volume, growing and creating are harmless. Every LVM command honours
 * `-t`/`--test` (no metadata written).
 */
import type { Action } from '../types.js';
import type { Invocation, ToolContext } from '../model.js';
import { has, parseArgs, value } from '../args.js';
import { act, device, isHelp, readAction, wipeActions, words, wordsOf } from './disk-common.js';

export const LVM_NAMES: readonly string[] =
  words(`pvcreate pvremove vgcreate vgremove vgreduce lvcreate
  lvremove lvreduce lvresize lvextend lvconvert lvs vgs pvs lvdisplay vgdisplay pvdisplay`);

const LVM_VALUE =
  words(`-L --size -l --extents -n --name --type -i --stripes -I --stripesize -m --mirrors
  -c --chunksize -p --permission --config -S --select -o --options -O --sort --units --poolmetadatasize
  -V --virtualsize --thinpool --cachepool --alloc --addtag --deltag --profile --metadatasize
  --dataalignment --pvmetadatacopies --metadatatype -M --uuid -u --restorefile --setphysicalvolumesize
  -Z --zero -W --wipesignatures --vgmetadatacopies --physicalextentsize --devices --devicesfile
  --reportformat --separator -A --autobackup --activate --readahead`);

/** Options whose meaning depends on the command (`-s` is a size for vgcreate, a flag for lvcreate). */
const EXTRA_VALUE: Readonly<Record<string, readonly string[]>> = {
  vgcreate: ['-s'],
  lvcreate: ['-r', '-a'],
};

/** pv*, vg*, lv* commands. */
export function analyzeLvm(inv: Invocation, ctx: ToolContext): Action[] {
  const tool = inv.name;
  if (isHelp(inv)) return [readAction(ctx, tool, `${tool} --help`, 'only prints help')];
  const p = parseArgs(inv.args, { value: [...LVM_VALUE, ...(EXTRA_VALUE[tool] ?? [])] });
  const pos = p.positionals;
  if (has(p, '-t', '--test'))
    return [readAction(ctx, tool, `${tool} --test`, 'test mode: no metadata is written', pos)];
  const out = (risk: Action['risk'], rule: string, reason: string): Action[] => [
    act(ctx, tool, tool, risk, rule, reason, pos),
  ];
  const devices = (texts: readonly string[]) => wordsOf(inv, texts).map((w) => device(w, ctx.cwd));
  const lv = pos[0] ?? 'a logical volume';
  switch (tool) {
    case 'pvcreate':
      return wipeActions(
        ctx,
        tool,
        tool,
        'disk/pvcreate',
        'initialises an LVM physical volume over',
        devices(pos),
      );
    case 'pvremove':
      return wipeActions(ctx, tool, tool, 'disk/pvremove', 'erases the LVM label of', devices(pos));
    case 'vgcreate':
      return wipeActions(
        ctx,
        tool,
        tool,
        'disk/vgcreate',
        'initialises for a new volume group',
        devices(pos.slice(1)),
      );
    case 'vgremove':
      return out(
        'catastrophic',
        'disk/vgremove',
        `deletes the volume group ${pos.join(', ')} and every volume in it`,
      );
    case 'vgreduce':
      return out(
        'high',
        'disk/vgreduce',
        `removes physical volumes (and volumes on missing ones) from ${lv}`,
      );
    case 'lvremove':
      // A bare VG name (no `/`) or a selection removes every matching logical volume.
      if (pos.some((t) => !t.includes('/')) || has(p, '-S', '--select')) {
        return out(
          'catastrophic',
          'disk/lvremove-all',
          `removes every logical volume in ${pos.join(', ') || 'the selection'}`,
        );
      }
      return out(
        'high',
        'disk/lvremove',
        `deletes the logical volume ${pos.join(', ')} and its data`,
      );
    case 'lvreduce':
      return out('high', 'disk/lvreduce', `shrinks ${lv}: data past the new end is lost`);
    case 'lvresize': {
      const size = value(p, '-L', '--size', '-l', '--extents') ?? '';
      if (size.startsWith('+')) return out('low', 'disk/lvextend', `grows ${lv}`);
      const how = size.startsWith('-') ? 'shrinks' : 'sets the size of (possibly shrinking)';
      return out('high', 'disk/lvreduce', `${how} ${lv}: data past the new end is lost`);
    }
    case 'lvextend':
      return out('low', 'disk/lvextend', `grows ${lv}`);
    case 'lvconvert':
      if (has(p, '--merge', '--mergesnapshot', '--mergethin')) {
        return out(
          'high',
          'disk/lvconvert-merge',
          `merges a snapshot back: the origin returns to the snapshot's state`,
        );
      }
      return out('low', 'disk/lvconvert', `converts ${lv}`);
    case 'lvcreate':
      return out(
        'low',
        'disk/lvcreate',
        has(p, '-s', '--snapshot') ? 'creates a snapshot' : 'creates a logical volume',
      );
    default:
      return [readAction(ctx, tool, tool, 'reports LVM state', pos)];
  }
}
