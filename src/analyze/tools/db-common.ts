/**
 * Shared pieces of the database models: building actions, the environment of a connection, the severity of
 * wiping a whole database, and SQL files whose contents are not visible.
 */
import type { Action, Effect, Env, Risk } from '../types.js';
import type { ToolContext } from '../model.js';

/** A word list written compactly, several names per line: `list('-c --command', '-d --dbname')`. */
export function list(...lines: string[]): string[] {
  return lines.join(' ').split(/\s+/).filter(Boolean);
}

/** What a database model found, before it becomes an action. */
export interface DbFinding {
  verb: string;
  effect: Effect;
  risk: Risk;
  rule: string;
  targets?: readonly string[];
  reasons?: readonly string[];
}

/** Environment variables that name a database server or database (beyond the engine's conventional ones). */
const DB_ENV_VARS = list(
  'PGHOST PGDATABASE PGSERVICE DATABASE_URL MYSQL_HOST MYSQL_DATABASE MONGODB_URI MONGO_URL',
  'MONGO_URI REDIS_URL REDIS_HOST ETCDCTL_ENDPOINTS INFLUX_HOST COCKROACH_URL SQLCMDSERVER',
  'GOOSE_DBSTRING CLICKHOUSE_HOST',
);

/** Environment of a connection: its host/db/URL hints, the db-specific env variables, and the context. */
export function connEnv(ctx: ToolContext, hints: readonly (string | undefined)[]): Env {
  return ctx.envOf(...hints, ...DB_ENV_VARS.map((k) => ctx.env[k]));
}

/**
 * Severity of destroying a whole database through a client (DROP DATABASE, dropdb, FLUSHALL): catastrophic
 * unless the names say it is a dev/test/local database. Unknown counts as possibly production.
 */
export function wholeDbRisk(ctx: ToolContext, hints: readonly (string | undefined)[]): Risk {
  const env = connEnv(ctx, hints);
  return env === 'dev' || env === 'test' || env === 'local' ? 'high' : 'catastrophic';
}

/**
 * Severity of a migration tool wiping its database (db:drop, migrate reset, flush): these tools default to the
 * development database, so only a production/staging environment makes it catastrophic.
 */
export function envWipeRisk(ctx: ToolContext, hints: readonly (string | undefined)[]): Risk {
  const env = connEnv(ctx, hints);
  return env === 'prod' || env === 'staging' ? 'catastrophic' : 'high';
}

/** Build the action of a finding in the connection's environment. */
export function dbAction(
  ctx: ToolContext,
  tool: string,
  x: DbFinding,
  hints: readonly (string | undefined)[],
): Action {
  return ctx.action({
    tool,
    verb: x.verb,
    effect: x.effect,
    risk: x.risk,
    rule: x.rule,
    targets: x.targets ?? [],
    reasons: x.reasons ?? [],
    env: connEnv(ctx, [...hints, ...(x.targets ?? [])]),
  });
}

/** A read-only invocation (help, version, listing, status). */
export function readFinding(verb: string, reason = 'read-only'): DbFinding {
  return { verb, effect: 'read', risk: 'none', rule: 'db/read', reasons: [reason] };
}

/** A recoverable write (migrate up, create, insert). */
export function writeFinding(verb: string, reason: string, rule = 'db/write'): DbFinding {
  return { verb, effect: 'write', risk: 'low', rule, reasons: [reason] };
}

const DESTRUCTIVE_NAME = new Set(
  list(
    'drop truncate wipe purge reset destroy teardown nuke delete rollback down revert undo cleanup',
    'clean flush',
  ),
);
const DUMP_NAME = new Set(['dump', 'backup', 'bak', 'restore', 'snapshot']);

