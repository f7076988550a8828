/**
 * Compile one validated policy file into a layer: globs, CEL conditions, matchers and the time zone are
 * built here, once. Problems are collected (not thrown one at a time) so the author sees all of them at once.
 */
import type { Action, Effect } from '../analyze/types.js';
import { compileCondition } from './cel.js';
import type { PolicyProblem } from './errors.js';
import { GlobError, compileGlob, compilePathGlob, isPathLike, type Glob } from './glob.js';
import type {
  CompiledRule,
  EnvMatcher,
  LayerKind,
  Origin,
  PolicyLimit,
  PolicyTest,
  TimeZone,
} from './model.js';
import type { OutcomeSpec } from './outcome.js';
import type { MatchSpec, ProtectSpec } from './schema.js';
import { ENVS } from './schema.js';
import type { PolicySource } from './source.js';
import { compileTimeZone } from './time.js';

/** A rule before its outcome is resolved against the merged `approvals` defaults. */
export type LayerRule = Omit<CompiledRule, 'outcome'>;

export interface LayerProtect {
  spec: ProtectSpec;
  origin: Origin;
  matches: (action: Action) => boolean;
}

export interface CompiledLayer {
  source: PolicySource;
  kind: LayerKind;
  rules: LayerRule[];
  protect: LayerProtect[];
  environments: EnvMatcher[];
  limits: PolicyLimit[];
  tests: PolicyTest[];
}

const NOT_READ: readonly Effect[] = ['write', 'delete', 'destroy', 'exec', 'unknown'];
const ENV_PREFIXES = ['host', 'context', 'target', 'cwd'] as const;

const list = <T>(v: T | readonly T[] | undefined): readonly T[] =>
  v === undefined ? [] : Array.isArray(v) ? v : [v as T];
const ruleFamily = (a: Action): string => (a.rule.split('/')[0] ?? '').toLowerCase();
/** The word(s) after each hop's launcher: `ssh db1.prod` → `db1.prod`, `kubectl exec web` → `web`. */
const hopSubjects = (a: Action): string[] => a.via.flatMap((v) => v.split(/\s+/).slice(1));

class Compiler {
  readonly problems: PolicyProblem[] = [];
  constructor(
    readonly source: PolicySource,
    readonly kind: LayerKind,
  ) {}

  origin(path: (string | number)[]): Origin {
    return { file: this.source.file, layer: this.kind, line: this.source.problem(path, '').line };
  }

  fail(path: (string | number)[], message: string): void {
    this.problems.push(this.source.problem(path, message));
  }

  glob(pattern: string, path: (string | number)[], asPath = false): Glob | undefined {
    try {
      return asPath ? compilePathGlob(pattern) : compileGlob(pattern);
    } catch (err) {
      this.fail(path, err instanceof GlobError ? err.message : String(err));
      return undefined;
    }
  }

  globs(v: string | readonly string[] | undefined, path: (string | number)[]): Glob[] {
    const items = list(v);
    return items.flatMap((p, i) => this.glob(p, typeof v === 'string' ? path : [...path, i]) ?? []);
  }

  /** `approvals`, `approverGroups` and `ttl` only mean something on an ask. */
  askOnly(spec: OutcomeSpec, path: (string | number)[]): void {
    if (spec.verdict === 'ask') return;
    for (const k of ['approvals', 'approverGroups', 'ttl'] as const) {
      if (spec[k] !== undefined)
        this.fail([...path, k], `only an "ask" takes ${k} (this entry says "${spec.verdict}")`);
    }
  }

  timezone(): TimeZone {
    const name = this.source.data.timezone ?? 'UTC';
    const tz = compileTimeZone(name);
    if (tz) return tz;
    this.fail(
      ['timezone'],
      `unknown time zone "${name}" (use an IANA name such as "Europe/Berlin")`,
    );
    return { name: 'UTC' };
  }

  match(spec: MatchSpec, path: (string | number)[]): (a: Action, agent: string) => boolean {
    const tools = this.globs(spec.tool, [...path, 'tool']);
    const verbs = this.globs(spec.verb, [...path, 'verb']);
    const rules = this.globs(spec.rule, [...path, 'rule']);
    const targets = this.globs(spec.target, [...path, 'target']);
    const agents = this.globs(spec.agent, [...path, 'agent']);
    const envs = new Set<string>(list(spec.env));
    const risks = new Set<string>(list(spec.risk));
    const effects = new Set<string>(list(spec.effect));
    const any = (gs: Glob[], v: string): boolean => gs.length === 0 || gs.some((g) => g.test(v));
    return (a, agent) =>
      (envs.size === 0 || envs.has(a.env)) &&
      (risks.size === 0 || risks.has(a.risk)) &&
      (effects.size === 0 || effects.has(a.effect)) &&
      any(tools, a.tool) &&
      any(verbs, a.verb) &&
      any(rules, a.rule) &&
      any(agents, agent) &&
      (targets.length === 0 || a.targets.some((t) => targets.some((g) => g.test(t))));
  }

