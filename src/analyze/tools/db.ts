/**
 * Tool model: databases. SQL clients (psql, mysql, sqlite3, sqlcmd, ...) have their SQL judged statement by
 * statement with a real SQL parser; server tools (pg_restore, dropdb, pg_dropcluster, mysqladmin), document and
 * key-value stores (mongosh, redis-cli, etcdctl) and migration tools (rails, prisma, alembic, flyway, django,
 * ...) are modelled by sub-command. Whole-database destruction is catastrophic unless the database is clearly a
 * dev/test/local one; table-level destruction is high.
 */
import type { Action } from '../types.js';
import { defineTool, type Invocation, type ToolContext } from '../model.js';
import { adminFindings, ADMIN_TOOLS } from './db-admin.js';
import {
  clickhouseCall,
  cockroachSqlCall,
  cqlshCall,
  influxV1Call,
  mysqlCall,
  psqlCall,
  sqlcmdCall,
  sqliteCall,
  type ClientCall,
} from './db-clients.js';
import { dbAction, isHelp, type DbResult } from './db-common.js';
import { MIGRATE_TOOLS, migrateFindings } from './db-migrate.js';
import { kvFindings, KV_TOOLS } from './db-kv.js';
import { mongoFindings, MONGO_TOOLS } from './db-mongo.js';
import { runClient } from './db-run.js';

const CLIENTS: Readonly<Record<string, (tool: string, args: readonly string[]) => ClientCall>> = {
  psql: psqlCall,
  mysql: mysqlCall,
  mariadb: mysqlCall,
  sqlite3: sqliteCall,
  duckdb: sqliteCall,
  sqlcmd: sqlcmdCall,
  'clickhouse-client': clickhouseCall,
  cqlsh: cqlshCall,
};

const GO_SQLCMD = new Set([
  'query',
  'create',
  'delete',
  'start',
  'stop',
  'open',
  'config',
  'use',
  'install',
  'uninstall',
  'completion',
]);

/** Route sub-commands of multi-purpose binaries to their SQL client form, when they have one. */
function clientOf(inv: Invocation): ClientCall | undefined {
  const { name, args } = inv;
  const first = args[0] ?? '';
  if (name === 'clickhouse')
    return first === 'client' || first === 'local'
      ? clickhouseCall(name, args.slice(1))
      : undefined;
  if (name === 'cockroach') {
    if (first === 'sql') return cockroachSqlCall(name, args.slice(1));
    if (first === 'demo') return { ...cockroachSqlCall(name, args.slice(1)), ephemeral: true };
    return undefined;
  }
  if (name === 'influx') {
    const v1 =
      args.some((a) => /^-(execute|import|database|precision|consistency)\b/.test(a)) ||
      args.length === 0;
    return v1 ? influxV1Call(name, args) : undefined;
  }
  if (name === 'sqlcmd' && GO_SQLCMD.has(first)) {
    if (first !== 'query') return undefined;
    const call = sqlcmdCall(name, args.slice(1));
    const sql = args.slice(1).find((a) => !a.startsWith('-') && /\s/.test(a));
    if (sql) call.scripts.push({ sql });
    return call;
  }
  const make = CLIENTS[name];
  return make ? make(name, args) : undefined;
}

function subModel(inv: Invocation, ctx: ToolContext): DbResult | undefined {
  if (MIGRATE_TOOLS.has(inv.name)) return migrateFindings(inv, ctx);
  if (KV_TOOLS.has(inv.name)) return kvFindings(inv, ctx);
  if (MONGO_TOOLS.has(inv.name)) return mongoFindings(inv, ctx);
  if (ADMIN_TOOLS.has(inv.name)) return adminFindings(inv, ctx);
  return undefined;
}

export const dbModel = defineTool({
  family: 'db',
  commands: [
    ...Object.keys(CLIENTS),
    'clickhouse',
    'cockroach',
    'influx',
    ...ADMIN_TOOLS,
    ...MONGO_TOOLS,
    ...KV_TOOLS,
    ...MIGRATE_TOOLS,
  ].filter((n, i, all) => all.indexOf(n) === i),
  analyze(inv: Invocation, ctx: ToolContext): Action[] {
    if (isHelp(inv.args)) {
      return [
        dbAction(
          ctx,
          inv.name,
          {
            verb: 'help',
            effect: 'read',
            risk: 'none',
            rule: 'db/help',
            reasons: ['prints help or the version'],
          },
          [],
        ),
      ];
    }
    const client = clientOf(inv);
    if (client) return runClient(client, inv, ctx);
    const result = subModel(inv, ctx);
    if (!result || result.findings.length === 0) {
      return [
        dbAction(
          ctx,
          inv.name,
          {
            verb: inv.args[0] ?? inv.name,
            effect: 'exec',
            risk: 'low',
            rule: 'db/other',
            reasons: [
              `${inv.name} ${inv.args[0] ?? ''}: not a destructive operation this model knows`,
            ],
          },
          [],
        ),
      ];
    }
    return result.findings.map((x) => dbAction(ctx, inv.name, x, result.hints));
  },
});
