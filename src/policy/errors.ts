/**
 * The policy's error family. A policy that cannot be read, parsed, validated or compiled — or a project file that
 * tries to loosen the policy above it — refuses to load with one `PolicyError` that lists every problem with its
 * file, line and column. Callers fail closed on it: no policy, no allow.
 */

/** Why a policy refused to load. */
export type PolicyErrorCode =
  /** A file exists but cannot be read (permissions, a directory, too large). */
  | 'policy/unreadable'
  /** Not valid YAML. */
  | 'policy/yaml'
  /** Valid YAML, but not a valid policy (schema, CEL, globs, duplicate ids). */
  | 'policy/invalid'
  /** A project file (`.portcullis.yaml`) tries to loosen the policy it is layered on. */
  | 'policy/loosens';

/** One located problem. `line` and `col` are 1-based; 0 when the problem concerns the whole file. */
export interface PolicyProblem {
  file: string;
  line: number;
  col: number;
  /** The field, as a path: `rules[2].when`, `defaults.high`. Empty for the whole document. */
  field: string;
  message: string;
}

/** Render one problem as `file:line:col: field: message` (the format editors and CI logs link on). */
export function formatProblem(p: PolicyProblem): string {
  const where = p.line > 0 ? `${p.file}:${p.line}:${p.col}` : p.file;
  return `${where}: ${p.field === '' ? '' : `${p.field}: `}${p.message}`;
}

/** An internal fault of the policy layer: the policy did not load. Never a verdict. */
export class PolicyError extends Error {
  override readonly name = 'PolicyError';
  readonly code: PolicyErrorCode;
  readonly problems: readonly PolicyProblem[];

  constructor(code: PolicyErrorCode, problems: readonly PolicyProblem[]) {
    const files = [...new Set(problems.map((p) => p.file))].join(', ');
    const head =
      code === 'policy/loosens'
        ? `a project policy may only tighten the policy above it (${files})`
        : `invalid policy (${files})`;
    super([`${head}:`, ...problems.map((p) => `  ${formatProblem(p)}`)].join('\n'));
    this.code = code;
    this.problems = problems;
  }
}

/** Render a field path the way a policy author reads it: `rules[2].when`. */
export function fieldName(path: readonly PropertyKey[]): string {
  let out = '';
  for (const k of path) {
    if (typeof k === 'number') out += `[${k}]`;
    else out += out === '' ? String(k) : `.${String(k)}`;
  }
  return out;
}
