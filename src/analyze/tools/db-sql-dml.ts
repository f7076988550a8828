/**
 * DELETE and UPDATE: which rows they reach. The real parser decides when it can read the statement; a token
 * scan of the WHERE clause (tautologies like `1=1`, `TRUE`, `'a'='a'`, `x OR 1=1`) covers what it rejects.
 */
import type { Risk } from '../types.js';
import { dmlReach, parseStatement, compare } from './db-sql-ast.js';
import { findTop, readName, splitTop, type SqlDialect, type Token } from './db-sql-lex.js';

export interface DmlFinding {
  verb: string;
  risk: Risk;
  rule: string;
  targets: string[];
  reasons: string[];
}

const WHERE = new Set(['WHERE']);
const CLAUSE_END = new Set(['RETURNING', 'ORDER', 'LIMIT', 'OUTPUT', 'OPTION', 'SETTINGS']);
const DELETE_MODIFIERS = new Set(['LOW_PRIORITY', 'QUICK', 'IGNORE', 'TOP', 'FROM', 'ONLY']);

/** Render tokens back to SQL text the parser can read (quotes restored). */
export function render(tokens: readonly Token[], dialect: SqlDialect): string {
  const q = dialect === 'mysql' ? '`' : '"';
  return tokens
    .map((t) => {
      if (t.kind === 'string') return `'${t.text.replace(/'/g, "''")}'`;
      if (t.kind === 'ident') return `${q}${t.text.split(q).join(q + q)}${q}`;
      return t.text;
    })
    .join(' ');
}

/** Judge a DELETE or UPDATE statement given as tokens (starting at the DELETE/UPDATE keyword). */
export function judgeDml(tokens: readonly Token[], dialect: SqlDialect): DmlFinding {
  const head = tokens[0]?.up === 'UPDATE' ? 'update' : 'delete';
  const verb = head.toUpperCase();
  // No WHERE at all, or a WHERE the tokens already show is always true: every row, no parse needed. The
  // parser (about a millisecond a statement) decides the cases where structure matters: real conditions,
  // joins, sub-queries, CTEs.
  const where = findTop(tokens, WHERE);
  const obvious =
    (where < 0 && !hasJoinFilter(tokens)) ||
    (where >= 0 && tokensAlwaysTrue(tokens.slice(where + 1, endOfWhere(tokens, where))));
  const ast = obvious ? undefined : parseStatement(render(tokens, dialect), dialect);
  const reach = ast ? dmlReach(ast, head) : undefined;
  const tables = reach && reach.tables.length > 0 ? reach.tables : tableOf(tokens, head);
  let allRows: boolean;
  let tautology: boolean;
  if (reach) {
    ({ allRows, tautology } = reach);
  } else {
    const w = findTop(tokens, WHERE);
    if (w < 0) {
      tautology = false;
      allRows = !hasJoinFilter(tokens);
    } else {
      const end = findTop(tokens, CLAUSE_END, w + 1);
      tautology = tokensAlwaysTrue(tokens.slice(w + 1, end < 0 ? tokens.length : end));
      allRows = tautology;
    }
  }
  const what = tables.join(', ') || 'the table';
  if (allRows) {
    const why = tautology ? 'its WHERE clause is always true' : 'it has no WHERE clause';
    return {
      verb,
      risk: 'high',
      rule: head === 'delete' ? 'db/sql-delete-all' : 'db/sql-update-all',
      targets: tables,
      reasons: [`${verb} reaches every row of ${what}: ${why}`],
    };
  }
  return {
    verb,
    risk: 'low',
    rule: 'db/sql-write',
    targets: tables,
    reasons: [`${verb} of the rows of ${what} that match its WHERE clause`],
  };
}

function endOfWhere(tokens: readonly Token[], where: number): number {
  const end = findTop(tokens, CLAUSE_END, where + 1);
  return end < 0 ? tokens.length : end;
}

