/**
 * What one SQL statement does, from its tokens: the statement kind from its leading keywords, the rows a
 * DELETE/UPDATE reaches (via the real parser, `db-sql-dml.ts`), and a scan for destructive sub-statements
 * inside anything not recognised (procedural blocks, dynamic SQL in strings), so an unfamiliar statement is
 * never silently safe when it contains a DROP or TRUNCATE.
 */
import { isDmlStart, judgeDml } from './db-sql-dml.js';
import { block, body, execute, judgeStrings, scan, subStatements } from './db-sql-block.js';
import { alter, create, drop, grant, restore } from './db-sql-ddl.js';
import { findTop, readName, splitTop, type Token } from './db-sql-lex.js';
import { f, worst, type SqlFinding, type SqlOptions, type SqlSink } from './db-sql-types.js';
import { list } from './db-common.js';

export type { SqlFinding, SqlOptions, SqlSink } from './db-sql-types.js';

const READ_HEADS = new Set(
  list(
    'SELECT VALUES TABLE SHOW DESCRIBE DESC PRAGMA HELP LIST USE SET PRINT FETCH LISTEN UNLISTEN',
    'NOTIFY DECLARE CLOSE MOVE PREPARE DEALLOCATE DISCARD BACKUP WAITFOR RAISERROR CHECK GET',
    'EXISTS WATCH',
  ),
);
const WRITE_HEADS = new Set(
  list(
    'INSERT REPLACE UPSERT LOAD IMPORT REVOKE RENAME COMMENT ANALYZE ANALYSE VACUUM REINDEX',
    'CLUSTER OPTIMIZE CHECKPOINT LOCK UNLOCK REFRESH SECURITY ATTACH DETACH KILL FLUSH REPAIR',
    'CACHE INSTALL UNINSTALL DBCC SYSTEM REASSIGN ABORT CONSISTENCY PAGING TRACING LOGIN EXPAND',
    'CAPTURE COPY MERGE CREATE ALTER GRANT RESET UNDROP EXCHANGE',
  ),
);
const TX_WORDS = new Set(
  list('TRANSACTION TRAN WORK DEFERRED IMMEDIATE EXCLUSIVE ISOLATION READ DISTRIBUTED TRY CATCH'),
);
const EXEC_FUNCTIONS = new Set(['DBLINK', 'DBLINK_EXEC', 'QUERY_TO_XML', 'SP_EXECUTESQL']);

