/** Decision types (DESIGN.md §3). */
import type { Action, Risk } from '../analyze/types.js';

export type Verdict = 'allow' | 'ask' | 'deny';

export interface Decision {
  verdict: Verdict;
  /** The highest action risk. */
  risk: Risk;
  /**
   * The policy rule (or analyzer rule) that decided: `rules/<id>`, `protect/<id|n>`, `defaults/<risk>`,
   * `defaults/unknown`, `policy/nothing-to-do`, or `policy/error` (evaluation failed: always a deny).
   */
  rule: string;
  reasons: string[];
  actions: Action[];
  approvals?: { required: number; approverGroups?: string[]; ttlSeconds: number };
  /**
   * Set only when the policy is in shadow mode: the verdict enforcement would have given. `verdict` is then
   * `allow` (shadow mode decides and audits but never blocks), and `rule` names the entry that would have decided.
   */
  shadowVerdict?: Verdict;
  /** In shadow mode, the approvals an ask would have needed (`approvals` itself is absent on an allow). */
  shadowApprovals?: { required: number; approverGroups?: string[]; ttlSeconds: number };
}
