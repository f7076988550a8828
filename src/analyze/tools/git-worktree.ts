/**
 * git sub-commands that overwrite working-tree files: reset --hard, checkout of paths or --force, restore,
 * switch --discard-changes. Uncommitted edits have no copy anywhere, so losing them is `high` and irreversible;
 * the safe forms (unstage, switch branch, interactive patch) are allowed. Deleting commands are in `git-clean.ts`.
 */
import { has, value, values } from '../args.js';
import type { Action } from '../types.js';
import {
  beforeDashDash,
  discard,
  gitPreview,
  gitWrite,
  looksLikePath,
  parseSub,
  resolveAll,
  wantsHelp,
  type GitRun,
} from './git-util.js';

/** `git reset`: only `--hard` touches the working tree. */
export function gitReset(g: GitRun, args: readonly string[]): Action[] {
  const p = parseSub(args, { value: ['--pathspec-from-file'] });
  if (wantsHelp(p)) return [gitPreview(g, 'reset', 'help')];
  const ref = p.positionals[0] ?? 'HEAD';
  if (has(p, '--hard')) {
    return [
      discard(
        g,
        'reset --hard',
        'git/reset-hard',
        [ref],
        `git reset --hard ${ref} discards every uncommitted change in the working tree and index`,
      ),
    ];
  }
  // --soft, --mixed (the default), --keep and --merge all keep working-tree edits (--keep/--merge refuse to
  // overwrite them).
  return [gitWrite(g, 'reset', 'moves HEAD or unstages; the working tree keeps its edits', [ref])];
}

/** `git checkout`: switching branches is safe; checking out paths or forcing overwrites local edits. */
export function gitCheckout(g: GitRun, args: readonly string[]): Action[] {
  const p = parseSub(args, {
    value: ['-b', '-B', '--orphan', '--conflict', '--pathspec-from-file', '--track'],
  });
  if (wantsHelp(p)) return [gitPreview(g, 'checkout', 'help')];
  const before = beforeDashDash(p);
  const interactive = has(p, '-p', '--patch');
  const creates = has(p, '-b', '-B', '--orphan');
  // `git checkout [<tree-ish>] -- <paths>`, `git checkout <tree-ish> <paths>`, `git checkout <path>`.
  let paths: readonly string[] = [];
  if (p.rest.length > 0) paths = p.rest;
  else if (!creates && before.length >= 2) paths = before.slice(1);
  else if (!creates && before.length === 1 && looksLikePath(before[0] ?? '')) paths = before;
  if (has(p, '--pathspec-from-file'))
    paths = [...paths, `@${value(p, '--pathspec-from-file') ?? ''}`];
  if (paths.length > 0 && !has(p, '--ours', '--theirs', '-m', '--merge')) {
    if (interactive)
      return [gitWrite(g, 'checkout -p', 'discards only the hunks confirmed interactively')];
    return [
      discard(
        g,
        'checkout -- <paths>',
        'git/checkout-paths',
        resolveAll(g, paths),
        'overwrites the named files with the committed version: their uncommitted edits are lost',
      ),
    ];
  }
  if (has(p, '-f', '--force')) {
    return [
      discard(
        g,
        'checkout --force',
        'git/checkout-force',
        before.slice(0, 1),
        'switches branch throwing away local changes in the working tree and index',
      ),
    ];
  }
  return [
    gitWrite(
      g,
      'checkout',
      'switches or creates a branch; git refuses to overwrite local changes',
      before.slice(0, 1),
    ),
  ];
}

/** `git restore`: the working tree is the default target; `--staged` alone only unstages. */
export function gitRestore(g: GitRun, args: readonly string[]): Action[] {
  const p = parseSub(args, { value: ['-s', '--source', '--pathspec-from-file', '--conflict'] });
  if (wantsHelp(p)) return [gitPreview(g, 'restore', 'help')];
  const worktree = has(p, '-W', '--worktree') || !has(p, '-S', '--staged');
  const paths = [...p.positionals, ...values(p, '--pathspec-from-file').map((f) => `@${f}`)];
  if (paths.length === 0) return [gitPreview(g, 'restore', 'no paths given, git refuses')];
  if (!worktree)
    return [gitWrite(g, 'restore --staged', 'unstages; the working tree is untouched', paths)];
  if (has(p, '-p', '--patch'))
    return [gitWrite(g, 'restore -p', 'restores only hunks confirmed interactively')];
  return [
    discard(
      g,
      'restore',
      'git/restore-worktree',
      resolveAll(g, paths),
      'overwrites the working-tree files from the index or a commit: uncommitted edits are lost',
    ),
  ];
}

/** `git switch`: safe unless told to discard local changes. */
export function gitSwitch(g: GitRun, args: readonly string[]): Action[] {
  const p = parseSub(args, {
    value: ['-c', '-C', '--create', '--force-create', '--orphan', '--conflict', '-t', '--track'],
  });
  if (wantsHelp(p)) return [gitPreview(g, 'switch', 'help')];
  if (has(p, '-f', '--force', '--discard-changes')) {
    return [
      discard(
        g,
        'switch --discard-changes',
        'git/switch-discard',
        p.positionals.slice(0, 1),
        'switches branch throwing away local changes',
      ),
    ];
  }
  return [
    gitWrite(
      g,
      'switch',
      'switches branch; git refuses to overwrite local changes',
      p.positionals.slice(0, 1),
    ),
  ];
}
