/**
 * Helpers shared by the git model's sub-command modules: the per-invocation context (working directory after
 * `-C`, `-c` settings), action builders, and the path-or-ref guess that `git checkout` needs.
 */
import type { ActionInit, ToolContext } from '../model.js';
import type { Action } from '../types.js';
import { has, parseArgs, type ArgSpec, type ParsedArgs } from '../args.js';
import { resolvePath } from '../paths.js';

/** One git invocation after its global options: where it runs and what it was told. */
export interface GitRun {
  readonly ctx: ToolContext;
  /** `git`, or `hub` when hub passes a git command through. */
  readonly tool: string;
  /** The working directory after `-C` options. */
  readonly cwd: string;
  /** `-c key=value` settings, keys lower-cased. */
  readonly config: ReadonlyMap<string, string>;
  /** The sub-command (`push`, `reset` ...). */
  readonly sub: string;
  /** Standard input when its text is known (a heredoc, `echo ... |`). */
  readonly stdinText?: string;
}

/** Build an action with the git tool name filled in. */
export function gitAction(g: GitRun, init: Omit<ActionInit, 'tool'>): Action {
  return g.ctx.action({ tool: g.tool, ...init });
}

/** A read-only git command. */
export function gitRead(g: GitRun, verb: string = g.sub): Action {
  return gitAction(g, {
    verb,
    effect: 'read',
    risk: 'none',
    rule: 'git/read',
    reasons: [`git ${verb} only reads the repository`],
  });
}

/** A local, recoverable git write (commit, branch, fetch ...). */
export function gitWrite(
  g: GitRun,
  verb: string,
  reason: string,
  targets: readonly string[] = [],
): Action {
  return gitAction(g, {
    verb,
    effect: 'write',
    risk: 'low',
    rule: 'git/local-write',
    targets,
    reasons: [reason],
  });
}

/** A dry run or a help request: nothing changes. */
export function gitPreview(g: GitRun, verb: string, why: string): Action {
  return gitAction(g, {
    verb,
    effect: 'read',
    risk: 'none',
    rule: 'git/dry-run',
    reasons: [`${why}: nothing is changed`],
  });
}

/** Parse a sub-command's arguments, always knowing the help flags. */
export function parseSub(args: readonly string[], spec: ArgSpec = {}): ParsedArgs {
  return parseArgs(args, spec);
}

/** True when the parsed arguments ask for help instead of doing anything. */
export function wantsHelp(p: ParsedArgs): boolean {
  return has(p, '--help', '-h');
}

/** Positionals given before a bare `--` (parseArgs appends the rest to `positionals`). */
export function beforeDashDash(p: ParsedArgs): readonly string[] {
  return p.positionals.slice(0, p.positionals.length - p.rest.length);
}

/** Resolve paths against the run's directory for targets. */
export function resolveAll(g: GitRun, paths: readonly string[]): string[] {
  return paths.map((x) => resolvePath(x, g.cwd));
}

// A version-like last segment (`v1.2.0`, `2023.11`) names a tag or a release branch, not a file.
const VERSION_LIKE = /^v?\d+(\.(\d+|x))+([-+].*)?$/i;

/**
 * Guess whether a lone `git checkout X` argument is a path (which discards that file's edits) rather than a
 * branch. Without the repository we go by shape: `.`, `./x`, globs, pathspec magic, trailing slashes and file
 * extensions say "path"; plain names and version-like names say "ref".
 */
export function looksLikePath(arg: string): boolean {
  if (arg === '.' || arg === '..' || arg === '*' || arg === ':/') return true;
  if (arg.startsWith('./') || arg.startsWith('../') || arg.startsWith('/') || arg.startsWith(':('))
    return true;
  if (/[*?[]/.test(arg)) return true;
  if (arg.endsWith('/')) return true;
  const last = arg.slice(arg.lastIndexOf('/') + 1);
  if (VERSION_LIKE.test(last)) return false;
  return /^[^.].*\.[A-Za-z][A-Za-z0-9]{0,9}$/.test(last) || /^\.[A-Za-z]/.test(last);
}

// Regenerable build output and caches: cleaning or force-removing them loses nothing of value.
// prettier-ignore
const REGENERABLE = new Set([
  'node_modules', 'dist', 'build', 'out', 'target', 'coverage', '.cache', '__pycache__',
  '.pytest_cache', '.mypy_cache', '.ruff_cache', '.next', '.nuxt', '.turbo', '.parcel-cache',
  '.gradle', '.tox', '.venv', 'venv', 'vendor', 'tmp', '.terraform', 'bin', 'obj',
]);

/** True when the path is a regenerable artifact directory (or something inside one). */
export function isRegenerable(path: string): boolean {
  const parts = path.split('/').filter((s) => s && s !== '.');
  if (parts.length === 0) return false;
  if (parts.some((s) => REGENERABLE.has(s))) return true;
  const last = parts[parts.length - 1] ?? '';
  return /\.(pyc|o|class|log)$/.test(last);
}

/** Branch names that are usually shared or protected: worth naming in the reasons. */
export function isSharedBranch(name: string): boolean {
  return /^(main|master|trunk|develop|development|release([/-].*)?|prod|production|staging|stable|live|hotfix\/.*)$/.test(
    name,
  );
}

/** Discarding uncommitted work: there is no other copy, so it is high and irreversible. */
export function discard(
  g: GitRun,
  verb: string,
  rule: string,
  targets: readonly string[],
  reason: string,
): Action {
  return gitAction(g, {
    verb,
    effect: 'destroy',
    risk: 'high',
    rule,
    targets,
    reversible: false,
    reasons: [reason],
  });
}
