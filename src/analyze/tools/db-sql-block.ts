/**
 * SQL inside SQL: procedural blocks (`DO $$ ... $$`, T-SQL `IF ... DROP`), dynamic SQL in string literals
 * (`EXEC sp_executesql N'...'`, `EXECUTE 'DROP ...'`), and statements the classifier does not know, scanned for
 * destructive sub-statements so they are never silently safe.
 */
import { RISK_ORDER } from '../types.js';
import { isDmlStart } from './db-sql-dml.js';
import { splitSql, type Token } from './db-sql-lex.js';
import {
  f,
  worst,
  type Classify,
  type SqlFinding,
  type SqlOptions,
  type SqlSink,
} from './db-sql-types.js';
import { list } from './db-common.js';

export function execute(
  cls: Classify,
  tokens: readonly Token[],
  opts: SqlOptions,
  sink: SqlSink,
  depth: number,
): SqlFinding {
  if (tokens.some((t) => t.up === 'XP_CMDSHELL')) {
    return f(
      'EXEC xp_cmdshell',
      'high',
      'db/sql-shell-exec',
      [],
      'runs an operating-system command on the database server',
      'exec',
    );
  }
  const inner = judgeStrings(cls, tokens, opts, sink, depth);
  if (inner && inner.risk !== 'none' && inner.risk !== 'low') return inner;
  return f(
    tokens[0]?.up ?? 'EXEC',
    'low',
    'db/sql-call',
    [],
    'calls a stored procedure whose body is not visible here',
  );
}

/** Judge the SQL carried in string literals (dynamic SQL); the worst finding, if any. */
export function judgeStrings(
  cls: Classify,
  tokens: readonly Token[],
  opts: SqlOptions,
  sink: SqlSink,
  depth = 0,
): SqlFinding | undefined {
  const found: SqlFinding[] = [];
  for (const t of tokens) {
    if (t.kind !== 'string' || !/[A-Za-z]/.test(t.text)) continue;
    for (const st of splitSql(t.text, opts.dialect)) {
      if (st.tokens.length > 0) found.push(cls(st.tokens, opts, sink, depth + 1));
    }
  }
  return worst(found);
}

export function body(
  cls: Classify,
  tokens: readonly Token[],
  opts: SqlOptions,
  sink: SqlSink,
  depth: number,
  what: string,
): SqlFinding {
  const found: SqlFinding[] = [];
  for (const t of tokens) {
    if (t.kind !== 'string') continue;
    for (const st of splitSql(t.text, opts.dialect)) {
      if (st.tokens.length > 0) found.push(cls(st.tokens, opts, sink, depth + 1));
    }
  }
  const w = worst(found);
  if (!w || w.risk === 'none') return f(what, 'low', 'db/sql-call', [], `runs a ${what}`);
  return { ...w, reasons: [`inside a ${what}`, ...w.reasons] };
}

const SUB_STARTS = new Set(list('DROP TRUNCATE DELETE UPDATE EXECUTE EXEC ALTER'));

/** Destructive sub-statements after the head (procedural blocks, T-SQL without semicolons). */
export function subStatements(
  cls: Classify,
  tokens: readonly Token[],
  opts: SqlOptions,
  sink: SqlSink,
  depth: number,
): SqlFinding[] {
  const found: SqlFinding[] = [];
  tokens.forEach((t, i) => {
    if (i === 0 || t.kind !== 'word' || !SUB_STARTS.has(t.up)) return;
    const prev = tokens[i - 1]?.up ?? '';
    // `ON DELETE CASCADE`, `FOR UPDATE`, `SYSTEM DROP ...` are clauses, not statements.
    if (
      prev === 'ON' ||
      prev === 'FOR' ||
      prev === 'SYSTEM' ||
      prev === 'BEFORE' ||
      prev === 'AFTER' ||
      prev === 'OR'
    )
      return;
    const rest = tokens.slice(i);
    if ((t.up === 'DELETE' || t.up === 'UPDATE') && !isDmlStart(rest)) return;
    if (t.up === 'ALTER' && !['TABLE', 'ROLE', 'USER', 'LOGIN'].includes(rest[1]?.up ?? '')) return;
    found.push(cls(rest, opts, sink, depth + 1));
  });
  return found;
}

/** Unknown statement: classify every destructive sub-statement it contains (code or string). */
export function scan(
  cls: Classify,
  tokens: readonly Token[],
  opts: SqlOptions,
  sink: SqlSink,
  depth: number,
): SqlFinding {
  const found = subStatements(cls, tokens, opts, sink, depth);
  const inner = judgeStrings(cls, tokens, opts, sink, depth);
  if (inner) found.push(inner);
  const w = worst(found);
  const head = tokens[0]?.up ?? '';
  if (w && RISK_ORDER[w.risk] >= RISK_ORDER.high) {
    const rule = w.rule === 'db/sql-drop-database' ? w.rule : 'db/sql-unparsed-destructive';
    return { ...w, rule, reasons: [`${head} statement not fully understood`, ...w.reasons] };
  }
  if (tokens.some((t) => t.kind === 'word' && (t.up === 'DROP' || t.up === 'TRUNCATE'))) {
    return f(
      head,
      'high',
      'db/sql-unparsed-destructive',
      [],
      `a ${head} statement containing DROP/TRUNCATE that could not be read`,
      'unknown',
    );
  }
  return w ?? f(head, 'low', 'db/sql-other', [], `${head} statement`);
}

/** A block (`BEGIN ... END`, T-SQL batch line): the head plus whatever runs inside it. */
export function block(
  cls: Classify,
  tokens: readonly Token[],
  opts: SqlOptions,
  sink: SqlSink,
  depth: number,
): SqlFinding {
  const w = worst(subStatements(cls, tokens, opts, sink, depth));
  return (
    w ?? f(tokens[0]?.up ?? '', 'none', 'db/sql-transaction', [], 'block or transaction control')
  );
}
