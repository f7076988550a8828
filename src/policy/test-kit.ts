/**
 * Test helper (not part of the build): literal Actions for evaluate() tests, so the policy's own tests do not
 * depend on what the analyzer says about a command this week.
 */
import type { Action } from '../analyze/types.js';
import { compilePolicy } from './build.js';
import type { Policy } from './model.js';

/** An action with harmless defaults; each test states only the fields it is about. */
export function act(fields: Partial<Action>): Action {
  return {
    tool: 'git',
    verb: 'status',
    effect: 'read',
    risk: 'none',
    targets: [],
    env: 'unknown',
    reversible: true,
    reasons: [],
    rule: 'git/read',
    via: [],
    ...fields,
  };
}

/** A user-level policy file from text, on top of the built-in policy. */
export function userPolicy(text: string): Policy {
  return compilePolicy([{ file: 'user.yaml', kind: 'user', text }]);
}

/** Wednesday 2026-01-07, noon UTC. */
export const WEDNESDAY_NOON = new Date('2026-01-07T12:00:00Z');
