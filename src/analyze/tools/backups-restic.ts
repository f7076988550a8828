/**
 * restic and kopia. Forgetting or deleting snapshots destroys backups (high); backing up, listing
 * and checking are safe; restoring over `/` or a home overwrites live files. `prune`/maintenance
 * only frees data that earlier forgets already gave up, so it is low.
 */
import type { Action } from '../types.js';
import type { Invocation, ToolContext } from '../model.js';
import { has, parseArgs, value } from '../args.js';
import { finding, isHelp, type Finding } from './system-common.js';
import { makesBackup, preview, reads, restoreInto } from './backups-common.js';

const RESTIC_VALUE = [
  '-r',
  '--repo',
  '--repository-file',
  '-p',
  '--password-file',
  '--password-command',
  '--cache-dir',
  '-o',
  '--option',
  '--limit-upload',
  '--limit-download',
  '--tls-client-cert',
  '--cacert',
  '--key-hint',
  '--pack-size',
  '--compression',
  '--retry-lock',
  '--stuck-request-timeout',
  '--keep-last',
  '-l',
  '--keep-hourly',
  '-H',
  '--keep-daily',
  '-d',
  '--keep-weekly',
  '-w',
  '--keep-monthly',
  '-m',
  '--keep-yearly',
  '-y',
  '--keep-within',
  '--keep-within-hourly',
  '--keep-within-daily',
  '--keep-within-weekly',
  '--keep-within-monthly',
  '--keep-within-yearly',
  '--keep-tag',
  '--host',
  '--tag',
  '--path',
  '--group-by',
  '-g',
  '--target',
  '-t',
  '--include',
  '-i',
  '--exclude',
  '-e',
  '--iexclude',
  '--iinclude',
  '--exclude-file',
  '--include-file',
  '--files-from',
  '--files-from-verbatim',
  '--files-from-raw',
  '--max-unused',
  '--max-repack-size',
  '--from-repo',
  '--from-repository-file',
  '--from-password-file',
  '--from-password-command',
  '--new-password-file',
  '--read-data-subset',
  '--overwrite',
  '--parent',
  '--time',
  '--stdin-filename',
  '--exclude-larger-than',
  '--sort',
  '--set',
  '--add',
  '--remove',
  '--user',
  '--hostname',
  '--exclude-if-present',
];

/** `restic [global] COMMAND [opts] [args]`. */
export function restic(inv: Invocation, ctx: ToolContext): Action[] {
  const tool = 'restic';
  const p = parseArgs(inv.args, { value: RESTIC_VALUE });
  const [cmd = 'help', ...rest] = p.positionals;
  const repo = value(p, '-r', '--repo') ?? ctx.env.RESTIC_REPOSITORY ?? '';
  const out = (f: Finding): Action[] => [finding(ctx, tool, { ...f, env: ctx.envOf(repo) })];
  const dry = has(p, '--dry-run', '-n');
  if (isHelp(inv.args) || cmd === 'help' || (dry && cmd !== 'backup'))
    return out(preview(`restic ${cmd}`, [repo]));
  switch (cmd) {
    case 'backup':
      return out(makesBackup('restic backup', [repo]));
    case 'init':
      return out({
        verb: 'restic init',
        risk: 'none',
        effect: 'write',
        rule: 'backups/create',
        targets: [repo],
        reasons: ['creates a new repository'],
      });
    case 'forget': {
      const policy = [...p.opts.keys()].filter(
        (k) => k.startsWith('--keep') || /^-[lHdwmy]$/.test(k),
      );
      const prune = has(p, '--prune');
      return out({
        verb: `restic forget${prune ? ' --prune' : ''}`,
        risk: 'high',
        rule: 'backups/restic-forget',
        targets: [repo, ...rest],
        reasons: [
          rest.length > 0
            ? `forgets the snapshots ${rest.join(' ')}`
            : `forgets every snapshot outside the policy ${policy.join(' ')}`,
          ...(prune ? ['--prune deletes their data from the repository right away'] : []),
        ],
      });
    }
    case 'prune':
      return out({
        verb: 'restic prune',
        risk: 'low',
        effect: 'delete',
        rule: 'backups/prune-unreferenced',
        targets: [repo],
        reasons: [
          'removes data no snapshot references any more (snapshots forgotten earlier become unrecoverable)',
        ],
      });
    case 'restore': {
      const target = value(p, '--target', '-t');
      const f = restoreInto(tool, target, ctx, 'restic restore');
      if (has(p, '--delete')) {
        // Files the snapshot lacks are deleted: over `/` or a home that is most of the machine.
        const vital = f.rule === 'backups/restore-overwrite';
        return out({
          ...f,
          risk: vital ? 'catastrophic' : 'high',
          effect: 'delete',
          rule: 'backups/restore-delete',
          reasons: [`--delete removes files in ${target ?? '.'} that are not in the snapshot`],
        });
      }
      return out(f);
    }
    case 'key':
      if (rest[0] === 'remove' || rest[0] === 'rm') {
        return out({
          verb: 'restic key remove',
          risk: 'high',
          rule: 'backups/key-remove',
          targets: [repo, ...rest.slice(1)],
          reasons: [
            'removes a repository key: whoever relies on that password loses access to every backup',
          ],
        });
      }
      return out(
        rest[0] === 'list'
          ? reads('restic key list', [repo])
          : {
              verb: `restic key ${rest[0] ?? ''}`,
              risk: 'low',
              rule: 'backups/change',
              targets: [repo],
              reasons: ['a key change'],
            },
      );
    case 'rewrite':
    case 'repair':
      if (has(p, '--forget')) {
        return out({
          verb: `restic ${cmd} --forget`,
          risk: 'high',
          rule: 'backups/restic-forget',
          targets: [repo],
          reasons: ['--forget removes the original snapshots after rewriting them'],
        });
      }
      return out({
        verb: `restic ${cmd}`,
        risk: 'low',
        rule: 'backups/change',
        targets: [repo],
        reasons: [`restic ${cmd}: rewrites repository metadata`],
      });
    default:
      if (
        /^(snapshots|ls|stats|check|find|diff|cat|dump|version|list|generate|features|options)$/.test(
          cmd,
        )
      )
        return out(reads(`restic ${cmd}`, [repo]));
      return out({
        verb: `restic ${cmd}`,
        risk: 'low',
        rule: 'backups/change',
        targets: [repo],
        reasons: [`restic ${cmd}: a recoverable change`],
      });
  }
}

