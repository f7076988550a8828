/**
 * The contract between the shell engine and the tool models (`src/analyze/tools/<family>.ts`). The engine
 * unwraps wrappers, nesting and indirection and hands each model one resolved invocation; the model knows the
 * tool's semantics (which sub-commands and flags destroy, which targets, which environment).
 */
import type { Action, Effect, Env, Risk } from './types.js';

/** One argument as the program would receive it. */
export interface Word {
  /** The value after quote removal and expansion; unresolved parts stay as written (`$DIR`, `$(...)`). */
  text: string;
  /** True when the value depends on something not known statically (a variable, a command's output). */
  dynamic: boolean;
}

/** The statically known text of what a command reads: all of it, or the known parts of a mixed stream. */
export function knownInput(p: Producer | undefined): string | undefined {
  if (p?.kind === 'text') return p.text;
  if (p?.kind === 'dynamic') return p.partial;
  return undefined;
}

/** What a command reads on standard input, when it matters (a shell or interpreter reading code). */
export type Producer =
  | { kind: 'text'; text: string }
  | { kind: 'remote'; source: string }
  | { kind: 'file'; path: string }
  /** Not statically known; `partial` holds the parts that are (`(crontab -l; echo '* * * * * x') | crontab -`). */
  | { kind: 'dynamic'; source: string; partial?: string };

export interface Redirect {
  /** `>`, `>>`, `<`, `&>`, `>|`, `&>>`, `>&` ... */
  op: string;
  fd: number | undefined;
  target: string;
  dynamic: boolean;
}

/** A command after unwrapping: what actually runs. */
export interface Invocation {
  /** Normalised program name: basename, no leading backslash (`/usr/bin/rm`, `\rm` → `rm`). */
  name: string;
  /** Arguments after the program name, as text. */
  args: readonly string[];
  /** The same arguments with their dynamic flags. */
  words: readonly Word[];
  redirects: readonly Redirect[];
  stdin: Producer | undefined;
}

/** What a model fills in; the engine adds env (when not given) and the via path. */
export interface ActionInit {
  tool?: string;
  verb: string;
  effect: Effect;
  risk: Risk;
  rule: string;
  targets?: readonly string[];
  reasons?: readonly string[];
  reversible?: boolean;
  env?: Env;
}

/** Services the engine offers a model: context, and recursion into payloads. */
export interface ToolContext {
  readonly cwd: string;
  /** Environment variables in effect (prefix assignments, `env`, `export`, the request's env). */
  readonly env: Readonly<Record<string, string>>;
  readonly via: readonly string[];
  /** Environment implied by the path so far (a remote host, a kube context of an exec hop), if any. */
  readonly hopEnv: Env;
  /** Build an action; env defaults to `envOf()` and via to the current path. */
  action(init: ActionInit): Action;
  /** The most serious environment among the hints, the hop, the env variables and the working directory. */
  envOf(...hints: ReadonlyArray<string | undefined>): Env;
  /** Text of a file this same command line wrote earlier (`cat > x <<EOF ... EOF; crontab x`), if known. */
  fileText(path: string): string | undefined;
  /** Analyse a nested shell script (e.g. `docker exec c sh -c '...'`), recording `hop` in via. */
  script(source: string, hop: string, opts?: HopOptions): Action[];
  /** Analyse an argv as a command (e.g. `kubectl exec pod -- rm -rf /data`), recording `hop` in via. */
  argv(words: readonly Word[], hop: string, opts?: HopOptions): Action[];
}

export interface HopOptions {
  /** The environment on the far side (derived from a host name, a context). */
  env?: Env;
  /** The far side is another machine or container: the local working directory does not apply. */
  remote?: boolean;
  cwd?: string;
  /**
   * What the payload reads on stdin. `argv` hops default to the invocation's own stdin (docker exec -i,
   * kubectl exec -i and ssh forward it); `script` hops get none unless given.
   */
  stdin?: Producer;
}

export interface ToolModel {
  /** Family name, also the file name: `git`, `fs`, `k8s` ... */
  readonly family: string;
  /** Program names this model understands (after normalisation). */
  readonly commands: readonly string[];
  /** Actions the invocation would perform; an empty list means "nothing worth recording". */
  analyze(inv: Invocation, ctx: ToolContext): Action[];
}

/** Define a tool model (keeps model files declarative and typed). */
export function defineTool(model: ToolModel): ToolModel {
  return model;
}
