/**
 * The real SQL parser (node-sql-parser) for the statements whose meaning depends on their structure: which
 * rows a DELETE or UPDATE reaches. The per-dialect builds are loaded on first use only (each is ~25 ms to load),
 * so commands without SQL never pay for them. Anything the parser rejects or shapes unexpectedly comes back
 * undefined and the caller falls back to its token scan.
 */
import { createRequire } from 'node:module';
import type { SqlDialect } from './db-sql-lex.js';

interface SqlParser {
  astify(sql: string, opt?: { database?: string }): unknown;
}

type Node = Readonly<Record<string, unknown>>;

const BUILDS: Readonly<Record<SqlDialect, string>> = {
  postgres: 'postgresql',
  mysql: 'mysql',
  sqlite: 'sqlite',
  tsql: 'transactsql',
  generic: 'postgresql',
};

const parsers = new Map<string, SqlParser | null>();

function parserFor(dialect: SqlDialect): SqlParser | undefined {
  const build = BUILDS[dialect];
  let p = parsers.get(build);
  if (p === undefined) {
    try {
      // CommonJS package under NodeNext ESM: a synchronous require keeps analyze() synchronous.
      const require = createRequire(import.meta.url);
      const mod = require(`node-sql-parser/build/${build}`) as { Parser: new () => SqlParser };
      p = new mod.Parser();
    } catch {
      p = null;
    }
    parsers.set(build, p);
  }
  return p ?? undefined;
}

function isNode(v: unknown): v is Node {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Parse one statement; undefined when the parser rejects it or is unavailable. */
export function parseStatement(sql: string, dialect: SqlDialect): Node | undefined {
  const p = parserFor(dialect);
  if (!p) return undefined;
  try {
    const ast = p.astify(sql, { database: BUILDS[dialect] });
    const list = Array.isArray(ast) ? (ast as unknown[]) : [ast];
    // One statement in, one statement out: anything else means the parser read it some other way.
    return list.length === 1 && isNode(list[0]) ? list[0] : undefined;
  } catch {
    return undefined;
  }
}

/** What a parsed DELETE or UPDATE reaches. Undefined when the AST is not the expected kind. */
export function dmlReach(
  ast: Node,
  kind: 'delete' | 'update',
): { tables: string[]; allRows: boolean; tautology: boolean } | undefined {
  if (ast.type !== kind) return undefined;
  const tables: string[] = [];
  const list = Array.isArray(ast.table) ? (ast.table as unknown[]) : [];
  for (const t of list) {
    if (isNode(t) && typeof t.table === 'string') {
      tables.push(typeof t.db === 'string' && t.db ? `${t.db}.${t.table}` : t.table);
    }
  }
  const from = Array.isArray(ast.from) ? (ast.from as unknown[]) : [];
  // A join condition filters like a WHERE does (MySQL multi-table DELETE ... JOIN ... ON).
  const joined = from.some((f) => isNode(f) && f.on !== undefined && f.on !== null);
  const where = ast.where;
  if (where === null || where === undefined) return { tables, allRows: !joined, tautology: false };
  const tautology = alwaysTrue(where);
  return { tables, allRows: tautology, tautology };
}

/** Constant value of a literal node (number, string, bool, null), if it is one. */
function constant(e: Node): { v: unknown } | undefined {
  switch (e.type) {
    case 'number':
    case 'bool':
    case 'single_quote_string':
    case 'double_quote_string':
    case 'string':
    case 'null':
      return { v: e.value };
    default:
      return undefined;
  }
}

function sameRef(a: Node, b: Node): boolean {
  return (
    a.type === 'column_ref' && b.type === 'column_ref' && JSON.stringify(a) === JSON.stringify(b)
  );
}

/** True when a WHERE expression holds for every row: `1=1`, `TRUE`, `'a'='a'`, `x OR 1=1`, `id = id`. */
export function alwaysTrue(e: unknown): boolean {
  if (!isNode(e)) return false;
  const c = constant(e);
  if (c) return c.v === true || (typeof c.v === 'number' && c.v !== 0) || c.v === '1';
  if (e.type === 'unary_expr' && String(e.operator).toUpperCase() === 'NOT')
    return alwaysFalse(e.expr);
  if (e.type !== 'binary_expr') return false;
  const op = String(e.operator).toUpperCase();
  const l = isNode(e.left) ? e.left : undefined;
  const r = isNode(e.right) ? e.right : undefined;
  if (!l || !r) return false;
  if (op === 'OR' || op === '||') return alwaysTrue(l) || alwaysTrue(r);
  if (op === 'AND' || op === '&&') return alwaysTrue(l) && alwaysTrue(r);
  if ((op === '=' || op === '>=' || op === '<=' || op === '==') && sameRef(l, r)) return true;
  if (op === 'LIKE' && r.type !== 'column_ref' && constant(r)?.v === '%') return true;
  const cl = constant(l);
  if (op === 'IN' && cl && r.type === 'expr_list' && Array.isArray(r.value)) {
    return (r.value as unknown[]).some((x) => isNode(x) && constant(x)?.v === cl.v);
  }
  const cr = constant(r);
  if (!cl || !cr) return false;
  return compare(op, cl.v, cr.v) === true;
}

function alwaysFalse(e: unknown): boolean {
  if (!isNode(e)) return false;
  const c = constant(e);
  if (c) return c.v === false || c.v === 0 || c.v === null;
  if (e.type === 'binary_expr') {
    const l = isNode(e.left) ? constant(e.left) : undefined;
    const r = isNode(e.right) ? constant(e.right) : undefined;
    if (l && r) return compare(String(e.operator).toUpperCase(), l.v, r.v) === false;
  }
  return false;
}

/** Compare two literals the way SQL would (numbers numerically, strings exactly). */
export function compare(op: string, a: unknown, b: unknown): boolean | undefined {
  const x = typeof a === 'string' && typeof b === 'number' ? Number(a) : a;
  const y = typeof b === 'string' && typeof a === 'number' ? Number(b) : b;
  switch (op) {
    case '=':
    case '==':
    case 'IS':
      return x === y;
    case '!=':
    case '<>':
    case 'IS NOT':
      return x !== y;
    case '<':
      return typeof x === typeof y ? (x as number) < (y as number) : undefined;
    case '>':
      return typeof x === typeof y ? (x as number) > (y as number) : undefined;
    case '<=':
      return typeof x === typeof y ? (x as number) <= (y as number) : undefined;
    case '>=':
      return typeof x === typeof y ? (x as number) >= (y as number) : undefined;
    default:
      return undefined;
  }
}