/** A SQL file run against a database: its contents are unknown, its name may say what it does. */
export function sqlFileFinding(path: string, env: Env): DbFinding {
  const base = (path.split('/').pop() ?? path).toLowerCase();
  const words = base.split(/[^a-z0-9]+/);
  if (words.some((w) => DESTRUCTIVE_NAME.has(w))) {
    return {
      verb: 'run SQL file',
      effect: 'delete',
      risk: 'high',
      rule: 'db/sql-file-destructive',
      targets: [path],
      reasons: [`runs ${path}, whose name says it removes data; its contents are not visible here`],
    };
  }
  if (
    (words.some((w) => DUMP_NAME.has(w)) || base.endsWith('.dump')) &&
    (env === 'prod' || env === 'staging')
  ) {
    return {
      verb: 'load dump',
      effect: 'destroy',
      risk: 'high',
      rule: 'db/sql-restore-dump',
      targets: [path],
      reasons: [
        `loads the dump ${path} into a ${env} database: dumps usually drop and recreate the tables they contain`,
      ],
    };
  }
  return {
    verb: 'run SQL file',
    effect: 'write',
    risk: 'low',
    rule: 'db/sql-file',
    targets: [path],
    reasons: [`runs ${path}; its contents are not visible here`],
  };
}

/** Options in the order given: `[-c, SQL], [-f, FILE]`, for clients where the order of scripts matters. */
export function ordered(
  args: readonly string[],
  takesValue: ReadonlySet<string>,
  wanted: ReadonlySet<string>,
): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    if (a === '--') break;
    const eq = a.startsWith('--') ? a.indexOf('=') : -1;
    const name = eq > 0 ? a.slice(0, eq) : a;
    if (!a.startsWith('-')) continue;
    let v: string | undefined;
    if (eq > 0) v = a.slice(eq + 1);
    else if (takesValue.has(name)) v = args[++i] ?? '';
    else if (!a.startsWith('--') && a.length > 2 && takesValue.has(a.slice(0, 2))) v = a.slice(2);
    const key = eq > 0 || takesValue.has(name) ? name : a.slice(0, 2);
    if (v !== undefined && wanted.has(key)) out.push([key, v]);
  }
  return out;
}

/** True when the invocation only asks for help or the version. */
export function isHelp(args: readonly string[]): boolean {
  return args.some((a) => a === '--help' || a === '-?' || a === '--version' || a === '-help');
}

const DESTRUCTIVE_VERB =
  /^(delete|destroy|remove|rm|purge|wipe|drop|truncate|reset|clean|flush|terminate|nuke|erase)/i;

/** An unknown sub-command: flagged when its verb destroys, otherwise a plain run. */
export function verbFinding(tool: string, words: readonly string[]): DbFinding {
  // Task names compose verbs: `db:clean`, `data:purge_old`, `cache-reset`.
  const verb = words.flatMap((w) => w.split(/[:_.\-/]/)).find((w) => DESTRUCTIVE_VERB.test(w));
  if (verb)
    return {
      verb: words.join(' '),
      effect: 'delete',
      risk: 'high',
      rule: 'db/destructive-verb',
      reasons: [`${tool} ${words.join(' ')}: the verb "${verb}" destroys something`],
    };
  return {
    verb: words.join(' ') || tool,
    effect: 'exec',
    risk: 'low',
    rule: 'db/other',
    reasons: [`${tool} ${words.join(' ')}`],
  };
}

/** A database server stopped: clients lose service. */
export const serverStop = (what: string): DbFinding => ({
  verb: 'stop',
  effect: 'destroy',
  risk: 'high',
  rule: 'db/server-stop',
  targets: [what],
  reasons: [`stops the database server ${what}: clients lose service`],
});

/** Drops or empties the whole database. */
export function wipe(verb: string, risk: DbFinding['risk'], reason: string): DbFinding {
  return { verb, effect: 'destroy', risk, rule: 'db/migrate-wipe', reasons: [reason] };
}

/** Reverts applied migrations (their down steps drop what they created). */
export function rollback(
  verb: string,
  reason: string,
  risk: DbFinding['risk'] = 'high',
): DbFinding {
  return { verb, effect: 'delete', risk, rule: 'db/migrate-rollback', reasons: [reason] };
}

/** What a sub-model returns: findings and the connection hints that place them in an environment. */
export interface DbResult {
  findings: DbFinding[];
  hints: Array<string | undefined>;
}
