/**
 * The built-in verdict mapping used until a policy file is loaded: catastrophic → deny, high → ask,
 * anything not understood → ask, low/none → allow. Pure.
 */
import { RISK_ORDER, type Action, type Risk } from '../analyze/types.js';
import type { Decision, Verdict } from './types.js';

const BY_RISK: Readonly<Record<Risk, Verdict>> = {
  catastrophic: 'deny',
  high: 'ask',
  low: 'allow',
  none: 'allow',
};

const VERDICT_ORDER: Readonly<Record<Verdict, number>> = { allow: 0, ask: 1, deny: 2 };

/** The verdict for one action under the built-in mapping. */
export function builtinVerdict(action: Action): Verdict {
  if (action.effect === 'unknown') return action.risk === 'catastrophic' ? 'deny' : 'ask';
  return BY_RISK[action.risk];
}

/** Combine per-action verdicts: the strictest wins; its action names the rule and reasons. */
export function decideBuiltin(actions: readonly Action[]): Decision {
  let verdict: Verdict = 'allow';
  let risk: Risk = 'none';
  let decider: Action | undefined;
  for (const a of actions) {
    const v = builtinVerdict(a);
    if (RISK_ORDER[a.risk] > RISK_ORDER[risk]) risk = a.risk;
    // The strictest verdict decides; among equals, the riskier action; among those, the first.
    const stricter = VERDICT_ORDER[v] > VERDICT_ORDER[verdict];
    const riskier = VERDICT_ORDER[v] === VERDICT_ORDER[verdict] && RISK_ORDER[a.risk] > RISK_ORDER[decider?.risk ?? 'none'];
    if (!decider || stricter || riskier) {
      verdict = v;
      decider = a;
    }
  }
  const flagged = actions.filter((a) => builtinVerdict(a) !== 'allow');
  const reasons = (flagged.length > 0 ? flagged : actions).flatMap((a) => a.reasons);
  return {
    verdict,
    risk,
    rule: decider && verdict !== 'allow' ? decider.rule : 'builtin/allow',
    reasons: [...new Set(reasons)],
    actions: [...actions],
  };
}
