/**
 * Shell quoting rules that turn source text into the strings a program receives, and the static evaluation
 * of the few commands whose output is predictable from their text (echo, printf, base64 -d, xxd -r ...), which
 * is how encoded payloads (`echo ... | base64 -d | sh`) are seen through.
 */

/** Backslash escapes of unquoted words: `\r\m` is `rm`; a backslash-newline joins lines. */
export function unescapeUnquoted(s: string): string {
  if (!s.includes('\\')) return s;
  return s.replace(/\\(\n|.)/gs, (_m, c: string) => (c === '\n' ? '' : c));
}

/** Backslash escapes inside double quotes: only \$ \` \" \\ and backslash-newline are special. */
export function unescapeDouble(s: string): string {
  if (!s.includes('\\')) return s;
  return s.replace(/\\([$`"\\\n])/g, (_m, c: string) => (c === '\n' ? '' : c));
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  a: '\x07',
  b: '\b',
  e: '\x1b',
  E: '\x1b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
  "'": "'",
  '"': '"',
  '?': '?',
};

/** C-style escapes as in `$'...'`, `printf` formats and `echo -e`. */
export function decodeCEscapes(s: string): string {
  return s.replace(
    /\\(x[0-9a-fA-F]{1,2}|u[0-9a-fA-F]{1,4}|U[0-9a-fA-F]{1,8}|0?[0-7]{1,3}|c.|.)/gs,
    (m, e: string) => {
      const c = e[0] ?? '';
      if (c === 'x' || c === 'u' || c === 'U') {
        const code = parseInt(e.slice(1), 16);
        return code <= 0x10ffff ? String.fromCodePoint(code) : m;
      }
      if (c >= '0' && c <= '7') return String.fromCharCode(parseInt(e, 8) & 0xff);
      if (c === 'c') return String.fromCharCode((e.charCodeAt(1) || 64) & 0x1f);
      return SIMPLE_ESCAPES[c] ?? m;
    },
  );
}

/** The text of `$'...'`. */
export function decodeAnsiC(raw: string): string {
  const inner = raw.startsWith("$'") && raw.endsWith("'") ? raw.slice(2, -1) : raw;
  return decodeCEscapes(inner);
}

/** `echo` output: -n, -e, -E as bash's builtin reads them. */
export function echoOutput(args: readonly string[]): string {
  let i = 0;
  let newline = true;
  let escapes = false;
  for (; i < args.length; i++) {
    const a = args[i] ?? '';
    if (!/^-[neE]+$/.test(a)) break;
    if (a.includes('n')) newline = false;
    if (a.includes('e')) escapes = true;
    if (a.includes('E')) escapes = false;
  }
  const body = args.slice(i).join(' ');
  return (escapes ? decodeCEscapes(body) : body) + (newline ? '\n' : '');
}

const PCT = '\u0000PCT\u0000';

/** `printf FORMAT ARGS...` output for the conversions that matter here (%s %b %c %d and escapes). */
export function printfOutput(args: readonly string[]): string {
  let rest = [...args];
  if (rest[0] === '-v') return ''; // assigns to a variable, prints nothing
  if (rest[0] === '--') rest = rest.slice(1);
  const format = rest[0];
  if (format === undefined) return '';
  const values = rest.slice(1);
  let out = '';
  let v = 0;
  // Like bash, reuse the format while arguments remain (at least once).
  do {
    const start = v;
    out += decodeCEscapes(format.split('%%').join(PCT)).replace(
      /%[-+ #0]*\d*(?:\.\d+)?([sbcdiuxXoqfeEgG])/g,
      (_m, conv: string) => {
        const value = values[v++] ?? '';
        if (conv === 'b') return decodeCEscapes(value);
        if (conv === 'c') return value.slice(0, 1);
        return value;
      },
    );
    if (v === start) break;
  } while (v < values.length);
  return out.split(PCT).join('%');
}

/** Base64 decoding that, like `base64 -d`, ignores whitespace; undefined when not base64. */
export function decodeBase64(text: string): string | undefined {
  const clean = text.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(clean)) return undefined;
  return Buffer.from(clean.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8');
}

/** Hex decoding as `xxd -r -p` does it. */
export function decodeHex(text: string): string | undefined {
  const clean = text.replace(/\s+/g, '').replace(/^0x/i, '');
  if (!/^([0-9a-fA-F]{2})*$/.test(clean)) return undefined;
  return Buffer.from(clean, 'hex').toString('utf8');
}

/** Bash brace expansion of one unquoted word (`/srv/{a,b}` → `/srv/a /srv/b`), bounded to `limit` words. */
export function expandBraces(word: string, limit = 64): string[] {
  let depth = 0;
  let open = -1;
  for (let i = 0; i < word.length; i++) {
    const c = word[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === '{') {
      if (depth === 0) open = i;
      depth++;
    } else if (c === '}' && depth > 0) {
      depth--;
      if (depth === 0 && open >= 0) {
        const inner = word.slice(open + 1, i);
        const parts = splitTopLevelCommas(inner);
        if (parts.length < 2) continue;
        const head = word.slice(0, open);
        const tails = expandBraces(word.slice(i + 1), limit);
        const out: string[] = [];
        for (const p of parts) {
          for (const expanded of expandBraces(p, limit)) {
            for (const t of tails) {
              out.push(head + expanded + t);
              if (out.length >= limit) return out;
            }
          }
        }
        return out;
      }
    }
  }
  return [word];
}

function splitTopLevelCommas(s: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '{') depth++;
    else if (c === '}') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(s.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(s.slice(start));
  return parts;
}

/** Quote one word for a POSIX shell: plain words as they are, anything else in single quotes. */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_./:=@%+,-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
