/**
 * Syntax highlighting of a shell command, by hand: a small lexer that splits the text into words, quoted
 * strings, variables, operators and comments, and marks the first word of each simple command and its flags.
 * It only colours; every character of the command is shown exactly as the gate judged it (whitespace and
 * newlines kept), because approvers must see the exact text.
 */

export type TokenKind = 'cmd' | 'flag' | 'string' | 'var' | 'op' | 'comment' | 'word' | 'space';
export interface Token {
  kind: TokenKind;
  text: string;
}

const OPERATORS = [
  '&&',
  '||',
  ';;',
  '>>',
  '<<',
  '|&',
  '&>',
  '2>',
  '|',
  ';',
  '&',
  '>',
  '<',
  '(',
  ')',
];
/** After these, the next word starts a new simple command. */
const STARTS_COMMAND = new Set(['&&', '||', '|', '|&', ';', '&', '(', ';;']);

function quoted(text: string, i: number): number {
  const q = text[i];
  let j = i + 1;
  while (j < text.length && text[j] !== q) {
    if (q === '"' && text[j] === '\\') j++;
    j++;
  }
  return Math.min(j + 1, text.length);
}

/** Split `text` into tokens whose texts concatenate back to exactly `text`. */
export function shellTokens(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  let atStart = true;
  while (i < text.length) {
    const ch = text[i] ?? '';
    if (/\s/.test(ch)) {
      let j = i;
      while (j < text.length && /\s/.test(text[j] ?? '')) j++;
      const space = text.slice(i, j);
      if (space.includes('\n')) atStart = true;
      out.push({ kind: 'space', text: space });
      i = j;
      continue;
    }
    if (ch === '#' && (i === 0 || /\s/.test(text[i - 1] ?? ''))) {
      const j = text.indexOf('\n', i);
      const end = j === -1 ? text.length : j;
      out.push({ kind: 'comment', text: text.slice(i, end) });
      i = end;
      continue;
    }
    const op = OPERATORS.find((o) => text.startsWith(o, i));
    if (op) {
      out.push({ kind: 'op', text: op });
      if (STARTS_COMMAND.has(op)) atStart = true;
      i += op.length;
      continue;
    }
    // A word: runs until whitespace or an operator, with quotes and $(...) kept inside it.
    let j = i;
    let hasQuote = false;
    let depth = 0;
    while (j < text.length) {
      const c = text[j] ?? '';
      if (c === "'" || c === '"') {
        hasQuote = true;
        j = quoted(text, j);
        continue;
      }
      if (c === '\\') {
        j += 2;
        continue;
      }
      if (c === '$' && text[j + 1] === '(') depth++;
      if (c === ')' && depth > 0) {
        depth--;
        j++;
        continue;
      }
      if (depth === 0 && (/\s/.test(c) || OPERATORS.some((o) => text.startsWith(o, j)))) break;
      j++;
    }
    const word = text.slice(i, Math.max(Math.min(j, text.length), i + 1));
    let kind: TokenKind = 'word';
    if (atStart && !/^[A-Za-z_][A-Za-z0-9_]*=/.test(word)) kind = 'cmd';
    else if (word.startsWith('-') && word.length > 1) kind = 'flag';
    else if (hasQuote) kind = 'string';
    else if (word.startsWith('$')) kind = 'var';
    if (kind === 'cmd') atStart = false;
    out.push({ kind, text: word });
    i += word.length;
  }
  return out;
}

/** The command, highlighted, in a block that keeps every character. */
export function ShellCommand({ text, label }: { text: string; label?: string }) {
  return (
    <pre class="command" aria-label={label ?? 'command'}>
      <code>
        {shellTokens(text).map((t, i) =>
          t.kind === 'space' ? (
            t.text
          ) : (
            <span key={i} class={`tok-${t.kind}`}>
              {t.text}
            </span>
          ),
        )}
      </code>
    </pre>
  );
}
