/**
 * Splitting SQL text into statements and tokens, for the statement classifier (`db-sql.ts`). This is the SQL
 * text a client would send: `-c`/`-e` strings, stdin, heredocs. It understands what changes where a statement
 * ends: quotes, dollar quoting, comments, MySQL executable comments, T-SQL `GO`, and client meta-commands
 * (psql `\dt`, sqlite `.tables`, sqlcmd `:r`), which are not SQL and end the current statement.
 */
import { list } from './db-common.js';

export type SqlDialect = 'postgres' | 'mysql' | 'sqlite' | 'tsql' | 'generic';

export interface Token {
  kind: 'word' | 'string' | 'number' | 'ident' | 'punct';
  /** Text without quotes for strings and quoted identifiers. */
  text: string;
  /** Upper-cased text (keywords compare on this). */
  up: string;
}

export interface Statement {
  /** The statement's source text, for the real parser and for reasons. */
  text: string;
  tokens: Token[];
  /** A client meta-command (`\c db`, `.read x`, `:r x`): its name (`\c`, `.read`) and the rest of the line. */
  meta?: { name: string; arg: string };
  /** The psql meta-command that ended this statement (`\gexec` runs the rows it returns as SQL). */
  terminator?: string;
}

const WORD_START = /[A-Za-z_\u0080-\uffff]/;
const WORD_CHAR = /[A-Za-z0-9_$\u0080-\uffff]/;
const TWO_CHAR_PUNCT = new Set(list('<> != >= <= :: || == :='));

/** Split `src` into statements. Never throws; an unterminated quote runs to the end of the text. */
export function splitSql(src: string, dialect: SqlDialect): Statement[] {
  const out: Statement[] = [];
  let tokens: Token[] = [];
  let start = 0;
  let i = 0;
  let lineStart = true;
  let execComment = 0;
  const n = src.length;
  const push = (end: number, terminator?: string): void => {
    if (tokens.length > 0) {
      const st: Statement = { text: src.slice(start, end).trim(), tokens };
      if (terminator) st.terminator = terminator;
      out.push(st);
    }
    tokens = [];
  };
  const lineEnd = (from: number): number => {
    const nl = src.indexOf('\n', from);
    return nl < 0 ? n : nl;
  };
  const tok = (kind: Token['kind'], text: string): void => {
    if (tokens.length === 0) start = i;
    tokens.push({ kind, text, up: text.toUpperCase() });
  };
  while (i < n) {
    const c = src[i] ?? '';
    const next = src[i + 1] ?? '';
    if (c === '\n') {
      lineStart = true;
      i++;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    const atLineStart = lineStart;
    lineStart = false;
    // Client commands that own their whole line.
    if (atLineStart && tokens.length === 0 && metaLine(dialect, c, next)) {
      const end = lineEnd(i);
      const line = src.slice(i, end).trim();
      const sp = line.search(/\s/);
      const name = sp < 0 ? line : line.slice(0, sp);
      out.push({
        text: line,
        tokens: [],
        meta: { name, arg: sp < 0 ? '' : line.slice(sp + 1).trim() },
      });
      i = end;
      continue;
    }
    if (dialect === 'tsql' && atLineStart && /^go\s*\d*\s*$/i.test(src.slice(i, lineEnd(i)))) {
      push(i);
      i = lineEnd(i);
      continue;
    }
    if (c === '-' && next === '-') {
      i = lineEnd(i);
      continue;
    }
    if (c === '#' && dialect === 'mysql') {
      i = lineEnd(i);
      continue;
    }
    if (c === '/' && next === '*') {
      // MySQL runs the body of /*! ... */ comments: keep scanning it as code.
      if (dialect === 'mysql' && src[i + 2] === '!') {
        execComment++;
        i += 3;
        while (i < n && /\d/.test(src[i] ?? '')) i++;
        continue;
      }
      const close = src.indexOf('*/', i + 2);
      i = close < 0 ? n : close + 2;
      continue;
    }
    if (c === '*' && next === '/' && execComment > 0) {
      execComment--;
      i += 2;
      continue;
    }
    if (c === ';') {
      push(i);
      i++;
      continue;
    }
    if (c === '\\' && (dialect === 'postgres' || dialect === 'mysql')) {
      // psql / mysql backslash command: ends the current statement, runs to the end of the line.
      const end = lineEnd(i);
      const line = src.slice(i, end).trim();
      const m = /^\\([A-Za-z]+|[!?.;])/.exec(line);
      const name = `\\${m?.[1] ?? ''}`;
      const arg = line.slice(name.length).trim();
      if (tokens.length > 0 && /^\\(g|gx|gexec|gset|G|crosstabview|watch)$/.test(name)) {
        push(i, name);
      } else {
        push(i);
        out.push({ text: line, tokens: [], meta: { name, arg } });
      }
      i = end;
      continue;
    }
    if (c === "'" || (c === '"' && dialect === 'mysql')) {
      // MySQL strings and PostgreSQL E'...' strings take backslash escapes.
      const backslash =
        dialect === 'mysql' || /(^|[^A-Za-z0-9_])[eE]$/.test(src.slice(Math.max(0, i - 2), i));
      const [text, end] = readQuoted(src, i, c, backslash);
      tok('string', text);
      i = end;
      continue;
    }
    if (c === '"' || c === '`' || (c === '[' && dialect === 'tsql')) {
      const close = c === '[' ? ']' : c;
      const [text, end] = readQuoted(src, i, close, false);
      tok('ident', text);
      i = end;
      continue;
    }
    if (c === '$' && dialect === 'postgres') {
      const m = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(src.slice(i, i + 64));
      if (m) {
        const tag = m[0];
        const close = src.indexOf(tag, i + tag.length);
        const end = close < 0 ? n : close;
        tok('string', src.slice(i + tag.length, end));
        i = close < 0 ? n : close + tag.length;
        continue;
      }
    }
    if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(next))) {
      let j = i + 1;
      while (j < n && /[0-9.eE]/.test(src[j] ?? '')) j++;
      tok('number', src.slice(i, j));
      i = j;
      continue;
    }
    if (WORD_START.test(c)) {
      let j = i + 1;
      while (j < n && WORD_CHAR.test(src[j] ?? '')) j++;
      tok('word', src.slice(i, j));
      i = j;
      continue;
    }
    const two = c + next;
    if (TWO_CHAR_PUNCT.has(two)) {
      tok('punct', two);
      i += 2;
      continue;
    }
    tok('punct', c);
    i++;
  }
  push(n);
  return out;
}

