/**
 * `evaluate(actions, policy, ctx) → Decision` (DESIGN.md §1, §4). Pure: the instant is passed in, nothing is
 * read from the clock, the file system or the environment. Explainable: `Decision.rule` names the policy entry
 * that decided (`rules/<id>`, `protect/<id|n>`, `defaults/<risk>`, `defaults/unknown`).
 *
 * For each action, after the policy's environment matchers have raised its `env`:
 *   1. every matching protection (`protect`) is a candidate;
 *   2. the first matching base rule (built-in, system, user) is a candidate, or else the default for the
 *      action's risk (and for `unknown` when its effect is unknown: the stricter of the two);
 *   3. the first matching project rule is a candidate;
 * and the strictest candidate wins (ties: protection, then rule, then default). Over all actions the strictest
 * wins again. An ask carries the most approvals any asking action needs, the shortest TTL, and every approver
 * group named. In shadow mode the verdict is allow and `shadowVerdict` records what it would have been.
 * Any exception while evaluating is a deny with rule `policy/error`: a broken policy never allows.
 */
import type { ActionRequest } from '../analyze/request.js';
import { RISK_ORDER, maxRisk, type Action, type Env, type Risk } from '../analyze/types.js';
import { worseEnv } from '../analyze/env.js';
import { ActionView, AgentView, type CelContext, type TimeView } from './cel.js';
import type { CompiledRule, Policy, TimeZone } from './model.js';
import { compareOutcomes, type Approvals, type Outcome } from './outcome.js';
import { timeView } from './time.js';
import type { Decision } from './types.js';

/** What evaluation needs besides the actions: who asks, what they asked, and when (no clock inside). */
export interface EvalContext {
  /** The agent's name (as registered, or the adapter's agent family). */
  agent: string;
  /** The request the actions came from; exposed to CEL as `request` (`{}` when absent). */
  request?: ActionRequest;
  /** The instant to judge at (for time-based rules such as change freezes). */
  time: Date;
}

interface ActionResult {
  action: Action;
  outcome: Outcome;
  name: string;
  reason?: string;
}

/** Raise (never lower) the action's env from the policy's `environments` matchers. */
function withEnvironment(a: Action, policy: Policy, cwd: string | undefined): Action {
  let env: Env = a.env;
  const why: string[] = [];
  for (const m of policy.environments) {
    if (worseEnv(env, m.env) !== env && m.test(a, cwd)) {
      env = m.env;
      why.push(
        `environment ${m.env}: the policy's "${m.pattern}" matches (${m.origin.file}:${m.origin.line})`,
      );
    }
  }
  return env === a.env ? a : { ...a, env, reasons: [...a.reasons, ...why] };
}

/** Per-call state: the CEL views are built on first use only, and shared by all rules of one action. */
class Scope {
  private readonly times = new Map<string, TimeView>();
  private readonly agentView: AgentView;
  private readonly request: Readonly<Record<string, unknown>>;
  constructor(private readonly ctx: EvalContext) {
    this.agentView = new AgentView(ctx.agent);
    this.request = (ctx.request ?? {}) as Readonly<Record<string, unknown>>;
  }

  time(tz: TimeZone): TimeView {
    let t = this.times.get(tz.name);
    if (!t) {
      t = timeView(this.ctx.time, tz);
      this.times.set(tz.name, t);
    }
    return t;
  }

  /** The first rule in `rules` that matches `a`, or undefined. */
  firstMatch(rules: readonly CompiledRule[], a: Action): CompiledRule | undefined {
    let view: ActionView | undefined;
    for (const r of rules) {
      if (r.match && !r.match(a, this.ctx.agent)) continue;
      if (r.when) {
        view ??= new ActionView(a);
        const cel: CelContext = {
          action: view,
          request: this.request,
          agent: this.agentView,
          time: this.time(r.timezone),
        };
        let hit: boolean;
        try {
          hit = r.when(cel);
        } catch (err) {
          throw new Error(
            `${r.name} (${r.origin.file}:${r.origin.line}): ${err instanceof Error ? (err.message.split('\n')[0] ?? '') : String(err)}`,
          );
        }
        if (!hit) continue;
      }
      return r;
    }
    return undefined;
  }
}

