/** The shapes of `portcullis identity plan`: recipes made of explained blocks. */
import type { Family } from './bindings.js';

/** One thing to apply or paste: a manifest, a policy document, SQL, shell. */
export interface Block {
  title: string;
  /** yaml and json blocks always parse (tests check every one). */
  lang: 'yaml' | 'json' | 'sql' | 'sh' | 'text';
  /** A suggested file name, when the block is meant to be saved. */
  file?: string;
  body: string;
}

/** The read-only standing identity for one tool family, and the gate's side of it. */
export interface Recipe {
  family: Family;
  title: string;
  /** The bindings this recipe answers (`kubectl (env prod)`); empty when planned for every family. */
  covers: string[];
  summary: string;
  blocks: Block[];
  notes: string[];
}

/** Names the recipes use; all overridable so a plan fits an existing cluster. */
export interface PlanNames {
  /** Kubernetes namespace of the two service accounts. */
  namespace: string;
  /** The agent's read-only service account. */
  agentAccount: string;
  /** The gate's service account: the only user the admission policy lets delete protected objects. */
  gateAccount: string;
  /** The label that marks protected objects. */
  label: string;
}

export const DEFAULT_NAMES: PlanNames = {
  namespace: 'portcullis',
  agentAccount: 'portcullis-agent',
  gateAccount: 'portcullis-gate',
  label: 'portcullis.dev/protected',
};

/** The whole plan. */
export interface IdentityPlan {
  recipes: Recipe[];
  /** Bound tools without a recipe (`proxmox`): listed so nothing is silently skipped. */
  unknown: string[];
  /** Set when the config binds nothing and the plan covers every family. */
  note?: string;
}
