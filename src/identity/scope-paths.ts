/**
 * Lexical path work for scopes: resolving a path the way the analyzer does (against the working directory,
 * `~` against the home the working directory implies) and deciding whether it lies under a prefix at a path
 * boundary. Pure string work: symbolic links are not followed, so a prefix is a lexical promise only.
 */
import { homeOf } from '../analyze/paths.js';

/**
 * Collapse `.`, `..` and repeated `/` in a `/`-separated path below a root (`/` or `~`-something). Returns
 * undefined when `..` would climb above a `~` root: where that lands is not known, so it is inside nothing.
 * Above `/`, `..` stays at `/`, as the kernel does.
 */
function collapse(root: string, rest: string): string | undefined {
  const out: string[] = [];
  for (const seg of rest.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (out.length === 0) {
        if (root === '/') continue;
        return undefined;
      }
      out.pop();
      continue;
    }
    out.push(seg);
  }
  if (root === '/') return `/${out.join('/')}`;
  return out.length === 0 ? root : `${root}/${out.join('/')}`;
}

/**
 * Normalise an absolute or `~`-rooted path: no `.`/`..` segments, no repeated or trailing `/`. Undefined for
 * a relative path, a NUL byte, or a `~` path whose `..` climbs out of the home directory.
 */
export function normaliseRooted(p: string): string | undefined {
  if (p.includes('\0')) return undefined;
  if (p.startsWith('/')) return collapse('/', p);
  if (p.startsWith('~')) {
    const slash = p.indexOf('/');
    const root = slash < 0 ? p : p.slice(0, slash);
    return collapse(root, slash < 0 ? '' : p.slice(slash));
  }
  return undefined;
}

/** How paths of one request resolve: its working directory and the home directory that implies. */
export interface PathContext {
  cwd: string | undefined;
  home: string | undefined;
}

/** The resolution context of a request whose session runs in `cwd`. */
export function pathContext(cwd: string): PathContext {
  const c = normaliseRooted(cwd);
  return { cwd: c?.startsWith('/') ? c : undefined, home: c === undefined ? undefined : homeOf(c) };
}

/**
 * Resolve a path as written (absolute, `~`-rooted or relative to the working directory) to the normalised
 * form prefixes are compared in. `~/x` becomes `<home>/x` when the working directory implies a home (the
 * analyzer makes the same assumption); otherwise it stays symbolic. Undefined when it cannot be resolved.
 */
export function resolveForScope(p: string, ctx: PathContext): string | undefined {
  let t = p;
  if (ctx.home !== undefined && (t === '~' || t.startsWith('~/'))) t = ctx.home + t.slice(1);
  if (!t.startsWith('/') && !t.startsWith('~')) {
    if (ctx.cwd === undefined) return undefined;
    t = `${ctx.cwd}/${t}`;
  }
  return normaliseRooted(t);
}

/**
 * The path is the prefix or lies under it at a path boundary (`/srv/app` covers `/srv/app/x`, not
 * `/srv/application`). Both must already be normalised; `/` covers every resolvable path.
 */
export function isUnder(path: string, prefix: string): boolean {
  if (prefix === '/') return true;
  return path === prefix || path.startsWith(`${prefix}/`);
}