function judgeAction(
  raw: Action,
  policy: Policy,
  scope: Scope,
  cwd: string | undefined,
): ActionResult {
  const action = withEnvironment(raw, policy, cwd);
  const candidates: ActionResult[] = [];
  for (const p of policy.protect) {
    if (p.matches(action))
      candidates.push({
        action,
        outcome: p.outcome,
        name: p.name,
        reason: `protected: ${p.spec.reason ?? 'a protected resource'}`,
      });
  }
  const rule = scope.firstMatch(policy.rules, action);
  if (rule)
    candidates.push({
      action,
      outcome: rule.outcome,
      name: rule.name,
      ...(rule.spec.reason ? { reason: rule.spec.reason } : {}),
    });
  const projectRule = scope.firstMatch(policy.projectRules, action);
  if (projectRule) {
    candidates.push({
      action,
      outcome: projectRule.outcome,
      name: projectRule.name,
      ...(projectRule.spec.reason ? { reason: projectRule.spec.reason } : {}),
    });
  }
  if (!rule) {
    const byRisk = {
      action,
      outcome: policy.defaults[action.risk].outcome,
      name: `defaults/${action.risk}`,
    };
    const unknown = { action, outcome: policy.defaults.unknown.outcome, name: 'defaults/unknown' };
    candidates.push(
      action.effect === 'unknown' && compareOutcomes(unknown.outcome, byRisk.outcome) >= 0
        ? unknown
        : byRisk,
    );
  }
  let best = candidates[0];
  for (const c of candidates) if (best && compareOutcomes(c.outcome, best.outcome) > 0) best = c;
  if (!best) throw new Error('no candidate outcome');
  return best;
}

function combineApprovals(results: readonly ActionResult[]): Approvals | undefined {
  let out: Approvals | undefined;
  for (const r of results) {
    const a = r.outcome.approvals;
    if (!a) continue;
    const groups = [...new Set([...(out?.approverGroups ?? []), ...(a.approverGroups ?? [])])];
    out = {
      required: Math.max(out?.required ?? 0, a.required),
      ...(groups.length > 0 ? { approverGroups: groups } : {}),
      ttlSeconds: Math.min(out?.ttlSeconds ?? Infinity, a.ttlSeconds),
    };
  }
  return out;
}

function decide(actions: readonly Action[], policy: Policy, ctx: EvalContext): Decision {
  let risk: Risk = 'none';
  for (const a of actions) risk = maxRisk(risk, a.risk);
  if (actions.length === 0)
    return {
      verdict: 'allow',
      risk,
      rule: 'policy/nothing-to-do',
      reasons: ['the request does nothing to judge'],
      actions: [],
    };
  const scope = new Scope(ctx);
  const cwd = ctx.request?.cwd;
  const results = actions.map((a) => judgeAction(a, policy, scope, cwd));
  let decider = results[0];
  for (const r of results) {
    if (!decider) break;
    const c = compareOutcomes(r.outcome, decider.outcome);
    if (c > 0 || (c === 0 && RISK_ORDER[r.action.risk] > RISK_ORDER[decider.action.risk]))
      decider = r;
  }
  if (!decider) throw new Error('no decision');
  const verdict = decider.outcome.verdict;
  const same = results.filter((r) => r.outcome.verdict === verdict);
  const reasons = [
    ...new Set([
      ...(decider.reason ? [decider.reason] : []),
      ...same.flatMap((r) => r.action.reasons),
    ]),
  ];
  const approvals = verdict === 'ask' ? combineApprovals(same) : undefined;
  return {
    verdict,
    risk,
    rule: decider.name,
    reasons,
    actions: results.map((r) => r.action),
    ...(approvals ? { approvals } : {}),
  };
}

/** Judge `actions` under `policy`. Pure; never throws; never allows when something inside goes wrong. */
export function evaluate(actions: readonly Action[], policy: Policy, ctx: EvalContext): Decision {
  let decision: Decision;
  try {
    decision = decide(actions, policy, ctx);
  } catch (err) {
    let risk: Risk = 'none';
    for (const a of actions) if (RISK_ORDER[a.risk] > RISK_ORDER[risk]) risk = a.risk;
    return {
      verdict: 'deny',
      risk,
      rule: 'policy/error',
      reasons: [
        `the policy could not be evaluated, so the action is denied: ${err instanceof Error ? err.message : String(err)}`,
      ],
      actions: [...actions],
    };
  }
  if (policy.mode !== 'shadow') return decision;
  // Shadow: decide and record, never block. (Evaluation errors above stay denies: shadow is not a way to fail open.)
  const rest: Decision = { ...decision };
  delete rest.approvals;
  return {
    ...rest,
    verdict: 'allow',
    shadowVerdict: decision.verdict,
    ...(decision.approvals ? { shadowApprovals: decision.approvals } : {}),
    reasons:
      decision.verdict === 'allow'
        ? decision.reasons
        : [`shadow mode: would have been ${decision.verdict}`, ...decision.reasons],
  };
}
