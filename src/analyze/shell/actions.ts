/** Actions the shell layer itself reports (as opposed to tool models). */
import type { Action } from '../types.js';
import type { Frame } from './scope.js';

/** Something we could not understand: never silently safe, policy decides (default: ask). */
export function unknownAction(frame: Pick<Frame, 'via' | 'hopEnv'>, rule: string, reason: string): Action {
  return {
    tool: 'shell',
    verb: 'unknown',
    effect: 'unknown',
    risk: 'high',
    targets: [],
    env: frame.hopEnv,
    reversible: false,
    reasons: [reason],
    rule,
    via: [...frame.via],
  };
}
