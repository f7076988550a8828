/**
 * Copying, moving, installing and linking: cp, mv, install, ln. The destination may be overwritten (judged by
 * the write table: a system file, an authorized_keys, a disk); mv also takes the sources away (moving a
 * system directory breaks the machine; moving anything to /dev/null deletes it).
 */
import { posix } from 'node:path';
import type { Action } from '../types.js';
import type { Invocation, ToolContext } from '../model.js';
import { has, parseArgs, value } from '../args.js';
import { classifyPath, isSecurityFile, kindRank, type PathKind } from '../paths.js';
import {
  fileLike,
  helpAction,
  isHelp,
  targetsOf,
  verdict,
  verdictAction,
  words,
  wordsFor,
} from './fs-common.js';
import type { Target, Verdict } from './fs-common.js';
import { deleteVerdict } from './fs-delete.js';
import { writeVerdict } from './fs-write.js';
import { parseMode } from './fs-mode.js';

/** Destinations that are directories whatever the command: files land inside them. */
const DIR_KINDS = words<PathKind>(
  'root system-top home home-all mount-all scratch-root project-root',
);

const COPY_VALUE = words(
  '-t --target-directory -S --suffix -m --mode -o --owner -g --group --strip-program',
);

interface Plan {
  sources: Target[];
  dest: Target | undefined;
  /** The destination is a directory: each source lands inside it under its own name. */
  intoDir: boolean;
  /** Existing files are kept or backed up (-n, --update=none, -b, -i). */
  keeps: boolean;
}

function plan(inv: Invocation, ctx: ToolContext): Plan & { p: ReturnType<typeof parseArgs> } {
  const p = parseArgs(inv.args, { value: COPY_VALUE });
  const targetDir = value(p, '-t', '--target-directory');
  const pos = [...p.positionals];
  let destText = targetDir;
  if (destText === undefined && pos.length >= 2) destText = pos.pop();
  const dest =
    destText === undefined ? undefined : targetsOf(wordsFor(inv.words, [destText]), ctx.cwd)[0];
  const sources = targetsOf(wordsFor(inv.words, pos), ctx.cwd);
  const intoDir =
    !has(p, '-T', '--no-target-directory') &&
    (targetDir !== undefined ||
      sources.length > 1 ||
      (destText ?? '').endsWith('/') ||
      /(^|\/)\.\.?$/.test(destText ?? '') ||
      (dest !== undefined && DIR_KINDS.includes(dest.info.kind)) ||
      sources.some((s) => s.info.glob));
  const update = value(p, '--update');
  const keeps =
    has(p, '-n', '--no-clobber', '-b', '-i', '--interactive') ||
    has(p, '--backup') ||
    update === 'none' ||
    update === 'none-fail';
  return { p, sources, dest, intoDir, keeps };
}

/** Verdict for writing `src` into the destination of a copy/move/install. */
function destVerdict(pl: Plan, src: Target | undefined, ctx: ToolContext): Verdict {
  const dest = pl.dest;
  if (!dest) return verdict('none', 'fs/copy', 'no destination given', 'read');
  if (dest.info.kind === 'device') return writeVerdict(dest, 'overwrite');
  if (pl.intoDir) {
    if (dest.info.kind === 'root')
      return verdict('high', 'fs/copy-into-root', 'copies files over the root file system');
    const name = posix.basename(src?.text ?? 'x');
    const landed = classifyPath(`${dest.text.replace(/\/$/, '')}/${name}`, ctx.cwd, dest.dynamic);
    if (isSecurityFile(landed.path)) return writeVerdict({ ...dest, info: landed }, 'overwrite');
    return verdict('low', 'fs/copy', `puts files into ${dest.info.path}`);
  }
  // `cp f f.bak`, `mv dir dir.old`: a new backup name, nothing existing is meant to be replaced.
  if (
    /(\.(bak|orig|old|backup|save|prev|\d{6,})|~)$/.test(dest.text) &&
    !isSecurityFile(dest.info.path)
  ) {
    return verdict('low', 'fs/copy', `makes a copy named ${dest.info.path}`);
  }
  const fromNull = src !== undefined && /^\/dev\/(null|zero)$/.test(src.info.path);
  const w = writeVerdict(dest, fromNull ? 'truncate' : 'overwrite');
  if (pl.keeps && w.risk === 'high' && !isSecurityFile(dest.info.path)) {
    return verdict('low', 'fs/copy', `writes ${dest.info.path} without replacing an existing file`);
  }
  return w.rule === 'fs/write' || w.rule === 'fs/write-scratch'
    ? { ...w, rule: 'fs/copy', reason: `writes ${dest.info.path}` }
    : w;
}

