/**
 * The shared shape of the SQL classifier: what a statement does (a finding), the options it is judged under,
 * and where side effects (server-side shell commands, database switches) are collected.
 */
import type { Effect, Risk } from '../types.js';
import { RISK_ORDER } from '../types.js';
import type { SqlDialect, Token } from './db-sql-lex.js';

export interface SqlFinding {
  verb: string;
  effect: Effect;
  risk: Risk;
  rule: string;
  targets: string[];
  reasons: string[];
}

export interface SqlOptions {
  dialect: SqlDialect;
  /** Risk of destroying a whole database named `name` (catastrophic unless it is clearly dev/test/local). */
  dbLevel: (name: string | undefined, switched?: readonly string[]) => Risk;
}

/** Side effects found while classifying: shell commands the server runs, SQL files it reads. */
export interface SqlSink {
  shell: string[];
  dbNames: string[];
}

/** The statement classifier, passed to helpers that recurse into nested SQL. */
export type Classify = (
  tokens: readonly Token[],
  opts: SqlOptions,
  sink: SqlSink,
  depth: number,
) => SqlFinding;

/** A finding; the effect follows from the risk unless given. */
export function f(
  verb: string,
  risk: Risk,
  rule: string,
  targets: string[],
  reason: string,
  effect?: Effect,
): SqlFinding {
  const e: Effect = effect ?? (risk === 'none' ? 'read' : risk === 'low' ? 'write' : 'delete');
  return { verb, effect: e, risk, rule, targets, reasons: [reason] };
}

/** The worst finding of a list (first wins on ties). */
export function worst(list: readonly SqlFinding[]): SqlFinding | undefined {
  let best: SqlFinding | undefined;
  for (const x of list) if (!best || RISK_ORDER[x.risk] > RISK_ORDER[best.risk]) best = x;
  return best;
}
