/**
 * rsync and tar. `rsync --delete*` mirrors: files at the destination the source lacks are deleted
 * (into `/` or a home, catastrophic); a plain copy is recoverable; `-n` previews. Sending
 * credentials to a remote host is a secret leaving the machine. tar extracting over system
 * directories overwrites them, and tar's command hooks (`--to-command`,
 * `--checkpoint-action=exec=`, `-I`) run code that is analysed.
 */
import type { Action } from '../types.js';
import type { Invocation, ToolContext } from '../model.js';
import { has, parseArgs, value, values } from '../args.js';
import { finding, isHelp, type Finding } from './system-common.js';
import { isSecretPath, isVital, placeKind, preview, remotePart } from './backups-common.js';

const RSYNC_VALUE = [
  '-e',
  '--rsh',
  '--rsync-path',
  '--exclude',
  '--include',
  '--exclude-from',
  '--include-from',
  '--files-from',
  '-f',
  '--filter',
  '--backup-dir',
  '--suffix',
  '--chmod',
  '--chown',
  '--usermap',
  '--groupmap',
  '-B',
  '--block-size',
  '--timeout',
  '--contimeout',
  '--port',
  '--bwlimit',
  '--log-file',
  '--log-file-format',
  '--out-format',
  '--partial-dir',
  '-T',
  '--temp-dir',
  '--compare-dest',
  '--copy-dest',
  '--link-dest',
  '--max-delete',
  '--max-size',
  '--min-size',
  '--max-alloc',
  '--modify-window',
  '--password-file',
  '--info',
  '--debug',
  '--iconv',
  '--checksum-choice',
  '--cc',
  '--compress-choice',
  '--zc',
  '--compress-level',
  '--zl',
  '--skip-compress',
  '--sockopts',
  '--outbuf',
  '--stop-after',
  '--stop-at',
  '--write-batch',
  '--only-write-batch',
  '--read-batch',
  '-M',
  '--remote-option',
  '--address',
  '--protocol',
  '--early-input',
  '--copy-as',
];

const DELETES = [
  '--delete',
  '--del',
  '--delete-before',
  '--delete-during',
  '--delete-delay',
  '--delete-after',
  '--delete-excluded',
  '--delete-missing-args',
];

/** `rsync [opts] SRC... DEST`. */
export function rsync(inv: Invocation, ctx: ToolContext): Action[] {
  const tool = 'rsync';
  const p = parseArgs(inv.args, { value: RSYNC_VALUE });
  const paths = p.positionals;
  const dest = paths.length > 1 ? (paths[paths.length - 1] ?? '') : '';
  const sources = paths.slice(0, -1);
  const remote = remotePart(dest);
  const out = (f: Finding): Action[] => [
    finding(ctx, tool, {
      ...f,
      env: ctx.envOf(remote?.host, ...sources.map((s) => remotePart(s)?.host)),
    }),
  ];
  if (isHelp(inv.args) || has(p, '-n', '--dry-run', '--list-only') || paths.length < 2) {
    return out(preview('rsync --dry-run', paths));
  }
  const secrets = sources.filter(isSecretPath);
  if (remote && secrets.length > 0) {
    return out({
      verb: 'rsync',
      risk: 'high',
      effect: 'write',
      rule: 'backups/secrets-upload',
      targets: [...secrets, dest],
      reasons: [
        `copies credentials (${secrets.join(' ')}) to ${remote.host}: secrets leave the machine`,
      ],
    });
  }
  if (has(p, ...DELETES)) {
    const destWord = inv.words.find((w) => w.text === dest);
    const kind = remote
      ? placeKind(remote.path === '' ? '~' : remote.path, { ...ctx, cwd: '~' })
      : placeKind(dest, ctx, destWord?.dynamic ?? false);
    const vital = isVital(kind);
    return out({
      verb: 'rsync --delete',
      risk: vital ? 'catastrophic' : 'high',
      effect: 'delete',
      rule: 'backups/mirror-delete',
      targets: [dest],
      reasons: [
        `mirrors into ${dest}: files there that the source lacks are deleted`,
        ...(vital ? [`${dest} is the root file system, a system directory or a home`] : []),
      ],
    });
  }
  const moves = has(p, '--remove-source-files');
  return out({
    verb: moves ? 'rsync --remove-source-files' : 'rsync',
    risk: 'low',
    effect: 'write',
    rule: 'backups/copy',
    targets: [dest],
    reasons: [
      moves
        ? 'moves files: the source copies are deleted once transferred'
        : `copies into ${dest} (changed files are overwritten)`,
    ],
  });
}

