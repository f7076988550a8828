/** Matching primitives shared by scope checks (`scope-check.ts`) and scope narrowing (`scope.ts`). */

// Patterns are few and reused per request: compile each once (bounded, so hostile claims cannot grow it).
const compiled = new Map<string, RegExp>();

/** Does a tool pattern (`*` the only wildcard, case-insensitive) match the whole of `value`? */
export function globTest(pattern: string, value: string): boolean {
  let re = compiled.get(pattern);
  if (re === undefined) {
    const body = pattern
      .split('*')
      .map((s) => s.replace(/[.+?^${}()|[\]\\/]/g, '\\$&'))
      .join('.*');
    re = new RegExp(`^${body}$`, 'is');
    if (compiled.size >= 1024) compiled.clear();
    compiled.set(pattern, re);
  }
  return re.test(value);
}

/** Is `env` inside an envs list? `local` is inside a list that names `dev` (see `scope.ts`). */
export function envAllowed(envs: readonly string[], env: string): boolean {
  return envs.includes(env) || (env === 'local' && envs.includes('dev'));
}

/**
 * Does wide pattern `w` cover everything narrow pattern `n` matches? With `*` as the only wildcard, `w`
 * matching the text of `n` (its `*` taken literally) is sound: each `*` of `n` falls inside a span a `*` of `w`
 * consumes, and growing that span keeps the match. A literal MCP server part (`mcp:github/get_*`) is covered
 * by a pattern for the server (`mcp:github`); sound because server names never contain `/` (checkScope
 * refuses those).
 */
export function toolCovers(w: string, n: string): boolean {
  if (globTest(w, n)) return true;
  const server = /^(mcp:[^/*]+)\//i.exec(n)?.[1];
  return server !== undefined && globTest(w, server);
}

/** An MCP call's identity: the server and the tool, from an MCP request or an agent's `mcp__s__t` name. */
export interface McpName {
  server: string;
  tool: string;
}

/** The MCP server and tool a tool name of the `other` kind denotes (`mcp__github__get_issue`, `@github/x`). */
export function mcpNameOfTool(name: string): McpName | undefined {
  const m = /^mcp__(.+?)__(.+)$/.exec(name) ?? /^@([^/]+)\/(.+)$/.exec(name);
  return m ? { server: m[1] ?? '', tool: m[2] ?? '' } : undefined;
}

/** Does some pattern match an MCP call, by its full name or by its server? */
export function mcpAllowed(tools: readonly string[], name: McpName): boolean {
  const server = `mcp:${name.server}`;
  const full = `${server}/${name.tool}`;
  return tools.some((t) => globTest(t, full) || globTest(t, server));
}
