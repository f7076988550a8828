/**
 * State one shell carries from command to command while a script is analysed: variables, aliases, functions,
 * the working directory, and files the script itself wrote (so `cat > x.sh <<EOF ... EOF; sh x.sh` is seen).
 */
import type { Node } from 'web-tree-sitter';
import type { Env, Action } from '../types.js';

export interface Scope {
  vars: Map<string, string>;
  /** Variables known to be set but with a value we cannot know, with the text they were set from. */
  dynamicVars: Map<string, string>;
  exported: Map<string, string>;
  aliases: Map<string, string>;
  functions: Map<string, Node>;
  /** Contents of files this script wrote with a statically known text. */
  files: Map<string, string>;
  cwd: string;
}

/** Where we are in the unwrapping: the path so far and what it implies. */
export interface Frame {
  scope: Scope;
  via: readonly string[];
  /** Environment implied by the hops so far (ssh host, kube context). */
  hopEnv: Env;
  /** True once a hop crossed to another machine or container: local cwd no longer applies. */
  remote: boolean;
  depth: number;
  /** Variables set for this one command only (prefix assignments, env VAR=...). */
  cmdEnv: Readonly<Record<string, string>>;
}

export function newScope(cwd: string, env: Readonly<Record<string, string>>): Scope {
  return {
    vars: new Map(Object.entries(env)),
    dynamicVars: new Map(),
    exported: new Map(Object.entries(env)),
    aliases: new Map(),
    functions: new Map(),
    files: new Map(),
    cwd,
  };
}

/** A subshell: a copy, so its `cd` and assignments don't leak out. */
export function copyScope(s: Scope): Scope {
  return {
    vars: new Map(s.vars),
    dynamicVars: new Map(s.dynamicVars),
    exported: new Map(s.exported),
    aliases: new Map(s.aliases),
    functions: new Map(s.functions),
    files: s.files,
    cwd: s.cwd,
  };
}

/** Limits that keep one hostile input from stalling an agent. */
export interface Budget {
  nodes: number;
  commands: number;
  depth: number;
  /** Total characters parsed, nested scripts included (each `bash -c` level re-parses its payload). */
  chars: number;
}

export const DEFAULT_BUDGET: Budget = { nodes: 200_000, commands: 4_000, depth: 48, chars: 1_000_000 };

/** Thrown inside the engine only, to unwind when the budget is spent; never escapes analyze(). */
export class BudgetExceeded extends Error {
  constructor(readonly what: string) {
    super(what);
  }
}

export interface Run {
  actions: Action[];
  nodes: number;
  commands: number;
  chars: number;
  readonly budget: Budget;
}
