/**
 * Is a request inside a token's scope? The rules are in `scope.ts`'s module comment; this is their one
 * implementation. Pure and fast: it runs on every request an agent with a scoped token makes.
 */
import type { Action } from '../analyze/types.js';
import type { ActionRequest } from '../analyze/request.js';
import type { Scope } from '../store/store.js';
import { envAllowed, globTest, mcpAllowed, mcpNameOfTool, type McpName } from './scope-match.js';
import { isUnder, pathContext, resolveForScope, type PathContext } from './scope-paths.js';

/** Harmless and local: the kind of action the shell door reports as no action at all (see `scope.ts`). */
function harmlessLocal(a: Action): boolean {
  return a.effect === 'read' && a.risk === 'none' && !a.tool.toLowerCase().startsWith('mcp:');
}

function mcpNameOf(req: ActionRequest): McpName | undefined {
  if (req.kind === 'mcp') return { server: req.server, tool: req.tool };
  if (req.kind === 'other') return mcpNameOfTool(req.tool);
  return undefined;
}

function list(items: readonly string[]): string {
  return items.length === 0 ? 'none' : items.join(', ');
}

/** Why `path` (as written) is outside the prefixes, or undefined when it is inside one. */
function pathOutside(
  path: string,
  prefixes: readonly string[],
  ctx: PathContext,
  what: string,
): string | undefined {
  const resolved = resolveForScope(path, ctx);
  if (resolved !== undefined) {
    for (const p of prefixes) {
      const prefix = resolveForScope(p, ctx);
      if (prefix !== undefined && isUnder(resolved, prefix)) return undefined;
    }
  }
  return `${what} "${path}" is outside the token's scope (paths: ${list(prefixes)})`;
}

/** Paths among an action's targets: absolute or `~`-rooted ones, and every target of a file action. */
function pathTargets(a: Action): string[] {
  if (a.tool === 'file') return a.targets;
  return a.targets.filter((t) => t.startsWith('/') || t.startsWith('~'));
}

function label(a: Action): string {
  return a.verb === '' ? a.tool : `${a.tool} ${a.verb}`;
}

/**
 * A reason when the request lies outside `scope`, undefined when it is inside. `actions` are what the analyzer
 * made of `request`; the request itself contributes its working directory, its file paths (all of them, even
 * past the analyzer's per-request cap) and, for MCP calls, the `mcp:<server>/<tool>` name. The first reason
 * found is returned; it names the environment, tool or path and what the scope allows, never a secret.
 */
export function checkScope(
  scope: Scope,
  request: ActionRequest,
  actions: readonly Action[],
): string | undefined {
  const { envs, tools, paths } = scope;
  const mcp = mcpNameOf(request);
  if (tools && mcp) {
    const name = `mcp:${mcp.server}/${mcp.tool}`;
    // A `/` in a server name would let `mcp:a/b` patterns cover servers they were not written for.
    if (mcp.server.includes('/') || !mcpAllowed(tools, mcp)) {
      return `tool "${name}" is outside the token's scope (tools: ${list(tools)})`;
    }
  }
  const ctx = pathContext(request.cwd);
  if (paths) {
    const why = pathOutside(request.cwd, paths, ctx, 'working directory');
    if (why !== undefined) return why;
    if (request.kind === 'file') {
      for (const p of request.paths) {
        const w = pathOutside(p, paths, ctx, 'path');
        if (w !== undefined) return w;
      }
    }
  }
  for (const a of actions) {
    const harmless = harmlessLocal(a);
    if (envs && !(harmless && a.env === 'unknown') && !envAllowed(envs, a.env)) {
      return `${label(a)} is in environment "${a.env}", outside the token's scope (envs: ${list(envs)})`;
    }
    // An MCP request's own actions carry `mcp:<server>`: the full name was checked above.
    const own = mcp !== undefined && a.tool.toLowerCase() === `mcp:${mcp.server}`.toLowerCase();
    if (tools && !harmless && !own && !tools.some((t) => globTest(t, a.tool))) {
      return `tool "${a.tool}" is outside the token's scope (tools: ${list(tools)})`;
    }
    if (paths) {
      for (const t of pathTargets(a)) {
        const w = pathOutside(t, paths, ctx, `${label(a)} target`);
        if (w !== undefined) return w;
      }
    }
  }
  return undefined;
}
