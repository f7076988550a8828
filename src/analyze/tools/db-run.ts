/**
 * Turning a SQL client invocation into actions: gather its scripts (options, positional SQL, stdin), judge the
 * SQL as one session, run the shell escapes through the engine, and judge SQL files by name.
 */
import type { Action } from '../types.js';
import type { Invocation, ToolContext } from '../model.js';
import type { ClientCall, Script } from './db-clients.js';
import {
  connEnv,
  list,
  dbAction,
  sqlFileFinding,
  wholeDbRisk,
  type DbFinding,
} from './db-common.js';
import { judgeSql } from './db-sql.js';
import type { SqlDialect } from './db-sql-lex.js';

/** Producers whose output piped into a client is a dump being restored. */
const DUMPERS = new Set(
  list(
    'pg_dump pg_dumpall mysqldump mariadb-dump gunzip zcat gzip bzcat bunzip2 xzcat xz zstdcat zstd unzip',
  ),
);

/** Clients whose output piped into another client is generated SQL. */
const SQL_CLIENTS = new Set(
  list('psql mysql mariadb sqlite3 duckdb sqlcmd clickhouse-client cqlsh'),
);

/** At most this many actions per client call; reads are folded into one. */
const MAX_ACTIONS = 12;

/**
 * SQL whose text is only known when it runs: `-c "$(cat f.sql)"` is the file f.sql; `-c "$SQL"` could be any
 * statement (flagged, fail closed). Partly known SQL (`TRUNCATE $t`) is judged as written.
 */
function unseen(s: Script, inv: Invocation, own: DbFinding[]): Script[] {
  if (!('sql' in s) || !inv.words.some((w) => w.dynamic && w.text === s.sql)) return [s];
  const text = s.sql.trim();
  const cat = /^\$\(\s*(?:cat\s+|<\s*)([^\s)]+)\s*\)$/.exec(text);
  if (cat?.[1]) return [{ file: cat[1] }];
  if (/^(\$\{?\w+\}?|\$\(.*\)|`.*`)\s*;?$/s.test(text)) {
    own.push({
      verb: 'run SQL',
      effect: 'unknown',
      risk: 'high',
      rule: 'db/sql-dynamic',
      targets: [text],
      reasons: [`runs the SQL in ${text}, which is only known when the command runs`],
    });
    return [];
  }
  return [s];
}

