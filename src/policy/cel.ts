/**
 * CEL conditions (`when:`) over `{action, request, agent, time}`, via @marcbachmann/cel-js. Each expression is
 * parsed and type-checked once, at load: a misspelt field (`action.tol`) or a non-boolean condition stops the
 * policy loading with its line, instead of failing every request later.
 *
 * Variables:
 * - `action`: the Action (DESIGN.md §3) after the policy's environment matchers: `tool`, `verb`, `effect`,
 *   `risk`, `targets`, `env`, `reversible`, `reasons`, `rule`, `via`.
 * - `request`: the ActionRequest as a map (`kind`, `agent`, `cwd`, `command` ...; `{}` when the caller has
 *   none). Its fields vary by kind: guard with `has(request.command)`.
 * - `agent`: `{name}` (an object so identity fields can join it without breaking expressions).
 * - `time`: `{hour, minute, weekday (0 = Sunday), date ("2026-12-24"), iso (UTC)}` in the file's `timezone`.
 *
 * Extra function: `value.glob(pattern)`, the policy's text glob (`action.targets.exists(t, t.glob("tank/*"))`).
 */
import { createRequire } from 'node:module';
import type { Environment } from '@marcbachmann/cel-js';
import type { Action } from '../analyze/types.js';
import { compileGlob, type Glob } from './glob.js';

/** The CEL view of an action (a class, so CEL can type-check field access at load). */
export class ActionView {
  readonly tool: string;
  readonly verb: string;
  readonly effect: string;
  readonly risk: string;
  readonly targets: readonly string[];
  readonly env: string;
  readonly reversible: boolean;
  readonly reasons: readonly string[];
  readonly rule: string;
  readonly via: readonly string[];
  constructor(a: Action) {
    this.tool = a.tool;
    this.verb = a.verb;
    this.effect = a.effect;
    this.risk = a.risk;
    this.targets = a.targets;
    this.env = a.env;
    this.reversible = a.reversible;
    this.reasons = a.reasons;
    this.rule = a.rule;
    this.via = a.via;
  }
}

/** The CEL view of the clock, computed by the caller from the instant it passes in. */
export class TimeView {
  constructor(
    readonly hour: bigint,
    readonly minute: bigint,
    readonly weekday: bigint,
    readonly date: string,
    readonly iso: string,
  ) {}
}

export class AgentView {
  constructor(readonly name: string) {}
}

/** What one CEL condition is evaluated against. */
export interface CelContext {
  action: ActionView;
  request: Readonly<Record<string, unknown>>;
  agent: AgentView;
  time: TimeView;
}

// Patterns used through `.glob()` are compiled on first use and kept: policies name a handful.
const globCache = new Map<string, Glob>();
function globOf(pattern: string): Glob {
  let g = globCache.get(pattern);
  if (!g) {
    g = compileGlob(pattern);
    if (globCache.size < 1000) globCache.set(pattern, g);
  }
  return g;
}

/**
 * cel-js loads on first use: a policy without `when:` conditions (the built-in one) never pays for it, which
 * keeps a hook process's start-up short. (Node >= 20.19 requires ES modules synchronously.)
 */
function celModule(): typeof import('@marcbachmann/cel-js') {
  return createRequire(import.meta.url)('@marcbachmann/cel-js') as typeof import('@marcbachmann/cel-js');
}

let shared: Environment | undefined;

/** The one CEL environment (creating one is the expensive part; it is made once per process). */
function environment(): Environment {
  shared ??= new (celModule().Environment)({ limits: { maxAstNodes: 2000, maxDepth: 64 } })
    .registerType('Action', {
      ctor: ActionView,
      fields: {
        tool: 'string',
        verb: 'string',
        effect: 'string',
        risk: 'string',
        targets: 'list<string>',
        env: 'string',
        reversible: 'bool',
        reasons: 'list<string>',
        rule: 'string',
        via: 'list<string>',
      },
    })
    .registerType('Time', {
      ctor: TimeView,
      fields: { hour: 'int', minute: 'int', weekday: 'int', date: 'string', iso: 'string' },
    })
    .registerType('Agent', { ctor: AgentView, fields: { name: 'string' } })
    .registerVariable('action', 'Action')
    .registerVariable('time', 'Time')
    .registerVariable('agent', 'Agent')
    .registerVariable('request', 'map')
    .registerFunction('string.glob(string): bool', (value: string, pattern: string) =>
      globOf(pattern).test(value),
    );
  return shared;
}

/** A compiled condition. Throws on an evaluation error (the evaluator turns that into `policy/error`). */
export type Condition = (ctx: CelContext) => boolean;

/** Parse and type-check `source`; returns the condition, or the reason it is not one. */
export function compileCondition(source: string): Condition | { error: string } {
  let parsed;
  try {
    parsed = environment().parse(source);
  } catch (err) {
    return { error: celMessage(err) };
  }
  const checked = parsed.check();
  if (!checked.valid) return { error: celMessage(checked.error) };
  if (checked.type !== 'bool' && checked.type !== 'dyn') {
    return { error: `the condition must be true or false, but it is a ${checked.type ?? 'value'}` };
  }
  return (ctx) => {
    const v: unknown = parsed(ctx);
    if (typeof v !== 'boolean')
      throw new Error(`the condition gave ${typeof v}, not true or false`);
    return v;
  };
}

/** The first line of a CEL error plus its column in the expression (the library adds an ASCII caret block). */
function celMessage(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const first = err.message.split('\n')[0] ?? err.message;
  const range = (err as { range?: { start: number } }).range;
  return range ? `${first} (at character ${range.start + 1} of the condition)` : first;
}
