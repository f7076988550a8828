/**
 * rclone. `sync` makes the destination a mirror and deletes whatever the source lacks; `delete`,
 * `purge`, `deletefile`, `dedupe` and `cleanup` destroy remote data (a whole remote or bucket is
 * catastrophic); listing and checking are safe, `--dry-run` wins, and copying credentials to a
 * remote sends secrets off the machine.
 */
import type { Action } from '../types.js';
import type { Invocation, ToolContext } from '../model.js';
import { has, parseArgs } from '../args.js';
import { finding, isHelp, type Finding } from './system-common.js';
import { isSecretPath, isVital, placeKind, preview, reads, remotePart } from './backups-common.js';

const RCLONE_VALUE = [
  '--config',
  '--transfers',
  '--checkers',
  '--bwlimit',
  '--bwlimit-file',
  '--include',
  '--exclude',
  '--filter',
  '--include-from',
  '--exclude-from',
  '--filter-from',
  '--files-from',
  '--files-from-raw',
  '--min-age',
  '--max-age',
  '--min-size',
  '--max-size',
  '--backup-dir',
  '--suffix',
  '--log-file',
  '--log-level',
  '--max-depth',
  '--max-delete',
  '--max-delete-size',
  '--max-transfer',
  '--order-by',
  '--retries',
  '--timeout',
  '--contimeout',
  '--tpslimit',
  '--tpslimit-burst',
  '--user-agent',
  '--stats',
  '--stats-log-level',
  '--max-backlog',
  '--multi-thread-streams',
  '--multi-thread-cutoff',
  '--cutoff-mode',
  '--compare-dest',
  '--copy-dest',
  '--exclude-if-present',
  '--track-renames-strategy',
  '--header',
  '--header-upload',
  '--header-download',
  '--password-command',
  '--cache-dir',
  '--temp-dir',
  '--buffer-size',
  '--vfs-cache-mode',
  '--dir-cache-time',
  '--poll-interval',
  '--rc-addr',
  '--addr',
  '--user',
  '--pass',
  '--htpasswd',
  '--conflict-resolve',
  '--conflict-loser',
  '--conflict-suffix',
  '--compare',
  '--workdir',
  '--backup-dir1',
  '--backup-dir2',
  '--max-duration',
  '--low-level-retries',
  '--dump',
  '--dedupe-mode',
  '--drive-root-folder-id',
  '--s3-storage-class',
  '--fast-list-threshold',
  '--metadata-set',
  '--name-transform',
  '--hash',
  '--output-file',
  '--format',
  '--separator',
  '--checksum-file',
  '--combined',
  '--missing-on-src',
  '--missing-on-dst',
  '--match',
  '--differ',
  '--error',
  '--expire',
  '--files',
  '--level',
  '--drive-impersonate',
  '--sftp-host',
  '--log-format',
  '--use-json-log-level',
];

/** A remote's root or a whole bucket: `gdrive:`, `s3:`, `s3:bucket`, `b2:bucket/`. */
function isRemoteRoot(spec: string): boolean {
  const r = remotePart(spec);
  if (!r) return false;
  const path = r.path.replace(/^\/+|\/+$/g, '');
  return (
    path === '' ||
    (!path.includes('/') &&
      /^(s3|b2|gcs|gs|azureblob|r2|wasabi|swift|minio|spaces|storj)/i.test(r.host))
  );
}

