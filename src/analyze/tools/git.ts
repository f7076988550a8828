/**
 * Tool model: git and its hosting CLIs. What git can lose: uncommitted work (reset --hard, checkout/restore of
 * paths, clean, stash drop, forced rm/switch), remote history (force push, remote deletion, mirror, prune),
 * unmerged branches (branch -D), the means of recovery (reflog expire, gc --prune=now) and whole histories
 * (filter-branch, filter-repo, BFG). Plus security settings (TLS verification off) and secret files staged.
 */
import { defineTool, type Invocation, type ToolContext } from '../model.js';
import type { Action } from '../types.js';
import { resolvePath } from '../paths.js';
import { gitConfig, oneOffConfig } from './git-config.js';
import { gitBranch, gitHousekeeping, gitTag, gitUpdateRef } from './git-history.js';
import { gitPush } from './git-push.js';
import { gitLfs, gitRewrite } from './git-rewrite.js';
import { hostingCommand } from './git-hosting.js';
import {
  gitAction,
  gitPreview,
  gitRead,
  gitWrite,
  parseSub,
  resolveAll,
  type GitRun,
} from './git-util.js';
import {
  gitClean,
  gitPlumbingCheckout,
  gitRm,
  gitStash,
  gitSubmodule,
  gitWorktree,
} from './git-clean.js';
import { gitCheckout, gitReset, gitRestore, gitSwitch } from './git-worktree.js';
import { secretInfo } from './secrets-paths.js';

type Handler = (g: GitRun, args: readonly string[]) => Action[];

const HANDLERS: Readonly<Record<string, Handler>> = {
  reset: gitReset,
  checkout: gitCheckout,
  restore: gitRestore,
  switch: gitSwitch,
  clean: gitClean,
  stash: gitStash,
  rm: gitRm,
  worktree: gitWorktree,
  'checkout-index': gitPlumbingCheckout,
  'read-tree': gitPlumbingCheckout,
  submodule: gitSubmodule,
  push: gitPush,
  branch: gitBranch,
  tag: gitTag,
  'update-ref': gitUpdateRef,
  reflog: gitHousekeeping,
  gc: gitHousekeeping,
  prune: gitHousekeeping,
  'filter-branch': gitRewrite,
  'filter-repo': gitRewrite,
  bfg: gitRewrite,
  lfs: gitLfs,
  config: gitConfig,
  add: gitAdd,
  rebase: gitRebase,
  bisect: gitBisect,
};

// prettier-ignore
const READS = new Set([
  'status', 'log', 'show', 'diff', 'grep', 'blame', 'shortlog', 'describe', 'rev-parse',
  'rev-list', 'ls-files', 'ls-tree', 'ls-remote', 'cat-file', 'show-ref', 'for-each-ref',
  'name-rev', 'whatchanged', 'cherry', 'range-diff', 'help', 'version', 'var', 'check-ignore',
  'check-attr', 'count-objects', 'fsck', 'verify-commit', 'verify-tag', 'show-branch', 'difftool',
  'annotate', 'archive', 'bundle', 'merge-base', 'format-patch', 'request-pull', 'instaweb',
  'citool', 'gui', 'gitk',
]);

/** `git add`: staging a secret file is the first step of publishing it. */
function gitAdd(g: GitRun, args: readonly string[]): Action[] {
  const p = parseSub(args, { value: ['--chmod', '--pathspec-from-file'] });
  if (p.opts.has('-n') || p.opts.has('--dry-run')) return [gitPreview(g, 'add -n', 'dry run')];
  const secrets = p.positionals.filter((x) => secretInfo(x) !== undefined);
  if (secrets.length > 0) {
    const what = secrets.map((x) => `${x} (${secretInfo(x)?.what ?? 'secret'})`).join(', ');
    return [
      gitAction(g, {
        verb: 'add',
        effect: 'write',
        risk: 'high',
        rule: 'git/add-secret',
        targets: resolveAll(g, secrets),
        reasons: [
          `stages ${what} for commit: once committed and pushed the secret is in the shared history`,
        ],
      }),
    ];
  }
  return [gitWrite(g, 'add', 'stages changes', resolveAll(g, p.positionals))];
}

/** `git rebase`: local history edit (recoverable from the reflog); `--exec` runs commands. */
function gitRebase(g: GitRun, args: readonly string[]): Action[] {
  const p = parseSub(args, {
    value: ['-x', '--exec', '--onto', '-s', '--strategy', '-X', '--strategy-option', '-S'],
  });
  for (const cmd of [...(p.opts.get('-x') ?? []), ...(p.opts.get('--exec') ?? [])])
    g.ctx.script(cmd, 'git rebase --exec');
  return [
    gitWrite(g, 'rebase', 'rewrites local commits; the old ones stay reachable from the reflog'),
  ];
}

