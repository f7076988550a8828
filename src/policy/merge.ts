/**
 * Merging layers: built-in, then system, then user (or an explicit file), then the project file.
 *
 * System and user files have full power: later layers override `mode`, `timezone`-free scalars, `approvals`
 * fields and each `defaults` key; their rules are concatenated (built-in first, so the built-in self-protection
 * always runs first); `protect`, `environments`, `limits` and `tests` accumulate.
 *
 * **A project file can only tighten** (an agent can write into its project; it must not loosen its own leash).
 * Anything in it that would loosen is refused with its line, and the whole policy does not load
 * (`policy/loosens`): no `mode: shadow`; no rule whose verdict is `allow`; no default below the one it
 * overrides; no `approvals.required` below, nor `approvals.ttl` above, the merged value; no `approverGroups`
 * anywhere (naming who approves is not the project's call). What it adds can only add: its protections and
 * environment matchers accumulate, its limits join the others (the gate applies the lowest), and its rules are
 * kept apart (`Policy.projectRules`) and combined with the base result by "strictest wins", so no base allow
 * rule can shadow them. There is no syntax to remove a protection, so none can be removed.
 */
import { PolicyError, type PolicyProblem } from './errors.js';
import type { CompiledLayer } from './compile.js';
import type { CompiledProtect, CompiledRule, Origin, Policy } from './model.js';
import {
  DEFAULT_TTL_SECONDS,
  compareOutcomes,
  describeOutcome,
  resolveOutcome,
  type Approvals,
  type Outcome,
  type OutcomeSpec,
} from './outcome.js';
import { DEFAULT_KEYS, type DefaultKey } from './schema.js';

type DefaultsSpec = Record<DefaultKey, { spec: OutcomeSpec; origin: Origin }>;

const asSpec = (d: string | OutcomeSpec): OutcomeSpec =>
  typeof d === 'string' ? { verdict: d as OutcomeSpec['verdict'] } : d;

/** The fallback when no layer sets a default (the built-in layer always does; this is for `compilePolicy` alone). */
const FALLBACK: OutcomeSpec = { verdict: 'ask' };

function baseApprovals(layers: readonly CompiledLayer[]): Approvals {
  let out: Approvals = { required: 1, ttlSeconds: DEFAULT_TTL_SECONDS };
  for (const l of layers) {
    const a = l.source.data.approvals;
    if (!a) continue;
    out = {
      required: a.required ?? out.required,
      ttlSeconds: a.ttl ?? out.ttlSeconds,
      ...((a.approverGroups ?? out.approverGroups)
        ? { approverGroups: a.approverGroups ?? out.approverGroups }
        : {}),
    };
  }
  return out;
}

function baseDefaults(layers: readonly CompiledLayer[]): DefaultsSpec {
  const builtinOrigin: Origin = { file: '<none>', layer: 'builtin', line: 0 };
  const out = Object.fromEntries(
    DEFAULT_KEYS.map((k) => [k, { spec: FALLBACK, origin: builtinOrigin }]),
  ) as DefaultsSpec;
  for (const l of layers) {
    for (const k of DEFAULT_KEYS) {
      const d = l.source.data.defaults?.[k];
      if (d === undefined) continue;
      out[k] = {
        spec: asSpec(d),
        origin: {
          file: l.source.file,
          layer: l.kind,
          line: l.source.problem(['defaults', k], '').line,
        },
      };
    }
  }
  return out;
}

/** Every way `project` would loosen the base, located in the project file. */
function loosening(
  project: CompiledLayer,
  approvals: Approvals,
  defaults: DefaultsSpec,
): PolicyProblem[] {
  const at = project.source.problem;
  const data = project.source.data;
  const out: PolicyProblem[] = [];
  if (data.mode === 'shadow')
    out.push(at(['mode'], 'a project file cannot switch the gate to shadow mode'));
  if (data.approvals?.required !== undefined && data.approvals.required < approvals.required) {
    out.push(
      at(
        ['approvals', 'required'],
        `lowers the approvals an ask needs from ${approvals.required} to ${data.approvals.required}`,
      ),
    );
  }
  if (data.approvals?.ttl !== undefined && data.approvals.ttl > approvals.ttlSeconds) {
    out.push(
      at(
        ['approvals', 'ttl'],
        `lengthens approval validity from ${approvals.ttlSeconds} s to ${data.approvals.ttl} s`,
      ),
    );
  }
  const groups = (path: (string | number)[], v: { approverGroups?: unknown }): void => {
    if (v.approverGroups !== undefined)
      out.push(at([...path, 'approverGroups'], 'a project file cannot choose who approves'));
  };
  if (data.approvals) groups(['approvals'], data.approvals);
  data.rules?.forEach((r, i) => {
    if (r.verdict === 'allow')
      out.push(
        at(['rules', i, 'verdict'], `rule "${r.id}" allows; a project rule may only ask or deny`),
      );
    groups(['rules', i], r);
  });
  data.protect?.forEach((p, i) => {
    groups(['protect', i], p);
  });
  const merged: Approvals = {
    ...approvals,
    required: Math.max(approvals.required, data.approvals?.required ?? 0),
  };
  for (const k of DEFAULT_KEYS) {
    const d = data.defaults?.[k];
    if (d === undefined) continue;
    const spec = asSpec(d);
    if (typeof d !== 'string') groups(['defaults', k], d);
    const mine = resolveOutcome(spec, merged);
    const theirs = resolveOutcome(defaults[k].spec, approvals);
    if (compareOutcomes(mine, theirs) < 0) {
      out.push(
        at(
          ['defaults', k],
          `loosens "${k}" from ${describeOutcome(theirs)} (${defaults[k].origin.file}) to ${describeOutcome(mine)}`,
        ),
      );
    }
  }
  return out.sort((a, b) => a.line - b.line || a.col - b.col);
}

