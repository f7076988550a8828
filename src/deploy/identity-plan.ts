/**
 * `portcullis identity plan`: for each tool family the gate's bindings cover, how to give the agent a standing
 * identity that can look but not change, so that write and delete power exists only inside the broker. With no
 * bindings it plans every family. Output as text (to read and paste), YAML (the whole plan, for tools) or only
 * the Kubernetes manifests (to pipe into `kubectl apply -f -`).
 */
import { parseAllDocuments, stringify } from 'yaml';
import {
  describeBinding,
  FAMILIES,
  groupBindings,
  type BindingRef,
  type Family,
} from './bindings.js';
import type { IdentityPlan, PlanNames, Recipe } from './plan-types.js';
import { DEFAULT_NAMES } from './plan-types.js';
import { awsRecipe, dockerRecipe, postgresRecipe, sshRecipe } from './recipes-hosts.js';
import {
  admissionManifests,
  agentManifests,
  gateManifests,
  kubernetesRecipe,
  yamlDocs,
} from './recipes-k8s.js';

function recipeFor(
  family: Family,
  covers: string[],
  envs: string[],
  targets: string[],
  names: PlanNames,
): Recipe {
  switch (family) {
    case 'kubernetes':
      return kubernetesRecipe(names, covers, envs);
    case 'aws':
      return awsRecipe(covers, envs);
    case 'docker':
      return dockerRecipe(covers);
    case 'postgres':
      return postgresRecipe(covers, envs);
    case 'ssh':
      return sshRecipe(covers, targets);
  }
}

/** Build the plan for `bindings` (none: every family, with a note saying so). */
export function buildIdentityPlan(
  bindings: readonly BindingRef[],
  names: PlanNames = DEFAULT_NAMES,
): IdentityPlan {
  if (bindings.length === 0)
    return {
      recipes: FAMILIES.map((f) => recipeFor(f, [], [], [], names)),
      unknown: [],
      note:
        'The gate config binds no credentials yet, so this plans every tool family. Add `bindings:` to gate.yaml ' +
        'and run it again for just the tools you use.',
    };
  const { families, unknown } = groupBindings(bindings);
  const recipes: Recipe[] = [];
  for (const [family, mine] of families) {
    const envs = [...new Set(mine.flatMap((b) => (b.env !== undefined ? [b.env] : [])))];
    const targets = mine.flatMap((b) => (b.target !== undefined ? [b.target] : []));
    recipes.push(recipeFor(family, mine.map(describeBinding), envs, targets, names));
  }
  return { recipes, unknown: unknown.map(describeBinding) };
}

/** The plan as text: each recipe, its blocks fenced by language, its notes. */
export function renderPlanText(plan: IdentityPlan): string {
  const out: string[] = [];
  if (plan.note !== undefined) out.push(`Note: ${plan.note}`, '');
  for (const r of plan.recipes) {
    out.push(`## ${r.title}`);
    if (r.covers.length > 0) out.push(`For: ${r.covers.join(', ')}`);
    out.push('', r.summary, '');
    for (const b of r.blocks) {
      out.push(`### ${b.title}${b.file !== undefined ? ` — save as ${b.file}` : ''}`);
      out.push(`\`\`\`${b.lang}`, b.body.trimEnd(), '```', '');
    }
    for (const n of r.notes) out.push(`- ${n}`);
    out.push('');
  }
  if (plan.unknown.length > 0)
    out.push(
      `No read-only recipe for: ${plan.unknown.join(', ')}. Give the agent that tool's viewer role by hand; the write credential stays in the vault.`,
      '',
    );
  return out.join('\n');
}

/** The whole plan as one YAML document (block bodies as literal strings). */
export function renderPlanYaml(plan: IdentityPlan): string {
  return stringify(plan, { lineWidth: 0, aliasDuplicateObjects: false });
}

/**
 * Only the Kubernetes manifests (agent, gate, admission policy) as one multi-document stream for
 * `kubectl apply -f -`; empty when the plan has no Kubernetes recipe.
 */
export function renderKubernetesManifests(
  plan: IdentityPlan,
  names: PlanNames = DEFAULT_NAMES,
): string {
  if (!plan.recipes.some((r) => r.family === 'kubernetes')) return '';
  return yamlDocs([
    ...agentManifests(names),
    ...gateManifests(names),
    ...admissionManifests(names),
  ]);
}

/** Every YAML or JSON block of a plan, parsed: what tests (and a cautious operator) check before applying. */
export function parsedBlocks(plan: IdentityPlan): { title: string; docs: unknown[] }[] {
  return plan.recipes.flatMap((r) =>
    r.blocks
      .filter((b) => b.lang === 'yaml' || b.lang === 'json')
      .map((b) => ({
        title: b.title,
        docs: parseAllDocuments(b.body).map((d) => {
          if (d.errors.length > 0)
            throw new Error(`${b.title}: ${d.errors[0]?.message ?? 'bad YAML'}`);
          return d.toJS() as unknown;
        }),
      })),
  );
}