/** `cp [opts] SRC... DEST`: sources are read, the destination may be replaced. */
export function analyzeCp(inv: Invocation, ctx: ToolContext): Action[] {
  if (isHelp(inv.args)) return [helpAction(ctx, 'cp')];
  const pl = plan(inv, ctx);
  const srcs = pl.sources.length > 0 ? pl.sources : [undefined];
  return srcs.map((s) =>
    verdictAction(ctx, 'cp', 'cp', destVerdict(pl, s, ctx), pl.dest?.info.path ?? ''),
  );
}

/** `mv [opts] SRC... DEST`: the sources leave their place; the destination may be replaced. */
export function analyzeMv(inv: Invocation, ctx: ToolContext): Action[] {
  if (isHelp(inv.args)) return [helpAction(ctx, 'mv')];
  const pl = plan(inv, ctx);
  const actions: Action[] = [];
  const discard = pl.dest !== undefined && pl.dest.info.kind === 'device-other';
  for (const s of pl.sources) {
    const v: Verdict = discard
      ? deleteVerdict(s, { recursive: true, overwrite: false })
      : moveVerdict(s, pl.dest);
    actions.push(
      verdictAction(
        ctx,
        'mv',
        discard ? `mv to ${pl.dest?.info.path ?? ''}` : 'mv',
        v,
        s.info.path,
      ),
    );
    if (!discard)
      actions.push(
        verdictAction(ctx, 'mv', 'mv', destVerdict(pl, s, ctx), pl.dest?.info.path ?? ''),
      );
  }
  if (actions.length === 0)
    actions.push(verdictAction(ctx, 'mv', 'mv', destVerdict(pl, undefined, ctx), ''));
  return actions;
}

/** What moving a path away from where it is costs: nothing is lost, but a moved system breaks. */
function moveVerdict(s: Target, dest: Target | undefined): Verdict {
  const { kind, path } = s.info;
  if (['root', 'system-top', 'system-critical', 'dynamic-root'].includes(kind)) {
    const why = `moves ${path} away: the machine stops working`;
    return verdict('catastrophic', 'fs/mv-system', why, 'destroy');
  }
  if (kind === 'live-data') {
    return verdict(
      'high',
      'fs/mv-live-data',
      `moves a live data store (${path}) from under its service`,
    );
  }
  if (kind === 'home' || kind === 'home-all')
    return verdict('high', 'fs/mv-home', `moves the home directory ${path}`);
  if (kind === 'device') return verdict('high', 'fs/mv-device', `moves the device node ${path}`);
  // Into /tmp: gone at the next reboot or tmp cleaning, unless it was only artifacts, scratch or one file.
  const toScratch = dest !== undefined && ['scratch', 'scratch-root'].includes(dest.info.kind);
  const dir = (kind === 'project' || kind === 'home-other') && !fileLike(s.text);
  if (toScratch && (kindRank(kind) >= 3 || dir)) {
    return verdict(
      'high',
      'fs/mv-to-tmp',
      `moves ${path} into ${dest.info.path}, which is emptied on reboot`,
    );
  }
  return verdict('low', 'fs/mv', `moves ${path}`);
}