/** Whether a line starting with `c` is a client command rather than SQL. */
function metaLine(dialect: SqlDialect, c: string, next: string): boolean {
  if (dialect === 'sqlite') return c === '.' && /[A-Za-z]/.test(next);
  if (dialect === 'tsql') return c === ':' && /[A-Za-z!]/.test(next);
  return false;
}

/** Read a quoted run starting at `from` (the opening quote); doubled quotes and (optionally) `\x` escape. */
function readQuoted(
  src: string,
  from: number,
  close: string,
  backslash: boolean,
): [string, number] {
  let text = '';
  let i = from + 1;
  while (i < src.length) {
    const ch = src[i] ?? '';
    if (backslash && ch === '\\') {
      text += src[i + 1] ?? '';
      i += 2;
      continue;
    }
    if (ch === close) {
      if (src[i + 1] === close) {
        text += close;
        i += 2;
        continue;
      }
      return [text, i + 1];
    }
    text += ch;
    i++;
  }
  return [text, src.length];
}

/** Index of the first token at paren depth 0 (from `from`) whose upper text is in `words`, or -1. */
export function findTop(tokens: readonly Token[], words: ReadonlySet<string>, from = 0): number {
  let depth = 0;
  for (let i = from; i < tokens.length; i++) {
    const t = tokens[i];
    if (!t) continue;
    if (t.kind === 'punct' && t.text === '(') depth++;
    else if (t.kind === 'punct' && t.text === ')') depth--;
    else if (depth === 0 && t.kind === 'word' && words.has(t.up)) return i;
  }
  return -1;
}

/** Split a token run on a top-level separator (`,` or a keyword such as `OR`). */
export function splitTop(tokens: readonly Token[], sep: string): Token[][] {
  const parts: Token[][] = [[]];
  let depth = 0;
  for (const t of tokens) {
    if (t.kind === 'punct' && t.text === '(') depth++;
    if (t.kind === 'punct' && t.text === ')') depth--;
    if (depth === 0 && (t.kind === 'punct' || t.kind === 'word') && t.up === sep) {
      parts.push([]);
      continue;
    }
    parts[parts.length - 1]?.push(t);
  }
  return parts;
}

/** A dotted name starting at token `i` (`public.users`, `"My Table"`), and the index after it. */
export function readName(tokens: readonly Token[], i: number): [string, number] {
  let name = '';
  let j = i;
  while (j < tokens.length) {
    const t = tokens[j];
    if (!t || (t.kind !== 'word' && t.kind !== 'ident' && t.kind !== 'string')) break;
    name += t.text;
    const dot = tokens[j + 1];
    if (dot?.kind === 'punct' && dot.text === '.') {
      name += '.';
      j += 2;
      continue;
    }
    j++;
    break;
  }
  return [name, j];
}
