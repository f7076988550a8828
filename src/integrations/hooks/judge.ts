/**
 * The in-process judge a hook uses when no gate daemon answers: analyze the request, then decide. Until the
 * policy engine lands this decides with the built-in mapping (`decideBuiltin`); swapping in the policy
 * evaluator is one line in the CLI (`registerHookCommand(program, { judge })`).
 */
import type { Action } from '../../analyze/types.js';
import { GrammarRequired, initAnalyzer } from '../../analyze/index.js';
import { analyzeRequest, type ActionRequest } from '../../analyze/request.js';
import { homedir } from 'node:os';
import { decideBuiltin } from '../../policy/builtin.js';
import { policyEvaluator } from '../../policy/index.js';
import { loadPolicy } from '../../policy/load.js';
import type { Decision } from '../../policy/types.js';

/**
 * `analyzeRequest()`, loading the shell grammar first when the request needs it. A plain simple command never
 * loads it, which keeps the common hook call fast.
 */
export async function analyzeRequestReady(request: ActionRequest): Promise<Action[]> {
  try {
    return analyzeRequest(request);
  } catch (err) {
    if (!(err instanceof GrammarRequired)) throw err;
    await initAnalyzer();
    return analyzeRequest(request);
  }
}

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
