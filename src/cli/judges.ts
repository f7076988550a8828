/** The judges the CLI decides with. Loaded lazily: a hook process pays only for what it uses. */
import type { JudgeFactory } from './hook.js';

/** Hooks decide with the policy in force in the agent's working directory; a policy that fails to load denies. */
export const policyJudgeFactory: JudgeFactory = async () => {
  const [{ policyJudge }, { mergedPolicyEvaluator }] = await Promise.all([
    import('../integrations/hooks/judge.js'),
    import('./check-policy.js'),
  ]);
  return policyJudge((cwd) => mergedPolicyEvaluator(cwd, { agent: 'hook' }));
};
