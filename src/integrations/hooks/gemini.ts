/**
 * Gemini CLI `BeforeTool` hook (reference/agent-hooks.md §2.3; `google-gemini/gemini-cli:docs/hooks/
 * reference.md`, `packages/core/src/hooks/types.ts`). IN: `{session_id, transcript_path, cwd, hook_event_name:
 * "BeforeTool", timestamp, tool_name, tool_input, mcp_context?}`; `mcp_context` = `{server_name, tool_name,
 * ...}` for MCP tools, whose names are `mcp__<server>__<tool>`.
 *
 * OUT (exit 0): `{"decision":"deny","reason":...}` blocks and the reason goes to the model as a tool error;
 * `{"decision":"allow"}` lets the call go on to Gemini's own policy (a hook cannot approve past it). "ask" is
 * not in the reference, so an ask is a deny-with-ticket.
 */
import * as z from 'zod/mini';
import type { ActionRequest } from '../../analyze/request.js';
import type { Decision } from '../../policy/types.js';
import type { HookAdapter, HookOutput, RenderContext } from './adapter.js';
import { denyMessage } from './messages.js';
import { jsonOut, SILENT } from './output.js';
import {
  fileRequest,
  inDir,
  mcpRequest,
  ObjectInput,
  otherRequest,
  pathsOf,
  requestBase,
  shellFromInput,
  splitMcpName,
  textOf,
  type RequestBase,
} from './requests.js';

const McpContext = z.looseObject({ server_name: z.string(), tool_name: z.string() });

const Payload = z.looseObject({
  hook_event_name: z.literal('BeforeTool'),
  tool_name: z.string().check(z.minLength(1)),
  tool_input: ObjectInput,
  mcp_context: z.optional(McpContext),
  cwd: z.optional(z.string()),
  session_id: z.optional(z.string()),
});
export type GeminiPayload = z.infer<typeof Payload>;

/**
 * run_shell_command → shell; write_file → write; replace → edit; MCP (by `mcp_context`, else by name) → MCP;
 * anything else (read_file, read_many_files, glob, search_file_content, list_directory, web_fetch,
 * google_web_search, save_memory, write_todos, ...) → other.
 */
export function geminiToolRequest(
  base: RequestBase,
  tool: string,
  input: unknown,
  mcpContext?: { server_name: string; tool_name: string },
): ActionRequest {
  if (mcpContext) return mcpRequest(base, mcpContext.server_name, mcpContext.tool_name, input);
  switch (tool) {
    case 'run_shell_command':
      return shellFromInput(inDir(base, textOf(input, ['dir_path', 'directory'])), input);
    case 'write_file':
      return fileRequest(base, tool, 'write', pathsOf(input), textOf(input, ['content']));
    case 'replace':
    case 'edit':
      return fileRequest(base, tool, 'edit', pathsOf(input), textOf(input, ['new_string']));
  }
  const mcp = splitMcpName(tool);
  if (mcp) return mcpRequest(base, mcp.server, mcp.tool, input);
  return otherRequest(base, tool, input);
}

function deny(reason: string): HookOutput {
  return jsonOut({ decision: 'deny', reason });
}

export const geminiAdapter: HookAdapter<GeminiPayload> = {
  agent: 'gemini',
  nativeAsk: false,
  // Hook timeout 60 s by default (and timeouts let the call through); we never wait longer than 10 s.
  budgetMs: 10_000,
  parse: (input) => Payload.parse(input),
  toRequest(p, fallbackCwd) {
    const base = requestBase('gemini', p.cwd, fallbackCwd, p.session_id);
    return geminiToolRequest(base, p.tool_name, p.tool_input, p.mcp_context);
  },
  render(d: Decision, _p, ctx: RenderContext) {
    if (d.verdict === 'allow') return jsonOut({ decision: 'allow' });
    return deny(d.verdict === 'ask' ? ctx.askInstead : denyMessage(d));
  },
  failClosed: deny,
  passThrough: () => SILENT,
};
