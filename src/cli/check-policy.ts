/**
 * `portcullis check --policy FILE` (and `--batch`): a policy file bound into an evaluator. Loading throws
 * `PolicyError` on a bad file; the caller prints it and exits non-zero, never judging without the policy.
 */
import { homedir } from 'node:os';
import { policyEvaluator, type EvaluatorOptions, type PolicyEvaluator } from '../policy/index.js';
import { loadPolicy } from '../policy/load.js';

export type { PolicyEvaluator };

/**
 * Load `file` (on top of the built-in policy) and return an evaluator `(actions, request) => Decision`.
 * Relative paths resolve against `cwd` (default: the process's). Throws `PolicyError` when the file is
 * missing, unreadable or invalid.
 */
export function policyFileEvaluator(
  file: string,
  opts: EvaluatorOptions & { cwd?: string } = {},
): PolicyEvaluator {
  const policy = loadPolicy({
    cwd: opts.cwd ?? process.cwd(),
    home: homedir(),
    explicitFile: file,
  });
  return policyEvaluator(policy, {
    agent: opts.agent ?? 'cli',
    ...(opts.now ? { now: opts.now } : {}),
  });
}

/**
 * The evaluator for the policy in force in `cwd` (system, user and project files on the built-in policy), for
 * when `check` should judge as the hooks do. Throws `PolicyError` when any of those files is bad.
 */
export function mergedPolicyEvaluator(
  cwd: string,
  opts: EvaluatorOptions & { home?: string; etcDir?: string } = {},
): PolicyEvaluator {
  const policy = loadPolicy({
    cwd,
    home: opts.home ?? homedir(),
    ...(opts.etcDir !== undefined ? { etcDir: opts.etcDir } : {}),
  });
  return policyEvaluator(policy, {
    agent: opts.agent ?? 'cli',
    ...(opts.now ? { now: opts.now } : {}),
  });
}
