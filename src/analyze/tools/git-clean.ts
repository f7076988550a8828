/**
 * git sub-commands that delete untracked or stashed work: clean, stash drop/clear, rm -f, worktree remove -f,
 * checkout-index -f, read-tree --reset, forced submodule deinit/update. Untracked files and stashes exist
 * nowhere else; the safe forms (dry run, --cached, interactive) are allowed.
 */
import { has } from '../args.js';
import type { Action } from '../types.js';
import {
  discard,
  gitAction,
  gitPreview,
  gitRead,
  gitWrite,
  isRegenerable,
  parseSub,
  resolveAll,
  wantsHelp,
  type GitRun,
} from './git-util.js';

/** `git clean`: deletes untracked files, which exist nowhere else. */
export function gitClean(g: GitRun, args: readonly string[]): Action[] {
  const p = parseSub(args, { value: ['-e', '--exclude'] });
  if (wantsHelp(p)) return [gitPreview(g, 'clean', 'help')];
  if (has(p, '-n', '--dry-run')) return [gitPreview(g, 'clean -n', 'dry run')];
  if (has(p, '-i', '--interactive'))
    return [gitWrite(g, 'clean -i', 'asks before deleting each file')];
  const paths = p.positionals;
  if (paths.length > 0 && paths.every((x) => isRegenerable(x))) {
    return [
      gitWrite(
        g,
        'clean',
        'only removes untracked build artifacts and caches',
        resolveAll(g, paths),
      ),
    ];
  }
  const reasons = ['deletes untracked files: they are not in any commit and cannot be recovered'];
  if (has(p, '-x', '-X'))
    reasons.push('-x/-X also deletes ignored files such as .env and local configuration');
  // Without -f git refuses by default (clean.requireForce); the intent is still to delete.
  return [
    gitAction(g, {
      verb: 'clean',
      effect: 'delete',
      risk: 'high',
      rule: 'git/clean',
      targets: paths.length > 0 ? resolveAll(g, paths) : [g.cwd],
      reversible: false,
      reasons,
    }),
  ];
}

/** `git stash`: drop and clear lose stashed work; everything else keeps it. */
export function gitStash(g: GitRun, args: readonly string[]): Action[] {
  const explicit = args[0] !== undefined && !args[0].startsWith('-');
  const sub = explicit ? (args[0] ?? 'push') : 'push';
  const p = parseSub(explicit ? args.slice(1) : args, {
    value: ['-m', '--message', '--pathspec-from-file'],
  });
  if (wantsHelp(p)) return [gitPreview(g, 'stash', 'help')];
  if (sub === 'drop') {
    const entry = p.positionals[0] ?? 'stash@{0}';
    return [
      discard(
        g,
        'stash drop',
        'git/stash-drop',
        [entry],
        `deletes the stash entry ${entry} with the work saved in it`,
      ),
    ];
  }
  if (sub === 'clear') {
    return [
      discard(
        g,
        'stash clear',
        'git/stash-clear',
        ['all stash entries'],
        'deletes every stash entry at once',
      ),
    ];
  }
  if (sub === 'list' || sub === 'show') return [gitRead(g, `stash ${sub}`)];
  return [gitWrite(g, `stash ${sub}`, 'saves or re-applies work; nothing is lost')];
}

/** `git rm`: refuses to remove files with local edits unless forced. */
export function gitRm(g: GitRun, args: readonly string[]): Action[] {
  const p = parseSub(args, { value: ['--pathspec-from-file'] });
  if (wantsHelp(p)) return [gitPreview(g, 'rm', 'help')];
  if (has(p, '-n', '--dry-run')) return [gitPreview(g, 'rm -n', 'dry run')];
  const targets = resolveAll(g, p.positionals);
  if (has(p, '--cached'))
    return [gitWrite(g, 'rm --cached', 'untracks files; the working tree keeps them', targets)];
  if (has(p, '-f', '--force') && !p.positionals.every((x) => isRegenerable(x))) {
    return [
      discard(
        g,
        'rm --force',
        'git/rm-force',
        targets,
        'removes the files from the working tree and index, forcing past uncommitted modifications',
      ),
    ];
  }
  return [
    gitWrite(g, 'rm', 'removes committed files; git refuses when they have local edits', targets),
  ];
}

