/**
 * BorgBackup (borg 1.x and 2.x spellings) and borgmatic. Deleting a whole repository is
 * catastrophic (a backup repository as a whole); deleting or pruning archives is high;
 * create/list/info/check are safe and `--dry-run` wins. borgmatic `restore` overwrites live
 * databases with their dumps.
 */
import type { Action } from '../types.js';
import type { Invocation, ToolContext } from '../model.js';
import { has, parseArgs, value } from '../args.js';
import { classifyPath } from '../paths.js';
import { finding, isHelp, type Finding } from './system-common.js';
import { isVital, makesBackup, preview, reads } from './backups-common.js';

const BORG_VALUE = [
  '--remote-path',
  '--rsh',
  '--lock-wait',
  '--umask',
  '--debug-topic',
  '--upload-ratelimit',
  '--upload-buffer',
  '-a',
  '--glob-archives',
  '--match-archives',
  '-P',
  '--prefix',
  '--sort-by',
  '--first',
  '--last',
  '--format',
  '-e',
  '--exclude',
  '--exclude-from',
  '--pattern',
  '--patterns-from',
  '--comment',
  '-C',
  '--compression',
  '--chunker-params',
  '--checkpoint-interval',
  '--files-cache',
  '--exclude-if-present',
  '--timestamp',
  '--stdin-name',
  '--stdin-user',
  '--stdin-group',
  '--stdin-mode',
  '--strip-components',
  '-r',
  '--repo',
  '--keep-within',
  '--keep-last',
  '--keep-secondly',
  '--keep-minutely',
  '-H',
  '--keep-hourly',
  '-d',
  '--keep-daily',
  '-w',
  '--keep-weekly',
  '-m',
  '--keep-monthly',
  '-y',
  '--keep-yearly',
  '--encryption',
  '--storage-quota',
  '--threshold',
  '--max-duration',
  '--other-repo',
  '--from-borg1',
  '--path',
  '--newer',
  '--older',
  '--newest',
  '--oldest',
  '--files-changed',
  '--paths-from-command',
  '--content-from-command',
];

/** `borg [global] COMMAND [opts] [REPO[::ARCHIVE]] [args]`. */
export function borg(inv: Invocation, ctx: ToolContext): Action[] {
  const tool = 'borg';
  const p = parseArgs(inv.args, { value: BORG_VALUE });
  const [cmd = 'help', ...rest] = p.positionals;
  const repo = value(p, '-r', '--repo') ?? ctx.env.BORG_REPO;
  const location = rest[0] ?? repo ?? '';
  const out = (f: Finding): Action[] => [
    finding(ctx, tool, { ...f, env: ctx.envOf(location, repo) }),
  ];
  if (isHelp(inv.args) || cmd === 'help' || has(p, '--dry-run', '-n'))
    return out(preview(`borg ${cmd}`, [location]));
  if (cmd === 'with-lock' && rest.length > 1) {
    const at = inv.args.indexOf(rest[0] ?? '');
    ctx.argv(inv.words.slice(at + 1), `borg with-lock ${rest[0] ?? ''}`);
    return out(reads('borg with-lock', [location]));
  }
  switch (cmd) {
    case 'create':
      return out(makesBackup('borg create', [location]));
    case 'init':
    case 'rcreate':
    case 'repo-create':
      return out({
        verb: `borg ${cmd}`,
        risk: 'none',
        effect: 'write',
        rule: 'backups/create',
        targets: [location],
        reasons: ['creates a new repository'],
      });
    case 'rdelete':
    case 'repo-delete':
      return out(deleteRepo(location));
    case 'delete': {
      if (has(p, '--cache-only'))
        return out({
          verb: 'borg delete --cache-only',
          risk: 'low',
          rule: 'backups/change',
          targets: [location],
          reasons: ['deletes only the local cache'],
        });
      const selects = has(
        p,
        '-a',
        '--glob-archives',
        '--match-archives',
        '-P',
        '--prefix',
        '--first',
        '--last',
      );
      const named = (rest[0] ?? '').includes('::') && !(rest[0] ?? '').endsWith('::');
      // borg 2 names archives as plain arguments after `-r REPO`.
      const borg2Names =
        repo !== undefined && value(p, '-r', '--repo') !== undefined && rest.length > 0;
      if (selects || named || borg2Names || rest.length > 1) {
        return out({
          verb: 'borg delete',
          risk: 'high',
          rule: 'backups/borg-delete-archive',
          targets: rest.length > 0 ? rest : [location],
          reasons: [
            `deletes the archive${selects || rest.length > 1 ? 's' : ''} ${rest.join(' ') || 'matching the pattern'} from the repository`,
          ],
        });
      }
      return out(deleteRepo(location));
    }
    case 'prune':
      return out({
        verb: 'borg prune',
        risk: 'high',
        rule: 'backups/borg-prune',
        targets: [location],
        reasons: ['deletes every archive outside the retention policy'],
      });
    case 'recreate':
      return out({
        verb: 'borg recreate',
        risk: 'high',
        rule: 'backups/borg-recreate',
        targets: [location],
        reasons: ['rewrites existing archives: excluded files are removed from them for good'],
      });
    case 'check':
      if (has(p, '--repair')) {
        return out({
          verb: 'borg check --repair',
          risk: 'high',
          rule: 'backups/borg-repair',
          targets: [location],
          reasons: ['--repair may delete damaged archives and chunks'],
        });
      }
      return out(reads('borg check', [location]));
    case 'extract': {
      const kind = classifyPath('.', ctx.cwd).kind;
      if (isVital(kind)) {
        return out({
          verb: 'borg extract',
          risk: 'high',
          effect: 'write',
          rule: 'backups/restore-overwrite',
          targets: [ctx.cwd],
          reasons: [`extracts into ${ctx.cwd}, overwriting the files there`],
        });
      }
      return out({
        verb: 'borg extract',
        risk: 'low',
        rule: 'backups/restore',
        targets: [ctx.cwd],
        reasons: ['extracts an archive into the working directory'],
      });
    }
    default:
      if (
        /^(list|rlist|repo-list|info|rinfo|repo-info|diff|mount|umount|benchmark|version|export-tar|serve|key)$/.test(
          cmd,
        ) &&
        !(cmd === 'key' && rest[0] !== 'export')
      ) {
        return out(reads(`borg ${cmd}`, [location]));
      }
      return out({
        verb: `borg ${cmd}`,
        risk: 'low',
        rule: 'backups/change',
        targets: [location],
        reasons: [`borg ${cmd}: a recoverable change`],
      });
  }
}

