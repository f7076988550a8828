/**
 * Which credentials a brokered command gets (the `bindings:` of gate.yaml, `src/gate/config.ts`), decided from
 * the actions the gate judged, never from the command text: the analyzer already knows that
 * `kubectl --context prod …` is kubectl in prod and that `ssh db1 psql …` reaches db1. Pure: compiled once at
 * boot, matched per run.
 *
 * A binding matches a request when one of its actions has a matching tool (the action's own tool, or the command
 * that carried it: `ssh` for `ssh host cmd`), the binding's env (if it names one) and a target matching its glob
 * (if it has one; the hosts a command went through count as targets). Every matching binding contributes; two that
 * would set one variable to different secrets are a conflict, and a conflict runs nothing (the caller refuses).
 */
import type { Action, Env } from '../analyze/types.js';
import { isForbiddenEnvName, type BindingConfig } from '../gate/config.js';
import { compileGlob, type Glob } from '../policy/glob.js';

export interface CompiledBinding {
  /** Its `name`, or `#<position>:<tool>@<env>`: what the audit trail shows. */
  name: string;
  tool: Glob;
  env?: Env;
  target?: Glob;
  /** ENV_NAME → secret name, injected as the value. */
  vars: Readonly<Record<string, string>>;
  /** ENV_NAME → secret name, written to a 0600 file whose path is the value. */
  files: Readonly<Record<string, string>>;
}

/** What a run gets: the bindings that matched and the variables they set, by secret name (no values here). */
export interface MatchedCredentials {
  bindings: string[];
  vars: Record<string, string>;
  files: Record<string, string>;
  /** Variables two matching bindings set to different secrets; non-empty means: do not run. */
  conflicts: string[];
}

/** Compile the config's bindings (globs once). Throws on a bad glob or a forbidden name (the gate won't start). */
export function compileBindings(configs: readonly BindingConfig[]): CompiledBinding[] {
  return configs.map((b, i) => {
    for (const name of [...Object.keys(b.vars ?? {}), ...Object.keys(b.files ?? {})]) {
      // The schema refuses these already; this keeps a binding built in code from slipping one past.
      if (isForbiddenEnvName(name)) throw new Error(`binding ${i + 1}: ${name} may not be set`);
    }
    return {
      name: b.name ?? `#${i + 1}:${b.tool}@${b.env ?? '*'}`,
      tool: compileGlob(b.tool),
      ...(b.env ? { env: b.env } : {}),
      ...(b.target ? { target: compileGlob(b.target) } : {}),
      vars: { ...b.vars },
      files: { ...b.files },
    };
  });
}

/** The tools an action counts as: its own, and the head of each wrapper it came through (`ssh prod-1` → ssh). */
function toolsOf(a: Action): string[] {
  return [a.tool, ...a.via.map((v) => v.split(/\s+/)[0] ?? '')].filter((t) => t !== '');
}

/** Its targets, plus the arguments of the wrappers it came through (the host of `ssh prod-1`). */
function targetsOf(a: Action): string[] {
  return [...a.targets, ...a.via.flatMap((v) => v.split(/\s+/).slice(1))];
}

function matches(b: CompiledBinding, a: Action): boolean {
  if (b.env !== undefined && a.env !== b.env) return false;
  if (!toolsOf(a).some((t) => b.tool.test(t))) return false;
  const target = b.target;
  return target === undefined || targetsOf(a).some((t) => target.test(t));
}

/** The credentials for a request whose decided actions are `actions`. Pure. */
export function matchBindings(
  bindings: readonly CompiledBinding[],
  actions: readonly Action[],
): MatchedCredentials {
  const out: MatchedCredentials = { bindings: [], vars: {}, files: {}, conflicts: [] };
  const setBy = new Map<string, { secret: string; binding: string }>();
  for (const b of bindings) {
    if (!actions.some((a) => matches(b, a))) continue;
    out.bindings.push(b.name);
    for (const [kind, table] of [
      ['vars', b.vars],
      ['files', b.files],
    ] as const) {
      for (const [env, secret] of Object.entries(table)) {
        const prior = setBy.get(env);
        if (prior && prior.secret !== secret) {
          out.conflicts.push(`${env} (bindings ${prior.binding} and ${b.name})`);
          continue;
        }
        if (prior) continue;
        setBy.set(env, { secret, binding: b.name });
        out[kind][env] = secret;
      }
    }
  }
  return out;
}

/** The secret names a match needs, each once. */
export function secretNames(m: MatchedCredentials): string[] {
  return [...new Set([...Object.values(m.vars), ...Object.values(m.files)])];
}
