/**
 * Shared helpers for analyzer tests (not part of the build). Tool model tests are literal tables:
 *
 *   const flagged: Flagged[] = [['rm -rf /', 'catastrophic', 'fs/rm-system'], ...];
 *   const allowed: Allowed[] = ['rm -rf node_modules', ...];
 *   expectTable(flagged, allowed);
 *
 * A flagged row asserts the highest risk and the rule id of the action that carries it (the deciding action);
 * an allowed row asserts the built-in verdict is allow. Dangerous commands here are data: nothing is executed.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { analyze, initAnalyzer } from './index.js';
import { RISK_ORDER, type Action, type Risk } from './types.js';
import { decideBuiltin } from '../policy/builtin.js';

/** [command, expected risk, expected rule id, optional cwd] */
export type Flagged = readonly [command: string, risk: Risk, rule: string, cwd?: string];
/** command, or [command, cwd] */
export type Allowed = string | readonly [command: string, cwd: string];

export const PROJECT = '/home/dev/project';

/** The action with the highest risk (unknown effect counts as high); the first such wins. */
export function deciding(actions: readonly Action[]): Action | undefined {
  let best: Action | undefined;
  for (const a of actions) {
    if (!best || RISK_ORDER[a.risk] > RISK_ORDER[best.risk]) best = a;
  }
  return best;
}

export function judge(command: string, cwd: string = PROJECT): { actions: Action[]; top: Action | undefined } {
  const actions = analyze({ command, cwd });
  return { actions, top: deciding(actions) };
}

/** Run a literal table of flagged and allowed commands. */
export function expectTable(flagged: readonly Flagged[], allowed: readonly Allowed[]): void {
  beforeAll(async () => {
    await initAnalyzer();
  });
  describe('flagged', () => {
    it.each(flagged.map((row) => [row[0], row] as const))('%s', (_name, [command, risk, rule, cwd]) => {
      const { top, actions } = judge(command, cwd);
      expect(top, JSON.stringify(actions, null, 1)).toBeDefined();
      expect({ risk: top?.risk, rule: top?.rule }).toEqual({ risk, rule });
    });
  });
  describe('allowed', () => {
    it.each(allowed.map((row) => [typeof row === 'string' ? row : row[0], row] as const))('%s', (_name, row) => {
      const [command, cwd] = typeof row === 'string' ? [row, PROJECT] : row;
      const actions = analyze({ command, cwd });
      const decision = decideBuiltin(actions);
      expect({ verdict: decision.verdict, rule: decision.rule, reasons: decision.reasons }).toMatchObject({ verdict: 'allow' });
    });
  });
}
