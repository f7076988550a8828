/**
 * Judging a whole SQL script as a client would run it: statement by statement, with client meta-commands
 * (psql `\c`, `\i`, `\!`; sqlite `.read`, `.shell`; sqlcmd `:r`; mysql `source`/`system`), `\gexec` (rows run
 * as SQL), and transactions: what runs between BEGIN and ROLLBACK does not persist (except where the engine
 * commits implicitly: MySQL DDL).
 */
import { judgeStrings } from './db-sql-block.js';
import { classify } from './db-sql-classify.js';
import type { SqlFinding, SqlOptions, SqlSink } from './db-sql-types.js';
import { splitSql, type Statement, type Token } from './db-sql-lex.js';
import { list } from './db-common.js';

export type { SqlFinding, SqlOptions } from './db-sql-types.js';

export interface SqlScriptOptions extends SqlOptions {
  /** The database is in memory (sqlite3/duckdb without a file): nothing it holds outlives the command. */
  ephemeral?: boolean;
  /** The connection is read-only (`sqlite3 -readonly`): writes fail. */
  readOnly?: boolean;
}

export interface SqlJudgement {
  findings: SqlFinding[];
  /** Shell commands the client runs on this machine (`\!`, `.shell`, `system`). */
  shell: string[];
  /** Shell commands the database server runs (`COPY ... TO PROGRAM`). */
  serverShell: string[];
  /** SQL files read and run (`\i`, `.read`, `source`), contents unknown. */
  files: string[];
  /** Databases / hosts switched to (`\c`, `USE`, `.open`): hints for the environment. */
  dbNames: string[];
}

const SHELL_META = new Set(['\\!', '.shell', '.system', ':!!']);
const FILE_META = new Set(['\\i', '\\ir', '\\include', '\\include_relative', '.read', ':r', '\\.']);
const CONNECT_META = new Set(['\\c', '\\connect', '.open', ':connect', '\\u']);
const MYSQL_DDL = new Set(list('DROP TRUNCATE ALTER CREATE RENAME GRANT REVOKE'));
const TX_BEGIN_WORDS = new Set(
  list('TRANSACTION TRAN WORK DEFERRED IMMEDIATE EXCLUSIVE ISOLATION READ DISTRIBUTED'),
);

type Tx = 'begin' | 'commit' | 'rollback' | undefined;

function txOf(tokens: readonly Token[], opts: SqlOptions): Tx {
  const head = tokens[0]?.up ?? '';
  const second = tokens[1]?.up;
  if (head === 'BEGIN') {
    if (second === undefined) return opts.dialect === 'tsql' ? undefined : 'begin';
    return TX_BEGIN_WORDS.has(second) ? 'begin' : undefined;
  }
  if (head === 'START' && second === 'TRANSACTION') return 'begin';
  if (head === 'COMMIT') return 'commit';
  if (
    head === 'END' &&
    opts.dialect !== 'tsql' &&
    (second === undefined || second === 'TRANSACTION' || second === 'WORK')
  )
    return 'commit';
  if ((head === 'ROLLBACK' || head === 'ABORT') && !tokens.some((t) => t.up === 'TO'))
    return 'rollback';
  return undefined;
}