/** `rclone COMMAND [flags] SRC [DST]`. */
export function rclone(inv: Invocation, ctx: ToolContext): Action[] {
  const tool = 'rclone';
  const p = parseArgs(inv.args, { value: RCLONE_VALUE });
  const [cmd = 'help', ...paths] = p.positionals;
  const [src = '', dst = ''] = paths;
  const out = (f: Finding): Action[] => [
    finding(ctx, tool, { ...f, env: ctx.envOf(...paths.map((x) => remotePart(x)?.host ?? x)) }),
  ];
  if (isHelp(inv.args) || cmd === 'help' || has(p, '--dry-run', '-n'))
    return out(preview(`rclone ${cmd}`, paths));
  switch (cmd) {
    case 'sync':
    case 'bisync': {
      const local = remotePart(dst) ? undefined : placeKind(dst, ctx);
      const vital = local !== undefined && isVital(local);
      return out({
        verb: `rclone ${cmd}`,
        risk: vital ? 'catastrophic' : 'high',
        effect: 'delete',
        rule: 'backups/mirror-delete',
        targets: [dst, src],
        reasons: [
          cmd === 'bisync'
            ? 'deletes on both sides whatever was deleted on the other'
            : `makes ${dst} a mirror of ${src}: files in ${dst} that ${src} lacks are deleted`,
          ...(vital ? [`${dst} is a system directory or a home`] : []),
        ],
      });
    }
    case 'delete':
    case 'purge':
    case 'deletefile': {
      const root = isRemoteRoot(src);
      const filtered = has(
        p,
        '--include',
        '--exclude',
        '--filter',
        '--min-age',
        '--max-age',
        '--min-size',
        '--max-size',
        '--files-from',
        '--include-from',
        '--filter-from',
      );
      const whole = root && cmd !== 'deletefile' && !(cmd === 'delete' && filtered);
      return out({
        verb: `rclone ${cmd}`,
        risk: whole ? 'catastrophic' : 'high',
        effect: 'delete',
        rule: whole
          ? 'backups/remote-wipe'
          : `backups/rclone-${cmd === 'deletefile' ? 'delete' : cmd}`,
        targets: [src],
        reasons: [
          whole
            ? `deletes everything in ${src}, a whole remote or bucket`
            : `${cmd === 'purge' ? 'deletes the directory and all its contents' : 'deletes the files'} at ${src}`,
        ],
      });
    }
    case 'dedupe':
      return out({
        verb: 'rclone dedupe',
        risk: 'high',
        effect: 'delete',
        rule: 'backups/rclone-dedupe',
        targets: [src],
        reasons: ['deletes or renames duplicate files on the remote'],
      });
    case 'cleanup':
      return out({
        verb: 'rclone cleanup',
        risk: 'high',
        effect: 'delete',
        rule: 'backups/rclone-cleanup',
        targets: [src],
        reasons: ['empties the trash and deletes old file versions on the remote for good'],
      });
    case 'rc': {
      const call = src;
      if (/^(operations\/(purge|delete|deletefile|cleanup)|sync\/(sync|bisync))$/.test(call)) {
        return out({
          verb: `rclone rc ${call}`,
          risk: 'high',
          effect: 'delete',
          rule: 'backups/rclone-delete',
          targets: paths.slice(1),
          reasons: [`${call} deletes remote data`],
        });
      }
      return out({
        verb: `rclone rc ${call}`,
        risk: 'low',
        rule: 'backups/change',
        targets: paths.slice(1),
        reasons: ['a remote-control call'],
      });
    }
    default:
      break;
  }
  if (/^(copy|copyto|move|moveto|sync)$/.test(cmd) && remotePart(dst) && isSecretPath(src)) {
    return out({
      verb: `rclone ${cmd}`,
      risk: 'high',
      effect: 'write',
      rule: 'backups/secrets-upload',
      targets: [src, dst],
      reasons: [`copies credentials (${src}) to ${dst}: secrets leave the machine`],
    });
  }
  if (
    /^(ls|lsl|lsd|lsf|lsjson|size|check|checksum|cryptcheck|md5sum|sha1sum|hashsum|cat|tree|about|version|listremotes|obscure|authorize|backend)$/.test(
      cmd,
    ) ||
    (cmd === 'config' && /^(show|file|providers|dump|paths|redacted|)$/.test(src))
  ) {
    return out(reads(`rclone ${cmd}`, paths));
  }
  return out({
    verb: `rclone ${cmd}`,
    risk: 'low',
    rule: 'backups/change',
    targets: paths,
    reasons: [
      cmd.startsWith('move')
        ? 'moves files (the source copies are deleted after transfer)'
        : `rclone ${cmd}: copies or changes files recoverably`,
    ],
  });
}
