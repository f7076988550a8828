/**
 * Globs, compiled once to regular expressions. Two flavours, both case-insensitive (a protection that misses
 * `.Claude` on a case-insensitive file system is no protection):
 *
 * - **text** globs (tools, verbs, targets, hosts, datasets): `*` matches any run of characters, `/` included,
 *   so `zfs:tank/photos*` covers `tank/photos/2019`; `?` one character; `[a-z]`, `[!0-9]`; `{a,b}`.
 * - **path** globs (`path:` protections): `*` stays within one path segment, `**` spans segments; a pattern
 *   covers the path and everything under it; a relative pattern matches at any depth (`.claude` is
 *   `**\/.claude`); `~/x` also matches `/home/<user>/x`, `/Users/<user>/x` and `/root/x`, because the analyzer
 *   resolves `~` to wherever it believes home is.
 *
 * Both can also tell whether a target is an *ancestor* of what they protect (`rm -rf ~/.config` takes
 * `~/.config/portcullis` with it); that check only uses the pattern's leading segments before any `**`.
 */

/** A pattern that is not a valid glob (unbalanced `[` or `{`). */
export class GlobError extends Error {
  override readonly name = 'GlobError';
}

export interface Glob {
  readonly source: string;
  /** The value matches the pattern (for a path glob: is the path or lies under it). */
  test(value: string): boolean;
  /** The value is a `/`-separated parent of something the pattern matches (`tank` for `tank/photos*`). */
  ancestorOf(value: string): boolean;
}

const SPECIAL = /[.+^${}()|[\]\\*?]/g;

/** Translate glob syntax to a regex body; `star` is what one `*` becomes. */
function translate(pattern: string, star: string, one: string, globstar: boolean): string {
  let out = '';
  let depth = 0;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern.charAt(i);
    if (c === '\\' && i + 1 < pattern.length) {
      out += pattern.charAt(++i).replace(SPECIAL, '\\$&');
    } else if (c === '*') {
      if (globstar && pattern.charAt(i + 1) === '*') {
        i++;
        if (pattern.charAt(i + 1) === '/') {
          i++;
          out += '(?:.*/)?';
        } else out += '.*';
      } else {
        while (pattern.charAt(i + 1) === '*') i++;
        out += star;
      }
    } else if (c === '?') {
      out += one;
    } else if (c === '[') {
      const end = pattern.indexOf(']', i + 2);
      if (end < 0) throw new GlobError(`unclosed "[" in "${pattern}"`);
      let body = pattern.slice(i + 1, end);
      const negate = body.startsWith('!') || body.startsWith('^');
      if (negate) body = body.slice(1);
      out += `[${negate ? '^' : ''}${body.replace(/[\\\]^]/g, '\\$&')}]`;
      i = end;
    } else if (c === '{') {
      depth++;
      out += '(?:';
    } else if (c === '}' && depth > 0) {
      depth--;
      out += ')';
    } else if (c === ',' && depth > 0) {
      out += '|';
    } else {
      out += c.replace(SPECIAL, '\\$&');
    }
  }
  if (depth > 0) throw new GlobError(`unclosed "{" in "${pattern}"`);
  return out;
}

/** Per-segment matchers for the leading segments of a pattern, up to the first `**` (for `ancestorOf`). */
function leadingSegments(pattern: string): RegExp[] {
  const out: RegExp[] = [];
  for (const seg of pattern.split('/')) {
    if (seg.includes('**')) break;
    out.push(new RegExp(`^${translate(seg, '[^/]*', '[^/]', false)}$`, 'i'));
  }
  return out;
}

function isAncestor(segments: readonly RegExp[], total: number, value: string): boolean {
  const parts = value === '/' ? [''] : value.replace(/\/+$/, '').split('/');
  if (parts.length >= total || parts.length > segments.length) return false;
  return parts.every((p, i) => segments[i]?.test(p) === true);
}

/** Compile a text glob. Throws `GlobError`. */
export function compileGlob(pattern: string): Glob {
  const re = new RegExp(`^${translate(pattern, '.*', '.', false)}$`, 'is');
  const segments = leadingSegments(pattern);
  const total = pattern.split('/').length;
  return {
    source: pattern,
    test: (value) => re.test(value),
    ancestorOf: (value) => isAncestor(segments, total, value),
  };
}

/** The concrete patterns a path glob stands for (home expanded, relative made match-anywhere). */
export function expandPathPattern(pattern: string): string[] {
  let p = pattern.replace(/\/+$/, '').replace(/\/\*\*$/, '');
  if (p === '') p = '/';
  if (p === '~' || p.startsWith('~/')) {
    const rest = p.slice(1);
    return [`~${rest}`, `/home/*${rest}`, `/Users/*${rest}`, `/root${rest}`];
  }
  if (p.startsWith('/') || p.startsWith('**')) return [p];
  return [`**/${p.replace(/^\.\//, '')}`];
}

/** Compile a path glob (see the module comment). Throws `GlobError`. */
export function compilePathGlob(pattern: string): Glob {
  const variants = expandPathPattern(pattern).map((p) => ({
    re: new RegExp(`^${p === '/' ? '' : translate(p, '[^/]*', '[^/]', true)}(?:/.*)?$`, 'is'),
    segments: leadingSegments(p),
    total: p.split('/').length,
  }));
  return {
    source: pattern,
    test: (value) => {
      const v = normalisePath(value);
      return variants.some((x) => x.re.test(v));
    },
    ancestorOf: (value) => {
      const v = normalisePath(value);
      return variants.some((x) => isAncestor(x.segments, x.total, v));
    },
  };
}

/** Collapse `//` and drop a trailing `/`, so `/etc//portcullis/` and `/etc/portcullis` are one path. */
export function normalisePath(p: string): string {
  const v = p.replace(/\/{2,}/g, '/');
  return v.length > 1 ? v.replace(/\/$/, '') : v;
}

/** Does the value look like a file path (the analyzer resolves paths to absolute or `~`-rooted ones)? */
export function isPathLike(value: string): boolean {
  return value.startsWith('/') || value === '~' || value.startsWith('~/');
}
