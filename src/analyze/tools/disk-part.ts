/**
 * Partition editors: parted, fdisk, gdisk, cfdisk, sfdisk, sgdisk. A new partition table (mklabel, zap,
 * `o`+`w`, an sfdisk layout) loses every partition on the disk; deleting or resizing one partition loses that
 * file system; listing, printing and dumping are read-only.
 */
import type { Action } from '../types.js';
import type { Invocation, ToolContext } from '../model.js';
import { has, parseArgs, value, values } from '../args.js';
import {
  act,
  device,
  diskAction,
  isHelp,
  lossOf,
  readAction,
  wipeRisk,
  words,
  wordsOf,
} from './disk-common.js';
import type { Device } from './disk-common.js';

/** The three grades of a partition-table change, as actions. */
function edits(ctx: ToolContext, tool: string) {
  return {
    table: (verb: string, d: Device, what: string): Action =>
      act(ctx, tool, verb, wipeRisk(d), 'disk/partition-table', `${what}: loses ${lossOf(d)}`, [
        d.path,
      ]),
    part: (verb: string, d: Device, what: string): Action => {
      const risk = wipeRisk(d) === 'low' ? 'low' : 'high';
      return act(
        ctx,
        tool,
        verb,
        risk,
        'disk/partition-delete',
        `${what} on ${d.path}: its file system is lost`,
        [d.path],
      );
    },
    edit: (verb: string, d: Device, what: string): Action =>
      act(ctx, tool, verb, 'low', 'disk/partition-edit', what, [d.path]),
    interactive: (d: Device): Action =>
      diskAction(ctx, {
        tool,
        verb: tool,
        risk: 'high',
        rule: 'disk/partition-interactive',
        reason: `opens an interactive partition editor on ${d.path}: what it will change is not known`,
        targets: [d.path],
        effect: 'unknown',
      }),
  };
}

/** parted words that only read or set harmless properties (with their arguments). */
const PARTED_SAFE = new Set(
  words(`print p unit help select align-check quit version name set toggle disk_set disk_toggle type
    gpt msdos primary logical extended on off s b kb mb gb mib gib tb tib % cyl chs compact free
    boot esp lvm raid hidden bios_grub legacy_boot msftdata`),
);

/** `parted [-s] [-l] DEVICE [COMMAND [ARGS]]...` */
export function analyzeParted(inv: Invocation, ctx: ToolContext): Action[] {
  if (isHelp(inv)) return [readAction(ctx, 'parted', 'parted --help', 'only prints help')];
  const p = parseArgs(inv.args, { value: ['-a', '--align'] });
  if (has(p, '-l', '--list') || p.positionals.length === 0) {
    return [readAction(ctx, 'parted', 'parted -l', 'lists partition tables')];
  }
  const e = edits(ctx, 'parted');
  const d = device(wordsOf(inv, p.positionals.slice(0, 1))[0] ?? '', ctx.cwd);
  const cmds = p.positionals.slice(1).map((c) => c.toLowerCase());
  if (cmds.length === 0) {
    if (inv.stdin?.kind !== 'text') return [e.interactive(d)];
    cmds.push(
      ...inv.stdin.text
        .toLowerCase()
        .split(/\s+/)
        .filter((c) => c.length > 0),
    );
  }
  const actions: Action[] = [];
  const any = (...names: string[]): boolean => cmds.some((c) => names.includes(c));
  if (any('mklabel', 'mktable'))
    actions.push(e.table('parted mklabel', d, 'writes a new, empty partition table'));
  if (any('rm')) actions.push(e.part('parted rm', d, 'deletes a partition'));
  if (any('resizepart', 'resize'))
    actions.push(e.part('parted resizepart', d, 'resizes a partition (shrinking cuts off data)'));
  if (any('mkpart', 'mkpartfs', 'rescue'))
    actions.push(e.edit('parted mkpart', d, `adds a partition on ${d.path}`));
  if (actions.length > 0) return actions;
  // Only known read words, numbers and sizes: a print.
  if (cmds.every((c) => PARTED_SAFE.has(c) || !/^[a-z_-]+$/.test(c))) {
    return [
      readAction(
        ctx,
        'parted',
        `parted ${cmds[0] ?? 'print'}`,
        `prints the partition table of ${d.path}`,
        [d.path],
      ),
    ];
  }
  return [e.edit(`parted ${cmds[0] ?? ''}`, d, `changes partition properties on ${d.path}`)];
}

const FDISK_VALUE =
  words(`-b --sector-size -c --compatibility -H --heads -S --sectors -C --cylinders
  -L --color -o --output -t --type -u --units -w --wipe -W --wipe-partitions --lock`);

/**
 * fdisk/gdisk/cfdisk: interactive editors that only write on `w`. Commands may come on stdin
 * (`printf 'o\nw\n' | fdisk /dev/sdb`); without them the session is interactive.
 */
