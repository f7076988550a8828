/**
 * Shared judgement for infrastructure-as-code tools: what a destroy or a forced replacement of named
 * resource addresses loses, and when an apply goes to production without anyone seeing the plan.
 */
import type { ActionInit } from '../model.js';
import type { Env, Risk } from '../types.js';
import { wordList } from './k8s-common.js';

// Resource types and names that hold data: replacing or destroying them loses it.
const DATA_TOKENS = new Set(
  wordList(`
  db rds database databases sql mysql postgres postgresql aurora dynamodb volume volumes ebs
  disk disks bucket s3 storage efs fsx elasticache redis memorystore spanner bigtable cosmosdb
  kms vault backup backups snapshot opensearch elasticsearch kafka msk documentdb docdb neptune
  redshift filestore persistent mongodb atlas cloudsql datastore firestore bigquery dataset
  keyvault blob pv pvc statefulset warehouse sqs pg mariadb mssql clickhouse
`),
);
const DATA_PARTS = [
  'postgres',
  'mysql',
  'mongo',
  'redis',
  'dynamo',
  'aurora',
  'database',
  'bucket',
  'volume',
];
// Machines: replacing one loses its local disk and takes it offline.
const COMPUTE_TOKENS = new Set([
  'instance',
  'vm',
  'server',
  'machine',
  'node',
  'compute',
  'droplet',
  'host',
  'ec2',
]);

/** `data`, `compute` or `other`, from a resource address like `module.db.aws_db_instance.main`. */
export function resourceClass(address: string): 'data' | 'compute' | 'other' {
  const lower = address.toLowerCase();
  const tokens = lower.split(/[^a-z0-9]+/).filter((t) => t.length > 0);
  if (tokens.some((t) => DATA_TOKENS.has(t)) || DATA_PARTS.some((p) => lower.includes(p)))
    return 'data';
  if (tokens.some((t) => COMPUTE_TOKENS.has(t))) return 'compute';
  return 'other';
}

function nonProd(env: Env): boolean {
  return env === 'dev' || env === 'test' || env === 'local';
}

/**
 * A destroy. Without targets it is the whole stack (catastrophic); with targets, data resources and whole
 * modules are catastrophic outside dev/test, anything else is one resource (high).
 */
export function destroyInit(
  tool: string,
  verb: string,
  targets: readonly string[],
  env: Env,
): ActionInit {
  if (targets.length === 0) {
    return {
      tool,
      verb,
      effect: 'destroy',
      risk: 'catastrophic',
      rule: 'iac/destroy',
      env,
      reasons: ['destroys every resource in the stack/environment'],
    };
  }
  let risk: Risk = 'high';
  const data = targets.filter((t) => resourceClass(t) === 'data');
  const modules = targets.filter((t) => t.startsWith('module.') && t.split('.').length <= 2);
  if ((data.length > 0 || modules.length > 0) && !nonProd(env)) risk = 'catastrophic';
  return {
    tool,
    verb: `${verb} -target`,
    effect: 'destroy',
    risk,
    rule: 'iac/destroy-target',
    targets,
    env,
    reasons: [
      data.length > 0
        ? `destroys ${data.join(', ')}, which holds data`
        : modules.length > 0
          ? `destroys every resource of ${modules.join(', ')}`
          : `destroys ${targets.join(', ')}`,
    ],
  };
}

/** `-replace` / `--replace`: recreating a data resource loses its data; recreating a machine its disk. */
export function replaceInit(
  tool: string,
  verb: string,
  targets: readonly string[],
  env: Env,
): ActionInit {
  const data = targets.filter((t) => resourceClass(t) === 'data');
  const compute = targets.filter((t) => resourceClass(t) === 'compute');
  if (data.length > 0) {
    return {
      tool,
      verb: `${verb} -replace`,
      effect: 'destroy',
      risk: nonProd(env) ? 'high' : 'catastrophic',
      rule: 'iac/replace-stateful',
      targets,
      env,
      reasons: [`forces recreation of ${data.join(', ')}: the data in it is lost`],
    };
  }
  return {
    tool,
    verb: `${verb} -replace`,
    effect: compute.length > 0 ? 'destroy' : 'write',
    risk: compute.length > 0 ? 'high' : 'low',
    rule: 'iac/replace',
    targets,
    env,
    reasons: [
      compute.length > 0
        ? `recreates ${compute.join(', ')}: its local disk is lost`
        : 'recreates stateless resources',
    ],
  };
}

/**
 * An apply. A saved plan was reviewed; an interactive apply shows the plan and asks; an auto-approved apply
 * to production changes (and maybe destroys) live infrastructure that nobody has looked at.
 */
export function applyInit(
  tool: string,
  verb: string,
  opts: { autoApprove: boolean; planFile?: string },
  env: Env,
): ActionInit {
  if (opts.planFile) {
    return {
      tool,
      verb,
      effect: 'write',
      risk: 'low',
      rule: 'iac/apply-plan',
      targets: [opts.planFile],
      env,
      reasons: ['applies a saved, reviewable plan'],
    };
  }
  if (opts.autoApprove && env === 'prod') {
    return {
      tool,
      verb: `${verb} (auto-approved)`,
      effect: 'write',
      risk: 'high',
      rule: 'iac/apply-unreviewed',
      env,
      reasons: [
        'applies unreviewed changes to production: whatever the plan would replace or destroy goes too',
      ],
    };
  }
  return {
    tool,
    verb,
    effect: 'write',
    risk: 'low',
    rule: 'iac/apply',
    env,
    reasons: [
      opts.autoApprove
        ? 'applies changes outside production'
        : 'shows the plan and asks before changing anything',
    ],
  };
}
