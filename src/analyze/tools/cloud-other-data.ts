/**
 * Hosted data platforms: Cloudflare `wrangler` (Workers, D1, KV, R2), `supabase`, Neon (`neonctl`),
 * PlanetScale (`pscale`), Turso and the MinIO client (`mc`). A whole database or project is
 * catastrophic; SQL they run (`wrangler d1 execute --command`, `turso db shell DB 'SQL'`) is judged
 * by its statements; resetting or restoring a branch replaces its data.
 */
import type { Action } from '../types.js';
import type { Invocation, ToolContext } from '../model.js';
import { has, value } from '../args.js';
import { sqlDestruction } from './cloud-common.js';
import { parsePath, type PathCall, type PathSpec } from './cloud-other-path.js';
import { judgePath, pathAction } from './cloud-other-judge.js';

const PRIMARY = new Set(['main', 'master', 'production', 'prod', 'primary']);
/** The branch argument is the database's primary branch (its live data). */
const primaryBranch = (c: PathCall): boolean => c.names.some((n) => PRIMARY.has(n.toLowerCase()));

export const WRANGLER: PathSpec = {
  tool: 'wrangler',
  colon: true,
  // prettier-ignore
  value: [
    '-c', '--config', '-e', '--env', '--name', '--compatibility-date', '--command', '--file',
    '--binding', '--namespace-id', '--persist-to', '--account-id', '--database', '--format',
    '--timestamp', '--bookmark', '--jurisdiction', '--output', '--project-name', '--branch',
  ],
  scope: ['-e', '--env', '--name', '--project-name'],
  rules: [
    {
      path: 'd1 delete',
      risk: 'catastrophic',
      rule: 'delete-database',
      reason: 'deletes a whole D1 database',
    },
    {
      path: 'time-travel restore',
      risk: 'high',
      rule: 'overwrite',
      reason: 'restores the database to an earlier point: later writes are lost',
    },
    {
      path: 'pages project delete',
      risk: 'high',
      rule: 'delete',
      reason: 'deletes a Pages project and its deployments',
    },
  ],
};

export const SUPABASE: PathSpec = {
  tool: 'supabase',
  // prettier-ignore
  value: [
    '--project-ref', '--db-url', '-p', '--password', '--workdir', '--schema', '-s', '--file', '-f',
    '--version', '--output', '-o', '--env-file', '--org-id', '--region', '--db-password', '--name',
    '--profile',
  ],
  scope: ['--project-ref', '--db-url'],
  rules: [
    {
      path: 'db reset',
      risk: 'prod',
      rule: 'db-reset',
      reason: 'drops and recreates the remote database: all its data is lost',
      when: (c) => has(c.p, '--linked', '--db-url'),
    },
    {
      path: 'db reset',
      risk: 'high',
      rule: 'db-reset',
      reason: 'drops and recreates the local database from migrations and seed',
    },
    {
      path: '^stop',
      risk: 'high',
      rule: 'db-reset',
      reason: 'stops the local stack and deletes its data volumes',
      when: (c) => has(c.p, '--no-backup'),
    },
    { path: '^stop', risk: 'low', rule: 'write', reason: 'stops the local development stack' },
  ],
};

export const NEONCTL: PathSpec = {
  tool: 'neonctl',
  // prettier-ignore
  value: [
    '--project-id', '--org-id', '--api-key', '-o', '--output', '--context-file', '--parent',
    '--name', '--database', '--role', '--branch', '--compute', '--cu', '--config-dir', '--type',
    '--preserve-under-name',
  ],
  scope: ['--project-id', '--branch', '--database', '--org-id'],
  rules: [
    {
      path: 'branches|branch delete',
      risk: 'catastrophic',
      rule: 'delete-database',
      reason: "deletes the project's primary branch: its live data",
      when: primaryBranch,
    },
    {
      path: 'branches|branch restore',
      risk: 'high',
      rule: 'overwrite',
      reason: 'restores the branch to another point: its current data is replaced',
    },
  ],
};

export const PSCALE: PathSpec = {
  tool: 'pscale',
  value: [
    '--org',
    '--format',
    '-f',
    '--service-token',
    '--service-token-id',
    '--region',
    '--from',
    '--restore',
    '--cluster-size',
  ],
  scope: ['--org'],
  rules: [
    {
      path: 'branch delete',
      risk: 'catastrophic',
      rule: 'delete-database',
      reason: 'deletes the production branch of the database',
      when: primaryBranch,
    },
  ],
};

export const TURSO: PathSpec = {
  tool: 'turso',
  value: [
    '--group',
    '--location',
    '-l',
    '--from-db',
    '--from-dump',
    '--from-file',
    '--type',
    '--org',
    '--timestamp',
  ],
  scope: ['--group', '--org'],
  rules: [
    {
      path: 'group destroy|delete',
      risk: 'catastrophic',
      rule: 'delete-group',
      reason: 'destroys a group and every database in it',
    },
  ],
};

/** Judge wrangler, supabase, neonctl, pscale or turso. */
export function analyzeData(inv: Invocation, ctx: ToolContext, spec: PathSpec): Action[] {
  const call = parsePath(spec, inv, ctx);
  if (call.help) return [judgePath(spec, call, ctx)];
  let sqlText: string | undefined;
  if (spec === WRANGLER && call.cmd.join(' ') === 'd1 execute')
    sqlText = value(call.p, '--command');
  if (spec === TURSO && call.cmd.join(' ') === 'db shell') sqlText = call.names[1];
  if (sqlText !== undefined) {
    const sql = sqlDestruction(sqlText);
    if (sql) {
      const local = spec === WRANGLER && !has(call.p, '--remote');
      const where = local ? 'the local development database' : 'the remote database';
      return [
        pathAction(spec, call, ctx, sql.risk, 'sql', `runs ${sql.what} on ${where}`, 'delete'),
      ];
    }
    const reads = /^\s*(select|with|pragma|explain|show)\b/i.test(sqlText);
    return [
      reads
        ? pathAction(spec, call, ctx, 'none', 'read', 'runs a query', 'read')
        : pathAction(
            spec,
            call,
            ctx,
            'low',
            'sql',
            'runs SQL that neither drops nor deletes in bulk',
            'write',
          ),
    ];
  }
  return [judgePath(spec, call, ctx)];
}
