/**
 * Inline policy tests (`tests: [{command, expect}]`), run through the same analyze + evaluate path as every
 * request. Commands are only analysed, never executed. Each test runs at its `time`, or at a fixed instant
 * (Wednesday 2026-01-07 12:00 UTC) so a result never depends on when the suite runs; in shadow mode the
 * would-be verdict is what is compared.
 */
import { DEFAULT_CWD, analyzeReady } from '../analyze/index.js';
import type { ActionRequest } from '../analyze/request.js';
import { evaluate } from './evaluate.js';
import type { Policy, PolicyTest } from './model.js';
import type { Decision } from './types.js';

/** When a test names no `time`. */
export const DEFAULT_TEST_TIME = '2026-01-07T12:00:00Z';
/** The agent a test runs as when it names none. */
export const DEFAULT_TEST_AGENT = 'policy-test';

export interface PolicyTestResult {
  test: PolicyTest;
  ok: boolean;
  /** The decision (undefined only when the command could not be analysed at all). */
  decision?: Decision;
  /** What went wrong, in one line, when `ok` is false. */
  failure?: string;
}

/** Run `tests` (default: the policy's own, except the built-in layer's) and report each. Never throws. */
export async function runPolicyTests(
  policy: Policy,
  tests: readonly PolicyTest[] = policy.tests.filter((t) => t.origin.layer !== 'builtin'),
): Promise<PolicyTestResult[]> {
  const out: PolicyTestResult[] = [];
  for (const test of tests) {
    const cwd = test.cwd ?? DEFAULT_CWD;
    const agent = test.agent ?? DEFAULT_TEST_AGENT;
    const request: ActionRequest = { kind: 'shell', agent, cwd, command: test.command };
    let decision: Decision;
    try {
      const actions = await analyzeReady({ command: test.command, cwd });
      decision = evaluate(actions, policy, {
        agent,
        request,
        time: new Date(test.time ?? DEFAULT_TEST_TIME),
      });
    } catch (err) {
      out.push({
        test,
        ok: false,
        failure: `could not analyse the command: ${err instanceof Error ? err.message : String(err)}`,
      });
      continue;
    }
    const verdict = decision.shadowVerdict ?? decision.verdict;
    const wrongVerdict = verdict !== test.expect;
    const wrongRule = test.rule !== undefined && decision.rule !== test.rule;
    if (!wrongVerdict && !wrongRule) {
      out.push({ test, ok: true, decision });
      continue;
    }
    const expected = `${test.expect}${test.rule !== undefined ? ` by ${test.rule}` : ''}`;
    out.push({
      test,
      ok: false,
      decision,
      failure: `expected ${expected}, got ${verdict} by ${decision.rule} (risk ${decision.risk})`,
    });
  }
  return out;
}