function deleteRepo(location: string): Finding {
  return {
    verb: 'borg delete',
    risk: 'catastrophic',
    rule: 'backups/borg-delete-repo',
    targets: [location || 'BORG_REPO'],
    reasons: [`deletes the whole repository ${location}: every archive in it is gone`],
  };
}

/** `borgmatic [ACTION ...] [opts]`; `borgmatic borg ...` passes arguments to borg. */
export function borgmatic(inv: Invocation, ctx: ToolContext): Action[] {
  const tool = 'borgmatic';
  const p = parseArgs(inv.args, {
    value: [
      '-c',
      '--config',
      '-v',
      '--verbosity',
      '--syslog-verbosity',
      '--log-file',
      '--log-file-verbosity',
      '--monitoring-verbosity',
      '--override',
      '--repository',
      '--archive',
      '-a',
      '--match-archives',
      '--destination',
      '--database',
      '--schema',
      '--hostname',
      '--port',
      '--username',
      '--original-hostname',
      '--original-port',
      '--path',
      '--strip-components',
    ],
  });
  const [action = 'default', ...rest] = p.positionals;
  const out = (f: Finding): Action[] => [
    finding(ctx, tool, { ...f, env: ctx.envOf(value(p, '--repository')) }),
  ];
  if (action === 'borg') {
    const at = inv.args.indexOf('borg');
    ctx.argv([{ text: 'borg', dynamic: false }, ...inv.words.slice(at + 1)], 'borgmatic borg');
    return out(reads('borgmatic borg'));
  }
  if (isHelp(inv.args) || inv.args.includes('-h') || has(p, '-n', '--dry-run'))
    return out(preview(`borgmatic ${action}`));
  if (/^(repo-delete|rdelete)$/.test(action)) {
    return out({
      verb: `borgmatic ${action}`,
      risk: 'catastrophic',
      rule: 'backups/borg-delete-repo',
      targets: rest,
      reasons: ['deletes the whole configured repository: every archive in it is gone'],
    });
  }
  if (action === 'delete') {
    return out({
      verb: 'borgmatic delete',
      risk: 'high',
      rule: 'backups/borg-delete-archive',
      targets: [value(p, '--archive', '-a', '--match-archives') ?? 'archives'],
      reasons: ['deletes archives from the configured repositories'],
    });
  }
  if (action === 'restore') {
    return out({
      verb: 'borgmatic restore',
      risk: 'high',
      effect: 'write',
      rule: 'backups/db-restore',
      targets: [value(p, '--database') ?? 'all databases'],
      reasons: ['restores database dumps into the live databases, overwriting their current data'],
    });
  }
  if (
    /^(list|rlist|repo-list|info|rinfo|repo-info|check|export-tar|mount|umount|spot)$/.test(
      action,
    ) ||
    (action === 'config' && rest[0] !== 'bootstrap')
  ) {
    return out(reads(`borgmatic ${action}`));
  }
  if (action === 'create') return out(makesBackup('borgmatic create'));
  return out({
    verb: `borgmatic ${action}`,
    risk: 'low',
    rule: 'backups/change',
    targets: rest,
    reasons: [
      action === 'default' || action === 'prune'
        ? 'runs the configured backup; pruning follows the configured retention'
        : `borgmatic ${action}: a recoverable change`,
    ],
  });
}
