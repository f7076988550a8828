/**
 * Claude Code `PreToolUse` hook (reference/agent-hooks.md §2.1). IN: `{session_id, cwd, hook_event_name,
 * tool_name, tool_input, tool_use_id, ...}`. OUT (exit 0): `{"hookSpecificOutput":{"hookEventName":
 * "PreToolUse","permissionDecision":"allow"|"ask"|"deny","permissionDecisionReason":...}}`. Claude Code can ask
 * its user natively; a deny's reason goes to the model. Install with `onFailure: "block"`: without it a crashed
 * or timed-out hook lets the call through.
 */
import * as z from 'zod/mini';
import type { ActionRequest } from '../../analyze/request.js';
import type { Decision, Verdict } from '../../policy/types.js';
import type { HookAdapter, HookOutput, RenderContext } from './adapter.js';
import { askLocalMessage, denyMessage } from './messages.js';
import { jsonOut, SILENT } from './output.js';
import {
  editsText,
  fileRequest,
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

const Payload = z.looseObject({
  hook_event_name: z.literal('PreToolUse'),
  tool_name: z.string().check(z.minLength(1)),
  tool_input: ObjectInput,
  cwd: z.optional(z.string()),
  session_id: z.optional(z.string()),
});
export type ClaudeCodePayload = z.infer<typeof Payload>;

/**
 * A tool call named the Claude Code way (also used for Copilot's Claude-format payloads):
 * Bash, PowerShell → shell; Write → write; Edit, MultiEdit, NotebookEdit → edit; `mcp__server__tool` → MCP;
 * anything else (Read, Glob, Grep, WebFetch, WebSearch, Task, Agent, TodoWrite, ...) → other.
 */
export function claudeToolRequest(base: RequestBase, tool: string, input: unknown): ActionRequest {
  switch (tool) {
    case 'Bash':
    case 'PowerShell':
      return shellFromInput(base, input);
    case 'Write':
      return fileRequest(
        base,
        tool,
        'write',
        pathsOf(input),
        textOf(input, ['content', 'file_text']),
      );
    case 'Edit':
      return fileRequest(
        base,
        tool,
        'edit',
        pathsOf(input),
        textOf(input, ['new_string', 'new_str']),
      );
    case 'MultiEdit':
      return fileRequest(base, tool, 'edit', pathsOf(input), editsText(input));
    case 'NotebookEdit':
      return fileRequest(base, tool, 'edit', pathsOf(input), textOf(input, ['new_source']));
  }
  const mcp = splitMcpName(tool);
  if (mcp) return mcpRequest(base, mcp.server, mcp.tool, input);
  return otherRequest(base, tool, input);
}

function answer(permissionDecision: Verdict, reason?: string): HookOutput {
  return jsonOut({
    hookSpecificOutput: {
      hookEventName: 'PreToolUse',
      permissionDecision,
      ...(reason !== undefined ? { permissionDecisionReason: reason } : {}),
    },
  });
}

export const claudeCodeAdapter: HookAdapter<ClaudeCodePayload> = {
  agent: 'claude-code',
  nativeAsk: true,
  // Hook timeout 600 s; we answer in milliseconds, and never wait longer than 10 s.
  budgetMs: 10_000,
  parse: (input) => Payload.parse(input),
  toRequest(p, fallbackCwd) {
    const base = requestBase('claude-code', p.cwd, fallbackCwd, p.session_id);
    return claudeToolRequest(base, p.tool_name, p.tool_input);
  },
  render(d: Decision, _p, ctx: RenderContext) {
    if (d.verdict === 'allow') return answer('allow');
    if (d.verdict === 'ask')
      return ctx.askLocally ? answer('ask', askLocalMessage(d)) : answer('deny', ctx.askInstead);
    return answer('deny', denyMessage(d));
  },
  failClosed: (reason) => answer('deny', reason),
  passThrough: () => SILENT,
};