/** `git worktree remove --force` deletes a worktree with its uncommitted changes. */
export function gitWorktree(g: GitRun, args: readonly string[]): Action[] {
  const sub = args[0] ?? 'list';
  const p = parseSub(args.slice(1), { value: ['-b', '-B', '--reason', '--expire'] });
  if (wantsHelp(p)) return [gitPreview(g, 'worktree', 'help')];
  if (sub === 'list') return [gitRead(g, 'worktree list')];
  if (sub === 'remove' && has(p, '-f', '--force')) {
    return [
      discard(
        g,
        'worktree remove --force',
        'git/worktree-remove-force',
        resolveAll(g, p.positionals),
        'deletes the worktree including its uncommitted and untracked files',
      ),
    ];
  }
  if (sub === 'prune' && has(p, '-n', '--dry-run'))
    return [gitPreview(g, 'worktree prune -n', 'dry run')];
  return [
    gitWrite(g, `worktree ${sub}`, 'manages linked worktrees; git refuses to remove a dirty one'),
  ];
}

/** Plumbing that overwrites the working tree: `checkout-index -f`, `read-tree -u --reset`. */
export function gitPlumbingCheckout(g: GitRun, args: readonly string[]): Action[] {
  const p = parseSub(args, { value: ['--prefix', '--stage', '--index-output'] });
  if (g.sub === 'checkout-index' && has(p, '-f', '--force')) {
    return [
      discard(
        g,
        'checkout-index -f',
        'git/checkout-force',
        resolveAll(g, p.positionals),
        'overwrites working-tree files from the index, losing uncommitted edits',
      ),
    ];
  }
  if (g.sub === 'read-tree' && has(p, '-u') && has(p, '--reset')) {
    return [
      discard(
        g,
        'read-tree -u --reset',
        'git/reset-hard',
        p.positionals,
        'resets index and working tree, discarding uncommitted edits',
      ),
    ];
  }
  return [gitWrite(g, g.sub, 'updates the index or working tree without discarding edits')];
}

/** `git submodule`: `foreach` runs a command in each submodule; forced deinit/update discard their edits. */
export function gitSubmodule(g: GitRun, args: readonly string[]): Action[] {
  const i = args.findIndex((a) => !a.startsWith('-'));
  const sub = i >= 0 ? (args[i] ?? 'status') : 'status';
  const rest = i >= 0 ? args.slice(i + 1) : [];
  if (sub === 'foreach') {
    const cmd = rest.filter((a) => a !== '--recursive' && a !== '-q' && a !== '--quiet');
    if (cmd.length > 0) g.ctx.script(cmd.join(' '), 'git submodule foreach');
    return [
      gitWrite(g, 'submodule foreach', 'runs a command in each submodule (judged separately)'),
    ];
  }
  const p = parseSub(rest, {
    value: ['--reference', '--depth', '-b', '--branch', '--name', '--jobs', '-j'],
  });
  if (wantsHelp(p)) return [gitPreview(g, 'submodule', 'help')];
  if ((sub === 'deinit' || sub === 'update') && has(p, '-f', '--force')) {
    return [
      discard(
        g,
        `submodule ${sub} --force`,
        'git/submodule-force',
        p.positionals.length > 0 ? resolveAll(g, p.positionals) : ['all submodules'],
        'throws away uncommitted changes inside the submodules',
      ),
    ];
  }
  if (sub === 'status' || sub === 'summary') return [gitRead(g, `submodule ${sub}`)];
  return [gitWrite(g, `submodule ${sub}`, 'updates submodules; local changes are kept')];
}
