/**
 * Deriving the environment (prod, staging, dev, ...) from names: kube contexts, namespaces, profiles, projects,
 * stacks, workspaces, hosts, connection strings and working directories.
 */
import type { Env } from './types.js';

const ENV_RANK: Readonly<Record<Env, number>> = {
  unknown: 0,
  local: 1,
  test: 2,
  dev: 3,
  staging: 4,
  prod: 5,
};

/** The more serious of two environments (prod beats staging beats dev ... beats unknown). */
export function worseEnv(a: Env, b: Env): Env {
  return ENV_RANK[a] >= ENV_RANK[b] ? a : b;
}

// Tokens are split on anything that is not a letter or digit, so "cost-explorer-prod", "prod_db",
// "db01.prod.internal" and "envs/prod" all yield the token "prod", while "product" or "reproduce" do not.
const TOKENS: ReadonlyArray<readonly [RegExp, Env]> = [
  [/^(prod|production|prd|live|prod\d+|production\d+)$/, 'prod'],
  [/^(staging|stage|stg|preprod|uat)$/, 'staging'],
  [/^(dev|development|devel|sandbox)$/, 'dev'],
  [/^(test|testing|qa|ci)$/, 'test'],
  [/^(local|localhost|127|kind|minikube|docker-desktop|k3d)$/, 'local'],
];

/** Environment named by one identifier (a context, profile, host, stack, path, URL ...), if any. */
export function envFromName(name: string | undefined): Env {
  if (!name) return 'unknown';
  let found: Env = 'unknown';
  for (const token of name.toLowerCase().split(/[^a-z0-9]+/)) {
    if (!token) continue;
    for (const [re, env] of TOKENS) {
      if (re.test(token)) {
        found = worseEnv(found, env);
        break;
      }
    }
  }
  return found;
}

/** The most serious environment named by any of the hints. */
export function envFromNames(...names: ReadonlyArray<string | undefined>): Env {
  let env: Env = 'unknown';
  for (const n of names) env = worseEnv(env, envFromName(n));
  return env;
}

/** Environment variables that name an environment by convention. */
export const ENV_VARIABLES = [
  'RAILS_ENV',
  'RACK_ENV',
  'NODE_ENV',
  'APP_ENV',
  'ENVIRONMENT',
  'ENV',
  'STAGE',
  'DJANGO_SETTINGS_MODULE',
  'MIX_ENV',
  'FLASK_ENV',
  'AWS_PROFILE',
  'KUBECONFIG',
  'KUBE_CONTEXT',
  'TF_WORKSPACE',
  'PULUMI_STACK',
  'CLOUDSDK_CORE_PROJECT',
  'DATABASE_URL',
  'PGHOST',
  'DOCKER_HOST',
  'DOCKER_CONTEXT',
] as const;

/** Environment implied by conventional environment variables (RAILS_ENV=production, AWS_PROFILE=prod ...). */
export function envFromVariables(vars: Readonly<Record<string, string>>): Env {
  let env: Env = 'unknown';
  for (const key of ENV_VARIABLES) {
    const v = vars[key];
    if (v !== undefined) env = worseEnv(env, envFromName(v));
  }
  return env;
}