const TAR_VALUE = [
  '-f',
  '--file',
  '-C',
  '--directory',
  '-T',
  '--files-from',
  '-X',
  '--exclude-from',
  '-b',
  '--blocking-factor',
  '-g',
  '--listed-incremental',
  '-I',
  '--use-compress-program',
  '-K',
  '--starting-file',
  '-L',
  '--tape-length',
  '-N',
  '--newer',
  '--after-date',
  '-V',
  '--label',
  '-H',
  '--format',
  '--exclude',
  '--to-command',
  '--checkpoint-action',
  '--transform',
  '--xform',
  '--strip-components',
  '--owner',
  '--group',
  '--mode',
  '--mtime',
  '-F',
  '--info-script',
  '--new-volume-script',
  '--rsh-command',
  '--rmt-command',
  '--index-file',
  '--volno-file',
];

/** Old-style key letters that take the next word as their value (`tar czf out.tgz`). */
const KEY_VALUE = new Set(['f', 'b', 'T', 'X', 'g', 'N', 'V', 'L', 'K', 'C', 'I', 'F', 'H']);

/** Rewrite old-style `tar czf x.tgz dir` into `tar -c -z -f x.tgz dir` so parseArgs can read it. */
function modernTar(args: readonly string[]): string[] {
  const first = args[0];
  if (!first || first.startsWith('-') || !/^[A-Za-z]+$/.test(first)) return [...args];
  const out: string[] = [];
  let next = 1;
  for (const k of first) {
    out.push(`-${k}`);
    if (KEY_VALUE.has(k)) out.push(args[next++] ?? '');
  }
  return [...out, ...args.slice(next)];
}

/** `tar` (GNU/BSD): create, list, extract; command hooks are analysed as scripts. */
export function tar(inv: Invocation, ctx: ToolContext): Action[] {
  const tool = 'tar';
  const p = parseArgs(modernTar(inv.args), { value: TAR_VALUE });
  const archive = value(p, '-f', '--file') ?? '-';
  const out = (f: Finding): Action[] => [finding(ctx, tool, { ...f, env: ctx.envOf() })];
  if (isHelp(inv.args) || has(p, '--usage', '--show-defaults')) return out(preview('tar --help'));
  const hooks = [
    ...values(
      p,
      '--to-command',
      '-I',
      '--use-compress-program',
      '-F',
      '--info-script',
      '--new-volume-script',
      '--rsh-command',
      '--rmt-command',
    ),
    ...values(p, '--checkpoint-action')
      .filter((a) => a.startsWith('exec='))
      .map((a) => a.slice(5)),
  ];
  for (const h of hooks) if (h.trim() !== '') ctx.script(h, `tar hook`);
  if (has(p, '-x', '--extract', '--get')) {
    const dir = value(p, '-C', '--directory') ?? '.';
    const kind = placeKind(dir, ctx);
    if (isVital(kind) && !has(p, '-O', '--to-stdout', '--to-command')) {
      return out({
        verb: 'tar -x',
        risk: 'high',
        effect: 'write',
        rule: 'backups/tar-extract-system',
        targets: [dir, archive],
        reasons: [
          `extracts ${archive} over ${dir === '.' ? ctx.cwd : dir}: the files there are overwritten`,
        ],
      });
    }
    return out({
      verb: 'tar -x',
      risk: 'low',
      rule: 'backups/tar-extract',
      targets: [dir, archive],
      reasons: ['extracts an archive'],
    });
  }
  if (has(p, '--remove-files')) {
    const lost = archive === '/dev/null' || inv.words.some((w) => w.dynamic && w.text === archive);
    return out({
      verb: 'tar --remove-files',
      risk: lost ? 'high' : 'low',
      effect: 'delete',
      rule: 'backups/tar-remove-files',
      targets: p.positionals,
      reasons: [
        lost
          ? `deletes the files after writing them to ${archive}: they are gone`
          : `deletes the files once they are in ${archive}`,
      ],
    });
  }
  if (has(p, '-t', '--list', '-d', '--diff', '--compare', '--test-label'))
    return out({
      verb: 'tar -t',
      risk: 'none',
      rule: 'backups/read',
      targets: [archive],
      reasons: ['read-only'],
    });
  return out({
    verb: 'tar -c',
    risk: 'low',
    effect: 'write',
    rule: 'backups/tar-create',
    targets: [archive],
    reasons: ['writes an archive'],
  });
}
