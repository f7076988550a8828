/**
 * Core analyzer types (DESIGN.md §3). Other parts of Portcullis, other agents and the CLI's JSON output rely
 * on these shapes: change them on purpose.
 */

export type Effect = 'read' | 'write' | 'delete' | 'destroy' | 'exec' | 'unknown';
export type Risk = 'none' | 'low' | 'high' | 'catastrophic';
export type Env = 'prod' | 'staging' | 'dev' | 'test' | 'local' | 'unknown';

/** One thing a request would do. */
export interface Action {
  /** "git", "rm", "kubectl", "psql", "zfs", "mcp:github", "file" ... */
  tool: string;
  /** "push --force", "delete namespace", "DROP TABLE", "write" */
  verb: string;
  effect: Effect;
  risk: Risk;
  /** Paths, branches, resources, hosts, tables, datasets. */
  targets: string[];
  /** Derived from context flags, profiles, hosts, stack names, cwd. */
  env: Env;
  reversible: boolean;
  /** Human sentences: why this risk. */
  reasons: string[];
  /** Analyzer rule id, e.g. "git/force-push", "shell/pipe-to-shell". */
  rule: string;
  /** The unwrapping path: ["ssh prod-1", "sudo", "bash -c"]. */
  via: string[];
}

/** What the analyzer is asked about: one shell command line (possibly a multi-line script). */
export interface CommandRequest {
  command: string;
  /** Working directory the command would run in; defaults to an unknown project directory. */
  cwd?: string;
  /** Environment variables known to be set for the command (e.g. from the agent's session). */
  env?: Readonly<Record<string, string>>;
}

export const RISK_ORDER: Readonly<Record<Risk, number>> = {
  none: 0,
  low: 1,
  high: 2,
  catastrophic: 3,
};

/** The higher of two risks. */
export function maxRisk(a: Risk, b: Risk): Risk {
  return RISK_ORDER[a] >= RISK_ORDER[b] ? a : b;
}
