/**
 * OpenAI Codex CLI `PreToolUse` hook (reference/agent-hooks.md §2.2; `codex-rs/hooks/src/engine/
 * output_parser.rs`, `codex-rs/hooks/schema/generated/pre-tool-use.command.*.schema.json`).
 * IN: `{session_id, turn_id, cwd, hook_event_name, model, permission_mode, tool_name, tool_input,
 * tool_use_id}`; `tool_name` is `Bash`, `apply_patch` or `mcp__server__tool`, and Bash and apply_patch both
 * carry `tool_input.command` (the patch text for apply_patch).
 *
 * OUT is where Codex is unforgiving: only a deny with a non-empty reason blocks. A bare "allow", any "ask",
 * and any unknown field are invalid, mark the hook failed, and **the call proceeds**. So: allow prints nothing
 * at all; ask becomes a deny-with-ticket; the deny JSON has exactly the documented fields.
 */
import * as z from 'zod/mini';
import type { ActionRequest } from '../../analyze/request.js';
import type { Decision } from '../../policy/types.js';
import type { HookAdapter, HookOutput, RenderContext } from './adapter.js';
import { denyMessage } from './messages.js';
import { jsonOut, SILENT } from './output.js';
import { patchTouches } from './patch.js';
import {
  fileRequest,
  mcpRequest,
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
  // An object for Bash and apply_patch; "any" for MCP tools in newer schemas.
  tool_input: z.unknown(),
  cwd: z.optional(z.string()),
  session_id: z.optional(z.string()),
});
export type CodexPayload = z.infer<typeof Payload>;

/** Codex's shell tool, under the names its hook and older builds used. */
const SHELL_TOOLS: ReadonlySet<string> = new Set([
  'Bash',
  'shell',
  'local_shell',
  'exec_command',
  'unified_exec',
]);
/** apply_patch, and the aliases Codex hook matchers accept for it (should Codex ever send them as names). */
const PATCH_TOOLS: ReadonlySet<string> = new Set(['apply_patch', 'Edit', 'Write']);

/** The patch text of an apply_patch call: `tool_input.command`, or the input itself when it is a string. */
function patchText(input: unknown): string {
  if (typeof input === 'string') return input;
  const text = textOf(input, ['command', 'patch', 'input', 'patchText']);
  if (text === undefined) throw new Error('apply_patch: no patch text in tool_input.command');
  return text;
}

/** Bash → shell; apply_patch → a file request naming every file the patch touches; MCP; else other. */
export function codexToolRequest(base: RequestBase, tool: string, input: unknown): ActionRequest {
  if (SHELL_TOOLS.has(tool)) return shellFromInput(base, input);
  if (PATCH_TOOLS.has(tool)) {
    if (tool !== 'apply_patch' && typeof input !== 'string' && pathsOf(input).length > 0) {
      // A Claude-style Write/Edit input ({file_path, content}) rather than a patch.
      const op = tool === 'Write' ? 'write' : 'edit';
      return fileRequest(base, tool, op, pathsOf(input), textOf(input, ['content', 'new_string']));
    }
    const patch = patchText(input);
    const { op, paths } = patchTouches(patch);
    return fileRequest(base, tool, op, paths, patch);
  }
  const mcp = splitMcpName(tool);
  if (mcp) return mcpRequest(base, mcp.server, mcp.tool, input);
  return otherRequest(base, tool, input);
}

function deny(reason: string): HookOutput {
  return jsonOut({
    hookSpecificOutput: {
      hookEventName: 'PreToolUse',
      permissionDecision: 'deny',
      permissionDecisionReason: reason,
    },
  });
}

export const codexAdapter: HookAdapter<CodexPayload> = {
  agent: 'codex',
  nativeAsk: false,
  // Hook timeout 600 s (30 s by some accounts); we never wait longer than 10 s.
  budgetMs: 10_000,
  parse: (input) => Payload.parse(input),
  toRequest(p, fallbackCwd) {
    const base = requestBase('codex', p.cwd, fallbackCwd, p.session_id);
    return codexToolRequest(base, p.tool_name, p.tool_input);
  },
  render(d: Decision, _p, ctx: RenderContext) {
    if (d.verdict === 'allow') return SILENT;
    return deny(d.verdict === 'ask' ? ctx.askInstead : denyMessage(d));
  },
  failClosed: deny,
  passThrough: () => SILENT,
};
