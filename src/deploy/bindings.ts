/**
 * The `bindings:` of gate.yaml as `identity plan` needs them: which tools get credentials from the vault, for
 * which environment and target. Read leniently on purpose — the plan only needs the tool, env and target of each
 * binding, and must keep working while the binding schema grows fields — but every item must still be an object
 * with a tool name, or the plan would silently leave a tool without its read-only recipe.
 */
import * as z from 'zod';
import { compileGlob, type Glob } from '../policy/glob.js';

const bindingSchema = z.looseObject({
  name: z.optional(z.string()),
  tool: z.string().min(1),
  env: z.optional(z.string()),
  target: z.optional(z.string()),
});

const docSchema = z.looseObject({
  bindings: z.optional(z.nullable(z.array(bindingSchema))),
});

/** One binding, as far as the plan cares. */
export interface BindingRef {
  name?: string;
  tool: string;
  env?: string;
  target?: string;
}

/** The families `identity plan` has a recipe for. */
export const FAMILIES = ['kubernetes', 'aws', 'docker', 'postgres', 'ssh'] as const;
export type Family = (typeof FAMILIES)[number];

const FAMILY_OF = new Map<string, Family>(
  Object.entries({
    kubectl: 'kubernetes',
    helm: 'kubernetes',
    k9s: 'kubernetes',
    kustomize: 'kubernetes',
    flux: 'kubernetes',
    argocd: 'kubernetes',
    k8s: 'kubernetes',
    kubernetes: 'kubernetes',
    aws: 'aws',
    docker: 'docker',
    'docker-compose': 'docker',
    psql: 'postgres',
    pg_dump: 'postgres',
    pg_restore: 'postgres',
    postgres: 'postgres',
    postgresql: 'postgres',
    ssh: 'ssh',
    scp: 'ssh',
    sftp: 'ssh',
    rsync: 'ssh',
  } satisfies Record<string, Family>),
);

/**
 * The families a binding's tool covers. `tool` is a glob in gate.yaml (`kube*`, `*`), matched case-insensitively
 * like the broker does, so it is tried against every tool with a recipe; a bad glob covers nothing.
 */
export function familiesOf(tool: string): Family[] {
  let glob: Glob;
  try {
    glob = compileGlob(tool);
  } catch {
    return [];
  }
  const hit = new Set<Family>();
  for (const [name, family] of FAMILY_OF) if (glob.test(name)) hit.add(family);
  return FAMILIES.filter((f) => hit.has(f));
}

/** The environments gate.yaml accepts on a binding (src/gate/config.ts). */
export const BINDING_ENVS = ['prod', 'staging', 'dev', 'test', 'local'] as const;

/** The environment an example binding names: the first the bindings use that gate.yaml accepts, else prod. */
export function exampleEnv(envs: readonly string[]): string {
  return envs.find((e) => (BINDING_ENVS as readonly string[]).includes(e)) ?? 'prod';
}

/**
 * The bindings of a parsed gate.yaml document (`undefined`/empty document: none). Throws a readable error naming
 * the first bad item.
 */
export function readBindings(doc: unknown): BindingRef[] {
  const r = docSchema.safeParse(doc ?? {});
  if (!r.success) {
    const first = r.error.issues[0];
    const where = first?.path.length ? first.path.join('.') : 'config';
    throw new Error(`invalid gate config at ${where}: ${first?.message ?? 'invalid'}`);
  }
  return (r.data.bindings ?? []).map((b) => ({
    tool: b.tool,
    ...(b.name !== undefined ? { name: b.name } : {}),
    ...(b.env !== undefined ? { env: b.env } : {}),
    ...(b.target !== undefined ? { target: b.target } : {}),
  }));
}

/** Bindings grouped by family, in FAMILIES order (a glob may land in several); the rest under `unknown`. */
export function groupBindings(bindings: readonly BindingRef[]): {
  families: Map<Family, BindingRef[]>;
  unknown: BindingRef[];
} {
  const families = new Map<Family, BindingRef[]>();
  const unknown: BindingRef[] = [];
  const of = bindings.map((b) => ({ b, fams: familiesOf(b.tool) }));
  for (const f of FAMILIES) {
    const mine = of.filter((x) => x.fams.includes(f)).map((x) => x.b);
    if (mine.length > 0) families.set(f, mine);
  }
  for (const x of of) if (x.fams.length === 0) unknown.push(x.b);
  return { families, unknown };
}

/** `kubectl (env prod, target k3s)`: how the plan names what a recipe covers. */
export function describeBinding(b: BindingRef): string {
  const parts = [
    ...(b.env !== undefined ? [`env ${b.env}`] : []),
    ...(b.target !== undefined ? [`target ${b.target}`] : []),
  ];
  return `${b.name !== undefined ? `${b.name}: ` : ''}${b.tool}${parts.length > 0 ? ` (${parts.join(', ')})` : ''}`;
}
