/**
 * Whole-history rewrites: git filter-branch, git filter-repo, BFG and `git lfs migrate`. Every commit gets a new
 * id; clones must be re-created and the old history is gone once pushed. Analysis and dry-run modes are safe.
 */
import { has } from '../args.js';
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

function rewrite(g: GitRun, verb: string, rule: string, reason: string): Action {
  return gitAction(g, {
    verb,
    effect: 'destroy',
    risk: 'high',
    rule,
    targets: ['repository history'],
    reversible: false,
    reasons: [reason, 'every clone must be re-created or force-updated afterwards'],
  });
}

/** `git filter-branch`, `git filter-repo`, BFG: rewrite the whole history. */
export function gitRewrite(g: GitRun, args: readonly string[]): Action[] {
  const p = parseSub(args, {
    // prettier-ignore
    value: [
      '--path', '--path-glob', '--path-regex', '--replace-text', '--invert-paths',
      '--subdirectory-filter', '--to-subdirectory-filter', '--strip-blobs-bigger-than',
      '--tree-filter', '--index-filter', '--msg-filter', '--env-filter', '--commit-filter',
      '--parent-filter', '--tag-name-filter', '-d', '--delete-files', '--delete-folders', '-D',
      '-b', '-B', '-rt', '-fi', '-p', '--protect-blobs-from', '--massage-commits',
    ],
  });
  if (wantsHelp(p) || args.length === 0 || has(p, '--version'))
    return [gitPreview(g, g.sub, 'help')];
  if (g.sub === 'filter-repo') {
    if (has(p, '--analyze'))
      return [gitPreview(g, 'filter-repo --analyze', 'analysis report only')];
    if (has(p, '--dry-run')) return [gitPreview(g, 'filter-repo --dry-run', 'dry run')];
    return [
      rewrite(
        g,
        'filter-repo',
        'git/filter-repo',
        'rewrites every commit of the repository and removes the origin remote',
      ),
    ];
  }
  if (g.sub === 'bfg')
    return [
      rewrite(
        g,
        'bfg',
        'git/bfg',
        'BFG rewrites every commit to remove files or text from history',
      ),
    ];
  return [
    rewrite(
      g,
      'filter-branch',
      'git/filter-branch',
      'rewrites the history of the selected branches',
    ),
  ];
}

/** `git lfs`: `migrate import/export` rewrites history unless told not to. */
export function gitLfs(g: GitRun, args: readonly string[]): Action[] {
  const sub = args[0] ?? 'env';
  const p = parseSub(args.slice(1), {
    // prettier-ignore
    value: [
      '--include', '--exclude', '-I', '-X', '--include-ref', '--exclude-ref', '--above',
      '--object-map',
    ],
  });
  if (wantsHelp(p)) return [gitPreview(g, 'lfs', 'help')];
  if (sub === 'migrate') {
    const mode = p.positionals[0] ?? 'info';
    if (mode === 'info' || has(p, '--no-rewrite')) return [gitRead(g, `lfs migrate ${mode}`)];
    return [
      rewrite(
        g,
        `lfs migrate ${mode}`,
        'git/lfs-migrate',
        `git lfs migrate ${mode} rewrites ${has(p, '--everything') ? 'every branch' : 'the current branch'} to move files in or out of LFS`,
      ),
    ];
  }
  if (sub === 'prune' && has(p, '--dry-run', '-d')) return [gitPreview(g, 'lfs prune', 'dry run')];
  if (['ls-files', 'status', 'env', 'version', 'track', 'logs'].includes(sub))
    return [gitRead(g, `lfs ${sub}`)];
  return [
    gitWrite(g, `lfs ${sub}`, 'manages large-file storage; pushed objects stay on the server'),
  ];
}