/** Actions of one SQL client call. */
export function runClient(call: ClientCall, inv: Invocation, ctx: ToolContext): Action[] {
  const tool = call.tool;
  const hints = call.hints;
  if (call.info)
    return [
      dbAction(
        ctx,
        tool,
        { verb: tool, effect: 'read', risk: 'none', rule: 'db/read', reasons: [call.info] },
        hints,
      ),
    ];
  const own: DbFinding[] = [];
  let scripts = call.scripts;
  if (scripts.length === 0 && call.stdinScripts && inv.stdin) {
    const s = inv.stdin;
    if (s.kind === 'text') scripts = [{ sql: s.text }];
    else if (s.kind === 'file') scripts = [{ file: s.path }];
    else if (s.kind === 'remote') {
      own.push({
        verb: 'run downloaded SQL',
        effect: 'unknown',
        risk: 'high',
        rule: 'db/sql-remote',
        targets: [s.source],
        reasons: [`runs SQL downloaded from ${s.source}: its effect cannot be judged`],
      });
    } else {
      const env = connEnv(ctx, hints);
      const producer = s.source.split(' ')[0] ?? '';
      if (SQL_CLIENTS.has(producer)) {
        // `psql -Atc "SELECT 'DROP TABLE ' || ..." | psql`: a query generating statements that then run.
        own.push({
          verb: 'run generated SQL',
          effect: 'unknown',
          risk: 'high',
          rule: 'db/sql-generated',
          reasons: [
            `runs the statements that a ${producer} query prints, which are not visible here`,
          ],
        });
      }
      const restore =
        DUMPERS.has(s.source.split(' ')[0] ?? '') && (env === 'prod' || env === 'staging');
      own.push(
        restore
          ? {
              verb: 'load dump',
              effect: 'destroy',
              risk: 'high',
              rule: 'db/sql-restore-dump',
              reasons: [
                `loads the output of ${s.source} into a ${env} database: dumps drop and recreate the tables they hold`,
              ],
            }
          : {
              verb: 'run piped SQL',
              effect: 'write',
              risk: 'low',
              rule: 'db/sql-stdin',
              reasons: [`runs the SQL produced by ${s.source}, which is not visible here`],
            },
      );
    }
  }
  if (scripts.length === 0 && own.length === 0) {
    return [
      dbAction(
        ctx,
        tool,
        {
          verb: 'session',
          effect: 'read',
          risk: 'none',
          rule: 'db/session',
          reasons: ['opens an interactive session'],
        },
        hints,
      ),
    ];
  }
  scripts = scripts.flatMap((s) => unseen(s, inv, own));
  const sql = scripts.flatMap((s) => ('sql' in s ? [s.sql] : [])).join(';\n');
  const files = scripts.flatMap((s) => ('file' in s ? [s.file] : []));
  const j = judgeSql(sql, {
    dialect: call.dialect,
    dbLevel: (name, switched) => wholeDbRisk(ctx, [...hints, ...(switched ?? []), name]),
    ephemeral: call.ephemeral ?? false,
    readOnly: call.readOnly ?? false,
  });
  const allHints = [...hints, ...j.dbNames];
  const env = connEnv(ctx, allHints);
  for (const cmd of j.shell) ctx.script(cmd, `${tool} shell escape`);
  for (const cmd of j.serverShell) ctx.script(cmd, `${tool} COPY PROGRAM`, { remote: true, env });
  for (const f of [...files, ...j.files]) own.push(sqlFileFinding(f, env));
  const findings: DbFinding[] = [...own, ...j.findings.map((x) => ({ ...x, verb: x.verb }))];
  const flagged = findings.filter((x) => x.risk !== 'none');
  const reads = findings.filter((x) => x.risk === 'none');
  const kept = flagged.slice(0, MAX_ACTIONS);
  if (kept.length === 0) {
    const first = reads[0];
    const verbs = [...new Set(reads.map((r) => r.verb))].slice(0, 6).join(', ');
    const rule =
      reads.find((r) => r.rule !== 'db/sql-read' && r.rule !== 'db/sql-meta')?.rule ??
      first?.rule ??
      'db/sql-read';
    const reasons = [...new Set(reads.flatMap((r) => r.reasons ?? []))].slice(0, 6);
    const targets = [...new Set(reads.flatMap((r) => r.targets ?? []))].slice(0, 6);
    kept.push({ verb: verbs || 'SQL', effect: 'read', risk: 'none', rule, targets, reasons });
  }
  return kept.map((x) => dbAction(ctx, tool, x, [...allHints]));
}

/** Findings of SQL run by some other tool (migration tools, ORM consoles); shell escapes go to the engine. */
export function sqlFindings(
  sql: string,
  dialect: SqlDialect,
  ctx: ToolContext,
  hints: Array<string | undefined>,
): DbFinding[] {
  const j = judgeSql(sql, {
    dialect,
    dbLevel: (name, switched) => wholeDbRisk(ctx, [...hints, ...(switched ?? []), name]),
  });
  const env = connEnv(ctx, [...hints, ...j.dbNames]);
  for (const cmd of j.shell) ctx.script(cmd, 'SQL shell escape');
  for (const cmd of j.serverShell) ctx.script(cmd, 'COPY PROGRAM', { remote: true, env });
  const out: DbFinding[] = [...j.files.map((f) => sqlFileFinding(f, env)), ...j.findings];
  return out.length > 0
    ? out
    : [
        {
          verb: 'SQL',
          effect: 'read',
          risk: 'none',
          rule: 'db/sql-read',
          reasons: ['no statement'],
        },
      ];
}