  rules(timezone: TimeZone): LayerRule[] {
    return (this.source.data.rules ?? []).map((spec, i) => {
      const path = ['rules', i];
      this.askOnly(spec, path);
      const rule: LayerRule = {
        id: spec.id,
        name: `rules/${spec.id}`,
        origin: this.origin(path),
        spec,
        timezone,
      };
      if (spec.match) rule.match = this.match(spec.match, [...path, 'match']);
      if (spec.when !== undefined) {
        const c = compileCondition(spec.when);
        if (typeof c === 'function') rule.when = c;
        else this.fail([...path, 'when'], c.error);
      }
      return rule;
    });
  }

  protect(): LayerProtect[] {
    return (this.source.data.protect ?? []).map((spec, i) => {
      const path = ['protect', i];
      this.askOnly(spec, path);
      const effects = new Set<Effect>(spec.effects ?? NOT_READ);
      const matchers: ((a: Action, deep: boolean) => boolean)[] = [];
      list(spec.match).forEach((m, j) => {
        const at = typeof spec.match === 'string' ? [...path, 'match'] : [...path, 'match', j];
        const colon = m.indexOf(':');
        if (colon <= 0 || colon === m.length - 1) {
          this.fail(
            at,
            `write "family:pattern" (e.g. "zfs:tank/photos*", "path:~/.ssh", "*:prod-db"), not "${m}"`,
          );
          return;
        }
        const family = m.slice(0, colon).toLowerCase();
        const isPath = family === 'path';
        const g = this.glob(m.slice(colon + 1), at, isPath);
        if (!g) return;
        const covers = (t: string, deep: boolean): boolean =>
          g.test(t) || (deep && g.ancestorOf(t));
        if (isPath)
          matchers.push((a, deep) => a.targets.some((t) => isPathLike(t) && covers(t, deep)));
        else {
          const familyOk = (a: Action): boolean => {
            const tool = a.tool.toLowerCase();
            return (
              family === '*' ||
              tool === family ||
              tool.startsWith(`${family}:`) ||
              ruleFamily(a) === family
            );
          };
          matchers.push((a, deep) => familyOk(a) && a.targets.some((t) => covers(t, deep)));
        }
      });
      const matches = (a: Action): boolean => {
        if (!effects.has(a.effect)) return false;
        // Deleting a parent deletes what is protected inside it.
        const deep = a.effect === 'delete' || a.effect === 'destroy';
        return matchers.some((m) => m(a, deep));
      };
      return { spec, origin: this.origin(path), matches };
    });
  }

  environments(): EnvMatcher[] {
    const out: EnvMatcher[] = [];
    const specs = this.source.data.environments ?? {};
    for (const env of ENVS) {
      const entry = specs[env];
      if (entry === undefined) continue;
      const patterns = Array.isArray(entry) ? entry : list(entry.match);
      const base = Array.isArray(entry) ? ['environments', env] : ['environments', env, 'match'];
      patterns.forEach((pattern, i) => {
        const at =
          patterns.length === 1 && !Array.isArray(entry) && typeof entry.match === 'string'
            ? base
            : [...base, i];
        const colon = pattern.indexOf(':');
        const prefix = ENV_PREFIXES.find((p) => colon > 0 && pattern.slice(0, colon) === p);
        const g = this.glob(prefix ? pattern.slice(colon + 1) : pattern, at);
        if (!g) return;
        const origin = this.origin(at);
        let test: EnvMatcher['test'];
        if (prefix === 'cwd') test = (_a, cwd) => cwd !== undefined && g.test(cwd);
        else if (prefix === 'target') test = (a) => a.targets.some((t) => g.test(t));
        else
          test = (a) => a.targets.some((t) => g.test(t)) || hopSubjects(a).some((h) => g.test(h));
        out.push({ env, pattern, origin, test });
      });
    }
    return out;
  }

  limits(): PolicyLimit[] {
    return (this.source.data.limits ?? []).flatMap((l, i) => {
      const g = this.glob(l.agent, ['limits', i, 'agent']);
      return g
        ? [{ ...l, origin: this.origin(['limits', i]), test: (agent: string) => g.test(agent) }]
        : [];
    });
  }
}

/** Compile one validated file. Returns the layer and every problem found (empty when it compiled). */
export function compileLayer(
  source: PolicySource,
  kind: LayerKind,
): { layer: CompiledLayer; problems: PolicyProblem[] } {
  const c = new Compiler(source, kind);
  const data = source.data;
  for (const key of Object.keys(data.defaults ?? {}) as (keyof NonNullable<
    typeof data.defaults
  >)[]) {
    const d = data.defaults?.[key];
    if (d !== undefined && typeof d !== 'string') c.askOnly(d, ['defaults', key]);
  }
  const timezone = c.timezone();
  const layer: CompiledLayer = {
    source,
    kind,
    rules: c.rules(timezone),
    protect: c.protect(),
    environments: c.environments(),
    limits: c.limits(),
    tests: (data.tests ?? []).map((t, i) => ({ ...t, origin: c.origin(['tests', i]) })),
  };
  const problems = [...c.problems].sort((a, b) => a.line - b.line || a.col - b.col);
  return { layer, problems };
}