/** `kopia GROUP COMMAND ...`. */
export function kopia(inv: Invocation, ctx: ToolContext): Action[] {
  const tool = 'kopia';
  const words = inv.args.filter((a) => !a.startsWith('-'));
  const [first = 'help', cmd = '', ...rest] = words;
  const group = first === 'snap' ? 'snapshot' : first;
  const verb = `kopia ${group} ${cmd}`.trim();
  const out = (f: Finding): Action[] => [finding(ctx, tool, { ...f, env: ctx.envOf() })];
  if (isHelp(inv.args) || inv.args.includes('--dry-run')) return out(preview(verb));
  if (group === 'snapshot' && /^(delete|rm|expire)$/.test(cmd)) {
    const confirmed = inv.args.some((a) => a === '--delete' || a === '--delete=true');
    return out({
      verb,
      risk: 'high',
      rule: 'backups/kopia-snapshot-delete',
      targets: rest,
      reasons: [
        cmd === 'expire'
          ? 'deletes snapshots outside the retention policy'
          : `deletes the snapshots ${rest.join(' ')}`,
        ...(confirmed
          ? []
          : ['(kopia only previews without --delete; the intent is still a deletion)']),
      ],
    });
  }
  if (/^(blob|content|manifest|index)$/.test(group) && /^(delete|rm|remove)$/.test(cmd)) {
    return out({
      verb,
      risk: 'high',
      rule: 'backups/kopia-raw-delete',
      targets: rest,
      reasons: [`deletes raw repository ${group}s: snapshots that need them become unreadable`],
    });
  }
  if (group === 'repository' && cmd === 'sync-to' && inv.args.includes('--delete')) {
    return out({
      verb,
      risk: 'high',
      rule: 'backups/mirror-delete',
      targets: rest,
      reasons: ['--delete removes blobs at the destination that the source does not have'],
    });
  }
  if ((group === 'snapshot' && cmd === 'restore') || group === 'restore') {
    const target = group === 'restore' ? words[2] : rest[1];
    return out(restoreInto(tool, target, ctx, 'kopia restore'));
  }
  if (group === 'snapshot' && cmd === 'create') return out(makesBackup(verb, rest));
  if (
    /^(list|ls|show|info|status|verify|estimate|diff|get|stats|logs|benchmark|help|version)$/.test(
      cmd,
    ) ||
    /^(ls|show|diff|list|logs|benchmark)$/.test(group)
  ) {
    return out(reads(verb, rest));
  }
  return out({
    verb,
    risk: 'low',
    rule: 'backups/change',
    targets: rest,
    reasons: [`${verb}: a recoverable change`],
  });
}