/** Classify one statement (tokens from its first keyword). `depth` bounds recursion into dynamic SQL. */
export function classify(
  tokens: readonly Token[],
  opts: SqlOptions,
  sink: SqlSink,
  depth = 0,
): SqlFinding {
  const head = tokens[0]?.up ?? '';
  const second = tokens[1]?.up ?? '';
  if (depth > 4)
    return f(
      head,
      'high',
      'db/sql-unparsed-destructive',
      [],
      'SQL nested too deeply to judge',
      'unknown',
    );
  switch (head) {
    case 'DELETE':
    case 'UPDATE':
      if (isDmlStart(tokens)) return { effect: 'write', ...judgeDml(tokens, opts.dialect) };
      return scan(classify, tokens, opts, sink, depth);
    case 'WITH':
      return withQuery(tokens, opts, sink, depth);
    case 'EXPLAIN':
      return explain(tokens, opts, sink, depth);
    case 'DROP':
      return drop(tokens, opts);
    case 'TRUNCATE': {
      let i = 1;
      while (['TABLE', 'ONLY', 'IF', 'EXISTS'].includes(tokens[i]?.up ?? '')) i++;
      if (tokens[i]?.up === 'DATABASE') {
        const [db] = readName(tokens, i + 1);
        return f(
          'TRUNCATE DATABASE',
          opts.dbLevel(db),
          'db/sql-drop-database',
          [db],
          `empties every table of the database ${db}`,
        );
      }
      const names = splitTop(tokens.slice(i), ',')
        .map((p) => readName(p, 0)[0])
        .filter(Boolean);
      return f(
        'TRUNCATE',
        'high',
        'db/sql-truncate',
        names,
        `TRUNCATE deletes every row of ${names.join(', ') || 'the table'}`,
      );
    }
    case 'ALTER':
      return alter(tokens, opts);
    case 'CREATE':
      return create(tokens);
    case 'GRANT':
      return grant(tokens);
    case 'BEGIN':
    case 'END':
      if (tokens.length > 1 && !TX_WORDS.has(second))
        return block(classify, tokens, opts, sink, depth);
      return f(head, 'none', 'db/sql-transaction', [], 'transaction control');
    case 'START':
    case 'COMMIT':
    case 'ROLLBACK':
    case 'SAVEPOINT':
    case 'RELEASE':
      return f(head, 'none', 'db/sql-transaction', [], 'transaction control');
    case 'IF':
    case 'ELSE':
    case 'WHILE':
    case 'DECLARE':
    case 'LOOP':
    case 'FOR':
    case 'FOREACH':
    case 'ELSIF':
    case 'THEN':
    case 'WHEN':
      return scan(classify, tokens, opts, sink, depth);
    case 'DO':
      return body(classify, tokens, opts, sink, depth, 'DO block');
    case 'CALL':
    case 'EXEC':
    case 'EXECUTE':
      return execute(classify, tokens, opts, sink, depth);
    case 'SHUTDOWN':
      return f('SHUTDOWN', 'high', 'db/sql-shutdown', [], 'stops the database server', 'destroy');
    case 'PURGE':
      return f(
        `PURGE ${second}`,
        'high',
        'db/sql-purge-logs',
        [],
        'permanently deletes binary logs / recycled objects',
      );
    case 'RESTORE':
      return restore(tokens, opts);
    default:
      break;
  }
  if (head === 'RESET' && ['MASTER', 'BINARY'].includes(second)) {
    return f(
      `RESET ${second}`,
      'high',
      'db/sql-purge-logs',
      [],
      'deletes every binary log (point-in-time recovery and replication history)',
    );
  }
  if (head === 'COPY' && findTop(tokens, new Set(['PROGRAM'])) > 0) {
    const prog = tokens.find((t, i) => t.kind === 'string' && tokens[i - 1]?.up === 'PROGRAM');
    if (prog) sink.shell.push(prog.text);
    return f(
      'COPY PROGRAM',
      'low',
      'db/sql-copy-program',
      [],
      'the database server runs a shell command',
      'exec',
    );
  }
  if (head === 'MERGE') {
    const bySource = tokens.some(
      (t, i) =>
        t.up === 'SOURCE' &&
        tokens[i - 1]?.up === 'BY' &&
        tokens.slice(i, i + 4).some((x) => x.up === 'DELETE'),
    );
    if (bySource)
      return f(
        'MERGE',
        'high',
        'db/sql-delete-all',
        [],
        'MERGE ... WHEN NOT MATCHED BY SOURCE THEN DELETE deletes every row missing from the source',
      );
  }
  if (READ_HEADS.has(head)) {
    const read =
      head === 'SELECT'
        ? select(tokens, opts, sink, depth)
        : f(head, 'none', 'db/sql-read', [], `${head} does not change data`);
    if (opts.dialect === 'tsql')
      return worst([read, ...subStatements(classify, tokens, opts, sink, depth)]) ?? read;
    return read;
  }
  if (WRITE_HEADS.has(head)) {
    // T-SQL needs no semicolons: a batch line may hold several statements.
    if (opts.dialect === 'tsql' && head !== 'SYSTEM')
      return (
        worst([
          f(head, 'low', 'db/sql-write', [], `${head} changes data or schema`),
          ...subStatements(classify, tokens, opts, sink, depth),
        ]) ?? f(head, 'low', 'db/sql-write', [], head)
      );
    return f(head, 'low', 'db/sql-write', [], `${head} changes data or schema recoverably`);
  }
  return scan(classify, tokens, opts, sink, depth);
}

