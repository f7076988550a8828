/**
 * Agent token scopes (DESIGN.md §5): the environments, tool families and path prefixes an agent may even
 * request. A request outside its token's scope is denied without asking anyone, so this file decides three
 * things, all pure: whether a scope is well formed, whether one scope lies inside another (tokens narrow and
 * never widen), and whether a request is inside a scope.
 *
 * How a request is checked (`checkScope`), list by list; an absent list means "any":
 *
 * - **envs**: every action's environment must be listed. `unknown` is an environment like any other: a scope
 *   listing only `dev` refuses actions whose environment the analyzer could not tell, unless it lists
 *   `unknown` too. `local` (this machine: localhost databases, local clusters) is inside a scope that lists
 *   `local` or `dev`, since whoever may touch dev may touch their own machine.
 * - **tools**: every action's tool must match a pattern (`*` is the only wildcard, case-insensitive). An MCP
 *   call is named `mcp:<server>/<tool>` and matches a pattern for the whole server too (`mcp:github` covers
 *   `mcp:github/create_issue`; `mcp:github/get_*` covers only the getters).
 * - **paths**: the working directory, every path a file request names and every path-like target (absolute or
 *   `~`) of every action must lie under a prefix, compared lexically at a path boundary after `.`/`..`
 *   resolution.
 *
 * Harmless local actions (effect `read`, risk `none`, not MCP: a Read, a Grep, a todo list) are exempt from
 * `tools`, and from `envs` while their environment is `unknown`, because the shell door reports the same
 * commands (`ls`, `cat`) as no action at all and the other doors must not be stricter than it. They are never
 * exempt from `paths`. An MCP call is always checked: it reaches systems outside this machine.
 */
import * as z from 'zod/mini';
import { en } from 'zod/locales';
import type { Scope } from '../store/store.js';
import { IdentityError } from './errors.js';
import { isUnder, normaliseRooted } from './scope-paths.js';
import { envAllowed, toolCovers } from './scope-match.js';

z.config(en());

/** Environment names a scope can list (the analyzer's `Env`, `unknown` included on purpose). */
export const SCOPE_ENVS = ['prod', 'staging', 'dev', 'test', 'local', 'unknown'] as const;

const MAX_ITEMS = 64;
const TOOL_PATTERN = /^[A-Za-z0-9_.:/@+*-]{1,128}$/;

const toolPattern = z
  .string()
  .check(
    z.regex(TOOL_PATTERN, 'a tool is letters, digits, "_.:/@+-" and "*" as its only wildcard'),
  );
const pathPrefix = z.string().check(
  z.maxLength(1024),
  z.refine(
    (p) => normaliseRooted(p) === p,
    'a path prefix is absolute (or ~/...) and normalised: no ".", "..", "//" or trailing "/"',
  ),
);

/** A scope as carried in token claims and agent records. Strict: an unknown key is a typo. */
export const scopeSchema = z.strictObject({
  envs: z.optional(z.array(z.enum(SCOPE_ENVS)).check(z.maxLength(MAX_ITEMS))),
  tools: z.optional(z.array(toolPattern).check(z.maxLength(MAX_ITEMS))),
  paths: z.optional(z.array(pathPrefix).check(z.maxLength(MAX_ITEMS))),
});

/** Validate a scope from outside (claims, API bodies). Throws `IdentityError('identity/bad-scope')`. */
export function parseScope(value: unknown): Scope {
  const r = scopeSchema.safeParse(value);
  if (!r.success) {
    const first = r.error.issues[0];
    const where = first === undefined ? '' : first.path.map(String).join('.');
    throw new IdentityError(
      'identity/bad-scope',
      `invalid scope: ${where} ${first?.message ?? ''}`,
    );
  }
  return r.data;
}

// A Map, not an object literal: `constructor:x` must not find Object.prototype.constructor.
const KINDS: ReadonlyMap<string, keyof Scope> = new Map([
  ['env', 'envs'],
  ['envs', 'envs'],
  ['tool', 'tools'],
  ['tools', 'tools'],
  ['path', 'paths'],
  ['paths', 'paths'],
]);

/**
 * Parse CLI scope items (`--scope env:dev --scope tool:kubectl,git --scope path:/srv/app`) into a scope.
 * `env` and `tool` values may list several names separated by commas; a `path` item names one prefix (paths
 * may contain commas), written absolute or `~/...` and normalised here (`/srv/app/` is `/srv/app`). `=` works
 * as the separator too. No items at all is the unrestricted scope. Throws `IdentityError('identity/bad-scope')`
 * naming the offending item.
 */
