/**
 * The in-process judges a hook uses when no gate daemon answers: analyze the request, then decide — with the
 * policy in force (`policyInForceJudge`, what every door uses) or, in adapter tests, the built-in mapping.
 */
import type { Action } from '../../analyze/types.js';
import { analyzeRequestReady, type ActionRequest } from '../../analyze/request.js';
import { homedir } from 'node:os';
import { decideBuiltin } from '../../policy/builtin.js';
import { policyEvaluator } from '../../policy/index.js';
import { loadPolicy } from '../../policy/load.js';
import type { Decision } from '../../policy/types.js';

/** Analyze and decide with the built-in verdict mapping. Throws only on an internal fault (the hook denies). */
export async function builtinJudge(request: ActionRequest): Promise<Decision> {
  return decideBuiltin(await analyzeRequestReady(request));
}

/** Builds the policy evaluator in force for a working directory (may throw: the hook then denies). */
export type EvaluatorFor = (
  cwd: string,
) => (actions: readonly Action[], request?: ActionRequest) => Decision;

/**
 * A judge that decides with the policy in force where the agent works (system, user and project files on the
 * built-in policy). A policy that cannot load throws, and `runHook` turns that into the agent's deny.
 */
export function policyJudge(evaluatorFor: EvaluatorFor): (request: ActionRequest) => Promise<Decision> {
  return async (request) => evaluatorFor(request.cwd)(await analyzeRequestReady(request), request);
}

/**
 * The judge every door uses by default: the policy in force in the request's working directory (system,
 * user and project files on the built-in policy), read per request so an edited policy applies at once.
 */
export const policyInForceJudge = policyJudge((cwd) =>
  policyEvaluator(loadPolicy({ cwd, home: homedir() }), { agent: 'hook' }),
);
