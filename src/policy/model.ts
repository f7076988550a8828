/**
 * The compiled policy: what `loadPolicy()` / `compilePolicy()` produce and `evaluate()` consumes. Everything
 * here is built once at load (globs, CEL, matchers); evaluation only calls it.
 */
import type { Action, Env } from '../analyze/types.js';
import type { Condition } from './cel.js';
import type { Approvals, Outcome } from './outcome.js';
import type { DefaultKey, MatchSpec, ProtectSpec, RuleSpec, TestSpec } from './schema.js';

/** Where a layer comes from. `file` is an explicit `--policy FILE`, with the powers of a user file. */
export type LayerKind = 'builtin' | 'system' | 'user' | 'file' | 'project';

/** The file and line an entry was written at (`<built-in>` for the compiled-in policy). */
export interface Origin {
  file: string;
  layer: LayerKind;
  line: number;
}

/** A time zone, with its formatter made once. */
export interface TimeZone {
  name: string;
  /** Undefined for UTC, which needs no formatter. */
  format?: Intl.DateTimeFormat;
}

export interface CompiledRule {
  id: string;
  /** `rules/<id>`: what `Decision.rule` says when this rule decides. */
  name: string;
  origin: Origin;
  spec: RuleSpec;
  outcome: Outcome;
  timezone: TimeZone;
  /** The `match:` shorthand, compiled; undefined when the rule has none. */
  match?: (action: Action, agent: string) => boolean;
  /** The `when:` condition, compiled; undefined when the rule has none. */
  when?: Condition;
}

export interface CompiledProtect {
  /** `protect/<id>`, or `protect/<n>` (its position in the merged list) when the entry has no id. */
  name: string;
  origin: Origin;
  spec: ProtectSpec;
  outcome: Outcome;
  /** True when the entry covers one of the action's targets (or an ancestor of it, for delete/destroy). */
  matches: (action: Action) => boolean;
}

export interface EnvMatcher {
  env: Exclude<Env, 'unknown'>;
  pattern: string;
  origin: Origin;
  /** The names this action carries (targets, hops) or the request's cwd match the pattern. */
  test: (action: Action, cwd: string | undefined) => boolean;
}

export interface PolicyLimit {
  agent: string;
  maxApprovedDestructivePerHour: number;
  origin: Origin;
  test: (agent: string) => boolean;
}

export interface PolicyTest extends TestSpec {
  origin: Origin;
}

/** A compiled, merged policy. Immutable by convention; share one across requests. */
export interface Policy {
  mode: 'enforce' | 'shadow';
  /** The effective defaults by risk (plus `unknown`), each with the layer that set it. */
  defaults: Readonly<Record<DefaultKey, { outcome: Outcome; origin: Origin }>>;
  /** Approvals an ask gets when its entry does not say. */
  approvals: Approvals;
  environments: readonly EnvMatcher[];
  protect: readonly CompiledProtect[];
  /** Built-in, system and user rules, in that order: the first match decides. */
  rules: readonly CompiledRule[];
  /**
   * The project file's rules, evaluated separately and combined with the result above by "strictest wins", so
   * an earlier allow rule can never shadow a project's ask or deny.
   */
  projectRules: readonly CompiledRule[];
  limits: readonly PolicyLimit[];
  tests: readonly PolicyTest[];
  /** The files merged, in order (for `policy show` and the audit log). */
  layers: readonly { file: string; kind: LayerKind }[];
  /**
   * A digest of every text merged (and of the built-in policy's version): approvals are bound to it, so an
   * approval given under one policy is not spent under another (DESIGN.md §5).
   */
  version: string;
}

export type { MatchSpec };
