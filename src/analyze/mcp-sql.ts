/**
 * SQL carried by an MCP call (`execute_sql`, `run_query`, `query {sql}`), judged by the db model's SQL judge
 * exactly as if a client ran it: `SELECT` is a read, `DELETE` without `WHERE` and `DROP TABLE` are high,
 * `DROP DATABASE` is catastrophic unless the names say dev/test/local.
 */
import type { Action, Env, Risk } from './types.js';
import { envFromNames, worseEnv } from './env.js';
import { analyze } from './index.js';
import { judgeSql } from './tools/db-sql.js';
import type { SqlDialect } from './tools/db-sql-lex.js';

const DIALECTS: ReadonlyArray<readonly [RegExp, SqlDialect]> = [
  [/postgres|pg|supabase|neon|timescale|cockroach|redshift/i, 'postgres'],
  [/mysql|maria|planetscale|tidb|vitess/i, 'mysql'],
  [/sqlite|turso|libsql|d1/i, 'sqlite'],
  [/mssql|sqlserver|sql-server|azure-sql|tsql/i, 'tsql'],
];

/** At most this many actions for the SQL of one call; reads are folded into one. */
const MAX_ACTIONS = 12;

/** Actions for the SQL texts of one call to `server`'s tool `verb`, recorded as `tool` via `via`. */
export function sqlActions(
  sqls: readonly string[],
  server: string,
  env: Env,
  tool: string,
  verb: string,
  via: string,
): Action[] {
  if (sqls.length === 0) return [];
  const dialect = DIALECTS.find(([re]) => re.test(server))?.[1] ?? 'generic';
  const level = (...names: Array<string | undefined>): Risk => {
    const e = worseEnv(env, envFromNames(...names));
    return e === 'dev' || e === 'test' || e === 'local' ? 'high' : 'catastrophic';
  };
  const j = judgeSql(sqls.join(';\n'), {
    dialect,
    dbLevel: (name, switched) => level(name, ...(switched ?? [])),
  });
  const at = worseEnv(env, envFromNames(...j.dbNames));
  const action = (x: Omit<Action, 'tool' | 'env' | 'via' | 'reversible'>): Action => ({
    ...x,
    tool,
    env: at,
    via: [via],
    reversible: x.risk === 'none' || x.risk === 'low',
  });
  const out: Action[] = [];
  // Client escapes and COPY ... PROGRAM run shell commands where the server runs.
  for (const command of [...j.shell, ...j.serverShell].slice(0, 4)) {
    for (const a of analyze({ command, cwd: '/' }))
      out.push({ ...a, via: [via, 'SQL shell', ...a.via] });
  }
  for (const f of j.files.slice(0, 4)) {
    out.push(
      action({
        verb: `run ${f}`,
        effect: 'unknown',
        risk: 'high',
        rule: 'db/sql-file',
        targets: [f],
        reasons: [`runs the SQL file ${f}, whose contents are not visible here`],
      }),
    );
  }
  const flagged = j.findings.filter((x) => x.risk !== 'none').slice(0, MAX_ACTIONS);
  for (const x of flagged) out.push(action(x));
  if (flagged.length === 0) {
    const reads = j.findings;
    out.push(
      action({
        verb: [...new Set(reads.map((r) => r.verb))].slice(0, 6).join(', ') || verb,
        effect: 'read',
        risk: 'none',
        rule: reads.find((r) => r.rule !== 'db/sql-read')?.rule ?? 'db/sql-read',
        targets: [...new Set(reads.flatMap((r) => r.targets))].slice(0, 6),
        reasons: [...new Set(reads.flatMap((r) => r.reasons))].slice(0, 6),
      }),
    );
  }
  return out;
}
