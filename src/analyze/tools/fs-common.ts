/**
 * Shared pieces of the fs model: what a verdict on one target looks like, turning targets as written into
 * classified paths (brace expansion, dynamic words), and building actions.
 */
import type { Action, Effect, Risk } from '../types.js';
import type { ToolContext, Word } from '../model.js';
import { classifyPath, expandBraces, type PathInfo } from '../paths.js';

/** The judgement of one operation on one target. */
export interface Verdict {
  risk: Risk;
  rule: string;
  reason: string;
  effect?: Effect;
}

/** A target as written plus what it is. */
export interface Target {
  text: string;
  dynamic: boolean;
  info: PathInfo;
}

/** A verdict, compactly. */
export function verdict(risk: Risk, rule: string, reason: string, effect?: Effect): Verdict {
  return effect === undefined ? { risk, rule, reason } : { risk, rule, reason, effect };
}

/** A whitespace-separated list (option names, path kinds). */
export function words<T extends string = string>(list: string): T[] {
  return list.split(/\s+/).filter((w) => w.length > 0) as T[];
}

/** At most this many targets are judged one by one (a glob list from xargs can be long). */
const MAX_TARGETS = 32;

/** Classify the words naming targets; `{a,b}` alternatives are expanded as the shell would. */
export function targetsOf(words: readonly Word[], cwd: string): Target[] {
  const out: Target[] = [];
  for (const w of words) {
    for (const text of w.dynamic ? [w.text] : expandBraces(w.text)) {
      if (out.length >= MAX_TARGETS) return out;
      out.push({ text, dynamic: w.dynamic, info: classifyPath(text, cwd, w.dynamic) });
    }
  }
  return out;
}

/** The words of `inv.words` whose text is one of `texts` (keeps the dynamic flags of positionals). */
export function wordsFor(words: readonly Word[], texts: readonly string[]): Word[] {
  const pool = [...words];
  const out: Word[] = [];
  for (const t of texts) {
    const i = pool.findIndex((w) => w.text === t);
    if (i >= 0) {
      out.push(pool[i] as Word);
      pool.splice(i, 1);
    } else out.push({ text: t, dynamic: false });
  }
  return out;
}

/** True when the invocation only asks for help or the version. */
export function isHelp(args: readonly string[]): boolean {
  return (
    args.includes('--help') || args.includes('--version') || (args.length === 1 && args[0] === '-h')
  );
}

/** The standard answer to `--help`. */
export function helpAction(ctx: ToolContext, tool: string): Action {
  return ctx.action({
    tool,
    verb: `${tool} --help`,
    effect: 'read',
    risk: 'none',
    rule: 'fs/help',
    reasons: ['only prints help'],
  });
}

/** A target written as a file name (`src/app.ts`, `notes.txt`), not a directory (`src/`, `data`). */
export function fileLike(text: string): boolean {
  if (text.endsWith('/')) return false;
  const base = text.slice(text.lastIndexOf('/') + 1);
  return /^[^.*?[]+\.[A-Za-z0-9]{1,8}$/.test(base) || /^\.[A-Za-z0-9_-]+rc$/.test(base);
}

/** Build the action for one target's verdict. */
export function verdictAction(
  ctx: ToolContext,
  tool: string,
  verb: string,
  v: Verdict,
  target: string,
): Action {
  return ctx.action({
    tool,
    verb,
    effect: v.effect ?? (v.risk === 'none' ? 'read' : 'write'),
    risk: v.risk,
    rule: v.rule,
    targets: [target],
    reasons: [v.reason],
    reversible: v.risk === 'none' || v.risk === 'low',
  });
}

/** One action per target, with an action saying nothing happens when there are no targets. */
export function perTarget(
  ctx: ToolContext,
  tool: string,
  verb: string,
  targets: readonly Target[],
  judge: (t: Target) => Verdict,
): Action[] {
  if (targets.length === 0) {
    return [
      ctx.action({
        tool,
        verb,
        effect: 'read',
        risk: 'none',
        rule: `fs/${tool}-noop`,
        reasons: ['no target given'],
      }),
    ];
  }
  return targets.map((t) => verdictAction(ctx, tool, verb, judge(t), t.info.path));
}