export function parseScopeItems(items: readonly string[]): Scope {
  const lists: { envs?: string[]; tools?: string[]; paths?: string[] } = {};
  for (const item of items) {
    const bad = (why: string): never => {
      throw new IdentityError('identity/bad-scope', `scope item "${item}": ${why}`);
    };
    const m = /^\s*([a-z]+)\s*[:=](.*)$/i.exec(item);
    const key = m ? KINDS.get((m[1] ?? '').toLowerCase()) : undefined;
    if (!m || key === undefined) bad('expected env:NAME, tool:PATTERN or path:/PREFIX');
    const value = (m?.[2] ?? '').trim();
    const values = key === 'paths' ? [value] : value.split(',').map((v) => v.trim());
    const list = (lists[key as keyof Scope] ??= []);
    for (const v of values) {
      if (v === '') bad('empty value');
      if (key === 'envs') {
        const env = v.toLowerCase();
        if (!(SCOPE_ENVS as readonly string[]).includes(env)) {
          bad(`unknown environment "${v}" (one of ${SCOPE_ENVS.join(', ')})`);
        }
        list.push(env);
      } else if (key === 'tools') {
        if (!TOOL_PATTERN.test(v))
          bad(`"${v}" is not a tool pattern (letters, digits, "_.:/@+-", "*")`);
        list.push(v);
      } else {
        const p = normaliseRooted(v);
        if (p === undefined) bad(`"${v}" is not an absolute path (or ~/...)`);
        list.push(p ?? '');
      }
    }
  }
  const scope: Scope = {};
  for (const key of ['envs', 'tools', 'paths'] as const) {
    const list = lists[key];
    if (list !== undefined) scope[key] = [...new Set(list)] as never;
  }
  return parseScope(scope);
}

/** The scope as CLI items, the inverse of `parseScopeItems` (for listings and round trips). */
export function formatScopeItems(scope: Scope): string[] {
  return [
    ...(scope.envs ?? []).map((e) => `env:${e}`),
    ...(scope.tools ?? []).map((t) => `tool:${t}`),
    ...(scope.paths ?? []).map((p) => `path:${p}`),
  ];
}

/**
 * What `narrow` allows beyond `wide`, as CLI items (`env:prod`, `tool:*`, `path:/srv`), or `envs: any` when
 * `narrow` leaves a list open that `wide` restricts. Empty when `narrow` is inside `wide`.
 */
export function scopeExcess(narrow: Scope, wide: Scope): string[] {
  const out: string[] = [];
  if (wide.envs) {
    if (!narrow.envs) out.push('envs: any');
    else for (const e of narrow.envs) if (!envAllowed(wide.envs, e)) out.push(`env:${e}`);
  }
  if (wide.tools) {
    const wt = wide.tools;
    if (!narrow.tools) out.push('tools: any');
    else for (const t of narrow.tools) if (!wt.some((w) => toolCovers(w, t))) out.push(`tool:${t}`);
  }
  if (wide.paths) {
    const wp = wide.paths;
    if (!narrow.paths) out.push('paths: any');
    else for (const p of narrow.paths) if (!wp.some((w) => isUnder(p, w))) out.push(`path:${p}`);
  }
  return out;
}

/**
 * Is `narrow` inside `wide`? An absent list is "any": narrowing any to a list is fine, widening a list to
 * any is not. Envs must be allowed by the wide list, each tool pattern covered by a wide pattern, each path
 * under a wide prefix.
 */
export function isSubScope(narrow: Scope, wide: Scope): boolean {
  return scopeExcess(narrow, wide).length === 0;
}

/**
 * The scope of a token narrowed from `wide` for a sub-task: each list `requested` gives replaces the wide one,
 * each list it leaves out is inherited (so `--scope env:dev` narrows only the environments). Throws
 * `IdentityError('identity/widens')` naming what would widen: tokens narrow, never widen.
 */
export function narrowScope(wide: Scope, requested: Scope): Scope {
  const valid = parseScope(requested);
  const out: Scope = {};
  const envs = valid.envs ?? wide.envs;
  const tools = valid.tools ?? wide.tools;
  const paths = valid.paths ?? wide.paths;
  if (envs) out.envs = [...envs];
  if (tools) out.tools = [...tools];
  if (paths) out.paths = [...paths];
  const excess = scopeExcess(out, wide);
  if (excess.length > 0) {
    throw new IdentityError(
      'identity/widens',
      `the requested scope widens the token: ${excess.join(', ')}`,
    );
  }
  return out;
}

export { checkScope } from './scope-check.js';
