/**
 * Deleting files: rm, unlink, rmdir, and the overwriting deleters shred, srm and wipe. What is lost depends
 * on the target (a machine, a home, a database's files, project sources, build artifacts, scratch) and on
 * whether the deletion recurses or may hit many files through a glob.
 */
import type { Action } from '../types.js';
import type { Invocation, ToolContext } from '../model.js';
import { has, parseArgs } from '../args.js';
import { isSecurityFile } from '../paths.js';
import { DROP_IN } from './fs-write.js';
import {
  fileLike,
  helpAction,
  isHelp,
  perTarget,
  targetsOf,
  verdict,
  wordsFor,
  type Target,
  type Verdict,
} from './fs-common.js';

/** How a deletion reaches its target. */
export interface DeleteMode {
  recursive: boolean;
  /** The content is overwritten before unlinking (shred, srm, wipe): no undelete, even for one file. */
  overwrite: boolean;
}

const cat = (rule: string, reason: string): Verdict =>
  verdict('catastrophic', rule, reason, 'destroy');
const high = (rule: string, reason: string): Verdict => verdict('high', rule, reason, 'delete');
const low = (rule: string, reason: string): Verdict => verdict('low', rule, reason, 'delete');

/** The verdict for deleting one target. */
export function deleteVerdict(t: Target, mode: DeleteMode): Verdict {
  const { kind, glob } = t.info;
  const r = mode.recursive;
  // A single named file (not a glob, not a directory): the least a deletion can be.
  const single = !glob && (!r || fileLike(t.text));
  // Lock and pid files, drop-in configs and enabled-site links: recreated or re-linked at will.
  if (!glob && /(^|[/.-])(lock|lck|pid)(-[a-z]+)?$|\.sock$/.test(t.text)) {
    // A live store's lock is what stops a second server from corrupting it.
    if (kind === 'live-data')
      return high('fs/rm-live-data', `removes the lock of a live data store (${t.info.path})`);
    return low('fs/rm-lock', `removes the lock or pid file ${t.info.path}`);
  }
  if (
    !r &&
    !glob &&
    kind === 'system' &&
    DROP_IN.test(t.info.path) &&
    !isSecurityFile(t.info.path)
  ) {
    return low('fs/rm-config', `removes the drop-in configuration ${t.info.path}`);
  }
  switch (kind) {
    case 'root':
      return r
        ? cat('fs/rm-root', 'deletes the whole root file system')
        : high('fs/rm-root', 'deletes files at the top of the root file system');
    case 'system-top':
      return r || glob || t.text.endsWith('*')
        ? cat(
            'fs/rm-system',
            `deletes the system directory ${t.info.path}: the machine stops working`,
          )
        : high('fs/rm-system', `deletes a system path ${t.info.path}`);
    case 'system-critical':
      return cat(
        'fs/rm-system',
        `deletes ${t.info.path}, without which the machine does not boot or cannot be logged into`,
      );
    case 'live-data':
      return cat(
        'fs/rm-live-data',
        `deletes files of a live service's data store (${t.info.path}): the only copy of its data`,
      );
    case 'home-all':
      return r
        ? cat('fs/rm-home', "deletes every user's home directory")
        : high('fs/rm-home', 'deletes files in every home directory');
    case 'home':
      return r
        ? cat('fs/rm-home', `deletes the home directory ${t.info.path}`)
        : high('fs/rm-home', 'deletes the files at the top of a home directory');
    case 'mount-all':
      return r
        ? cat('fs/rm-mount', 'deletes every mounted volume')
        : high('fs/rm-mount', 'deletes files on mounted volumes');
    case 'system':
      return high('fs/rm-system', `deletes system files (${t.info.path})`);
    case 'system-user':
      // /usr/local/go, /opt/app: one package, reinstalled at will; /usr/local/lib as a whole is not.
      return /^\/usr\/local(\/(bin|sbin|lib|lib64|include|share|etc|libexec|var|src))?$/.test(
        t.info.path.replace(/\/\*$/, ''),
      )
        ? high('fs/rm-system', `deletes locally installed software (${t.info.path})`)
        : low(
            'fs/rm-system-user',
            `removes locally installed software (${t.info.path}); it can be reinstalled`,
          );
    case 'logs':
      return /\.(gz|xz|bz2|zst|old|\d+)$/.test(t.text)
        ? low('fs/rm-logs', 'removes a rotated log file')
        : high('fs/rm-logs', `deletes system logs (${t.info.path})`);
    case 'system-cache':
    case 'home-cache':
      return low('fs/rm-cache', `deletes a cache (${t.info.path}): it is rebuilt on demand`);
    case 'backup':
      return high('fs/rm-backup', `deletes backups (${t.info.path})`);
    case 'mount':
      return single && !mode.overwrite
        ? low('fs/rm-file', 'deletes one file on a mounted volume')
        : high('fs/rm-mount', `deletes the contents of a mounted volume (${t.info.path})`);
    case 'home-precious':
      if (!glob && /(known_hosts(\.old)?|\.pub)$/.test(t.text))
        return low('fs/rm-file', `deletes ${t.info.path}, which is easily recreated`);
      return high(
        'fs/rm-home-data',
        `deletes irreplaceable data or credentials in a home directory (${t.info.path})`,
      );
    case 'home-other':
    case 'outside':
    case 'project':
      if (single) {
        return mode.overwrite
          ? high('fs/shred', `overwrites ${t.info.path} beyond recovery`)
          : low('fs/rm-file', `deletes one file (${t.info.path})`);
      }
      return high(
        kind === 'project' ? 'fs/rm-project' : 'fs/rm-data',
        kind === 'project'
          ? `deletes project sources (${t.info.path}), with any uncommitted work`
          : `deletes ${t.info.path}, which is not a regenerable artifact`,
      );
    case 'project-root':
      return high('fs/rm-project', 'deletes the whole project, uncommitted work included');
    case 'project-vcs':
      return high('fs/rm-vcs', 'deletes the version control history of the project');
    case 'project-data':
      return high(
        'fs/rm-project-data',
        `deletes project data that is not in version control (${t.info.path})`,
      );
    case 'device':
      return high('fs/rm-device', `removes the device node ${t.info.path}`);
    case 'device-other':
      return high(
        'fs/rm-device',
        `removes the device node ${t.info.path}: programs that use it break`,
      );
    case 'scratch-root':
      return r
        ? high('fs/rm-tmp', 'deletes the temporary directory itself')
        : low('fs/rm-scratch', 'deletes temporary files');
    case 'scratch':
      return low('fs/rm-scratch', `deletes scratch files (${t.info.path})`);
    case 'artifact':
      return low('fs/rm-artifact', `deletes regenerable build artifacts (${t.info.path})`);
    case 'dynamic-root':
      return r
        ? cat(
            'fs/rm-dynamic-root',
            `${t.text} becomes / or a system directory when the variable is empty`,
          )
        : high('fs/rm-dynamic-root', `${t.text} may name files at the top of the file system`);
    case 'dynamic':
      return r || mode.overwrite || glob
        ? high('fs/rm-dynamic', `deletes ${t.text}, whose value is not known here`)
        : low('fs/rm-file', `deletes one file named by ${t.text}`);
  }
}

