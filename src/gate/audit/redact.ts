/**
 * Secret redaction for everything the audit chain stores (DESIGN.md §6: "secrets are redacted before they are
 * written"). A hash chain makes a leaked secret permanent — it cannot be edited out without breaking every later
 * link — so redaction happens before sealing, and the sealer applies it again as a last line.
 *
 * Two layers: members whose *name* says secret (`password`, `token`, `authorization` …) lose their value whatever
 * it is; inside every string, well-known secret *shapes* (cloud keys, tokens, JWTs, URL passwords, `KEY=value`
 * assignments) are replaced in place, so a command stays readable: `mysql --password=[REDACTED] -h db`.
 * Work is bounded: strings are cut at {@link MAX_STRING}, nesting at {@link MAX_DEPTH}, size at {@link MAX_NODES}.
 */

export const REDACTED = '[REDACTED]';
/** Characters of one string that are scanned and kept; the rest is cut with a marker. */
export const MAX_STRING = 256 * 1024;
/** Nesting below this depth is replaced by a marker (audit data is shallow; deep data is hostile or a bug). */
export const MAX_DEPTH = 32;
/** Values (objects, arrays, primitives) copied at most; beyond it members are replaced by a marker. */
export const MAX_NODES = 20_000;

// Words that make a member name secret, matched against the name lower-cased with `-`, `_`, `.` and spaces
// removed (`X-Api-Key` → `xapikey`). Substrings, so `clientSecret`, `refresh_token` and `db_password` match.
const SECRET_KEY_PARTS = [
  'password',
  'passwd',
  'passphrase',
  'secret',
  'token',
  'apikey',
  'authorization',
  'cookie',
  'privatekey',
  'totp',
  'csrf',
];
// Whole names only: as substrings these would hit `author`, `pinned`, `hotpath`, `cwd`-like names.
const SECRET_KEY_EXACT = new Set(['auth', 'pin', 'otp', 'mysqlpwd', 'pgpassword']);

/** Whether a member of this name holds a secret (case-insensitive, separators ignored). */
export function isSecretKey(key: string): boolean {
  const k = key.toLowerCase().replace(/[-_.\s]/g, '');
  return SECRET_KEY_EXACT.has(k) || SECRET_KEY_PARTS.some((part) => k.includes(part));
}

// A shell/query value: quoted, or a run up to whitespace or a separator. Rules using it skip a bare `$NAME` or
// `$(…)` (an expansion names a secret without holding it) and `[` (already redacted, so redaction is idempotent).
const VALUE = String.raw`(?:"[^"\n]*"|'[^'\n]*'|[^\s"'&;|]+)`;

/** [pattern, replacement] in order; a replacement keeps the non-secret context captured in `$1`. */
const STRING_RULES: [RegExp, string][] = [
  // PEM private keys (any algorithm); an unterminated block is redacted to the end.
  [
    /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----(?:[\s\S]*?-----END [A-Z0-9 ]*PRIVATE KEY-----|[\s\S]*$)/g,
    REDACTED,
  ],
  // scheme://user:PASSWORD@host — the user stays, so it is clear whose credential it was.
  [/\b([a-z][a-z0-9+.-]{0,31}:\/\/[^\s:@/]{0,256}:)[^\s@/]{1,512}@/gi, `$1${REDACTED}@`],
  // Authorization headers of any scheme: keep the scheme name, drop the credential.
  [
    /\b(authorization\s*[:=]\s*(?:(?:bearer|basic|digest|token|negotiate)\s+)?)(?![$[])(?!(?:bearer|basic|digest|token|negotiate)\b)[^\s"',;]+/gi,
    `$1${REDACTED}`,
  ],
  [/\b(Bearer\s+)[A-Za-z0-9._~+/-]{8,}=*/gi, `$1${REDACTED}`],
  // JSON members inside strings, e.g. curl -d '{"password":"x"}'.
  [
    /("[\w-]{0,64}(?:password|passwd|secret|token|api_?key|private_?key)"\s*:\s*)"(?:[^"\\\n]|\\.){0,4096}"/gi,
    `$1"${REDACTED}"`,
  ],
  // --password=x, --password x (not `--password -u root`, where mysql prompts), and similar flags.
  [
    new RegExp(
      String.raw`(--(?:password|passwd|token|api-?key|secret|client-secret|access-token|auth-token)(?:=|\s+))(?!-|"?\$|\[)${VALUE}`,
      'gi',
    ),
    `$1${REDACTED}`,
  ],
  // NAME=value where NAME is a password variable or ends in _TOKEN, _SECRET, _PASSWORD or _KEY (env, .env,
  // query strings: `?access_token=…&x=1`).
  [
    new RegExp(
      String.raw`\b((?:[A-Za-z0-9_]*_(?:TOKEN|SECRET|PASSWORD|KEY)|PGPASSWORD|MYSQL_PWD|password|passwd|secret|token|api_?key|access_token|refresh_token|client_secret|aws_secret_access_key)\s*=\s*)(?!"?\$|\[)${VALUE}`,
      'gi',
    ),
    `$1${REDACTED}`,
  ],
  // Well-known token shapes, wherever they appear.
  [/\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g, REDACTED],
  [/\b(?:gh[pousr]_[A-Za-z0-9]{20,255}|github_pat_[A-Za-z0-9_]{20,255})\b/g, REDACTED],
  [/\bxox[abprs]-[A-Za-z0-9-]{10,255}/g, REDACTED],
  // The lookbehind starts a JWT only where a base64url run starts: `eyJ-eyJ-…` would otherwise be rescanned from
  // every `eyJ`, quadratic in the string's length.
  [
    /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{2,8192}\.[A-Za-z0-9_-]{2,8192}\.[A-Za-z0-9_-]{0,8192}/g,
    REDACTED,
  ],
];

