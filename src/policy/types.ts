/** Decision types (DESIGN.md §3). */
import type { Action, Risk } from '../analyze/types.js';

export type Verdict = 'allow' | 'ask' | 'deny';

export interface Decision {
  verdict: Verdict;
  /** The highest action risk. */
  risk: Risk;
  /** The policy rule (or analyzer rule) that decided. */
  rule: string;
  reasons: string[];
  actions: Action[];
  approvals?: { required: number; approverGroups?: string[]; ttlSeconds: number };
}