/** `rm [-rRfdiIv] [--no-preserve-root] [--] FILE...` (also busybox and BSD rm). */
export function analyzeRm(inv: Invocation, ctx: ToolContext): Action[] {
  if (isHelp(inv.args)) return [helpAction(ctx, 'rm')];
  const p = parseArgs(inv.args);
  const recursive = has(p, '-r', '-R', '--recursive');
  const flags = [recursive ? 'r' : '', has(p, '-f', '--force') ? 'f' : ''].join('');
  const verb = flags ? `rm -${flags}` : 'rm';
  const targets = targetsOf(wordsFor(inv.words, p.positionals), ctx.cwd);
  return perTarget(ctx, 'rm', verb, targets, (t) =>
    deleteVerdict(t, { recursive, overwrite: false }),
  );
}

/** `unlink FILE`: one file. */
export function analyzeUnlink(inv: Invocation, ctx: ToolContext): Action[] {
  if (isHelp(inv.args)) return [helpAction(ctx, 'unlink')];
  const p = parseArgs(inv.args);
  const targets = targetsOf(wordsFor(inv.words, p.positionals), ctx.cwd);
  return perTarget(ctx, 'unlink', 'unlink', targets, (t) =>
    deleteVerdict(t, { recursive: false, overwrite: false }),
  );
}

/** `rmdir [-p] DIR...`: removes empty directories only, so nothing of value is lost. */
export function analyzeRmdir(inv: Invocation, ctx: ToolContext): Action[] {
  const p = parseArgs(inv.args);
  return [
    ctx.action({
      tool: 'rmdir',
      verb: 'rmdir',
      effect: 'delete',
      risk: 'low',
      rule: 'fs/rmdir',
      targets: [...p.positionals],
      reasons: ['removes empty directories only'],
    }),
  ];
}

/** shred, srm, wipe: overwrite contents before (optionally) unlinking; devices are wiped whole. */
export function analyzeShred(inv: Invocation, ctx: ToolContext): Action[] {
  if (isHelp(inv.args)) return [helpAction(ctx, inv.name)];
  const value =
    inv.name === 'shred'
      ? ['-n', '--iterations', '-s', '--size', '--random-source']
      : ['-Q', '-l', '-x'];
  const p = parseArgs(inv.args, { value });
  const recursive = inv.name !== 'shred' && has(p, '-r', '-R', '--recursive');
  const targets = targetsOf(wordsFor(inv.words, p.positionals), ctx.cwd);
  return perTarget(ctx, inv.name, inv.name, targets, (t) => {
    if (t.info.kind === 'device') {
      return cat(
        'fs/shred-device',
        `overwrites the whole device ${t.info.path}: every file system on it is lost`,
      );
    }
    if (t.info.kind === 'device-other')
      return {
        risk: 'none',
        rule: 'fs/shred',
        reason: 'overwrites a pseudo device',
        effect: 'write',
      };
    const v = deleteVerdict(t, { recursive, overwrite: true });
    if (v.risk === 'low' && v.rule === 'fs/rm-file')
      return high('fs/shred', `overwrites ${t.info.path} beyond recovery`);
    return v.risk === 'catastrophic' || v.risk === 'high' ? { ...v, effect: 'destroy' } : v;
  });
}