/** Cuts a string at {@link MAX_STRING}, saying how much was dropped. */
function bound(text: string): string {
  if (text.length <= MAX_STRING) return text;
  return `${text.slice(0, MAX_STRING)}…[TRUNCATED ${text.length - MAX_STRING} chars]`;
}

/**
 * `text` with every known secret shape replaced by `[REDACTED]` and the rest left as it was (bounded: see
 * {@link MAX_STRING}). Idempotent: redacting twice gives the same text.
 */
export function redactString(text: string): string {
  const short = text.length <= CACHED_MAX;
  if (short) {
    const hit = cache.get(text);
    if (hit !== undefined) return hit;
  }
  let out = bound(text);
  for (const [pattern, replacement] of STRING_RULES) out = out.replace(pattern, replacement);
  if (short) {
    if (cache.size >= CACHE_SIZE) cache.clear();
    cache.set(text, out);
  }
  return out;
}

// Audit events repeat the same short strings (member names, verdicts, rule ids, the same command retried): the
// rules are a pure function of the text, so short results are remembered. Bounded in entries and length.
const CACHED_MAX = 256;
const CACHE_SIZE = 4096;
const cache = new Map<string, string>();

/**
 * `text` with each exact occurrence of a known secret value (a vault credential, a token the gate itself
 * issued) replaced by `[REDACTED]`. Values shorter than 4 characters are ignored: replacing `ab` everywhere would
 * wreck the text and hide nothing. Longer secrets are replaced first so a secret containing another is caught
 * whole.
 */
export function redactKnown(text: string, secrets: readonly string[]): string {
  let out = bound(text);
  const known = [...new Set(secrets)]
    .filter((s) => s.length >= 4)
    .sort((a, b) => b.length - a.length);
  for (const secret of known) out = out.split(secret).join(REDACTED);
  return out;
}

export interface RedactOptions {
  /** Exact secret values to remove from every string as well (see {@link redactKnown}). */
  known?: readonly string[];
}

/**
 * A deep, JSON-safe copy of `value` with secrets replaced by `"[REDACTED]"`: members with a secret-looking name
 * (see {@link isSecretKey}) lose their value unless it is a boolean or null (`totpRequired: true` says nothing
 * secret), and every string (member names included) goes through {@link redactString} and, with `opts.known`,
 * {@link redactKnown}.
 *
 * The copy is what `canonicalJson` can always serialise, so an odd value cannot make the audit write fail:
 * `undefined`, functions and symbols are dropped (null in arrays), non-finite numbers become null, bigints
 * decimal strings, Dates ISO strings, Errors `{name, message}`, cycles `"[CIRCULAR]"`; other objects are copied by
 * their own enumerable members.
 */
export function redact(value: unknown, opts: RedactOptions = {}): unknown {
  const known = opts.known ?? [];
  const str = (s: string): string =>
    known.length > 0 ? redactKnown(redactString(s), known) : redactString(s);
  let nodes = 0;
  const stack = new Set<object>();

  const copy = (v: unknown, depth: number): unknown => {
    nodes++;
    if (nodes > MAX_NODES) return '[TRUNCATED]';
    switch (typeof v) {
      case 'string':
        return str(v);
      case 'number':
        return Number.isFinite(v) ? v : null;
      case 'boolean':
        return v;
      case 'bigint':
        return v.toString();
      case 'undefined':
      case 'function':
      case 'symbol':
        return undefined;
    }
    if (v === null || typeof v !== 'object') return null;
    if (depth >= MAX_DEPTH) return '[TOO DEEP]';
    if (stack.has(v)) return '[CIRCULAR]';
    stack.add(v);
    let result: unknown;
    try {
      result = copyObject(v, depth);
    } catch {
      // A throwing getter, toJSON or proxy trap: record that something was here rather than fail the write.
      result = '[UNSERIALISABLE]';
    }
    stack.delete(v);
    return result;
  };

  const copyObject = (v: object, depth: number): unknown => {
    if (v instanceof Error) return { name: str(v.name), message: str(v.message) };
    if (v instanceof Map)
      return copyEntries(
        [...v.entries()].map(([k, m]) => [String(k), m]),
        depth,
      );
    if (v instanceof Set) return copy([...v], depth);
    if (v instanceof Number || v instanceof String || v instanceof Boolean)
      return copy(v.valueOf(), depth);
    // toJSON as JSON.stringify honours it (Date → ISO string, URL → href).
    const toJSON = (v as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') return copy((toJSON as () => unknown).call(v), depth + 1);
    if (Array.isArray(v)) return v.map((item: unknown) => copy(item, depth + 1) ?? null);
    return copyEntries(Object.entries(v), depth);
  };

  const copyEntries = (entries: [string, unknown][], depth: number): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const [key, member] of entries) {
      let copied: unknown;
      if (
        isSecretKey(key) &&
        member !== null &&
        member !== undefined &&
        typeof member !== 'boolean'
      ) {
        nodes++;
        copied = REDACTED;
      } else {
        copied = copy(member, depth + 1);
      }
      // defineProperty, not assignment: a member named `__proto__` must stay data, not become a prototype.
      if (copied !== undefined) {
        Object.defineProperty(out, str(key), {
          value: copied,
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
    }
    return out;
  };

  return copy(value, 0);
}
