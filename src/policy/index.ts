/**
 * The policy engine (DESIGN.md §4): a YAML policy, validated and compiled once, and a pure
 * `evaluate(actions, policy, ctx) → Decision`. Only `load.ts` reads files; import it from `./load.js`.
 */
import type { ActionRequest } from '../analyze/request.js';
import type { Action } from '../analyze/types.js';
import { defaultPolicy } from './build.js';
import { evaluate } from './evaluate.js';
import type { Policy } from './model.js';
import type { Decision } from './types.js';

export { compilePolicy, defaultPolicy, type PolicyText } from './build.js';
export { BUILTIN_POLICY, BUILTIN_POLICY_FILE } from './builtin-policy.js';
export { PolicyError, formatProblem, type PolicyErrorCode, type PolicyProblem } from './errors.js';
export { evaluate, type EvalContext } from './evaluate.js';
export { timeView } from './time.js';
export type {
  CompiledProtect,
  CompiledRule,
  EnvMatcher,
  LayerKind,
  Origin,
  Policy,
  PolicyLimit,
  PolicyTest,
} from './model.js';
export type { Approvals, Outcome } from './outcome.js';
export { DEFAULT_TEST_TIME, runPolicyTests, type PolicyTestResult } from './run-tests.js';
export { renderPolicy } from './show.js';
export type { Decision, Verdict } from './types.js';

/** Judges the actions of one request; the agent comes from the request (or `unknown` without one). */
export type PolicyEvaluator = (actions: readonly Action[], request?: ActionRequest) => Decision;

export interface EvaluatorOptions {
  /** The clock (default: `new Date()`); injected in tests. This wrapper is the only place policy reads time. */
  now?: () => Date;
  /** Agent name when the request carries none (e.g. the `check` CLI); default `unknown`. */
  agent?: string;
}

/** Bind a compiled policy and a clock into an evaluator for adapters (`check`, hooks, the gate). */
export function policyEvaluator(policy: Policy, opts: EvaluatorOptions = {}): PolicyEvaluator {
  const now = opts.now ?? (() => new Date());
  return (actions, request) =>
    evaluate(actions, policy, {
      agent: request?.agent ?? opts.agent ?? 'unknown',
      time: now(),
      ...(request ? { request } : {}),
    });
}

/** An evaluator over the built-in default policy (no files read). */
export function defaultEvaluator(opts: EvaluatorOptions = {}): PolicyEvaluator {
  return policyEvaluator(defaultPolicy(), opts);
}

/**
 * The blast-radius budget for `agent`: the lowest `maxApprovedDestructivePerHour` of every `limits` entry whose
 * agent glob matches, or undefined when none does. The gate enforces it; policy only states it.
 */
export function limitFor(policy: Policy, agent: string): number | undefined {
  let out: number | undefined;
  for (const l of policy.limits) {
    if (l.test(agent)) out = Math.min(out ?? Infinity, l.maxApprovedDestructivePerHour);
  }
  return out;
}