function explain(
  tokens: readonly Token[],
  opts: SqlOptions,
  sink: SqlSink,
  depth: number,
): SqlFinding {
  let i = 1;
  let analyze = false;
  if (tokens[1]?.text === '(') {
    const close = tokens.findIndex((t) => t.text === ')');
    for (const opt of splitTop(tokens.slice(2, close < 0 ? tokens.length : close), ',')) {
      const name = opt[0]?.up ?? '';
      const val = opt[1]?.up ?? 'TRUE';
      if ((name === 'ANALYZE' || name === 'ANALYSE') && !['FALSE', 'OFF', '0'].includes(val))
        analyze = true;
    }
    i = close < 0 ? tokens.length : close + 1;
  }
  while (i < tokens.length) {
    const t = tokens[i];
    if (!t) break;
    if (t.up === 'ANALYZE' || t.up === 'ANALYSE') analyze = true;
    else if (t.up === 'FORMAT' && tokens[i + 1]?.text === '=') i += 2;
    else if (
      !list(
        'VERBOSE QUERY PLAN EXTENDED PARTITIONS FOR CONNECTION AST SYNTAX PIPELINE ESTIMATE',
      ).includes(t.up)
    )
      break;
    i++;
  }
  if (!analyze) return f('EXPLAIN', 'none', 'db/sql-read', [], 'EXPLAIN only plans the statement');
  const inner = classify(tokens.slice(i), opts, sink, depth + 1);
  return {
    ...inner,
    verb: `EXPLAIN ANALYZE ${inner.verb}`,
    reasons: ['EXPLAIN ANALYZE executes the statement', ...inner.reasons],
  };
}

function withQuery(
  tokens: readonly Token[],
  opts: SqlOptions,
  sink: SqlSink,
  depth: number,
): SqlFinding {
  // Data-modifying CTEs (PostgreSQL) and the main statement: judge every DELETE/UPDATE wherever it sits.
  const found: SqlFinding[] = [];
  tokens.forEach((t, i) => {
    if (
      t.kind !== 'word' ||
      (t.up !== 'DELETE' && t.up !== 'UPDATE' && t.up !== 'TRUNCATE' && t.up !== 'INSERT')
    )
      return;
    const seg = segment(tokens, i);
    if (t.up === 'INSERT') found.push(f('INSERT', 'low', 'db/sql-write', [], 'inserts rows'));
    else if (t.up === 'TRUNCATE' || isDmlStart(seg))
      found.push(classify(seg, opts, sink, depth + 1));
  });
  return worst(found) ?? f('WITH', 'none', 'db/sql-read', [], 'a query');
}

/** Tokens from `i` to the end of its parenthesised group (or the statement). */
function segment(tokens: readonly Token[], i: number): Token[] {
  let depth = 0;
  const out: Token[] = [];
  for (let j = i; j < tokens.length; j++) {
    const t = tokens[j];
    if (!t) break;
    if (t.text === '(') depth++;
    if (t.text === ')' && --depth < 0) break;
    out.push(t);
  }
  return out;
}

function select(
  tokens: readonly Token[],
  opts: SqlOptions,
  sink: SqlSink,
  depth: number,
): SqlFinding {
  const dynamic = tokens.some(
    (t, i) => t.kind === 'word' && EXEC_FUNCTIONS.has(t.up) && tokens[i + 1]?.text === '(',
  );
  if (dynamic) {
    const inner = judgeStrings(classify, tokens, opts, sink, depth);
    if (inner && inner.risk !== 'none') return inner;
  }
  const into = findTop(tokens, new Set(['INTO']));
  if (into > 0)
    return f('SELECT INTO', 'low', 'db/sql-write', [], 'SELECT INTO writes a table or file');
  return f('SELECT', 'none', 'db/sql-read', [], 'SELECT reads data');
}