export function analyzeFdisk(inv: Invocation, ctx: ToolContext): Action[] {
  const tool = inv.name;
  if (isHelp(inv)) return [readAction(ctx, tool, `${tool} --help`, 'only prints help')];
  const p = parseArgs(inv.args, { value: FDISK_VALUE });
  if (
    has(p, '-l', '--list', '-s', '--getsz', '-x', '--list-details', '-v') ||
    p.positionals.length === 0
  ) {
    return [readAction(ctx, tool, `${tool} -l`, 'lists partition tables', p.positionals)];
  }
  const e = edits(ctx, tool);
  const d = device(wordsOf(inv, p.positionals.slice(0, 1))[0] ?? '', ctx.cwd);
  if (tool === 'cfdisk' || inv.stdin?.kind !== 'text') return [e.interactive(d)];
  const cmds = inv.stdin.text.split(/\n/).map((l) => l.trim());
  if (!cmds.includes('w'))
    return [readAction(ctx, tool, tool, 'the commands never write (`w`) the table', [d.path])];
  // fdisk `o` DOS, `g`/`G`/`s` new GPT/SGI/Sun label; gdisk `o` new GPT, `x` then `z` zaps.
  if (cmds.some((c) => /^[ogGs]$/.test(c)) || (cmds.includes('x') && cmds.includes('z'))) {
    return [e.table(`${tool} (new label)`, d, 'writes a new, empty partition table')];
  }
  if (cmds.includes('d')) return [e.part(`${tool} d`, d, 'deletes a partition')];
  return [e.edit(`${tool} w`, d, `adds or changes partitions on ${d.path}`)];
}

const SFDISK_VALUE =
  words(`-N --partno -X --label -Y --label-nested -w --wipe -W --wipe-partitions -o
  --output --sector-size -O --backup-file --color --lock -u --unit`);
const SFDISK_READ =
  words(`-d --dump -l --list -J --json -s --show-size -g --show-geometry -F --list-free
  -V --verify --list-types -T`);
const SFDISK_PROPS =
  words(`--part-type --part-label --part-uuid --part-attrs -A --activate -r --reorder
  --relocate -c --id --change-id --print-id`);

/** `sfdisk [opts] DEVICE [N...]`: without a read option it writes the layout read from stdin. */
export function analyzeSfdisk(inv: Invocation, ctx: ToolContext): Action[] {
  if (isHelp(inv)) return [readAction(ctx, 'sfdisk', 'sfdisk --help', 'only prints help')];
  const p = parseArgs(inv.args, { value: SFDISK_VALUE });
  const pos = p.positionals;
  if (has(p, ...SFDISK_READ) || pos.length === 0) {
    return [readAction(ctx, 'sfdisk', 'sfdisk -d', 'prints the partition table', pos.slice(0, 1))];
  }
  const e = edits(ctx, 'sfdisk');
  const d = device(wordsOf(inv, pos.slice(0, 1))[0] ?? '', ctx.cwd);
  if (has(p, '-n', '--no-act'))
    return [readAction(ctx, 'sfdisk', 'sfdisk -n', 'dry run: does not write', [d.path])];
  if (has(p, '--delete')) {
    return pos.length > 1
      ? [e.part('sfdisk --delete', d, 'deletes partitions')]
      : [e.table('sfdisk --delete', d, 'deletes every partition')];
  }
  if (has(p, ...SFDISK_PROPS))
    return [e.edit('sfdisk --part-*', d, `changes partition properties on ${d.path}`)];
  if (has(p, '-a', '--append')) return [e.edit('sfdisk -a', d, `adds partitions on ${d.path}`)];
  if (value(p, '-N', '--partno') !== undefined)
    return [e.part('sfdisk -N', d, 'rewrites one partition')];
  return [e.table('sfdisk', d, 'replaces the partition table with the layout given on stdin')];
}

const SGDISK_EDIT =
  words(`-n --new -t --typecode -c --change-name -G --randomize-guids -u --partition-guid
  -U --disk-guid -A --attributes -e --move-second-header -s --sort -h --hybrid -r --transpose -j
  --adjust-main-table`);

/** `sgdisk [opts] DEVICE`: scriptable GPT editor. */
export function analyzeSgdisk(inv: Invocation, ctx: ToolContext): Action[] {
  if (isHelp(inv)) return [readAction(ctx, 'sgdisk', 'sgdisk --help', 'only prints help')];
  const p = parseArgs(inv.args, {
    value: words('-A -a -b -c -d -i -l -n -R -r -t -T -u -U -h -j -k -M -x -X -N -C'),
  });
  const e = edits(ctx, 'sgdisk');
  const d = device(wordsOf(inv, p.positionals.slice(0, 1))[0] ?? '', ctx.cwd);
  if (has(p, '-P', '--pretend'))
    return [readAction(ctx, 'sgdisk', 'sgdisk -P', 'pretend mode: nothing is written', [d.path])];
  const actions: Action[] = [];
  if (has(p, '-Z', '--zap-all', '-z', '--zap', '-o', '--clear')) {
    actions.push(e.table('sgdisk --zap-all', d, 'destroys the partition table'));
  }
  if (has(p, '-l', '--load-backup'))
    actions.push(e.table('sgdisk --load-backup', d, 'replaces the partition table from a file'));
  for (const r of values(p, '-R', '--replicate')) {
    // `sgdisk -R /dev/sdb /dev/sda` copies sda's table onto sdb.
    actions.push(
      e.table(
        'sgdisk --replicate',
        device(r, ctx.cwd),
        "overwrites the table with a copy of another disk's",
      ),
    );
  }
  if (has(p, '-g', '--mbrtogpt', '-m', '--gpttombr'))
    actions.push(e.part('sgdisk --mbrtogpt', d, 'converts the table type'));
  if (has(p, '-d', '--delete')) actions.push(e.part('sgdisk --delete', d, 'deletes a partition'));
  if (actions.length > 0) return actions;
  if (has(p, ...SGDISK_EDIT))
    return [e.edit('sgdisk', d, `adds or changes partitions on ${d.path}`)];
  return [
    readAction(ctx, 'sgdisk', 'sgdisk -p', 'prints or verifies the partition table', [d.path]),
  ];
}