/** Judge a SQL script. Never throws. */
export function judgeSql(src: string, opts: SqlScriptOptions): SqlJudgement {
  const out: SqlJudgement = { findings: [], shell: [], serverShell: [], files: [], dbNames: [] };
  const sink: SqlSink = { shell: out.serverShell, dbNames: out.dbNames };
  // Databases switched to earlier in the script (`\c prod`) count when judging a later DROP DATABASE.
  const inner: SqlOptions = { ...opts, dbLevel: (name) => opts.dbLevel(name, out.dbNames) };
  const statements = splitSql(src, opts.dialect);
  let ephemeral = opts.ephemeral ?? false;
  if (statements.some((s) => s.meta?.name === '.open' || s.tokens[0]?.up === 'ATTACH'))
    ephemeral = false;
  // Transactions only undo where the engine has them (PostgreSQL, MySQL DML, SQLite, SQL Server).
  const transactional = opts.dialect !== 'generic';
  let pending: SqlFinding[] | undefined;
  const emit = (x: SqlFinding): void => {
    if (pending) pending.push(x);
    else out.findings.push(x);
  };
  for (const st of statements) {
    if (st.meta) {
      const m = meta(st, out);
      if (m) emit(m);
      continue;
    }
    const head = st.tokens[0]?.up ?? '';
    if (opts.dialect === 'mysql' && (head === 'SOURCE' || head === 'SYSTEM')) {
      const arg = st.text.slice(st.text.search(/\s/) + 1).trim();
      meta({ ...st, meta: { name: head === 'SOURCE' ? '\\.' : '\\!', arg } }, out);
      continue;
    }
    if (head === 'USE' && st.tokens[1]) out.dbNames.push(st.tokens[1].text);
    const tx = transactional ? txOf(st.tokens, inner) : undefined;
    if (tx === 'begin') {
      if (!pending) pending = [];
      continue;
    }
    if (tx === 'commit' || tx === 'rollback') {
      if (pending) out.findings.push(...(tx === 'rollback' ? pending.map(rolledBack) : pending));
      pending = undefined;
      continue;
    }
    if (pending && opts.dialect === 'mysql' && MYSQL_DDL.has(head)) {
      // MySQL commits the open transaction before any DDL and runs the DDL in its own.
      out.findings.push(...pending);
      pending = undefined;
    }
    emit(classify(st.tokens, inner, sink));
    if (st.terminator === '\\gexec') {
      const gen = judgeStrings(classify, st.tokens, inner, sink);
      if (gen && gen.risk !== 'none')
        emit({ ...gen, reasons: ['\\gexec runs each row of the query as SQL', ...gen.reasons] });
    }
  }
  // An unterminated transaction is judged as if it commits (the session may go on).
  if (pending) out.findings.push(...pending);
  if (ephemeral || opts.readOnly) {
    const why = ephemeral
      ? 'the database is in memory and disappears with the command'
      : 'the connection is read-only';
    out.findings = out.findings.map((x) =>
      x.risk === 'none'
        ? x
        : {
            ...x,
            risk: 'none',
            effect: 'read',
            rule: 'db/sql-no-effect',
            reasons: [...x.reasons, why],
          },
    );
  }
  return out;
}

function rolledBack(x: SqlFinding): SqlFinding {
  if (x.risk === 'none') return x;
  return {
    ...x,
    risk: 'none',
    effect: 'read',
    rule: 'db/sql-rolled-back',
    verb: `${x.verb} (rolled back)`,
    reasons: [...x.reasons, 'undone by the ROLLBACK that ends its transaction'],
  };
}

/** A client meta-command; records side effects in `out` and returns a finding when it does something. */
function meta(st: Statement, out: SqlJudgement): SqlFinding | undefined {
  const m = st.meta;
  if (!m) return undefined;
  if (SHELL_META.has(m.name)) {
    if (m.arg) out.shell.push(m.arg);
    return undefined;
  }
  if (FILE_META.has(m.name)) {
    if (m.arg) out.files.push(m.arg.replace(/^['"]|['"]$/g, ''));
    return undefined;
  }
  if (CONNECT_META.has(m.name)) {
    out.dbNames.push(...m.arg.split(/\s+/).filter((w) => w && !w.startsWith('-')));
    return undefined;
  }
  if (m.name === '.restore') {
    return {
      verb: '.restore',
      effect: 'destroy',
      risk: 'high',
      rule: 'db/sqlite-restore',
      targets: [m.arg],
      reasons: ['.restore overwrites the database with the contents of a backup file'],
    };
  }
  return {
    verb: m.name,
    effect: 'read',
    risk: 'none',
    rule: 'db/sql-meta',
    targets: [],
    reasons: [`client command ${m.name}`],
  };
}
