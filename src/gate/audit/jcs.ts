/**
 * RFC 8785 JSON Canonicalization Scheme (JCS): one byte-exact serialisation of a JSON value, so a hash over it
 * means the same thing to every reader. The audit chain hashes it (DESIGN.md §6) and approval fingerprints hash it
 * (`gate/fingerprint.ts`); a change here changes every stored hash, so the format is pinned by tests.
 */

/** Thrown for a value JSON cannot represent (non-finite number, bigint, function, symbol, cycle). */
export class CanonicalJsonError extends TypeError {
  constructor(message: string) {
    super(message);
    this.name = 'CanonicalJsonError';
  }
}

/**
 * The RFC 8785 canonical JSON text of `value`.
 *
 * - Object members are sorted by their names' UTF-16 code units (what `Array.prototype.sort` compares), with no
 *   whitespace anywhere.
 * - Numbers use the ECMAScript shortest round-trip form, which is exactly what RFC 8785 prescribes and what
 *   `JSON.stringify` gives for a finite number (`1e+21`, `1e-7`, `-0` → `0`).
 * - Strings are escaped as `JSON.stringify` escapes them (lone surrogates as `\udXXX`, so the output is always
 *   well-formed and round-trips through `JSON.parse`).
 * - Like `JSON.stringify`: `toJSON()` is honoured (a `Date` becomes its ISO string), object members whose value is
 *   `undefined` are dropped and `undefined` array elements become `null` — so the canonical form of a value and of
 *   `JSON.parse(JSON.stringify(value))` are the same, which is what lets a stored event be re-hashed later.
 * - Unlike `JSON.stringify`, nothing is silently lost: non-finite numbers, bigints, functions, symbols and cycles
 *   throw {@link CanonicalJsonError} (a hash over a value that lost data would verify a different value).
 */
export function canonicalJson(value: unknown): string {
  const out: string[] = [];
  write(value, out, new Set(), '');
  return out.join('');
}

function write(value: unknown, out: string[], stack: Set<object>, path: string): void {
  const v = toJsonValue(value, path);
  if (v === null) {
    out.push('null');
    return;
  }
  switch (typeof v) {
    case 'boolean':
      out.push(v ? 'true' : 'false');
      return;
    case 'number':
      if (!Number.isFinite(v)) throw new CanonicalJsonError(`${where(path)}: ${v} is not JSON`);
      out.push(JSON.stringify(v));
      return;
    case 'string':
      out.push(JSON.stringify(v));
      return;
    case 'object':
      break;
    default:
      throw new CanonicalJsonError(`${where(path)}: a ${typeof v} is not JSON`);
  }
  if (stack.has(v)) throw new CanonicalJsonError(`${where(path)}: circular reference`);
  stack.add(v);
  if (Array.isArray(v)) {
    out.push('[');
    for (let i = 0; i < v.length; i++) {
      if (i > 0) out.push(',');
      const item: unknown = v[i];
      if (item === undefined) out.push('null');
      else write(item, out, stack, `${path}[${i}]`);
    }
    out.push(']');
  } else {
    const rec = v as Record<string, unknown>;
    // Default sort compares UTF-16 code units, which is the order RFC 8785 §3.2.3 requires.
    const keys = Object.keys(rec).sort();
    out.push('{');
    let first = true;
    for (const key of keys) {
      const member = rec[key];
      if (member === undefined) continue;
      if (!first) out.push(',');
      first = false;
      out.push(JSON.stringify(key), ':');
      write(member, out, stack, `${path}.${key}`);
    }
    out.push('}');
  }
  stack.delete(v);
}

/** Applies `toJSON` and unboxes as JSON.stringify would, so Dates and similar serialise as their JSON form. */
function toJsonValue(value: unknown, path: string): unknown {
  if (typeof value === 'object' && value !== null && 'toJSON' in value) {
    const toJSON = value.toJSON;
    if (typeof toJSON === 'function') {
      const converted: unknown = toJSON.call(value);
      if (converted === undefined)
        throw new CanonicalJsonError(`${where(path)}: toJSON() gave undefined`);
      return converted;
    }
  }
  // Boxed primitives serialise as their primitive, as in JSON.stringify.
  if (value instanceof Number || value instanceof String || value instanceof Boolean) {
    return value.valueOf();
  }
  return value;
}

function where(path: string): string {
  return path === '' ? 'value' : `value${path}`;
}
