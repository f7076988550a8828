/**
 * Shared pieces of the disk model: what a device argument is (a whole disk, a partition, a logical volume, a
 * loop device, an image file, unknown) and how bad destroying it is, plus action builders.
 */
import type { Action, Effect, Risk } from '../types.js';
import type { Invocation, ToolContext, Word } from '../model.js';
import { deviceKind, isBlockDevice, resolvePath } from '../paths.js';

export type DeviceClass = 'disk' | 'partition' | 'volume' | 'loop' | 'file' | 'dynamic' | 'pseudo';

export interface Device {
  text: string;
  path: string;
  cls: DeviceClass;
}

/** What a device argument names. A dynamic one (`$DEV`) may be any disk. */
export function device(w: Word | string, cwd: string): Device {
  const text = typeof w === 'string' ? w : w.text;
  const dynamic = typeof w === 'string' ? /\$|`/.test(w) : w.dynamic;
  if (dynamic) return { text, path: text, cls: 'dynamic' };
  const path = text.startsWith('/')
    ? resolvePath(text, cwd)
    : text.startsWith('dev/')
      ? `/${text}`
      : resolvePath(text, cwd);
  if (/^\/dev\/(null|zero|full|random|urandom)$/.test(path)) return { text, path, cls: 'pseudo' };
  if (!path.startsWith('/dev/')) return { text, path, cls: 'file' };
  const k = deviceKind(path);
  if (k === 'other') return { text, path, cls: isBlockDevice(path) ? 'volume' : 'pseudo' };
  return { text, path, cls: k };
}

/** A readable name for what is lost when a device of this class is wiped. */
export function lossOf(d: Device): string {
  switch (d.cls) {
    case 'disk':
      return `the whole disk ${d.path}: every partition and file system on it`;
    case 'partition':
      return `the file system on ${d.path}`;
    case 'volume':
      return `everything on the volume ${d.path}`;
    case 'loop':
      return `the image attached to ${d.path}`;
    case 'dynamic':
      return `whatever device ${d.text} names`;
    case 'file':
      return `the image file ${d.path}`;
    case 'pseudo':
      return `nothing (${d.path})`;
  }
}

/**
 * Risk of destroying a device's contents: a disk, a partition (a whole file system, possibly the root one),
 * a volume or an unknown device is catastrophic; a loop device is backed by a file (high); an image file in
 * the project or /tmp is low.
 */
export function wipeRisk(d: Device): Risk {
  if (d.cls === 'file') return /^\/(etc|boot|usr|var\/lib)\//.test(d.path) ? 'high' : 'low';
  if (d.cls === 'pseudo') return 'none';
  if (d.cls === 'loop') return 'high';
  return 'catastrophic';
}

export interface DiskInit {
  tool: string;
  verb: string;
  risk: Risk;
  rule: string;
  reason: string;
  targets?: readonly string[];
  effect?: Effect;
}

/** A whitespace-separated list (option names). */
export function words(list: string): string[] {
  return list.split(/\s+/).filter((w) => w.length > 0);
}

/** A disk action from positional parts: `act(ctx, 'mdadm', 'mdadm --stop', 'high', rule, reason, targets)`. */
export function act(
  ctx: ToolContext,
  tool: string,
  verb: string,
  risk: Risk,
  rule: string,
  reason: string,
  targets: readonly string[] = [],
): Action {
  return diskAction(ctx, { tool, verb, risk, rule, reason, targets });
}

/** Build a disk action; effect follows from the risk unless given. */
export function diskAction(ctx: ToolContext, a: DiskInit): Action {
  const effect: Effect =
    a.effect ?? (a.risk === 'none' ? 'read' : a.risk === 'catastrophic' ? 'destroy' : 'write');
  return ctx.action({
    tool: a.tool,
    verb: a.verb,
    effect,
    risk: a.risk,
    rule: a.rule,
    targets: a.targets ?? [],
    reasons: [a.reason],
  });
}

/** An action that destroys the contents of each device (mkfs, wipefs -a, blkdiscard ...). */
export function wipeActions(
  ctx: ToolContext,
  tool: string,
  verb: string,
  rule: string,
  what: string,
  devices: readonly Device[],
): Action[] {
  if (devices.length === 0) {
    return [
      diskAction(ctx, {
        tool,
        verb,
        risk: 'none',
        rule: `${rule}-usage`,
        reason: 'no device given: prints usage',
      }),
    ];
  }
  return devices.map((d) => {
    const risk = wipeRisk(d);
    return diskAction(ctx, {
      tool,
      verb,
      risk,
      rule,
      reason: `${what} ${lossOf(d)}`,
      targets: [d.path],
    });
  });
}

/** `--help`/`--version`, or `-h` alone. */
export function isHelp(inv: Invocation): boolean {
  return (
    inv.args.includes('--help') ||
    inv.args.includes('--version') ||
    (inv.args.length === 1 && (inv.args[0] === '-h' || inv.args[0] === '-V'))
  );
}

/** The read-only answer (lists, prints, dumps, help). */
export function readAction(
  ctx: ToolContext,
  tool: string,
  verb: string,
  reason: string,
  targets: readonly string[] = [],
): Action {
  return diskAction(ctx, { tool, verb, risk: 'none', rule: 'disk/read', reason, targets });
}

/** The words whose text is one of `texts`, keeping their dynamic flags. */
export function wordsOf(inv: Invocation, texts: readonly string[]): Word[] {
  const pool = [...inv.words];
  return texts.map((t) => {
    const i = pool.findIndex((w) => w.text === t);
    if (i < 0) return { text: t, dynamic: false };
    const [w] = pool.splice(i, 1);
    return w ?? { text: t, dynamic: false };
  });
}
