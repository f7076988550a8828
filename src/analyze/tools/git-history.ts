/**
 * git sub-commands that delete refs or rewrite history locally: branch -D, update-ref -d, reflog expire, gc/prune
 * of unreachable objects, filter-branch / filter-repo / BFG, lfs migrate. (Pushing lives in `git-push.ts`.)
 */
import { has, value, values } from '../args.js';
import type { Action } from '../types.js';
import {
  gitAction,
  gitPreview,
  gitRead,
  gitWrite,
  parseSub,
  wantsHelp,
  type GitRun,
} from './git-util.js';

/** `git branch`: force deletion loses unmerged commits; `-d` refuses to. */
export function gitBranch(g: GitRun, args: readonly string[]): Action[] {
  const p = parseSub(args, {
    // prettier-ignore
    value: [
      '-u', '--set-upstream-to', '--format', '--sort', '--contains', '--no-contains',
      '--points-at',
    ],
  });
  if (wantsHelp(p)) return [gitPreview(g, 'branch', 'help')];
  const deleting = has(p, '-d', '-D', '--delete');
  if (!deleting) {
    if (
      has(
        p,
        '-m',
        '-M',
        '-c',
        '-C',
        '--move',
        '--copy',
        '-f',
        '--force',
        '-u',
        '--set-upstream-to',
        '--unset-upstream',
      )
    ) {
      return [
        gitWrite(
          g,
          'branch',
          'renames, copies or moves a branch: recoverable from the reflog',
          p.positionals,
        ),
      ];
    }
    if (
      p.positionals.length > 0 &&
      !has(
        p,
        '-l',
        '--list',
        '-a',
        '-r',
        '--all',
        '--remotes',
        '--merged',
        '--no-merged',
        '--contains',
        '--points-at',
        '--format',
      )
    ) {
      return [gitWrite(g, 'branch', 'creates a branch', p.positionals)];
    }
    return [gitRead(g, 'branch')];
  }
  const names = p.positionals.length > 0 ? p.positionals : ['<branch>'];
  if (has(p, '-r', '--remotes')) {
    return [
      gitWrite(
        g,
        'branch -d -r',
        'deletes remote-tracking refs locally; the next fetch brings them back',
        names,
      ),
    ];
  }
  if (has(p, '-D') || has(p, '-f', '--force')) {
    return [
      gitAction(g, {
        verb: 'branch -D',
        effect: 'delete',
        risk: 'high',
        rule: 'git/branch-force-delete',
        targets: names,
        reversible: false,
        reasons: [
          `force-deletes ${names.join(', ')} even when its commits are merged nowhere else`,
        ],
      }),
    ];
  }
  return [
    gitWrite(g, 'branch -d', 'deletes a fully merged branch; git refuses an unmerged one', names),
  ];
}

/** `git tag`: deleting a local tag is recoverable (the commit stays, the remote keeps its copy). */
export function gitTag(g: GitRun, args: readonly string[]): Action[] {
  const p = parseSub(args, {
    // prettier-ignore
    value: [
      '-m', '-F', '-u', '--local-user', '--sort', '--format', '--contains', '--points-at',
      '--cleanup',
    ],
  });
  if (wantsHelp(p)) return [gitPreview(g, 'tag', 'help')];
  if (has(p, '-d', '--delete'))
    return [
      gitWrite(g, 'tag -d', 'deletes a local tag; the commit it named remains', p.positionals),
    ];
  if (p.positionals.length === 0 || has(p, '-l', '--list', '-n', '-v', '--verify'))
    return [gitRead(g, 'tag')];
  return [gitWrite(g, 'tag', 'creates a tag', p.positionals.slice(0, 1))];
}

/** `git update-ref -d` deletes a ref without any of branch -d's checks. */
export function gitUpdateRef(g: GitRun, args: readonly string[]): Action[] {
  const p = parseSub(args, { value: ['-m', '--create-reflog'] });
  // `--stdin` reads commands; a visible `delete <ref>` line counts like -d.
  const stdinDelete = has(p, '--stdin') ? /^\s*delete\s+(\S+)/m.exec(g.stdinText ?? '') : null;
  if (has(p, '-d') || stdinDelete) {
    const ref = stdinDelete?.[1] ?? p.positionals[0] ?? '<ref>';
    if (ref.startsWith('refs/remotes/'))
      return [
        gitWrite(g, 'update-ref -d', 'deletes a remote-tracking ref; fetch restores it', [ref]),
      ];
    return [
      gitAction(g, {
        verb: 'update-ref -d',
        effect: 'delete',
        risk: 'high',
        rule: 'git/update-ref-delete',
        targets: [ref],
        reversible: false,
        reasons: [`deletes ${ref} directly, without checking that its commits are merged`],
      }),
    ];
  }
  return [
    gitWrite(
      g,
      'update-ref',
      'moves a ref; the old value stays in the reflog',
      p.positionals.slice(0, 1),
    ),
  ];
}

const NOW = /^(now|all|0|never|\d+\.(seconds?|minutes?)\.ago)$/;

function loseRecovery(g: GitRun, verb: string, rule: string, reason: string): Action {
  return gitAction(g, {
    verb,
    effect: 'destroy',
    risk: 'high',
    rule,
    targets: ['reflog and unreachable objects'],
    reversible: false,
    reasons: [reason, 'dropped commits, resets and stashes can no longer be recovered'],
  });
}

/** `git reflog expire/delete`, `git gc --prune=now`, `git prune`: remove the safety net of recovery. */
export function gitHousekeeping(g: GitRun, args: readonly string[]): Action[] {
  const p = parseSub(args, { value: ['--expire', '--expire-unreachable'] });
  if (wantsHelp(p)) return [gitPreview(g, g.sub, 'help')];
  if (has(p, '-n', '--dry-run')) return [gitPreview(g, g.sub, 'dry run')];
  if (g.sub === 'reflog') {
    const sub = p.positionals[0] ?? 'show';
    if (sub === 'expire') {
      const expiries = values(p, '--expire', '--expire-unreachable');
      if (expiries.some((e) => NOW.test(e))) {
        return [
          loseRecovery(
            g,
            'reflog expire',
            'git/reflog-expire',
            'expires reflog entries immediately',
          ),
        ];
      }
      return [gitWrite(g, 'reflog expire', 'expires old reflog entries only')];
    }
    if (sub === 'delete') return [gitWrite(g, 'reflog delete', 'deletes single reflog entries')];
    return [gitRead(g, 'reflog')];
  }
  if (g.sub === 'gc') {
    const prune = values(p, '--prune');
    if (prune.some((e) => NOW.test(e))) {
      return [
        loseRecovery(
          g,
          'gc --prune=now',
          'git/gc-prune-now',
          'deletes every unreachable object now instead of after two weeks',
        ),
      ];
    }
    return [gitWrite(g, 'gc', 'packs objects; unreachable ones are kept for the grace period')];
  }
  // git prune: without --expire every unreachable loose object goes.
  const expire = value(p, '--expire');
  if (expire !== undefined && !NOW.test(expire))
    return [gitWrite(g, 'prune', 'prunes only old unreachable objects')];
  return [loseRecovery(g, 'prune', 'git/prune', 'deletes every unreachable object')];
}