/** `UPDATE ... SET` without SET is not an UPDATE statement (`SELECT ... FOR UPDATE`). */
export function isDmlStart(tokens: readonly Token[]): boolean {
  const head = tokens[0]?.up;
  if (head === 'UPDATE') return findTop(tokens, new Set(['SET'])) > 0;
  if (head === 'DELETE')
    return (
      ['FROM', 'WHERE'].includes(tokens[1]?.up ?? '') || findTop(tokens, new Set(['FROM'])) > 0
    );
  return false;
}

function tableOf(tokens: readonly Token[], head: 'delete' | 'update'): string[] {
  let i = 1;
  while (
    i < tokens.length &&
    tokens[i]?.kind === 'word' &&
    DELETE_MODIFIERS.has(tokens[i]?.up ?? '')
  ) {
    if (head === 'update' && tokens[i]?.up === 'FROM') break;
    i++;
  }
  const [name] = readName(tokens, i);
  return name && !['WHERE', 'SET'].includes(name.toUpperCase()) ? [name] : [];
}

function hasJoinFilter(tokens: readonly Token[]): boolean {
  return (
    findTop(tokens, new Set(['ON', 'USING'])) > 0 && findTop(tokens, new Set(['JOIN', 'USING'])) > 0
  );
}

/** Token-level tautology check of a WHERE clause (the parser's fallback). */
export function tokensAlwaysTrue(tokens: readonly Token[]): boolean {
  const t = unwrapParens(tokens);
  if (t.length === 0) return false;
  const ors = splitTop(t, 'OR');
  if (ors.length > 1) return ors.some((p) => tokensAlwaysTrue(p));
  const ands = splitTop(t, 'AND');
  if (ands.length > 1) return ands.every((p) => tokensAlwaysTrue(p));
  if (t[0]?.up === 'NOT') return tokensAlwaysFalse(t.slice(1));
  if (t.length === 1) return literal(t[0])?.v === true || isNonZero(literal(t[0])?.v);
  if (t.length === 3) {
    const [a, op, b] = t;
    if (!a || !op || !b) return false;
    const la = literal(a);
    const lb = literal(b);
    if (la && lb) return compare(op.up, la.v, lb.v) === true;
    if (
      a.kind === 'word' &&
      b.kind === 'word' &&
      a.up === b.up &&
      ['=', '>=', '<='].includes(op.text)
    )
      return true;
    if (op.up === 'LIKE' && b.kind === 'string' && b.text === '%') return true;
  }
  return false;
}

function tokensAlwaysFalse(tokens: readonly Token[]): boolean {
  const t = unwrapParens(tokens);
  if (t.length === 1) {
    const v = literal(t[0])?.v;
    return v === false || v === 0;
  }
  if (t.length === 3 && t[0] && t[1] && t[2]) {
    const a = literal(t[0]);
    const b = literal(t[2]);
    if (a && b) return compare(t[1].up, a.v, b.v) === false;
  }
  return false;
}

function isNonZero(v: unknown): boolean {
  return typeof v === 'number' && v !== 0;
}

function literal(t: Token | undefined): { v: unknown } | undefined {
  if (!t) return undefined;
  if (t.kind === 'number') return { v: Number(t.text) };
  if (t.kind === 'string') return { v: t.text };
  if (t.kind === 'word' && (t.up === 'TRUE' || t.up === 'FALSE')) return { v: t.up === 'TRUE' };
  return undefined;
}

function unwrapParens(tokens: readonly Token[]): readonly Token[] {
  let t = tokens;
  while (t.length >= 2 && t[0]?.text === '(' && t[t.length - 1]?.text === ')') {
    // Only strip when the parens enclose the whole run: `(a) OR (b)` keeps them.
    let depth = 0;
    let whole = true;
    for (let i = 0; i < t.length - 1; i++) {
      if (t[i]?.text === '(') depth++;
      if (t[i]?.text === ')') depth--;
      if (depth === 0) {
        whole = false;
        break;
      }
    }
    if (!whole) break;
    t = t.slice(1, -1);
  }
  return t;
}