/** `install [-d] [-m MODE] [-o OWNER] SRC... DEST`: cp with a mode; -d only creates directories. */
export function analyzeInstall(inv: Invocation, ctx: ToolContext): Action[] {
  if (isHelp(inv.args)) return [helpAction(ctx, 'install')];
  const pl = plan(inv, ctx);
  const mode = parseMode(value(pl.p, '-m', '--mode') ?? '');
  const dirs = has(pl.p, '-d', '--directory');
  const all = dirs
    ? targetsOf(wordsFor(inv.words, pl.p.positionals), ctx.cwd)
    : pl.dest
      ? [pl.dest]
      : [];
  const loose = all.find(
    (t) =>
      !['artifact', 'scratch', 'project', 'home-cache', 'home-other', 'outside'].includes(
        t.info.kind,
      ),
  );
  if (loose && (mode.worldWritable || mode.setuid)) {
    const what = mode.setuid ? 'setuid' : 'writable by every user';
    return [
      verdictAction(
        ctx,
        'install',
        'install',
        verdict('high', 'fs/install-mode', `installs ${loose.info.path} ${what}`),
        loose.info.path,
      ),
    ];
  }
  if (dirs) {
    return [
      ctx.action({
        tool: 'install',
        verb: 'install -d',
        effect: 'write',
        risk: 'low',
        rule: 'fs/install-dir',
        targets: all.map((t) => t.info.path),
        reasons: ['creates directories'],
      }),
    ];
  }
  const srcs = pl.sources.length > 0 ? pl.sources : [undefined];
  return srcs.map((s) =>
    verdictAction(ctx, 'install', 'install', destVerdict(pl, s, ctx), pl.dest?.info.path ?? ''),
  );
}

/** Directories of programs and libraries: a link replacing one of their entries replaces a system binary. */
const BIN_DIR = /^\/(usr\/)?(s?bin|lib\w*)\//;

/** `ln [-s] [-f] TARGET [LINK]`: only -f replaces an existing file. */
export function analyzeLn(inv: Invocation, ctx: ToolContext): Action[] {
  if (isHelp(inv.args)) return [helpAction(ctx, 'ln')];
  const p = parseArgs(inv.args, { value: ['-t', '--target-directory', '-S', '--suffix'] });
  const force = has(p, '-f', '--force') && !has(p, '-b', '--backup', '-i', '--interactive');
  const pos = p.positionals;
  const dir = value(p, '-t', '--target-directory');
  const targetText = pos[0] ?? '';
  let linkText =
    dir !== undefined
      ? `${dir}/${posix.basename(targetText)}`
      : pos.length >= 2
        ? (pos[pos.length - 1] ?? '')
        : posix.basename(targetText);
  if (dir === undefined && (linkText.endsWith('/') || pos.length > 2))
    linkText = `${linkText.replace(/\/$/, '')}/${posix.basename(targetText)}`;
  const link = targetsOf(wordsFor(inv.words, [linkText]), ctx.cwd)[0];
  const verb = `ln${has(p, '-s', '--symbolic') ? ' -s' : ''}${force ? 'f' : ''}`;
  if (!link || !force) {
    return [
      ctx.action({
        tool: 'ln',
        verb,
        effect: 'write',
        risk: 'none',
        rule: 'fs/ln',
        targets: [link?.info.path ?? linkText],
        reasons: ['creates a link; nothing existing is replaced'],
      }),
    ];
  }
  return [verdictAction(ctx, 'ln', verb, lnVerdict(link, targetText), link.info.path)];
}

function lnVerdict(link: Target, target: string): Verdict {
  const { kind, path } = link.info;
  if (isSecurityFile(path) || kind === 'system-critical') {
    return verdict('high', 'fs/ln-overwrite-system', `replaces ${path} with a link to ${target}`);
  }
  if (kind === 'system' && (target === '/dev/null' || BIN_DIR.test(path))) {
    const why =
      target === '/dev/null'
        ? 'disables it (a link to /dev/null)'
        : `replaces a system program or library with ${target}`;
    return verdict('high', 'fs/ln-overwrite-system', `${path}: ${why}`);
  }
  if (kind === 'live-data' || kind === 'device')
    return verdict('high', 'fs/ln-overwrite-data', `replaces ${path} with a link`);
  const w = writeVerdict(link, 'overwrite');
  if (w.rule === 'fs/overwrite-secret') return { ...w, rule: 'fs/ln-overwrite-secret' };
  return verdict('low', 'fs/ln', `points ${path} at ${target}`);
}