/** `git bisect run cmd...` runs a command at each step. */
function gitBisect(g: GitRun, args: readonly string[]): Action[] {
  if (args[0] === 'run' && args.length > 1) {
    g.ctx.argv(
      args.slice(1).map((text) => ({ text, dynamic: false })),
      'git bisect run',
    );
  }
  return [
    gitWrite(g, 'bisect', 'checks out commits to bisect; git refuses to overwrite local changes'),
  ];
}

// hub's own commands; everything else is git.
// prettier-ignore
const HUB_OWN = new Set([
  'api', 'delete', 'release', 'issue', 'pull-request', 'pr', 'browse', 'compare', 'create', 'fork',
  'ci-status', 'sync', 'gist',
]);

// prettier-ignore
const GLOBAL_VALUE = new Set([
  '-C', '-c', '--git-dir', '--work-tree', '--namespace', '--config-env', '--super-prefix',
  '--list-cmds',
]);

/** Analyse `git <global options> <sub> <args>` (also used for hub's git pass-through). */
export function analyzeGit(
  tool: string,
  args: readonly string[],
  ctx: ToolContext,
  stdinText?: string,
): Action[] {
  let cwd = ctx.cwd;
  const config = new Map<string, string>();
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i] ?? '';
    if (!a.startsWith('-')) break;
    if (a === '--help' || a === '-h' || a === '--version' || a === '-v') {
      return [
        ctx.action({
          tool,
          verb: a,
          effect: 'read',
          risk: 'none',
          rule: 'git/read',
          reasons: ['prints help or version'],
        }),
      ];
    }
    const eq = a.indexOf('=');
    const key = a.startsWith('--') && eq > 0 ? a.slice(0, eq) : a;
    const val = key !== a ? a.slice(eq + 1) : GLOBAL_VALUE.has(a) ? (args[++i] ?? '') : undefined;
    if (key === '-C' && val !== undefined) cwd = resolvePath(val, cwd);
    if (key === '--work-tree' && val !== undefined) cwd = resolvePath(val, cwd);
    if (key === '-c' && val !== undefined) {
      const ceq = val.indexOf('=');
      config.set(
        (ceq >= 0 ? val.slice(0, ceq) : val).toLowerCase(),
        ceq >= 0 ? val.slice(ceq + 1) : 'true',
      );
    }
  }
  const sub = args[i] ?? '';
  const rest = args.slice(i + 1);
  const g: GitRun = { ctx, tool, cwd, config, sub, stdinText };
  if (!sub) return [gitRead(g, 'git')];
  const { actions, aliasArgs } = oneOffConfig(g);
  if (aliasArgs && aliasArgs.length > 0 && aliasArgs[0] !== sub) {
    // The expansion is analysed without the -c settings, so an alias cannot expand into itself.
    return [...actions, ...analyzeGit(tool, ['-C', cwd, ...aliasArgs, ...rest], ctx, stdinText)];
  }
  const handler = HANDLERS[sub];
  if (handler) return [...actions, ...handler(g, rest)];
  if (READS.has(sub)) return [...actions, gitRead(g)];
  if (sub === 'fetch' || sub === 'pull' || sub === 'remote') {
    return [
      ...actions,
      gitWrite(
        g,
        sub,
        `git ${sub} updates remote-tracking refs or merges; nothing local is discarded`,
      ),
    ];
  }
  return [...actions, gitWrite(g, sub, `git ${sub} makes a local, recoverable change`)];
}

export const gitModel = defineTool({
  family: 'git',
  commands: ['git', 'gh', 'glab', 'hub', 'git-filter-repo', 'bfg'],
  analyze(inv: Invocation, ctx: ToolContext): Action[] {
    const stdinText = inv.stdin?.kind === 'text' ? inv.stdin.text : undefined;
    switch (inv.name) {
      case 'gh':
      case 'glab':
        return hostingCommand(inv.name, inv.args, ctx);
      case 'hub': {
        const first = inv.args.find((a) => !a.startsWith('-')) ?? '';
        if (HUB_OWN.has(first)) return hostingCommand('hub', inv.args, ctx);
        return analyzeGit('hub', inv.args, ctx, stdinText);
      }
      case 'git-filter-repo':
        return analyzeGit('git', ['filter-repo', ...inv.args], ctx, stdinText);
      case 'bfg':
        return analyzeGit('git', ['bfg', ...inv.args], ctx, stdinText);
      default:
        return analyzeGit('git', inv.args, ctx, stdinText);
    }
  },
});