function duplicateIds(layers: readonly CompiledLayer[]): PolicyProblem[] {
  const out: PolicyProblem[] = [];
  const seenBy = { protect: new Map<string, string>(), rules: new Map<string, string>() };
  for (const l of layers) {
    for (const [section, key] of [
      ['protect', 'protect'],
      ['rules', 'rules'],
    ] as const) {
      const seen = seenBy[section];
      (l.source.data[key] ?? []).forEach((entry, i) => {
        if (entry.id === undefined) return;
        const first = seen.get(entry.id);
        if (first !== undefined) {
          const where = first === l.source.file ? 'this file' : first;
          out.push(
            l.source.problem(
              [section, i, 'id'],
              `${section === 'rules' ? 'rule' : 'protection'} id "${entry.id}" is already used in ${where}`,
            ),
          );
        }
        seen.set(entry.id, first ?? l.source.file);
      });
    }
  }
  return out;
}

/**
 * Merge compiled layers (in order: built-in, system, user or explicit file, project) into one Policy.
 * Throws `PolicyError` with `policy/loosens` when the project layer would loosen, `policy/invalid` on clashing ids.
 */
export function mergeLayers(layers: readonly CompiledLayer[]): Omit<Policy, 'version'> {
  const base = layers.filter((l) => l.kind !== 'project');
  const project = layers.find((l) => l.kind === 'project');
  let approvals = baseApprovals(base);
  const defaultsSpec = baseDefaults(base);

  const clashes = duplicateIds(layers);
  if (clashes.length > 0) throw new PolicyError('policy/invalid', clashes);
  if (project) {
    const problems = loosening(project, approvals, defaultsSpec);
    if (problems.length > 0) throw new PolicyError('policy/loosens', problems);
    const p = project.source.data.approvals;
    approvals = {
      ...approvals,
      required: Math.max(approvals.required, p?.required ?? 0),
      ttlSeconds: Math.min(approvals.ttlSeconds, p?.ttl ?? Infinity),
    };
    for (const k of DEFAULT_KEYS) {
      const d = project.source.data.defaults?.[k];
      if (d !== undefined)
        defaultsSpec[k] = {
          spec: asSpec(d),
          origin: {
            file: project.source.file,
            layer: 'project',
            line: project.source.problem(['defaults', k], '').line,
          },
        };
    }
  }

  const resolve = (spec: OutcomeSpec): Outcome => resolveOutcome(spec, approvals);
  const rulesOf = (ls: readonly CompiledLayer[]): CompiledRule[] =>
    ls.flatMap((l) => l.rules.map((r) => ({ ...r, outcome: resolve(r.spec) })));
  const protect: CompiledProtect[] = layers
    .flatMap((l) => l.protect)
    .map((p, n) => ({
      name: `protect/${p.spec.id ?? String(n)}`,
      origin: p.origin,
      spec: p.spec,
      outcome: resolve(p.spec),
      matches: p.matches,
    }));
  const defaults = Object.fromEntries(
    DEFAULT_KEYS.map((k) => [
      k,
      { outcome: resolve(defaultsSpec[k].spec), origin: defaultsSpec[k].origin },
    ]),
  ) as Policy['defaults'];

  let mode: Policy['mode'] = 'enforce';
  for (const l of layers) mode = l.source.data.mode ?? mode;

  return {
    mode,
    defaults,
    approvals,
    environments: layers.flatMap((l) => l.environments),
    protect,
    rules: rulesOf(base),
    projectRules: rulesOf(project ? [project] : []),
    limits: layers.flatMap((l) => l.limits),
    tests: layers.flatMap((l) => l.tests),
    layers: layers.map((l) => ({ file: l.source.file, kind: l.kind })),
  };
}
